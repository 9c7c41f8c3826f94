package io.ddbconnector.tools;

import io.ddbconnector.conf.ConnectorOptions;
import io.ddbconnector.conf.Settings;
import io.ddbconnector.core.DynamoDBConnector;
import io.ddbconnector.read.ReadSettings;
import io.ddbconnector.table.TableInfo;
import io.ddbconnector.throughput.ConnectorMetrics;
import io.ddbconnector.write.WriteSettings;

/** Describes the tables the tools read and write, through the connector's façade. */
final class Tables {

  private Tables() {}

  static TableInfo describe(Settings settings, String table) {
    return DynamoDBConnector.describeInput(
        ReadSettings.from(settings.with(ConnectorOptions.INPUT_TABLE_NAME.name(), table)), new ConnectorMetrics());
  }

  /** {@link #describe} for a table to write: a missing one is named as {@code dynamodb.output.tableName}. */
  static TableInfo describeTarget(Settings settings, String table) {
    return DynamoDBConnector.describeOutput(
        WriteSettings.from(settings.with(ConnectorOptions.OUTPUT_TABLE_NAME.name(), table)), new ConnectorMetrics());
  }
}
