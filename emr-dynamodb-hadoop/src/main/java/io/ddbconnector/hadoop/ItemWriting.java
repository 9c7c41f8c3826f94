package io.ddbconnector.hadoop;

import io.ddbconnector.conf.Settings;
import io.ddbconnector.core.DynamoDBConnector;
import io.ddbconnector.throughput.ConnectorMetrics;
import io.ddbconnector.write.BatchWriter;

/** The record-writing side both Hadoop APIs share: a core writer plus counters. */
public final class ItemWriting implements AutoCloseable {

  private final BatchWriter writer;
  private final ConnectorMetrics metrics = new ConnectorMetrics();
  private final CounterSink counters;
  private long records;

  /**
   * @param group the job's identity for the live share of the write budget ({@link HadoopSettings#jobGroup})
   * @param concurrentTasks the planned count of writing tasks, used when there is no live share
   */
  public ItemWriting(Settings settings, String group, int concurrentTasks, CounterSink counters) {
    this.writer = DynamoDBConnector.openWriter(settings, group, concurrentTasks, metrics);
    this.counters = counters;
  }

  public void write(DynamoDBItemWritable value) {
    if (value == null || value.getItem() == null) {
      throw new IllegalArgumentException("DynamoDBOutputFormat got a null item (record " + (records + 1) + ")");
    }
    writer.write(value.getItem());
    if ((++records & 1023) == 0) {
      counters.flush(metrics);
    }
  }

  @Override
  public void close() {
    try {
      writer.close();
    } finally {
      counters.flush(metrics);
    }
  }
}
