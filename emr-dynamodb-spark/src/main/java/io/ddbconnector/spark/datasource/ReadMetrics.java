package io.ddbconnector.spark.datasource;

import io.ddbconnector.throughput.ConnectorMetrics;
import java.util.Map;
import org.apache.spark.sql.connector.metric.CustomMetric;
import org.apache.spark.sql.connector.metric.CustomSumMetric;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;

/** The connector's counters as Spark SQL metrics (shown on the scan node in the Spark UI). */
public final class ReadMetrics {

  private ReadMetrics() {}

  /** Items read. */
  public static final class Items extends CustomSumMetric {
    @Override public String name() { return "dynamodbItemsRead"; }
    @Override public String description() { return "DynamoDB items read"; }
  }

  /** Requests sent, including retries. */
  public static final class Requests extends CustomSumMetric {
    @Override public String name() { return "dynamodbRequests"; }
    @Override public String description() { return "DynamoDB requests"; }
  }

  /** Read units consumed, in thousandths. */
  public static final class Units extends CustomSumMetric {
    @Override public String name() { return "dynamodbReadUnitsMilli"; }
    @Override public String description() { return "DynamoDB read units (x1000)"; }
  }

  /** Throttled requests. */
  public static final class Throttled extends CustomSumMetric {
    @Override public String name() { return "dynamodbThrottleEvents"; }
    @Override public String description() { return "DynamoDB throttle events"; }
  }

  /** Time spent waiting for the rate limiter. */
  public static final class Waited extends CustomSumMetric {
    @Override public String name() { return "dynamodbRateLimitWaitMs"; }
    @Override public String description() { return "rate limiter wait (ms)"; }
  }

  static CustomMetric[] supported() {
    return new CustomMetric[] {new Items(), new Requests(), new Units(), new Throttled(), new Waited()};
  }

  static CustomTaskMetric[] values(ConnectorMetrics m) {
    Map<ConnectorMetrics.Counter, Long> s = m.snapshot();
    return new CustomTaskMetric[] {
      metric("dynamodbItemsRead", s.get(ConnectorMetrics.Counter.ITEMS_READ)),
      metric("dynamodbRequests", s.get(ConnectorMetrics.Counter.REQUESTS)),
      metric("dynamodbReadUnitsMilli", s.get(ConnectorMetrics.Counter.READ_UNITS_MILLI)),
      metric("dynamodbThrottleEvents", s.get(ConnectorMetrics.Counter.THROTTLE_EVENTS)),
      metric("dynamodbRateLimitWaitMs", s.get(ConnectorMetrics.Counter.RATE_LIMIT_WAIT_MS)),
    };
  }

  private static CustomTaskMetric metric(String name, long value) {
    return new CustomTaskMetric() {
      @Override public String name() { return name; }
      @Override public long value() { return value; }
    };
  }
}
