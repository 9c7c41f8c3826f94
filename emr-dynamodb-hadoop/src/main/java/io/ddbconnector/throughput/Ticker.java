package io.ddbconnector.throughput;

/** A source of monotonic time, injected so the rate limiter and retries can be tested without sleeping. */
@FunctionalInterface
public interface Ticker {
  Ticker SYSTEM = System::nanoTime;

  long nanoTime();
}
