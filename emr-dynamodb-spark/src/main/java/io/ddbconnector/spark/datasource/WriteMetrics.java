package io.ddbconnector.spark.datasource;

import io.ddbconnector.throughput.ConnectorMetrics;
import java.util.Map;
import org.apache.spark.sql.connector.metric.CustomMetric;
import org.apache.spark.sql.connector.metric.CustomSumMetric;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;

/** The writer's counters as Spark SQL metrics. */
public final class WriteMetrics {

  private WriteMetrics() {}

  /** Items written. */
  public static final class Items extends CustomSumMetric {
    @Override public String name() { return "dynamodbItemsWritten"; }
    @Override public String description() { return "DynamoDB items written"; }
  }

  /** Write units consumed, in thousandths. */
  public static final class Units extends CustomSumMetric {
    @Override public String name() { return "dynamodbWriteUnitsMilli"; }
    @Override public String description() { return "DynamoDB write units (x1000)"; }
  }

  /** Throttle events (throttled requests and unprocessed batches). */
  public static final class Throttled extends CustomSumMetric {
    @Override public String name() { return "dynamodbWriteThrottleEvents"; }
    @Override public String description() { return "DynamoDB write throttle events"; }
  }

  /** Items the write condition refused. */
  public static final class Rejected extends CustomSumMetric {
    @Override public String name() { return "dynamodbItemsRejected"; }
    @Override public String description() { return "DynamoDB items rejected by the write condition"; }
  }

  static CustomMetric[] supported() {
    return new CustomMetric[] {new Items(), new Units(), new Throttled(), new Rejected()};
  }

  static CustomTaskMetric[] values(ConnectorMetrics m) {
    Map<ConnectorMetrics.Counter, Long> s = m.snapshot();
    return new CustomTaskMetric[] {
      metric("dynamodbItemsWritten", s.get(ConnectorMetrics.Counter.ITEMS_WRITTEN)),
      metric("dynamodbWriteUnitsMilli", s.get(ConnectorMetrics.Counter.WRITE_UNITS_MILLI)),
      metric("dynamodbWriteThrottleEvents", s.get(ConnectorMetrics.Counter.THROTTLE_EVENTS)),
      metric("dynamodbItemsRejected", s.get(ConnectorMetrics.Counter.ITEMS_REJECTED)),
    };
  }

  /** The committed tasks' items written and rejected, reported by the driver over the tasks' early figures. */
  static CustomTaskMetric[] committed(long items, long rejected) {
    return new CustomTaskMetric[] {metric("dynamodbItemsWritten", items), metric("dynamodbItemsRejected", rejected)};
  }

  private static CustomTaskMetric metric(String name, long value) {
    return new CustomTaskMetric() {
      @Override public String name() { return name; }
      @Override public long value() { return value; }
    };
  }
}
