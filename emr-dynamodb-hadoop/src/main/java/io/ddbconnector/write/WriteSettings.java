package io.ddbconnector.write;

import static io.ddbconnector.conf.ConnectorOptions.*;

import io.ddbconnector.client.ClientSettings;
import io.ddbconnector.conf.ConnectorOptions;
import io.ddbconnector.conf.ConfigKey;
import io.ddbconnector.conf.Settings;
import io.ddbconnector.throughput.RetryPolicy;
import io.ddbconnector.throughput.ShareSettings;
import io.ddbconnector.throughput.ThroughputBudget;
import java.io.Serializable;
import java.util.Locale;

/** Everything a write needs, parsed and checked once from {@link Settings}. Immutable. */
public final class WriteSettings implements Serializable {
  private static final long serialVersionUID = 1L;

  /** What each record does to the table. */
  public enum Mode { PUT, DELETE }

  private final String table;
  private final ClientSettings client;
  private final ThroughputBudget budget;
  private final RetryPolicy retry;
  private final ShareSettings share;
  private final Mode mode;
  private final int batchesInFlight;
  private final int batchSize;
  private final Integer concurrency;
  private final WriteCondition condition;
  private final boolean failOnRejected;
  private final String rejectedPath;

  private WriteSettings(Settings s) {
    this.table = s.require(OUTPUT_TABLE_NAME);
    this.client = ClientSettings.from(s);
    // the EMR connector's autoscaling switch: follow the table's capacity, not a configured one
    Long capacity = s.get(ConnectorOptions.WRITE_AUTOSCALING) ? null : s.get(WRITE_CAPACITY);
    this.budget = new ThroughputBudget(s.get(WRITE_PERCENT), capacity, s.get(ON_DEMAND_WRITE_CAPACITY),
        s.get(BURST_SECONDS), s.get(CAPACITY_REFRESH_MS));
    this.retry = RetryPolicy.from(s);
    this.share = ShareSettings.from(s);
    String m = s.get(WRITE_MODE).trim().toLowerCase(Locale.ROOT);
    if (m.equals("put")) {
      this.mode = s.get(ConnectorOptions.DELETION_MODE) && !s.isSet(WRITE_MODE) ? Mode.DELETE : Mode.PUT;
    } else if (m.equals("delete")) {
      this.mode = Mode.DELETE;
    } else {
      throw new IllegalArgumentException("Invalid value '" + s.get(WRITE_MODE) + "' for configuration key '"
          + WRITE_MODE.name() + "': expected put or delete.");
    }
    ConfigKey<Boolean> deletion = ConnectorOptions.DELETION_MODE;
    if (s.isSet(deletion) && s.isSet(WRITE_MODE) && s.get(deletion) != (mode == Mode.DELETE)) {
      throw new IllegalArgumentException("Configuration keys '" + WRITE_MODE.name() + "' ('" + s.get(WRITE_MODE)
          + "') and '" + deletion.name() + "' ('" + s.get(deletion) + "') conflict: '" + deletion.name()
          + "=true' means '" + WRITE_MODE.name() + "=delete'. Set one of them.");
    }
    this.batchesInFlight = s.get(BATCHES_IN_FLIGHT);
    this.batchSize = s.get(BATCH_SIZE, ConnectorOptions.MAX_BATCH_ITEMS);
    this.concurrency = s.get(CONCURRENCY);
    this.condition = WriteCondition.from(s);
    this.failOnRejected = s.get(WRITE_REJECTED_FAIL);
    String path = s.get(WRITE_REJECTED_PATH);
    this.rejectedPath = path == null || path.trim().isEmpty() ? null : path.trim();
    if (rejectedPath != null && condition == null) {
      throw new IllegalArgumentException("Configuration key '" + WRITE_REJECTED_PATH.name() + "' collects the items"
          + " a write condition rejects, but no condition is set ('" + WRITE_CONDITION.name() + "' or '"
          + WRITE_CONDITION_VERSION.name() + "').");
    }
  }

  public static WriteSettings from(Settings s) {
    return new WriteSettings(s);
  }

  public String table() { return table; }
  public ClientSettings client() { return client; }
  public ThroughputBudget budget() { return budget; }
  public RetryPolicy retry() { return retry; }
  /** How the job's tasks share its budget. */
  public ShareSettings share() { return share; }
  public Mode mode() { return mode; }
  public int batchesInFlight() { return batchesInFlight; }
  public int batchSize() { return batchSize; }
  /** Concurrent writing tasks, when known; otherwise the writer's caller supplies its own count. */
  public Integer concurrency() { return concurrency; }
  /** The condition every write must meet, or null: then puts and deletes go in batches. */
  public WriteCondition condition() { return condition; }
  /** Whether an item the condition refuses fails the task ({@code dynamodb.write.rejected.fail}). */
  public boolean failOnRejected() { return failOnRejected; }
  /** Where rejected items are written ({@code dynamodb.write.rejected.path}), or null. */
  public String rejectedPath() { return rejectedPath; }
}
