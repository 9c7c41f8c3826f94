package io.ddbconnector.throughput;

/**
 * The one rate limiter of the connector: a token bucket of capacity units that may go into debt.
 *
 * <p>DynamoDB tells what a request cost only after it ran, so a caller {@link #acquire acquires} an
 * estimate before sending and {@link #settle settles} the difference when the response's
 * ConsumedCapacity arrives. A caller may send only while the balance is not negative; whatever it
 * overdraws is paid back before the next request goes out. Over any stretch of time the units spent
 * therefore equal {@code rate × time} plus at most one request and the saved-up burst.
 *
 * <p>A new limiter starts with an empty bucket (no start-up burst: short jobs are throttled like long
 * ones), saves nothing before its first request, pays for each request before sending it, and never
 * saves more than {@code burstSeconds} of its rate while idle.
 */
public final class RateLimiter {

  private static final double NANOS = 1e9;
  private static final long MAX_SLICE_NANOS = 100_000_000L;

  private final Ticker ticker;
  private final Sleeper sleeper;
  private final double burstSeconds;
  private double rate;
  private double balance;
  private long last;
  private long waitedNanos;
  private boolean started;

  public RateLimiter(double unitsPerSecond, double burstSeconds, Ticker ticker, Sleeper sleeper) {
    if (!(unitsPerSecond >= 0) || Double.isInfinite(unitsPerSecond)) {
      throw new IllegalArgumentException("rate must be >= 0, was " + unitsPerSecond);
    }
    this.rate = unitsPerSecond;
    this.burstSeconds = burstSeconds;
    this.ticker = ticker;
    this.sleeper = sleeper;
    this.last = ticker.nanoTime();
  }

  public RateLimiter(double unitsPerSecond, double burstSeconds) {
    this(unitsPerSecond, burstSeconds, Ticker.SYSTEM, Sleeper.SYSTEM);
  }

  /**
   * Waits until sending is allowed, then books {@code estimate} units. A request is paid for before it
   * goes out (up to one burst's worth; the rest becomes debt), so a new task's first request waits too:
   * no task starts above its rate. Waits in slices of at most 100 ms so a changed rate (the task's
   * share moved) takes effect at once; a rate of 0 waits until it is raised. Returns the nanoseconds waited.
   */
  public long acquire(double estimate) throws InterruptedException {
    long waited = 0;
    synchronized (this) {
      if (!started) {
        // a task that opened its reader or writer long before its first request (a writer waiting for
        // its first rows) saves nothing meanwhile
        started = true;
        last = ticker.nanoTime();
      }
    }
    while (true) {
      long sleep;
      synchronized (this) {
        refill();
        double need = Math.min(estimate, rate * burstSeconds);
        if (rate > 0 && balance >= need) {
          balance -= estimate;
          waitedNanos += waited;
          return waited;
        }
        sleep = rate > 0 ? (long) Math.ceil((need - balance) / rate * NANOS) : MAX_SLICE_NANOS;
        sleep = Math.max(1, Math.min(sleep, MAX_SLICE_NANOS));
      }
      sleeper.sleepNanos(sleep);
      waited += sleep;
    }
  }

  /** Books the difference between what a request really consumed and what was acquired for it. */
  public synchronized void settle(double estimated, double actual) {
    refill();
    balance -= actual - estimated;
  }

  /**
   * Changes the rate (the task's share or the table's capacity changed); 0 pauses. A debt carries over;
   * savings are cut to one burst of the new rate.
   */
  public synchronized void setRate(double unitsPerSecond) {
    if (!(unitsPerSecond >= 0) || Double.isInfinite(unitsPerSecond)) {
      throw new IllegalArgumentException("rate must be >= 0, was " + unitsPerSecond);
    }
    refill();
    rate = unitsPerSecond;
    balance = Math.min(balance, rate * burstSeconds);
  }

  public synchronized double rate() {
    return rate;
  }

  /** Units available now (negative while in debt). */
  public synchronized double balance() {
    refill();
    return balance;
  }

  public synchronized long totalWaitNanos() {
    return waitedNanos;
  }

  private void refill() {
    long now = ticker.nanoTime();
    if (!started) {
      last = now;
      return;
    }
    long elapsed = now - last;
    if (elapsed > 0) {
      balance = Math.min(balance + elapsed / NANOS * rate, rate * burstSeconds);
      last = now;
    }
  }
}
