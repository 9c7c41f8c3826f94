package org.apache.hadoop.hive.dynamodb;

/**
 * The SerDe under the EMR connector's class name, which metastores record for tables made with that connector:
 * this connector's {@link io.ddbconnector.hive.DynamoDBSerDe}, reading the same table properties.
 */
public class DynamoDBSerDe extends io.ddbconnector.hive.DynamoDBSerDe {
}
