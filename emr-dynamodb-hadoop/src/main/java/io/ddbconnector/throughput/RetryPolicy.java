package io.ddbconnector.throughput;

import io.ddbconnector.conf.ConnectorOptions;
import io.ddbconnector.conf.Settings;
import java.io.Serializable;

/** Limits of retrying one request: attempts, total time, backoff. Immutable. */
public final class RetryPolicy implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int maxAttempts;
  private final long maxDurationMs;
  private final long baseDelayMs;
  private final long maxDelayMs;

  public RetryPolicy(int maxAttempts, long maxDurationMs, long baseDelayMs, long maxDelayMs) {
    this.maxAttempts = maxAttempts;
    this.maxDurationMs = maxDurationMs;
    this.baseDelayMs = baseDelayMs;
    this.maxDelayMs = maxDelayMs;
  }

  public static RetryPolicy from(Settings s) {
    return new RetryPolicy(s.get(ConnectorOptions.RETRY_MAX_ATTEMPTS), s.get(ConnectorOptions.RETRY_MAX_DURATION_MS),
        s.get(ConnectorOptions.RETRY_BASE_DELAY_MS), s.get(ConnectorOptions.RETRY_MAX_DELAY_MS));
  }

  public int maxAttempts() { return maxAttempts; }
  public long maxDurationMs() { return maxDurationMs; }
  public long baseDelayMs() { return baseDelayMs; }
  public long maxDelayMs() { return maxDelayMs; }

  /** Upper bound of the backoff before attempt {@code attempt + 1} (full jitter draws below it). */
  public long backoffCeilingMs(int attempt) {
    double d = baseDelayMs * Math.pow(2, Math.min(attempt - 1, 30));
    return (long) Math.min(d, maxDelayMs);
  }

  @Override
  public String toString() {
    return "RetryPolicy{maxAttempts=" + maxAttempts + ", maxDurationMs=" + maxDurationMs + ", baseDelayMs="
        + baseDelayMs + ", maxDelayMs=" + maxDelayMs + "}";
  }
}
