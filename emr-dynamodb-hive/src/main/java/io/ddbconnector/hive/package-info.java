/**
 * Hive binding of the connector: {@link io.ddbconnector.hive.DynamoDBStorageHandler} (the class named in
 * {@code STORED BY}), the {@link io.ddbconnector.hive.DynamoDBSerDe}, input and output formats that plan,
 * read and write through the core's {@code DynamoDBConnector} façade, the validating metadata hook, the
 * failure hook that puts a failed {@code INSERT}'s job-wide write figures into the statement's error, the
 * Hive ↔ DynamoDB type mapping and the translation of pushed-down predicates into Queries and
 * FilterExpressions. No split, rate or retry logic lives here.
 */
package io.ddbconnector.hive;
