package io.ddbconnector.throughput;

import io.ddbconnector.table.TableInfo;
import java.io.Serializable;
import java.util.Locale;

/**
 * A job's share of one kind of a table's capacity (read or write), and how it is divided among the
 * tasks that run at once. The single place where percent, capacity overrides, on-demand defaults and
 * concurrency meet.
 */
public final class ThroughputBudget implements Serializable {
  private static final long serialVersionUID = 1L;

  private final double percent;
  private final Long capacityOverride;
  private final long onDemandDefault;
  private final double burstSeconds;
  private final long refreshMs;

  public ThroughputBudget(double percent, Long capacityOverride, long onDemandDefault, double burstSeconds,
      long refreshMs) {
    this.percent = percent;
    this.capacityOverride = capacityOverride;
    this.onDemandDefault = onDemandDefault;
    this.burstSeconds = burstSeconds;
    this.refreshMs = refreshMs;
  }

  /** The table's capacity as the budget sees it: override, provisioned, on-demand maximum, or default. */
  public double capacity(TableInfo t, boolean write) {
    if (capacityOverride != null) {
      return capacityOverride;
    }
    long c = write ? t.writeCapacity() : t.readCapacity();
    if (c > 0) {
      return c;
    }
    return onDemandDefault;
  }

  /** Units per second the whole job may use. */
  public double jobRate(TableInfo t, boolean write) {
    return percent * capacity(t, write);
  }

  /** Units per second one task may use when {@code concurrentTasks} run at once. */
  public double taskRate(TableInfo t, boolean write, int concurrentTasks) {
    return jobRate(t, write) / Math.max(1, concurrentTasks);
  }

  public RateLimiter newLimiter(double taskRate, Ticker ticker, Sleeper sleeper) {
    return new RateLimiter(taskRate, burstSeconds, ticker, sleeper);
  }

  public double burstSeconds() { return burstSeconds; }
  public long refreshMs() { return refreshMs; }
  public double percent() { return percent; }
  public boolean hasOverride() { return capacityOverride != null; }

  public String describe(TableInfo t, boolean write, int concurrentTasks) {
    return describe(t, write, concurrentTasks, false);
  }

  /**
   * The budget for the job log; {@code live}: the tasks share it among those running, the planned
   * division being only the fallback.
   */
  public String describe(TableInfo t, boolean write, int concurrentTasks, boolean live) {
    String head = String.format(Locale.ROOT, "%s budget of table '%s': %.2f x %.0f units/s = %.1f/s for the job, ",
        write ? "write" : "read", t.tableName(), percent, capacity(t, write), jobRate(t, write));
    String division = String.format(Locale.ROOT, "%.1f/s for each of %d", taskRate(t, write, concurrentTasks),
        concurrentTasks);
    return live ? head + "shared live among its running tasks (planned fallback: " + division + ")"
        : head + division + " concurrent tasks";
  }
}
