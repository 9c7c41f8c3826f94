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

  public ItemWriting(Settings settings, int concurrentTasks, CounterSink counters) {
    this.writer = DynamoDBConnector.openWriter(settings, concurrentTasks, metrics);
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
