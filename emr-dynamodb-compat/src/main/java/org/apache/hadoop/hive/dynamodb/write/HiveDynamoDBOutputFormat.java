package org.apache.hadoop.hive.dynamodb.write;

/**
 * The Hive output format under the EMR connector's class name (a metastore may record it for that connector's
 * tables): this connector's {@link io.ddbconnector.hive.HiveDynamoDBOutputFormat}.
 */
public class HiveDynamoDBOutputFormat extends io.ddbconnector.hive.HiveDynamoDBOutputFormat {
}
