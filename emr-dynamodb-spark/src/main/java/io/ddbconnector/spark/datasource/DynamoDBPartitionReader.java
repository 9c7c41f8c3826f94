package io.ddbconnector.spark.datasource;

import io.ddbconnector.conf.Settings;
import io.ddbconnector.core.DynamoDBConnector;
import io.ddbconnector.read.ScanReader;
import io.ddbconnector.spark.SparkTaskAttempts;
import io.ddbconnector.split.ScanSplit;
import io.ddbconnector.throughput.ConnectorMetrics;
import io.ddbconnector.exceptions.DynamoDBConnectorException;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;
import org.apache.spark.sql.connector.read.PartitionReader;

/**
 * Streams one split through the core reader and converts each item to a row; under a pushed count, returns
 * one row holding the split's count ({@code Select=COUNT}). A
 * {@link DynamoDBConnectorException} leaves it saying which attempt of the task failed and how many more
 * Spark makes ({@link SparkTaskAttempts}).
 */
final class DynamoDBPartitionReader implements PartitionReader<InternalRow> {

  private final ScanReader reader;
  private final ItemToRow converter;
  /** Columns of the count row; -1: the split returns items. */
  private final int countColumns;
  private final ConnectorMetrics metrics = new ConnectorMetrics();
  private final String engineNote = SparkTaskAttempts.note();
  private InternalRow current;

  DynamoDBPartitionReader(Settings settings, ScanSplit split, ItemToRow converter) {
    this(settings, split, converter, -1);
  }

  /** A reader of a split that counts: one row of {@code columns} copies of the count. */
  DynamoDBPartitionReader(Settings settings, ScanSplit split, int columns) {
    this(settings, split, null, columns);
  }

  private DynamoDBPartitionReader(Settings settings, ScanSplit split, ItemToRow converter, int countColumns) {
    this.converter = converter;
    this.countColumns = countColumns;
    try {
      this.reader = DynamoDBConnector.openReader(settings, split, metrics);
    } catch (DynamoDBConnectorException e) {
      throw e.withEngineAttempts(engineNote);
    }
  }

  @Override
  public boolean next() {
    try {
      if (countColumns >= 0) {
        if (current != null) {
          return false;
        }
        Object[] values = new Object[countColumns];
        java.util.Arrays.fill(values, reader.count());
        current = new org.apache.spark.sql.catalyst.expressions.GenericInternalRow(values);
        return true;
      }
      if (!reader.hasNext()) {
        return false;
      }
      current = converter.convert(reader.next());
      return true;
    } catch (DynamoDBConnectorException e) {
      throw e.withEngineAttempts(engineNote);
    }
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
    try {
      reader.close();
    } catch (DynamoDBConnectorException e) {
      throw e.withEngineAttempts(engineNote);
    }
  }
}
