package io.ddbconnector.hadoop;

import io.ddbconnector.conf.Settings;
import io.ddbconnector.core.DynamoDBConnector;
import io.ddbconnector.throughput.ConnectorMetrics;
import io.ddbconnector.exceptions.DynamoDBConnectorException;
import io.ddbconnector.write.BatchWriter;
import io.ddbconnector.write.WriteLedger;

/**
 * The record-writing side both Hadoop APIs (and Hive) share: a core writer plus counters, recording its
 * attempt in the job's {@link WriteLedger}. A
 * {@link DynamoDBConnectorException} leaves it with the engine's note ({@link HadoopSettings#engineAttempts}),
 * so the task's failure says whether the engine retries it.
 */
public final class ItemWriting implements AutoCloseable {

  private final BatchWriter writer;
  private final ConnectorMetrics metrics = new ConnectorMetrics();
  private final CounterSink counters;
  private final String engineNote;
  private long records;

  /** Without an engine note or a ledger: failures say nothing of the engine's retries or of other tasks. */
  public ItemWriting(Settings settings, String group, int concurrentTasks, CounterSink counters) {
    this(settings, group, concurrentTasks, counters, null, null);
  }

  /**
   * @param group the job's identity for the live share of the write budget ({@link HadoopSettings#jobGroup})
   * @param concurrentTasks the planned count of writing tasks, used when there is no live share
   * @param engineNote the engine's attempts note ({@link HadoopSettings#engineAttempts}), or null
   * @param ledger this attempt's record in the job's ledger ({@link HadoopWriteLedger#forTask}), or null
   */
  public ItemWriting(Settings settings, String group, int concurrentTasks, CounterSink counters,
      String engineNote, WriteLedger ledger) {
    this.engineNote = engineNote;
    this.counters = counters;
    try {
      this.writer = connector(settings).writer(group, concurrentTasks, metrics, ledger);
    } catch (DynamoDBConnectorException e) {
      throw e.withEngineAttempts(engineNote);
    }
  }

  /** The façade with the Hadoop file systems for the directories the user configures. */
  static DynamoDBConnector connector(Settings settings) {
    return DynamoDBConnector.builder(settings).stores(l -> HadoopWriteLedger.directory(l,
        io.ddbconnector.conf.ConnectorOptions.WRITE_REJECTED_PATH.name())).build();
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

  /**
   * Stops without sending what is still queued (the engine is failing or killing this attempt), records the
   * attempt's figures and returns them; never throws.
   */
  public String abort(String why) {
    try {
      return writer.abort(why);
    } finally {
      counters.flush(metrics);
    }
  }

  /** Flushes and closes; when the engine is killing this task, {@link #abort aborts} instead. */
  @Override
  public void close() {
    if (HadoopSettings.currentTaskKilled()) {
      abort("the engine is killing this task attempt");
      return;
    }
    try {
      writer.close();
    } catch (DynamoDBConnectorException e) {
      throw e.withEngineAttempts(engineNote);
    } finally {
      counters.flush(metrics);
    }
  }
}
