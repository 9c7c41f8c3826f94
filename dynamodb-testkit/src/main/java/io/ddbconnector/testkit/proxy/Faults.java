package io.ddbconnector.testkit.proxy;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Faults that a {@link ThrottlingProxy} injects into data-plane requests (GetItem, BatchGetItem,
 * Query, Scan, PutItem, UpdateItem, DeleteItem, BatchWriteItem). An immutable value built fluently:
 *
 * <pre>{@code
 * Faults.none().throttleRate(0.2).serverErrorRate(0.05).connectionResetRate(0.02)
 *     .latency(Duration.ofMillis(1), Duration.ofMillis(5)).seed(42)
 * }</pre>
 *
 * <p>For each data-plane request one uniform draw decides between an injected throttle, an injected
 * server error, an injected connection reset or none of them, so the three rates add up to at most 1.
 * Latency and the partial batch are decided by draws of their own.
 */
public final class Faults {

  /** The kinds of injected fault, as counted by {@link ThrottlingProxy#injectedFaults(Kind)}. */
  public enum Kind {
    /** Answered HTTP 400 {@code ProvisionedThroughputExceededException} without forwarding. */
    THROTTLE,
    /** Answered HTTP 500 {@code InternalServerError} without forwarding. */
    SERVER_ERROR,
    /** The client connection was reset (TCP RST) without any response. */
    CONNECTION_RESET,
    /** Only part of a batch was forwarded; the rest came back as UnprocessedItems/UnprocessedKeys. */
    PARTIAL_BATCH,
    /** A write was forwarded and applied, then its answer was replaced by HTTP 500 {@code InternalServerError}. */
    SERVER_ERROR_AFTER_WRITE
  }

  private static final Faults NONE = new Faults(0, 0, 0, 0, 0, Duration.ZERO, Duration.ZERO, null);

  private final double throttleRate;
  private final double serverErrorRate;
  private final double connectionResetRate;
  private final double batchPartialRate;
  private final double serverErrorAfterWriteRate;
  private final Duration latencyMin;
  private final Duration latencyMax;
  private final Long seed;

  private Faults(double throttleRate, double serverErrorRate, double connectionResetRate,
      double batchPartialRate, double serverErrorAfterWriteRate, Duration latencyMin, Duration latencyMax, Long seed) {
    this.throttleRate = throttleRate;
    this.serverErrorRate = serverErrorRate;
    this.connectionResetRate = connectionResetRate;
    this.batchPartialRate = batchPartialRate;
    this.serverErrorAfterWriteRate = serverErrorAfterWriteRate;
    this.latencyMin = latencyMin;
    this.latencyMax = latencyMax;
    this.seed = seed;
    if (throttleRate + serverErrorRate + connectionResetRate > 1.0 + 1e-9) {
      throw new IllegalArgumentException("throttleRate + serverErrorRate + connectionResetRate must not exceed 1, was "
          + (throttleRate + serverErrorRate + connectionResetRate));
    }
  }

  /** No faults at all (the default of a proxy). */
  public static Faults none() {
    return NONE;
  }

  /** Probability that a data-plane request is answered with {@code ProvisionedThroughputExceededException}. */
  public Faults throttleRate(double rate) {
    return new Faults(rate(rate), serverErrorRate, connectionResetRate, batchPartialRate, serverErrorAfterWriteRate,
        latencyMin, latencyMax, seed);
  }

  /** Probability that a data-plane request is answered with HTTP 500 {@code InternalServerError}. */
  public Faults serverErrorRate(double rate) {
    return new Faults(throttleRate, rate(rate), connectionResetRate, batchPartialRate, serverErrorAfterWriteRate,
        latencyMin, latencyMax, seed);
  }

  /** Probability that the connection is reset instead of answering a data-plane request. */
  public Faults connectionResetRate(double rate) {
    return new Faults(throttleRate, serverErrorRate, rate(rate), batchPartialRate, serverErrorAfterWriteRate,
        latencyMin, latencyMax, seed);
  }

