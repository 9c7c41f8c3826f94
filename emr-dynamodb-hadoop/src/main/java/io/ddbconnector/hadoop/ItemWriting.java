package io.ddbconnector.hadoop;

import io.ddbconnector.conf.Settings;
import io.ddbconnector.core.DynamoDBConnector;
import io.ddbconnector.throughput.ConnectorMetrics;
import io.ddbconnector.throughput.DynamoDBConnectorException;
import io.ddbconnector.write.BatchWriter;

/**
 * The record-writing side both Hadoop APIs share: a core writer plus counters. A
 * {@link DynamoDBConnectorException} leaves it with the engine's note ({@link HadoopSettings#engineAttempts}),
 * so the task's failure says whether the engine retries it.
 */
public final class ItemWriting implements AutoCloseable {

  private final BatchWriter writer;
  private final ConnectorMetrics metrics = new ConnectorMetrics();
  private final CounterSink counters;
  private final String engineNote;
  private long records;

  /** Without an engine note: failures say nothing of the engine's retries. */
  public ItemWriting(Settings settings, String group, int concurrentTasks, CounterSink counters) {
    this(settings, group, concurrentTasks, counters, null);
  }

  /**
   * @param group the job's identity for the live share of the write budget ({@link HadoopSettings#jobGroup})
   * @param concurrentTasks the planned count of writing tasks, used when there is no live share
   * @param engineNote the engine's attempts note ({@link HadoopSettings#engineAttempts}), or null
   */
  public ItemWriting(Settings settings, String group, int concurrentTasks, CounterSink counters,
      String engineNote) {
    this.engineNote = engineNote;
    this.counters = counters;
    try {
      this.writer = DynamoDBConnector.openWriter(settings, group, concurrentTasks, metrics);
    } catch (DynamoDBConnectorException e) {
      throw e.withEngineAttempts(engineNote);
    }
  }

  public void write(DynamoDBItemWritable value) {
    if (value == null || value.getItem() == null) {
      throw new IllegalArgumentException("DynamoDBOutputFormat got a null item (record " + (records + 1) + ")");
    }
    try {
      writer.write(value.getItem());
    } catch (DynamoDBConnectorException e) {
      throw e.withEngineAttempts(engineNote);
    }
    if ((++records & 1023) == 0) {
      counters.flush(metrics);
    }
  }

  @Override
  public void close() {
    try {
      writer.close();
    } catch (DynamoDBConnectorException e) {
      throw e.withEngineAttempts(engineNote);
    } finally {
      counters.flush(metrics);
    }
  }
}
