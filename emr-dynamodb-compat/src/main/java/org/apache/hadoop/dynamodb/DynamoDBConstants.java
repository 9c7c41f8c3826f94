package org.apache.hadoop.dynamodb;

import io.ddbconnector.conf.ConnectorOptions;

/**
 * The EMR connector's names of its configuration keys, for job setup code that sets them through this
 * interface ({@code conf.set(DynamoDBConstants.INPUT_TABLE_NAME, ...)}). Each name is this connector's key of
 * the same name: honoured with the EMR connector's meaning, or accepted and reported once per job with why it is
 * not needed ({@link ConnectorOptions#referenceKeys()}, docs/migration.md). Only the key names are here,
 * not the EMR connector's internal sizing constants.
 */
public interface DynamoDBConstants {

  // credentials
  String DYNAMODB_ACCESS_KEY_CONF = ConnectorOptions.ACCESS_KEY_ID.name();
  String DYNAMODB_SECRET_KEY_CONF = ConnectorOptions.SECRET_ACCESS_KEY.name();
  String DYNAMODB_SESSION_TOKEN_CONF = ConnectorOptions.SESSION_TOKEN.name();
  String DEFAULT_ACCESS_KEY_CONF = "fs.s3.awsAccessKeyId";
  String DEFAULT_SECRET_KEY_CONF = "fs.s3.awsSecretAccessKey";
  String CUSTOM_CREDENTIALS_PROVIDER_CONF = ConnectorOptions.CREDENTIALS_PROVIDER.name();

  // Hive table properties
  String DYNAMODB_COLUMN_MAPPING = ConnectorOptions.HIVE_COLUMN_MAPPING.name();
  String DYNAMODB_TYPE_MAPPING = ConnectorOptions.HIVE_TYPE_MAPPING.name();
  String DYNAMODB_NULL_SERIALIZATION = ConnectorOptions.HIVE_NULL_SERIALIZATION.name();
  String DYNAMODB_TABLE_KEY_NAMES = "dynamodb.table.keyNames";
  String DYNAMODB_TABLE_KEY_NAMES_SEPARATOR = ",";
  String DYNAMODB_FILTER_PUSHDOWN = ConnectorOptions.HIVE_FILTER_PUSHDOWN.name();
  String TABLE_NAME = ConnectorOptions.HIVE_TABLE_NAME.name();

  // client
  String ENDPOINT = ConnectorOptions.ENDPOINT.name();
  String REGION_ID = ConnectorOptions.REGION_ID.name();
  String REGION = ConnectorOptions.REGION.name();
  String PROXY_HOST = ConnectorOptions.PROXY_HOST.name();
  String PROXY_PORT = ConnectorOptions.PROXY_PORT.name();
  String PROXY_USERNAME = ConnectorOptions.PROXY_USERNAME.name();
  String PROXY_PASSWORD = ConnectorOptions.PROXY_PASSWORD.name();

  // tables
  String OUTPUT_TABLE_NAME = ConnectorOptions.OUTPUT_TABLE_NAME.name();
  String INPUT_TABLE_NAME = ConnectorOptions.INPUT_TABLE_NAME.name();

  // throughput and splits
  String THROUGHPUT_WRITE_PERCENT = ConnectorOptions.WRITE_PERCENT.name();
  String THROUGHPUT_READ_PERCENT = ConnectorOptions.READ_PERCENT.name();
  String READ_THROUGHPUT = ConnectorOptions.READ_CAPACITY.name();
  String WRITE_THROUGHPUT = ConnectorOptions.WRITE_CAPACITY.name();
  String READ_THROUGHPUT_AUTOSCALING = ConnectorOptions.READ_AUTOSCALING.name();
  String WRITE_THROUGHPUT_AUTOSCALING = ConnectorOptions.WRITE_AUTOSCALING.name();
  String AVG_ITEM_SIZE = "dynamodb.item.average.size";
  String ITEM_COUNT = "dynamodb.item.count";
  String TABLE_SIZE_BYTES = ConnectorOptions.TABLE_SIZE_BYTES.name();
  String MAX_MAP_TASKS = ConnectorOptions.MAX_MAP_TASKS.name();
  String SCAN_SEGMENTS = ConnectorOptions.SCAN_SEGMENTS.name();
  String SEGMENT_SPLIT_SIZE = "dynamodb.split.size";
  String YARN_RESOURCE_MANAGER_ENABLED = "dynamodb.yarn.enabled";

  // writes
  String DYNAMODB_MAX_ITEM_SIZE = "dynamodb.max.item.size";
  String MAX_ITEM_SIZE = DYNAMODB_MAX_ITEM_SIZE;
  String MAX_BATCH_SIZE = "dynamodb.max.batch.size";
  String MAX_ITEMS_PER_BATCH = ConnectorOptions.MAX_BATCH_ITEMS.name();
  String DELETION_MODE = ConnectorOptions.DELETION_MODE.name();

  // export/import tools
  String EXPORT_FORMAT_VERSION = "dynamodb.export.format.version";
}
