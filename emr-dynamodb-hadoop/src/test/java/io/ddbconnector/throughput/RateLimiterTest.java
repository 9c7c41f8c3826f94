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
  void startsEmptyAndPaysBeforeSendingSoNoTaskStartsAboveItsRate() throws Exception {
    FakeTime t = new FakeTime();
    RateLimiter l = new RateLimiter(10, 5.0, t, t);
    l.acquire(10); // the first request waits until it is paid for
    assertEquals(1.0, t.seconds(), 1e-6);
    l.acquire(10);
    assertEquals(2.0, t.seconds(), 1e-6);
  }

  @Test
  void idleTimeSavesAtMostTheBurst() throws Exception {
    FakeTime t = new FakeTime();
    RateLimiter l = new RateLimiter(10, 1.0, t, t);
    l.acquire(1);
    double start = t.seconds();
    t.advanceMillis(60_000);
    assertEquals(10.0, l.balance(), 1e-9);
    for (int i = 0; i < 10; i++) {
      l.acquire(1);
    }
    assertEquals(60.0, t.seconds() - start, 1e-9, "10 saved units go at once");
    l.acquire(1);
    assertEquals(60.1, t.seconds() - start, 1e-6);
  }

  @Test
  void savesNothingBeforeItsFirstRequest() throws Exception {
    FakeTime t = new FakeTime();
    RateLimiter l = new RateLimiter(10, 1.0, t, t);
    t.advanceMillis(60_000); // a writer opened long before its first rows
    assertEquals(0.0, l.balance(), 1e-9);
    l.acquire(5);
    assertEquals(60.5, t.seconds(), 1e-6, "its first request is paid for at its rate");
  }

  @Test
  void requestDearerThanOneBurstPaysOneBurstThenOwesTheRest() throws Exception {
    FakeTime t = new FakeTime();
    RateLimiter l = new RateLimiter(10, 1.0, t, t);
    l.acquire(30); // waits for one burst (10 units), the other 20 become debt
    assertEquals(1.0, t.seconds(), 1e-6);
    l.acquire(1); // the debt and the next unit are paid first
    assertEquals(3.1, t.seconds(), 1e-6);
  }

  @Test
  void refundWhenCheaperThanEstimated() throws Exception {
    FakeTime t = new FakeTime();
    RateLimiter l = new RateLimiter(10, 1.0, t, t);
    l.acquire(10);
    assertEquals(1.0, t.seconds(), 1e-6);
    l.settle(10, 1);
    l.acquire(1); // 9 units came back
    assertEquals(1.0, t.seconds(), 1e-6);
  }

  @Test
  void rateChangeAppliesToWaiting() throws Exception {
    FakeTime t = new FakeTime();
    RateLimiter l = new RateLimiter(10, 1.0, t, t);
    l.acquire(20); // one burst paid (1 s), 10 owed
    l.setRate(40);
    l.acquire(1);
    assertEquals(1.0 + 11.0 / 40, t.seconds(), 1e-6);
    assertEquals(40.0, l.rate());
    assertThrows(IllegalArgumentException.class, () -> l.setRate(-1));
  }

  @Test
  void zeroRateWaitsUntilRaised() throws Exception {
    RateLimiter l = new RateLimiter(0, 1.0);
    Thread raiser = new Thread(() -> {
      try {
        Thread.sleep(300);
      } catch (InterruptedException e) {
        return;
      }
      l.setRate(1000);
    });
    long start = System.nanoTime();
    raiser.start();
    l.acquire(1);
    double secs = (System.nanoTime() - start) / 1e9;
    raiser.join();
    assertTrue(secs >= 0.29, "a paused limiter let a request through after " + secs + " s");
    assertTrue(secs < 5, "raising the rate did not wake the waiting request (" + secs + " s)");
  }

  @Test
  void savingsAreCutWhenTheRateDrops() throws Exception {
    FakeTime t = new FakeTime();
    RateLimiter l = new RateLimiter(100, 1.0, t, t);
    l.acquire(1);
    t.advanceMillis(10_000);
    assertEquals(100.0, l.balance(), 1e-9);
    l.setRate(10);
    assertEquals(10.0, l.balance(), 1e-9, "a lower share must not keep the old share's savings");
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
