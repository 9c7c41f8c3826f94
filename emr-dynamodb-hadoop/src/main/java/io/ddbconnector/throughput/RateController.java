package io.ddbconnector.throughput;

import io.ddbconnector.exceptions.DynamoDBConnectorException;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one task's {@link RateLimiter}: its rate is the task's {@link Share} of the job's budget times a
 * back-off factor. When the service throttles the task although it stays within its share (other traffic
 * on the table), the factor halves (at most every 250 ms, down to 1/32); each second without a
 * throttle it recovers by 1/10 of the share, never above the share.
 */
public final class RateController implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RateController.class);
  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
  private static final long DECREASE_GAP = TimeUnit.MILLISECONDS.toNanos(250);
  private static final double MIN_FACTOR = 1.0 / 32;
  private static final long WAIT_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
  private static final long MAX_SETTLE_NANOS = TimeUnit.SECONDS.toNanos(5);

  private final RateLimiter limiter;
  private final ConnectorMetrics metrics;
  private final Ticker ticker;
  private final Sleeper sleeper;
  private volatile double share;
  private double factor = 1;
  private long seenThrottles;
  private long lastDecrease;
  private long lastIncrease;
  private volatile Share handle;
  private volatile boolean closed;
  private boolean released;
  /** Counted down once the share is handed back, so a second caller of {@link #release} waits for the first. */
  private final java.util.concurrent.CountDownLatch handedBack = new java.util.concurrent.CountDownLatch(1);
  /** How long a second caller of {@link #release} waits for the first one's hand-back (settle + one request). */
  private static final long MAX_HAND_BACK_WAIT_MS = 30_000;

  public RateController(RateLimiter limiter, ConnectorMetrics metrics, Ticker ticker, Sleeper sleeper) {
    this.limiter = limiter;
    this.metrics = metrics;
    this.ticker = ticker;
    this.sleeper = sleeper;
    this.share = limiter.rate();
    long now = ticker.nanoTime();
    this.lastDecrease = now - SECOND;
    this.lastIncrease = now;
  }

  /** The listener to give {@link Shares#open}: a new share moves the limiter. */
  public Share.Listener listener() {
    return rate -> {
      synchronized (this) {
        share = rate;
        apply();
      }
    };
  }

  /** The share this controller follows; closed with it. */
  public void attach(Share s) {
    this.handle = s;
  }

  public Share share() {
    return handle;
  }

  public RateLimiter limiter() {
    return limiter;
  }

  /**
   * Waits for the task's turn ({@link #beforeRequest}) and for {@code units} from the limiter, counting the wait;
   * an interruption is reported as {@code what} "was interrupted" (the thread's flag set again).
   */
  public void acquire(double units, String what) {
    try {
      beforeRequest();
      metrics.waited(limiter.acquire(units));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DynamoDBConnectorException(what + " was interrupted", e);
    }
  }

  /**
   * Called before each request: waits while the task's share is 0 (a new task waits for the others to
   * give some back), and backs off or recovers after throttling.
   */
  public void beforeRequest() throws InterruptedException {
    while (limiter.rate() <= 0 && !closed) {
      sleeper.sleepNanos(WAIT_SLICE_NANOS);
    }
    synchronized (this) {
      long now = ticker.nanoTime();
      long throttles = metrics.throttleEvents();
      if (throttles > seenThrottles) {
        seenThrottles = throttles;
        if (now - lastDecrease >= DECREASE_GAP && factor > MIN_FACTOR) {
          factor = Math.max(MIN_FACTOR, factor / 2);
          lastDecrease = now;
          lastIncrease = now;
          metrics.backedOff();
          apply();
          if (LOG.isDebugEnabled()) {
            LOG.debug(String.format(Locale.ROOT, "throttled within budget: rate down to %.0f%% of the share",
                factor * 100));
          }
        }
      } else if (factor < 1 && now - lastIncrease >= SECOND) {
        factor = Math.min(1, factor + 0.1);
        lastIncrease = now;
        apply();
      }
    }
  }

  /** The fraction of its share the task allows itself now (1 unless the service throttled it). */
  public synchronized double factor() {
    return factor;
  }

  private void apply() {
    limiter.setRate(Math.max(0, share * factor));
  }

  /**
   * Gives the task's share back to the job (also done by {@link #close}), once the task has paid what it
   * still owes for its last requests (at most a few tenths of a second): a share handed on with a debt
   * would let the job spend that debt twice. A caller that finds another thread handing the share back waits
   * until it is done (so that, e.g., a reader closing its fetch thread does not interrupt the hand-back and
   * leave the task's entry to expire). The hand-back itself runs with the thread's interrupt flag cleared
   * (and restored after): an interrupted request would leave the entry in the coordination table until its
   * lease runs out, holding back the job's other tasks.
   */
  public void release() {
    Share s;
    boolean first;
    synchronized (this) {
      s = handle;
      if (s == null) {
        return;
      }
      first = !released;
      released = true;
    }
    if (!first) {
      try {
        handedBack.await(MAX_HAND_BACK_WAIT_MS, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return;
    }
    try {
      long deadline = ticker.nanoTime() + MAX_SETTLE_NANOS;
      double owed;
      while ((owed = -limiter.balance()) > 0 && limiter.rate() > 0 && ticker.nanoTime() < deadline) {
        sleeper.sleepNanos(Math.min(WAIT_SLICE_NANOS, (long) Math.ceil(owed / limiter.rate() * 1e9)));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      boolean interrupted = Thread.interrupted();
      try {
        s.close();
      } finally {
        handedBack.countDown();
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    release();
  }
}
