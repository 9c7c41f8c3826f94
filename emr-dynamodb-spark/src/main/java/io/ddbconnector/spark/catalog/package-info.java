/**
 * The DynamoDB catalog of Spark SQL ({@code spark.sql.catalog.ddb = io.ddbconnector.spark.catalog.DynamoDBCatalog}):
 * the tables of one account and region listed, described and opened by name, reading and writing through the
 * {@code dynamodb} data source's table. Metadata comes from the core ({@code core.DynamoDBConnector}); this
 * package only names tables, resolves their schema (pinned or inferred, cached) and shows what the core described.
 */
package io.ddbconnector.spark.catalog;
