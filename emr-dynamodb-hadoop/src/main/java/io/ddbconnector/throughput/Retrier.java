package io.ddbconnector.throughput;

import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.RequestLimitExceededException;

/**
 * Runs one request, retrying only named transient failures (throttling, 5xx, connection errors) with
 * exponential backoff and full jitter until the policy's attempt or time limit; anything else fails at
 * once. Failures carry the service's message and what was being done (table, segment, key).
 */
public final class Retrier {

  /** How a failure is treated. */
  public enum Kind { THROTTLE, TRANSIENT, FATAL }

  private final RetryPolicy policy;
  private final ConnectorMetrics metrics;
  private final Ticker ticker;
  private final Sleeper sleeper;

  public Retrier(RetryPolicy policy, ConnectorMetrics metrics, Ticker ticker, Sleeper sleeper) {
    this.policy = policy;
    this.metrics = metrics;
    this.ticker = ticker;
    this.sleeper = sleeper;
  }

  public Retrier(RetryPolicy policy, ConnectorMetrics metrics) {
    this(policy, metrics, Ticker.SYSTEM, Sleeper.SYSTEM);
  }

  public RetryPolicy policy() {
    return policy;
  }

  /**
   * Calls {@code op} until it succeeds or fails for good.
   *
   * @param what what the request does, for error messages, e.g. "Scan of table 'orders' (segment 3 of 8)"
   */
  public <T> T call(String what, Supplier<T> op) {
    long start = ticker.nanoTime();
    int attempt = 0;
    while (true) {
      attempt++;
      try {
        metrics.request();
        return op.get();
      } catch (RuntimeException e) {
        Kind kind = classify(e);
        if (kind == Kind.FATAL) {
          throw new DynamoDBConnectorException(what + " failed: " + describe(e), e);
        }
        if (kind == Kind.THROTTLE) {
          metrics.throttled();
        }
        long elapsedMs = (ticker.nanoTime() - start) / 1_000_000;
        if (attempt >= policy.maxAttempts() || elapsedMs >= policy.maxDurationMs()) {
          throw new DynamoDBConnectorException(what + " failed after " + attempt + " attempts in "
              + String.format(Locale.ROOT, "%.1f", elapsedMs / 1000.0) + " s (limits: "
              + "dynamodb.retry.maxAttempts=" + policy.maxAttempts() + ", dynamodb.retry.maxDurationMs="
              + policy.maxDurationMs() + "): " + describe(e), e);
        }
        backoff(attempt, elapsedMs, what);
      }
    }
  }

  /** Sleeps the jittered backoff before the next attempt (also used between resends of unprocessed items). */
  public void backoff(int attempt, long elapsedMs, String what) {
    long ceiling = policy.backoffCeilingMs(attempt);
    long remaining = Math.max(0, policy.maxDurationMs() - elapsedMs);
    long delayMs = Math.min(remaining, ThreadLocalRandom.current().nextLong(ceiling + 1));
    metrics.retried();
    try {
      sleeper.sleepNanos(delayMs * 1_000_000L);
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw new DynamoDBConnectorException(what + " was interrupted while backing off", ie);
    }
  }

  public long elapsedMsSince(long startNanos) {
    return (ticker.nanoTime() - startNanos) / 1_000_000;
  }

  public long now() {
    return ticker.nanoTime();
  }

  /** Which failures are worth retrying. */
  public static Kind classify(Throwable e) {
    if (e instanceof ProvisionedThroughputExceededException || e instanceof RequestLimitExceededException) {
      return Kind.THROTTLE;
    }
    if (e instanceof DynamoDbException || e instanceof SdkServiceException) {
      SdkServiceException se = (SdkServiceException) e;
      String code = e instanceof DynamoDbException && ((DynamoDbException) e).awsErrorDetails() != null
          ? ((DynamoDbException) e).awsErrorDetails().errorCode() : null;
      if (code != null && (code.contains("Throttling") || code.contains("RequestLimitExceeded")
          || code.contains("ProvisionedThroughputExceeded") || code.equals("TooManyRequestsException"))) {
        return Kind.THROTTLE;
      }
      if (se.statusCode() >= 500 || se.isThrottlingException()) {
        return se.isThrottlingException() ? Kind.THROTTLE : Kind.TRANSIENT;
      }
      return Kind.FATAL;
    }
    if (e instanceof ApiCallAttemptTimeoutException) {
      return Kind.TRANSIENT;
    }
    if (e instanceof SdkClientException) {
      for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
        if (c instanceof IOException) {
          return Kind.TRANSIENT;
        }
      }
      String m = String.valueOf(e.getMessage());
      if (m.contains("Unable to execute HTTP request") || m.contains("Connection reset")) {
        return Kind.TRANSIENT;
      }
    }
    return Kind.FATAL;
  }

  static String describe(Throwable e) {
    if (e instanceof DynamoDbException && ((DynamoDbException) e).awsErrorDetails() != null) {
      DynamoDbException d = (DynamoDbException) e;
      String msg = d.awsErrorDetails().errorMessage();
      return d.awsErrorDetails().errorCode() + ": " + (msg != null ? msg : d.getMessage())
          + " (HTTP " + d.statusCode() + ")";
    }
    if (e instanceof SdkException) {
      return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
    return e.toString();
  }
}
