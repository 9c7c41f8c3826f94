package io.ddbconnector.hadoop;

import io.ddbconnector.throughput.ConnectorMetrics;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.ObjLongConsumer;

/** Forwards what the connector counted to Hadoop counters, as increments since the last flush. */
public final class CounterSink {

  private final ObjLongConsumer<ConnectorMetrics.Counter> increment;
  private final Map<ConnectorMetrics.Counter, Long> sent = new EnumMap<>(ConnectorMetrics.Counter.class);

  public CounterSink(ObjLongConsumer<ConnectorMetrics.Counter> increment) {
    this.increment = increment;
  }

  public static CounterSink none() {
    return new CounterSink((c, v) -> { });
  }

  public synchronized void flush(ConnectorMetrics metrics) {
    for (Map.Entry<ConnectorMetrics.Counter, Long> e : metrics.snapshot().entrySet()) {
      long before = sent.getOrDefault(e.getKey(), 0L);
      long delta = e.getValue() - before;
      if (delta != 0) {
        increment.accept(e.getKey(), delta);
        sent.put(e.getKey(), e.getValue());
      }
    }
  }
}
