package io.ddbconnector.throughput;

import java.util.concurrent.TimeUnit;

/** Waits; injected together with {@link Ticker} so tests can advance a fake clock instead. */
@FunctionalInterface
public interface Sleeper {
  Sleeper SYSTEM = nanos -> {
    if (nanos > 0) {
      TimeUnit.NANOSECONDS.sleep(nanos);
    }
  };

  void sleepNanos(long nanos) throws InterruptedException;
}
