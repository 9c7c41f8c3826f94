package io.ddbconnector.spark.datasource;

import io.ddbconnector.conf.Settings;
import io.ddbconnector.core.DynamoDBConnector;
import io.ddbconnector.read.ScanReader;
import io.ddbconnector.split.ScanSplit;
import io.ddbconnector.throughput.ConnectorMetrics;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;
import org.apache.spark.sql.connector.read.PartitionReader;

/** Streams one split through the core reader and converts each item to a row. */
final class DynamoDBPartitionReader implements PartitionReader<InternalRow> {

  private final ScanReader reader;
  private final ItemToRow converter;
  private final ConnectorMetrics metrics = new ConnectorMetrics();
  private InternalRow current;

  DynamoDBPartitionReader(Settings settings, ScanSplit split, ItemToRow converter) {
    this.converter = converter;
    this.reader = DynamoDBConnector.openReader(settings, split, metrics);
  }

  @Override
  public boolean next() {
    if (!reader.hasNext()) {
      return false;
    }
    current = converter.convert(reader.next());
    return true;
  }

  @Override
  public InternalRow get() {
    return current;
  }

  @Override
  public CustomTaskMetric[] currentMetricsValues() {
    return ReadMetrics.values(metrics);
  }

  @Override
  public void close() {
    reader.close();
  }
}
