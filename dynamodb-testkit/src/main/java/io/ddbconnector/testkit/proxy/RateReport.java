package io.ddbconnector.testkit.proxy;

import java.util.Locale;
import java.util.SortedMap;

/**
 * What a job did to one table as the proxy measured it, from its per-second consumption: the job-wide
 * rate from the first to the last second with traffic, the busiest sliding 5-second window (start-up
 * included), and the throttles. Used by the tests (with tolerances honest for a loaded 2-core machine)
 * and by the rate benchmark (with the precise figures).
 */
public final class RateReport {

  private final double total;
  private final long seconds;
  private final double peak5;
  private final long throttled;
  private final double target;
  private double rate = Double.NaN;
  private double span;

  private RateReport(double total, long seconds, double peak5, long throttled, double target) {
    this.total = total;
    this.seconds = seconds;
    this.peak5 = peak5;
    this.throttled = throttled;
    this.target = target;
  }

  /** The report of {@code table}'s reads or writes through {@code proxy}, against a job-wide target rate. */
  public static RateReport of(ThrottlingProxy proxy, String table, boolean write, double target) {
    RateReport r = of(proxy.consumedPerSecond(table, write), proxy.throttled(table), target);
    r.rate = proxy.meteredRate(table, write);
    r.span = proxy.meteredSeconds(table, write);
    return r;
  }

  public static RateReport of(SortedMap<Long, Double> perSecond, long throttled, double target) {
    if (perSecond.isEmpty()) {
      return new RateReport(0, 0, 0, throttled, target);
    }
    long first = perSecond.firstKey();
    long last = perSecond.lastKey();
    double total = 0;
    for (double v : perSecond.values()) {
      total += v;
    }
    double peak = 0;
    for (long start = first - 4; start <= last; start++) {
      double sum = 0;
      for (double v : perSecond.subMap(start, start + 5).values()) {
        sum += v;
      }
      peak = Math.max(peak, sum / 5);
    }
    return new RateReport(total, last - first + 1, peak, throttled, target);
  }

  /** Units consumed in all. */
  public double total() { return total; }
  /** Seconds from the first to the last second with traffic (both counted whole). */
  public long seconds() { return seconds; }
  /**
   * Job-wide rate: from the proxy, units between the job's first and last response over that time; from
   * per-second figures alone, units over the whole seconds with traffic (a lower bound).
   */
  public double rate() {
    if (!Double.isNaN(rate)) {
      return rate;
    }
    return seconds == 0 ? 0 : total / seconds;
  }
  /** The job-wide rate as a fraction of the target (the budget used). */
  public double budgetUse() { return target <= 0 ? 0 : rate() / target; }
  /** The busiest 5 consecutive seconds' mean rate. */
  public double peak5() { return peak5; }
  public double peak5OfTarget() { return target <= 0 ? 0 : peak5 / target; }
  public long throttled() { return throttled; }
  public double target() { return target; }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "target %.1f/s, measured %.2f/s over %.1f s (%.0f%% of target), peak 5 s"
        + " %.2f/s (%.0f%%), %.1f units, %d throttled", target, rate(), Double.isNaN(rate) ? seconds : span,
        budgetUse() * 100, peak5, peak5OfTarget() * 100, total, throttled);
  }
}
