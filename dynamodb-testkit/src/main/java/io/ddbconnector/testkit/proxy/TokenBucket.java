package io.ddbconnector.testkit.proxy;

/**
 * A token bucket that may go into debt, as the service meters: a request is let in while the level is
 * above zero, and its cost, known only from the response, is taken afterwards, so the level can go
 * negative and the refill repays the debt before anything else is let in. It holds at most
 * {@code rate × burstSeconds} and starts full; an infinite rate never refuses anything.
 */
final class TokenBucket {
  private double rate;
  private double burstSeconds;
  private double tokens;
  private long last;

  TokenBucket(double rate, double burstSeconds) {
    this.rate = rate;
    this.burstSeconds = burstSeconds;
    this.tokens = capacity();
    this.last = System.nanoTime();
  }

  private double capacity() {
    return rate * burstSeconds;
  }

  /** Changes the rate (NaN: keep) and the burst; the level is kept, capped at the new burst. */
  synchronized void configure(double newRate, double newBurstSeconds) {
    refill(System.nanoTime());
    if (!Double.isNaN(newRate)) {
      rate = newRate;
    }
    burstSeconds = newBurstSeconds;
    tokens = Math.min(tokens, capacity());
    if (rate == Double.POSITIVE_INFINITY) {
      tokens = Double.POSITIVE_INFINITY;
    }
  }

  synchronized double rate() {
    return rate;
  }

  synchronized boolean available() {
    if (rate == Double.POSITIVE_INFINITY) {
      return true;
    }
    refill(System.nanoTime());
    return tokens > 0;
  }

  synchronized void consume(double units) {
    if (rate == Double.POSITIVE_INFINITY) {
      return;
    }
    refill(System.nanoTime());
    tokens -= units;
  }

  synchronized double level() {
    refill(System.nanoTime());
    return tokens;
  }

  private void refill(long now) {
    long elapsed = now - last;
    last = now;
    if (rate == Double.POSITIVE_INFINITY) {
      tokens = Double.POSITIVE_INFINITY;
    } else if (elapsed > 0) {
      tokens = Math.min(capacity(), tokens + rate * (elapsed / 1e9));
    }
  }
}
