/**
 * Spark bindings of the connector: {@link io.ddbconnector.spark.SparkSettings} (the one place where
 * DataFrame options and {@code spark.dynamodb.*} / {@code spark.hadoop.dynamodb.*} configuration become the
 * core's settings) and {@link io.ddbconnector.spark.DynamoDBSpark}, the Java-friendly RDD entry point on top
 * of the Hadoop formats. Scala users get the same through implicits in this package's package object
 * ({@code import io.ddbconnector.spark._}: {@code sc.dynamoDBTable}, {@code rdd.saveToDynamoDB},
 * {@code spark.read.dynamodb}, {@code df.write.dynamodb}), which only call these classes and the DataFrame source.
 * The DataFrame source lives in {@code io.ddbconnector.spark.datasource}. Splitting,
 * rate limiting and retries are the core's ({@code io.ddbconnector.core.DynamoDBConnector}); nothing here
 * re-implements them.
 */
package io.ddbconnector.spark;
