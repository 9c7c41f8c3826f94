/**
 * The EMR DynamoDB connector's (awslabs/emr-dynamodb-connector) public class names for MapReduce jobs, as thin
 * classes over this connector's own ({@code io.ddbconnector.*}): jobs written against them run unchanged with this
 * jar in place of that connector's. Only the names users put in job setup and mapper code are here; see
 * docs/migration.md ("Migrating from the EMR DynamoDB connector").
 */
package org.apache.hadoop.dynamodb;
