package io.ddbconnector.throughput;

import io.ddbconnector.exceptions.DynamoDBConnectorException;
import io.ddbconnector.client.TableInfo;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Re-reads a table's capacity every {@code dynamodb.throughput.refreshIntervalMs} during a long task and
 * moves the job's rate with it (autoscaling, or a user raising capacity for the job); the task's
 * {@link Share} divides the new rate. Failures keep the current rate: the next data request reports a
 * real problem.
 */
public final class CapacityRefresher {

  private final DynamoDbClient client;
  private final String table;
  private final String configKey;
  private final String target;
  private final ThroughputBudget budget;
  private final Share share;
  private final Retrier retrier;
  private final Ticker ticker;
  private final boolean write;
  private long last;

  public CapacityRefresher(DynamoDbClient client, String table, String configKey, String target,
      ThroughputBudget budget, Share share, Retrier retrier, Ticker ticker, boolean write) {
    this.client = client;
    this.table = table;
    this.configKey = configKey;
    this.target = target;
    this.budget = budget;
    this.share = share;
    this.retrier = retrier;
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
      TableInfo t = TableInfo.describe(client, table, configKey, target, retrier);
      share.setJobRate(budget.jobRate(t, write));
    } catch (DynamoDBConnectorException e) {
      // keep the current rate
    }
  }
}
