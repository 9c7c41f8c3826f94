package io.ddbconnector.throughput;

import io.ddbconnector.conf.ConnectorOptions;
import java.time.Clock;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Chooses how one task shares its job's budget and says so in the job log: a fixed divisor when
 * {@code dynamodb.throughput.concurrency} is set, the planned division when coordination is off or has no
 * job identity, otherwise the live share of {@link TableShareCoordinator}. A coordination table that
 * cannot be created or read never fails the job: the task falls back to the planned division with a
 * warning.
 */
public final class Shares {

  private static final Logger LOG = LoggerFactory.getLogger(Shares.class);
  private static final Set<String> LOGGED = ConcurrentHashMap.newKeySet();

  private Shares() {}

  /** What one task needs to find its share. */
  public static final class Request {
    final ShareSettings settings;
    final DynamoDbClient client;
    final String target;
    final String dataTable;
    final boolean write;
    final String group;
    final double jobRate;
    final int plannedTasks;
    final String plannedWhy;

    /**
     * @param group the job's identity (stamped at planning, or the engine's job id); null when unknown
     * @param plannedTasks the task count the engine planned, the divisor when the live share is not used
     */
    public Request(ShareSettings settings, DynamoDbClient client, String target, String dataTable, boolean write,
        String group, double jobRate, int plannedTasks, String plannedWhy) {
      this.settings = settings;
      this.client = client;
      this.target = target;
      this.dataTable = dataTable;
      this.write = write;
      this.group = settings.group() != null ? settings.group() : group;
      this.jobRate = jobRate;
      this.plannedTasks = Math.max(1, plannedTasks);
      this.plannedWhy = plannedWhy;
    }

    /** The coordination key: job identity, table and direction. */
    public String groupKey() {
      return group + "|" + dataTable + "|" + (write ? "w" : "r");
    }
  }

  public static Share open(Request r, ConnectorMetrics metrics, Share.Listener listener) {
    return open(r, metrics, listener, Clock.systemUTC(), Sleeper.SYSTEM);
  }

  public static Share open(Request r, ConnectorMetrics metrics, Share.Listener listener, Clock clock,
      Sleeper sleeper) {
    String what = (r.write ? "Write" : "Read") + " budget of table '" + r.dataTable + "'";
    Share s;
    if (r.settings.concurrency() != null) {
      s = new PlannedShare(r.jobRate, r.settings.concurrency(), ConnectorOptions.CONCURRENCY.name() + "="
          + r.settings.concurrency(), listener);
    } else if (!r.settings.coordinate()) {
      s = new PlannedShare(r.jobRate, r.plannedTasks, r.plannedWhy + ", " + ConnectorOptions.COORDINATION.name()
          + "=off", listener);
    } else if (r.group == null) {
      s = new PlannedShare(r.jobRate, r.plannedTasks, r.plannedWhy + "; no job identity to coordinate under",
          listener);
      logOnce(r.dataTable + r.write, what + ": no job identity (set " + ConnectorOptions.COORDINATION_GROUP.name()
          + "); " + s.describe(), true);
      return s;
    } else {
      TableShareCoordinator c = new TableShareCoordinator(r.client, r.settings.table(), r.target,
          r.settings.intervalMs(), clock, sleeper, metrics);
      double fallback = r.jobRate / r.plannedTasks;
      try {
        s = c.join(r.groupKey(), r.jobRate, fallback, listener);
      } catch (RuntimeException e) {
        s = new PlannedShare(r.jobRate, r.plannedTasks, r.plannedWhy, listener);
        logOnce(r.groupKey(), String.format(Locale.ROOT, "%s: the coordination table '%s' (%s) cannot be used"
            + " (%s); falling back to the %s", what, r.settings.table(), ConnectorOptions.COORDINATION_TABLE.name(),
            Retrier.describe(e), s.describe()), true);
        return s;
      }
    }
    logOnce(r.groupKey(), what + ": " + s.describe(), false);
    return s;
  }

  private static void logOnce(String key, String message, boolean warn) {
    if (LOGGED.size() > 10_000) {
      LOGGED.clear();
    }
    if (LOGGED.add(key)) {
      if (warn) {
        LOG.warn(message);
      } else {
        LOG.info(message);
      }
    }
  }
}
