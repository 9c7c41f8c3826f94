package io.ddbconnector.throughput;

/** A clock that only moves when something sleeps on it: deterministic rate-limiter tests. */
public final class FakeTime implements Ticker, Sleeper {
  private long now = 1_000_000_000L;
  private long slept;

  @Override
  public synchronized long nanoTime() {
    return now;
  }

  @Override
  public synchronized void sleepNanos(long nanos) {
    now += nanos;
    slept += nanos;
  }

  public synchronized void advanceMillis(long ms) {
    now += ms * 1_000_000L;
  }

  public synchronized double seconds() {
    return (now - 1_000_000_000L) / 1e9;
  }
}
