package io.ddbconnector.throughput;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RateLimiterTest {

  @Test
  void longRunRateEqualsTargetWhenRequestsCostMoreThanEstimated() throws Exception {
    FakeTime t = new FakeTime();
    RateLimiter l = new RateLimiter(100, 1.0, t, t);
    double spent = 0;
    for (int i = 0; i < 1000; i++) {
      l.acquire(2);
      l.settle(2, 7); // the service reports more than estimated
      spent += 7;
    }
    // the last request may be unpaid; everything else was paid at 100 units/s
    double elapsed = t.seconds();
    assertEquals(100.0, (spent - 7) / elapsed, 0.5, "achieved rate");
  }

  @Test
  void startsEmptySoShortJobsAreLimitedToo() throws Exception {
    FakeTime t = new FakeTime();
    RateLimiter l = new RateLimiter(10, 5.0, t, t);
    l.acquire(10); // first request goes at once
    assertEquals(0.0, t.seconds(), 1e-9);
    l.acquire(10); // the second waits until the first is paid back
    assertEquals(1.0, t.seconds(), 1e-6);
  }

  @Test
  void idleTimeSavesAtMostTheBurst() throws Exception {
    FakeTime t = new FakeTime();
    RateLimiter l = new RateLimiter(10, 1.0, t, t);
    t.advanceMillis(60_000);
    assertEquals(10.0, l.balance(), 1e-9);
    for (int i = 0; i < 11; i++) {
      l.acquire(1);
    }
    assertEquals(0.0, t.seconds() - 60, 1e-9, "10 saved units plus one free request");
    l.acquire(1);
    assertEquals(0.1, t.seconds() - 60, 1e-6);
  }

  @Test
  void refundWhenCheaperThanEstimated() throws Exception {
    FakeTime t = new FakeTime();
    RateLimiter l = new RateLimiter(10, 1.0, t, t);
    l.acquire(10);
    l.settle(10, 1);
    l.acquire(1);
    assertEquals(0.1, t.seconds(), 1e-6);
  }

  @Test
  void rateChangeAppliesToWaiting() throws Exception {
    FakeTime t = new FakeTime();
    RateLimiter l = new RateLimiter(10, 1.0, t, t);
    l.acquire(20);
    l.setRate(40);
    l.acquire(1);
    assertEquals(0.5, t.seconds(), 1e-6);
    assertEquals(40.0, l.rate());
    assertThrows(IllegalArgumentException.class, () -> l.setRate(0));
  }

  @Test
  void concurrentCallersShareOneRate() throws Exception {
    RateLimiter l = new RateLimiter(2000, 0.05);
    long start = System.nanoTime();
    Thread[] threads = new Thread[4];
    for (int i = 0; i < threads.length; i++) {
      threads[i] = new Thread(() -> {
        try {
          for (int j = 0; j < 100; j++) {
            l.acquire(2);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      threads[i].start();
    }
    for (Thread th : threads) {
      th.join();
    }
    double secs = (System.nanoTime() - start) / 1e9;
    // 800 units at 2000/s need at least ~0.4 s whatever the thread count
    assertTrue(secs >= 0.38, "took " + secs + " s");
  }
}
