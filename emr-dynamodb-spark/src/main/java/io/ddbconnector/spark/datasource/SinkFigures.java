package io.ddbconnector.spark.datasource;

import java.util.Map;

/**
 * What a streaming query's last committed micro-batch wrote and had rejected by the write condition, for the
 * query's progress ({@code StreamingQueryProgress.sink().metrics()}, through the table's
 * {@code ReportsSinkMetrics}): {@code epoch}, {@code dynamodbItemsWritten}, {@code dynamodbItemsRejected}.
 * One per table object, which Spark opens once per start of the query; empty until an epoch commits.
 */
final class SinkFigures {

  private volatile Map<String, String> last = Map.of();

  void committed(long epoch, long written, long rejected) {
    last = Map.of("epoch", Long.toString(epoch), "dynamodbItemsWritten", Long.toString(written),
        "dynamodbItemsRejected", Long.toString(rejected));
  }

  Map<String, String> metrics() {
    return last;
  }
}