  /**
   * Probability that a BatchWriteItem (or BatchGetItem) of two or more requests is only partly
   * forwarded: a random non-empty, proper subset goes to the backend and the rest is returned as
   * {@code UnprocessedItems} ({@code UnprocessedKeys}), as the service does when it partly throttles a batch.
   */
  public Faults batchPartialRate(double rate) {
    return new Faults(throttleRate, serverErrorRate, connectionResetRate, rate(rate), serverErrorAfterWriteRate,
        latencyMin, latencyMax, seed);
  }

  /**
   * Probability that a write (PutItem, UpdateItem, DeleteItem, BatchWriteItem) that passed is forwarded
   * and applied by the backend, and its answer then replaced by HTTP 500 {@code InternalServerError}:
   * the client sees a failure for a write that happened (as after a service-side timeout), and retries
   * it. Drawn on its own, after the write, only when this rate is above 0.
   */
  public Faults serverErrorAfterWriteRate(double rate) {
    return new Faults(throttleRate, serverErrorRate, connectionResetRate, batchPartialRate, rate(rate), latencyMin,
        latencyMax, seed);
  }

  /** Adds a uniformly random delay in [min, max] before each data-plane request is handled. */
  public Faults latency(Duration min, Duration max) {
    Objects.requireNonNull(min, "min");
    Objects.requireNonNull(max, "max");
    if (min.isNegative() || max.compareTo(min) < 0) {
      throw new IllegalArgumentException("need 0 <= min <= max, got " + min + ", " + max);
    }
    return new Faults(throttleRate, serverErrorRate, connectionResetRate, batchPartialRate, serverErrorAfterWriteRate,
        min, max, seed);
  }

  /** Seeds the random draws, so that a single-threaded client sees the same fault sequence on every run. */
  public Faults seed(long seed) {
    return new Faults(throttleRate, serverErrorRate, connectionResetRate, batchPartialRate, serverErrorAfterWriteRate,
        latencyMin, latencyMax, seed);
  }

  public double throttleRate() {
    return throttleRate;
  }

  public double serverErrorRate() {
    return serverErrorRate;
  }

  public double connectionResetRate() {
    return connectionResetRate;
  }

  public double batchPartialRate() {
    return batchPartialRate;
  }

  public double serverErrorAfterWriteRate() {
    return serverErrorAfterWriteRate;
  }

  public Duration latencyMin() {
    return latencyMin;
  }

  public Duration latencyMax() {
    return latencyMax;
  }

  public OptionalLong seed() {
    return seed == null ? OptionalLong.empty() : OptionalLong.of(seed);
  }

  /** True when no fault and no latency is configured. */
  public boolean isNone() {
    return throttleRate == 0 && serverErrorRate == 0 && connectionResetRate == 0 && batchPartialRate == 0
        && serverErrorAfterWriteRate == 0 && latencyMax.isZero();
  }

  private static double rate(double r) {
    if (!(r >= 0.0 && r <= 1.0)) {
      throw new IllegalArgumentException("a rate must be within [0, 1], was " + r);
    }
    return r;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Faults)) {
      return false;
    }
    Faults f = (Faults) o;
    return throttleRate == f.throttleRate && serverErrorRate == f.serverErrorRate
        && connectionResetRate == f.connectionResetRate && batchPartialRate == f.batchPartialRate
        && serverErrorAfterWriteRate == f.serverErrorAfterWriteRate
        && latencyMin.equals(f.latencyMin) && latencyMax.equals(f.latencyMax) && Objects.equals(seed, f.seed);
  }

  @Override
  public int hashCode() {
    return Objects.hash(throttleRate, serverErrorRate, connectionResetRate, batchPartialRate, serverErrorAfterWriteRate,
        latencyMin, latencyMax, seed);
  }

  @Override
  public String toString() {
    return "Faults{throttle=" + throttleRate + ", serverError=" + serverErrorRate + ", reset=" + connectionResetRate
        + ", batchPartial=" + batchPartialRate + ", errorAfterWrite=" + serverErrorAfterWriteRate
        + ", latency=[" + latencyMin + ", " + latencyMax + "]"
        + (seed == null ? "" : ", seed=" + seed) + "}";
  }
}
