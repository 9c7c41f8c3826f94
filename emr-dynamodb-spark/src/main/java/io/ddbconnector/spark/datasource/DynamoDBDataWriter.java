package io.ddbconnector.spark.datasource;

import io.ddbconnector.core.DynamoDBConnector;
import io.ddbconnector.spark.SparkSettings;
import io.ddbconnector.spark.SparkTaskAttempts;
import io.ddbconnector.throughput.ConnectorMetrics;
import io.ddbconnector.exceptions.DynamoDBConnectorException;
import io.ddbconnector.write.BatchWriter;
import io.ddbconnector.write.ItemUpdater;
import io.ddbconnector.write.WriteLedger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;
import org.apache.spark.sql.connector.write.DataWriter;
import org.apache.spark.sql.connector.write.WriterCommitMessage;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One task's writer: rows become items ({@link RowToItem}) and go to the core's rate-limited
 * {@link BatchWriter} (put, or delete with {@code mode=delete}); with {@code mode=update} each row is an
 * UpdateItem that sets its non-null non-key columns (and removes the null ones with {@code removeNulls}).
 * A {@link DynamoDBConnectorException} leaves it saying which attempt of the task failed and how many more
 * Spark makes ({@link SparkTaskAttempts}).
 */
final class DynamoDBDataWriter implements DataWriter<InternalRow> {

  private final RowToItem converter;
  private final ConnectorMetrics metrics = new ConnectorMetrics();
  private final BatchWriter writer;
  private final ItemUpdater updater;
  private final boolean removeNulls;
  private final String engineNote = SparkTaskAttempts.note();
  private boolean closed;

  DynamoDBDataWriter(RowToItem converter, SparkSettings settings, String group, int concurrentTasks,
      WriteLedger ledger) {
    this.converter = converter;
    this.removeNulls = settings.removeNulls();
    try {
      if (settings.updateMode()) {
        this.updater = connector(settings).updater(group, concurrentTasks, metrics, ledger);
        this.writer = null;
      } else {
        this.writer = connector(settings).writer(group, concurrentTasks, metrics, ledger);
        this.updater = null;
      }
    } catch (DynamoDBConnectorException e) {
      throw e.withEngineAttempts(engineNote);
    }
  }

  /** The façade with the Hadoop file systems for the directories the user configures. */
  private static DynamoDBConnector connector(SparkSettings settings) {
    return DynamoDBConnector.builder(settings.core()).stores(l -> io.ddbconnector.hadoop.HadoopWriteLedger.directory(
        l, io.ddbconnector.conf.ConnectorOptions.WRITE_REJECTED_PATH.name())).build();
  }

  @Override
  public void write(InternalRow row) {
    try {
      send(row);
    } catch (DynamoDBConnectorException e) {
      throw e.withEngineAttempts(engineNote);
    }
  }

  private void send(InternalRow row) {
    if (writer != null) {
      writer.write(converter.item(row));
      return;
    }
    Map<String, AttributeValue> key = converter.key(row);
    Map<String, AttributeValue> set = new LinkedHashMap<>();
    List<String> remove = new ArrayList<>();
    for (Map.Entry<String, AttributeValue> e : converter.nonKeyColumns(row).entrySet()) {
      if (e.getValue() != null) {
        set.put(e.getKey(), e.getValue());
      } else if (removeNulls) {
        remove.add(e.getKey());
      }
    }
    updater.update(key, set, remove);
  }

  @Override
  public WriterCommitMessage commit() {
    try {
      if (writer != null) {
        writer.flush();
      } else {
        updater.flush();
      }
    } catch (DynamoDBConnectorException e) {
      throw e.withEngineAttempts(engineNote);
    }
    return new DynamoDBBatchWrite.Written(metrics.itemsWritten(), metrics.itemsRejected());
  }

  /** Spark is failing or killing this attempt: stop without sending what is queued, and record the figures. */
  @Override
  public void abort() {
    if (writer != null && !closed) {
      closed = true;
      writer.abort("Spark aborted this task attempt");
      return;
    }
    close();
  }

  @Override
  public CustomTaskMetric[] currentMetricsValues() {
    return WriteMetrics.values(metrics);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (writer != null) {
        writer.close();
      } else {
        updater.close();
      }
    } catch (DynamoDBConnectorException e) {
      throw e.withEngineAttempts(engineNote);
    }
  }
}
