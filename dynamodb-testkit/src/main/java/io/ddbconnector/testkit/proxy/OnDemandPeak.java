package io.ddbconnector.testkit.proxy;

import java.util.ArrayDeque;

/**
 * The "previous peak" of one direction of an on-demand table. The service serves up to twice the
 * previous peak at once, and traffic <em>sustained</em> at a higher level becomes the new previous peak
 * (after about 30 minutes). Here traffic is counted per whole second; when every second of the last
 * {@code windowSeconds} consumed at least {@code r} units and {@code r} is above the peak, {@code r}
 * becomes the peak. A second without traffic breaks the run; the first second of a run is only partly
 * covered and is not counted.
 */
final class OnDemandPeak {
  private static final long SECOND_NANOS = 1_000_000_000L;

  private final long origin = System.nanoTime();
  private final ArrayDeque<Double> completed = new ArrayDeque<>();
  private double peak;
  private int windowSeconds;
  private long second = -1;
  private double units;
  /** The current second is the first of a run of traffic, so only partly covered: it is not counted. */
  private boolean partial;

  OnDemandPeak(double peak, int windowSeconds) {
    this.peak = peak;
    this.windowSeconds = windowSeconds;
  }

  synchronized double peak() {
    return peak;
  }

  synchronized void setWindowSeconds(int seconds) {
    this.windowSeconds = seconds;
    while (completed.size() > seconds) {
      completed.removeFirst();
    }
  }

  /** Counts consumed units now; returns true if that raised the peak. */
  synchronized boolean record(double consumed) {
    long now = (System.nanoTime() - origin) / SECOND_NANOS;
    boolean raised = false;
    if (now != second) {
      if (second >= 0 && now == second + 1) {
        if (!partial) {
          completed.addLast(units);
          if (completed.size() > windowSeconds) {
            completed.removeFirst();
          }
          raised = ratchet();
        }
        partial = false;
      } else {
        completed.clear(); // the first traffic, or an idle second in between
        partial = true;
      }
      second = now;
      units = 0;
    }
    units += consumed;
    return raised;
  }

  private boolean ratchet() {
    if (completed.size() < windowSeconds) {
      return false;
    }
    double sustained = Double.POSITIVE_INFINITY;
    for (double u : completed) {
      sustained = Math.min(sustained, u);
    }
    if (sustained > peak) {
      peak = sustained;
      return true;
    }
    return false;
  }
}
