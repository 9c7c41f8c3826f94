package io.ddbconnector.spark.datasource;

import io.ddbconnector.conf.Settings;
import io.ddbconnector.split.ScanSplit;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.connector.read.InputPartition;

/** One split of the read and the read's settings (the raw {@code dynamodb.*} map), sent to a task. */
final class DynamoDBInputPartition implements InputPartition {
  private static final long serialVersionUID = 1L;

  private final ScanSplit split;
  private final HashMap<String, String> settings;

  DynamoDBInputPartition(ScanSplit split, Map<String, String> settings) {
    this.split = split;
    this.settings = new HashMap<>(settings);
  }

  ScanSplit split() {
    return split;
  }

  Settings settings() {
    return Settings.of(settings);
  }

  @Override
  public String toString() {
    return "DynamoDBInputPartition{" + split + "}";
  }
}
