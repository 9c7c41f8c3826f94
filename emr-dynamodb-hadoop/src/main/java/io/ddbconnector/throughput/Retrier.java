package io.ddbconnector.throughput;

import io.ddbconnector.exceptions.DynamoDBConnectorException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.MalformedURLException;
import java.net.SocketException;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
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
 *
 * <p>Errors that no retry can mend fail at once too: an unknown host, a TLS handshake the server cannot
 * speak (https to a plain-HTTP port), a malformed URL. Their message names {@code dynamodb.endpoint}.
 *
 * <p>The retry window ({@code dynamodb.retry.maxDurationMs}) bounds how long a task goes on without an
 * answer, not just one call: while the backend gives no answer (connection errors, timeouts, 5xx), every
 * call of this retrier counts from the first unanswered attempt. Without that, a task whose backend died
 * failed after about twice its window: the capacity refresher used up one window and the scan that
 * followed it another; a writer's batches queued behind the failing ones each started a window of their
 * own. Any answer (a success or a throttle) ends the outage. An attempt is also given no more than what is
 * left of the window (at least {@link #MIN_ATTEMPT_MS}): the client caps its per-attempt timeout with
 * {@link #attemptTimeLimitMs()}, so a backend that accepts connections and never answers cannot hold the
 * last attempt for the whole {@code dynamodb.client.requestTimeoutMs} past the window.
 */
public final class Retrier {

  /** How a failure is treated. */
  public enum Kind { THROTTLE, TRANSIENT, FATAL }

  /**
   * Least time an attempt is given when the window is (nearly) spent or shorter than this, so that a last
   * try can still succeed (a large page over a slow link). The client's own limit applies when lower.
   */
  public static final long MIN_ATTEMPT_MS = 5_000;
  private static final String ENDPOINT_KEY = "dynamodb.endpoint";
  private static final long NONE = Long.MIN_VALUE;
  /** Time the attempt running on this thread may take; absent outside {@link #call}. */
  private static final ThreadLocal<Long> ATTEMPT_LIMIT_MS = new ThreadLocal<>();

  private final RetryPolicy policy;
  private final ConnectorMetrics metrics;
  private final Ticker ticker;
  private final Sleeper sleeper;

  private final Object outageLock = new Object();
  /** Start of the first unanswered attempt of the current outage, or NONE while the backend answers. */
  private long outageStart = NONE;
  /** End of the latest unanswered attempt. */
  private long lastNoAnswer = NONE;

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
    return call(what, ticker.nanoTime(), op);
  }

  /**
   * Like {@link #call(String, Supplier)}, with the window counted from {@code windowStartNanos} (a
   * {@link #now()} reading) instead of from now: for a request that is one step of a longer retried
   * operation, such as a resend of a batch's unprocessed items.
   */
  public <T> T call(String what, long windowStartNanos, Supplier<T> op) {
    return call(what, windowStartNanos, op, () -> false);
  }

  /**
   * Like {@link #call(String, long, Supplier)}, giving up before a retry once {@code stop} says so: a writer
   * that is stopping after a failure sends nothing more. The exception then says the call was stopped.
   */
  public <T> T call(String what, long windowStartNanos, Supplier<T> op, BooleanSupplier stop) {
    long callStart = Math.min(windowStartNanos, ticker.nanoTime());
    int attempt = 0;
    while (true) {
      attempt++;
      long attemptStart = ticker.nanoTime();
      long leftMs = policy.maxDurationMs() - (attemptStart - windowStart(callStart, attemptStart)) / 1_000_000;
      Long outer = ATTEMPT_LIMIT_MS.get();
      ATTEMPT_LIMIT_MS.set(Math.max(MIN_ATTEMPT_MS, leftMs));
      RuntimeException failure;
      try {
        metrics.request();
        T result = op.get();
        answered();
        return result;
      } catch (RuntimeException e) {
        failure = e;
      } finally {
        if (outer == null) {
          ATTEMPT_LIMIT_MS.remove();
        } else {
          ATTEMPT_LIMIT_MS.set(outer);
        }
      }
      Kind kind = classify(failure);
      if (kind == Kind.FATAL) {
        if (failure instanceof SdkServiceException) {
          answered();
        }
        throw new DynamoDBConnectorException(what + " failed: " + describeFatal(failure), failure);
      }
      long now = ticker.nanoTime();
      if (kind == Kind.THROTTLE) {
        metrics.throttled();
        answered();
      } else {
        noAnswer(attemptStart, now);
      }
      if (stop.getAsBoolean()) {
        throw new DynamoDBConnectorException(what + " was stopped before attempt " + (attempt + 1)
            + " because the task is failing; last attempt: " + describe(failure), failure);
      }
      long windowStart = windowStart(callStart, attemptStart);
      long elapsedMs = (now - windowStart) / 1_000_000;
      if (attempt >= policy.maxAttempts() || elapsedMs >= policy.maxDurationMs()) {
        throw new DynamoDBConnectorException(gaveUp(what, attempt, elapsedMs, (now - callStart) / 1_000_000)
            + ": " + describe(failure), failure);
      }
      backoff(attempt, elapsedMs, what);
    }
  }

  private String gaveUp(String what, int attempts, long elapsedMs, long callMs) {
    StringBuilder b = new StringBuilder(what).append(" failed after ").append(attempts)
        .append(attempts == 1 ? " attempt in " : " attempts in ").append(seconds(callMs)).append(" s");
    if (elapsedMs > callMs + 500) {
      b.append("; requests to DynamoDB have had no answer for ").append(seconds(elapsedMs))
          .append(" s (since an earlier request of this task)");
    }
    b.append(attempts >= policy.maxAttempts() && elapsedMs < policy.maxDurationMs()
        ? "; gave up at the attempt limit" : "; gave up at the end of the retry window of "
            + seconds(policy.maxDurationMs()) + " s");
    return b.append(" (limits: dynamodb.retry.maxAttempts=").append(policy.maxAttempts())
        .append(", dynamodb.retry.maxDurationMs=").append(policy.maxDurationMs()).append(")").toString();
  }

  private static String seconds(long ms) {
    return String.format(Locale.ROOT, "%.1f", ms / 1000.0);
  }

  /** Where the window of a call that started at {@code callStart} begins: earlier if an outage is going on. */
  private long windowStart(long callStart, long now) {
    synchronized (outageLock) {
      if (outageStart != NONE && outageStart < callStart && !outageLapsed(now)) {
        return outageStart;
      }
      return callStart;
    }
  }

  /** The last unanswered attempt was more than a window before {@code now}: what follows is a new outage. */
  private boolean outageLapsed(long now) {
    return now - lastNoAnswer > policy.maxDurationMs() * 1_000_000L;
  }

  private void noAnswer(long attemptStart, long now) {
    synchronized (outageLock) {
      if (outageStart == NONE || outageLapsed(attemptStart)) {
        outageStart = attemptStart;
      }
      lastNoAnswer = Math.max(lastNoAnswer, now);
    }
  }

  private void answered() {
    synchronized (outageLock) {
      outageStart = NONE;
    }
  }

  /**
   * How long the attempt now running on this thread may take so the retry window is kept: what is left of
   * the window, at least {@link #MIN_ATTEMPT_MS}. Empty outside {@link #call}. The client factory caps its
   * per-attempt timeout with it.
   */
  public static OptionalLong attemptTimeLimitMs() {
    Long ms = ATTEMPT_LIMIT_MS.get();
    return ms == null ? OptionalLong.empty() : OptionalLong.of(ms);
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
      if (endpointProblem(e) != null) {
        return Kind.FATAL;
      }
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

  /**
   * Whether a request that failed with {@code e} may still have been applied by the service: a 5xx answer,
   * a connection that broke or timed out after the request could have been sent, an interrupted call. Not
   * for answers that say the request was refused (4xx: throttled, invalid) or for a connection that was
   * never made (refused, unknown host), after which nothing was applied.
   */
  public static boolean outcomeUnknown(Throwable e) {
    if (e instanceof SdkServiceException) {
      return ((SdkServiceException) e).statusCode() >= 500;
    }
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof java.net.ConnectException || c instanceof UnknownHostException
          || c instanceof MalformedURLException || c instanceof URISyntaxException) {
        return false;
      }
      if (c instanceof SSLException && !connectionBroke(c)) {
        return false;
      }
    }
    String m = String.valueOf(e.getMessage());
    return !m.contains("Connection refused");
  }

  /**
   * What is wrong with the endpoint when {@code e} (or a cause) is a failure no retry can mend: an unknown
   * host, a TLS handshake that cannot succeed (a plain-HTTP port, a certificate that does not verify), a
   * malformed URL. Null for anything else, including connection refused, reset and timeouts, which a
   * backend that restarts also causes. A TLS failure underneath which the connection broke is not permanent.
   */
  public static String endpointProblem(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof UnknownHostException) {
        String m = c.getMessage();
        String host = m == null ? "?" : m.contains(": ") ? m.substring(0, m.indexOf(": ")) : m;
        return "unknown host '" + host + "'" + (m != null && m.contains(": ") ? " (" + m.substring(m.indexOf(": ") + 2)
            + ")" : "");
      }
      if (c instanceof SSLException && !connectionBroke(c)) {
        String m = String.valueOf(c.getMessage());
        return "TLS handshake failed (" + m + ")" + (m.contains("Unsupported or unrecognized SSL message")
            ? ": the server does not speak TLS on this port; for a plain-HTTP server write the endpoint with http://"
            : "");
      }
      if (c instanceof MalformedURLException || c instanceof URISyntaxException) {
        return "malformed URL (" + c.getMessage() + ")";
      }
    }
    return null;
  }

  /** The connection broke during a TLS exchange (reset, closed, timed out): transient, not a TLS problem. */
  private static boolean connectionBroke(Throwable ssl) {
    for (Throwable c = ssl.getCause(); c != null; c = c.getCause()) {
      if (c instanceof SocketException || c instanceof EOFException || c instanceof InterruptedIOException) {
        return true;
      }
    }
    String m = String.valueOf(ssl.getMessage());
    return m.contains("Connection reset") || m.contains("Broken pipe") || m.contains("terminated the handshake")
        || m.contains("closed");
  }

  /**
   * The service's message; for an endpoint problem, the message that names {@code dynamodb.endpoint} (the
   * client factory's, which the SDK's own unknown-host note wraps), or a hint naming it for clients not
   * built by the factory.
   */
  private static String describeFatal(Throwable e) {
    String d = describe(e);
    if (endpointProblem(e) == null || d.contains(ENDPOINT_KEY)) {
      return d;
    }
    for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
      if (c instanceof SdkClientException && String.valueOf(c.getMessage()).contains(ENDPOINT_KEY)) {
        return describe(c);
      }
    }
    return d + " (" + endpointProblem(e) + "; check configuration key '" + ENDPOINT_KEY
        + "'; not retried, as retrying cannot help)";
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
