package org.apache.hadoop.hive.dynamodb.read;

/**
 * The Hive input format under the EMR connector's class name (a metastore may record it for that connector's
 * tables): this connector's {@link io.ddbconnector.hive.HiveDynamoDBInputFormat}.
 */
public class HiveDynamoDBInputFormat extends io.ddbconnector.hive.HiveDynamoDBInputFormat {
}
