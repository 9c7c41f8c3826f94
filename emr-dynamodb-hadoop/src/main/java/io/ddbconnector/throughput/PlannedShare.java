package io.ddbconnector.throughput;

import java.util.Locale;

/** The job's rate divided by a task count known up front; it never changes with the tasks running. */
public final class PlannedShare implements Share {

  private final int divisor;
  private final String why;
  private final Listener listener;
  private volatile double jobRate;

  public PlannedShare(double jobRate, int divisor, String why, Listener listener) {
    this.jobRate = jobRate;
    this.divisor = Math.max(1, divisor);
    this.why = why;
    this.listener = listener;
    listener.rateChanged(rate());
  }

  @Override
  public double rate() {
    return jobRate / divisor;
  }

  @Override
  public void setJobRate(double jobRate) {
    this.jobRate = jobRate;
    listener.rateChanged(rate());
  }

  @Override
  public String describe() {
    return String.format(Locale.ROOT, "planned share: %.1f/s for the job / %d tasks (%s) = %.2f/s per task",
        jobRate, divisor, why, rate());
  }

  @Override
  public void close() {
    // nothing to give back
  }
}
