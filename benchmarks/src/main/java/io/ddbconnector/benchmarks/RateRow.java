package io.ddbconnector.benchmarks;

import io.ddbconnector.testkit.proxy.RateReport;
import io.ddbconnector.testkit.proxy.ThrottlingProxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;

/**
 * One engine path's row of the rate benchmark: what its job did to its table, measured by the throttling
 * proxy alone (the connector's own counters are not used), against the goals of issue 11.
 *
 * <p><b>Task window</b> (for the budget use): from the first task's start to the last task's end as the
 * engine reports it when it does (Spark's listener: launch to end of every task; YARN's task reports), else
 * the <i>lease span</i>: every task of a job joins its job's lease in the coordination table when it opens
 * its reader or writer and leaves it when it closes them, so the first and the last lease read the proxy
 * sees bracket the tasks, measured outside the connector. For the LocalJobRunner (MapReduce, Hive) the two
 * agree within milliseconds: map tasks are threads that open their reader as they start. Each row uses a
 * coordination table of its own ({@code dynamodb.throughput.coordination.tableName}), so its coordination
 * cost is its own too.
 *
 * @param path the engine path, e.g. "Spark hadoopRDD"
 * @param op read or write
 * @param shape what ran: splits, slots, partitions, cores
 * @param capacity the table's capacity in the direction measured (units/s), as the proxy enforced it
 * @param target the job's share: percent × capacity (both jobs' together for the two-job row)
 * @param units capacity units the table consumed in the row's direction
 * @param rate the job-wide rate: units between the first and the last metered response over that time
 * @param dataSeconds seconds between the first and the last metered response on the data table
 * @param leaseSpan seconds between the first and the last lease read on the coordination table (see above)
 * @param engineWindow the engine's first task start to last task end in seconds; NaN when not reported
 * @param peak5 the busiest sliding 5-second window's mean rate, start-up included
 * @param throttled requests the proxy refused (or batches it returned partly unprocessed) on the data table
 * @param coordinationRequests requests to the row's coordination table (any operation)
 * @param coordinationUnits capacity units the coordination table consumed (reads and writes)
 * @param load1 the 1-minute load average when the row started
 * @param atMostTarget true when the target is a ceiling rather than a goal to meet (two jobs filling a table)
 */
record RateRow(String path, String op, String shape, double capacity, double target, double units, double rate,
    double dataSeconds, double leaseSpan, double engineWindow, double peak5, long throttled, long coordinationRequests,
    double coordinationUnits, double load1, boolean atMostTarget, SortedMap<Long, Double> perSecond,
    List<String> notes) {

  /** Operations a task sends to the coordination table (the proxy counts requests per table and operation). */
  private static final List<String> COORDINATION_OPERATIONS = List.of("GetItem", "PutItem", "DeleteItem",
      "UpdateItem", "DescribeTable", "CreateTable", "UpdateTimeToLive");

  /** Measures a finished job's traffic on {@code dataTable} and {@code coordinationTable} through {@code proxy}. */
  static RateRow measure(ThrottlingProxy proxy, String path, String op, String shape, String dataTable,
      String coordinationTable, double capacity, double target, double load1, boolean atMostTarget,
      double engineWindow, List<String> notes) {
    boolean write = op.equals("write");
    SortedMap<Long, Double> perSecond = proxy.consumedPerSecond(dataTable, write);
    long throttled = proxy.throttled(dataTable);
    RateReport report = RateReport.of(perSecond, throttled, target);
    long coordinationRequests = 0;
    for (String operation : COORDINATION_OPERATIONS) {
      coordinationRequests += proxy.requests(coordinationTable, operation);
    }
    double coordinationUnits = proxy.consumed(coordinationTable, false) + proxy.consumed(coordinationTable, true);
    double dataSeconds = proxy.meteredSeconds(dataTable, write);
    // the lease reads bracket the tasks; without coordination traffic fall back to the data span
    double leaseSpan = proxy.meteredSeconds(coordinationTable, false);
    List<String> allNotes = new ArrayList<>(notes);
    SortedMap<Long, Double> leases = proxy.consumedPerSecond(coordinationTable, false);
    if (!leases.isEmpty() && !perSecond.isEmpty()) {
      allNotes.add(String.format(Locale.ROOT, "proxy seconds with lease traffic %d-%d, with data traffic %d-%d",
          leases.firstKey(), leases.lastKey(), perSecond.firstKey(), perSecond.lastKey()));
    }
    if (!(leaseSpan > 0)) {
      allNotes.add("no coordination traffic: the lease span is the data table's first to last response");
      leaseSpan = dataSeconds;
    }
    return new RateRow(path, op, shape, capacity, target, proxy.consumed(dataTable, write),
        proxy.meteredRate(dataTable, write), dataSeconds, leaseSpan, engineWindow, report.peak5(), throttled, coordinationRequests,
        coordinationUnits, load1, atMostTarget, perSecond, List.copyOf(allNotes));
  }

  /** A row that could not be measured, with the reason. */
  static RateRow missing(String path, String op, String shape, double capacity, double target, String reason) {
    return new RateRow(path, op, shape, capacity, target, 0, Double.NaN, 0, Double.NaN, Double.NaN, Double.NaN, 0, 0, 0,
        Double.NaN, false, new java.util.TreeMap<>(), List.of("NOT MEASURED: " + reason));
  }

  boolean measured() {
    return !Double.isNaN(rate);
  }

  /** The job-wide rate as a fraction of the target. */
  double rateOfTarget() {
    return rate / target;
  }

  /** The task window: the engine's when it reports one, else the lease span. */
  double window() {
    return engineWindow > 0 ? engineWindow : leaseSpan;
  }

  /** Where {@link #window()} comes from. */
  String windowSource() {
    return engineWindow > 0 ? "engine" : "leases";
  }

  /** Units consumed over what the target allowed from the first task's start to the last task's end. */
  double budgetUse() {
    double window = window();
    return window > 0 ? units / (target * window) : Double.NaN;
  }

  /** Units consumed over what the target allowed during the lease span. */
  double leaseBudgetUse() {
    return leaseSpan > 0 ? units / (target * leaseSpan) : Double.NaN;
  }

  double peak5OfTarget() {
    return peak5 / target;
  }

  /** The goals of issue 11 this row missed; empty when it met them all. */
  List<String> missedGoals() {
    List<String> missed = new ArrayList<>();
    if (!measured()) {
      missed.add("not measured");
      return missed;
    }
    if (Math.abs(rateOfTarget() - 1) > 0.05) {
      missed.add(String.format(Locale.ROOT, "rate %.1f%% of target (goal within ±5%%)", rateOfTarget() * 100));
    }
    if (atMostTarget && rateOfTarget() > 1.0) {
      missed.add(String.format(Locale.ROOT, "together %.1f%% of the table (goal <= 100%%)", rateOfTarget() * 100));
    }
    if (peak5OfTarget() > 1.05) {
      missed.add(String.format(Locale.ROOT, "peak 5 s %.1f%% (goal <= 105%%)", peak5OfTarget() * 100));
    }
    if (budgetUse() < 0.90) {
      missed.add(String.format(Locale.ROOT, "budget use %.1f%% (goal >= 90%%)", budgetUse() * 100));
    }
    if (throttled > 0) {
      missed.add(throttled + " throttled (goal 0)");
    }
    return missed;
  }

  /** A file-name-friendly form of the path, for its plot. */
  String slug() {
    return (path + " " + op).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
  }
}
