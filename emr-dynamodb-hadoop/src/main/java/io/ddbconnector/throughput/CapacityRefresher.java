package io.ddbconnector.throughput;

import io.ddbconnector.exceptions.DynamoDBConnectorException;
import io.ddbconnector.table.TableInfo;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Re-reads a table's capacity every {@code dynamodb.throughput.refreshIntervalMs} during a long task and
 * moves the job's rate with it (autoscaling, or a user raising capacity for the job); the task's
 * {@link Share} divides the new rate. Failures keep the current rate: the next data request reports a
 * real problem.
 */
public final class CapacityRefresher {

  private final Supplier<TableInfo> describe;
  private final ThroughputBudget budget;
  private final Share share;
  private final Ticker ticker;
  private final boolean write;
  private long last;

  /** @param describe describes the table afresh (retried, failing with the connector's exception) */
  public CapacityRefresher(Supplier<TableInfo> describe, ThroughputBudget budget, Share share, Ticker ticker,
      boolean write) {
    this.describe = describe;
    this.budget = budget;
    this.share = share;
    this.ticker = ticker;
    this.write = write;
    this.last = ticker.nanoTime();
  }

  /** Refreshes when the interval has passed; cheap otherwise. */
  public void maybeRefresh() {
    long every = budget.refreshMs();
    if (every <= 0 || budget.hasOverride() || share == null) {
      return;
    }
    synchronized (this) {
      long now = ticker.nanoTime();
      if (now - last < TimeUnit.MILLISECONDS.toNanos(every)) {
        return;
      }
      last = now;
    }
    try {
      TableInfo t = describe.get();
      share.setJobRate(budget.jobRate(t, write));
    } catch (DynamoDBConnectorException e) {
      // keep the current rate
    }
  }
}
