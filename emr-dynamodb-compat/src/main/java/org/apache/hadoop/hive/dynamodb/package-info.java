/**
 * The EMR DynamoDB connector's Hive class names ({@code STORED BY 'org.apache.hadoop.hive.dynamodb.DynamoDBStorageHandler'}
 * and the SerDe a metastore records for such tables) as thin subclasses of this connector's Hive handler, so tables
 * made for that connector keep working with this jar in its place.
 */
package org.apache.hadoop.hive.dynamodb;
