package io.ddbconnector.throughput;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Handing a task's share back races with closing the task: a reader's fetch thread releases the share when it
 * stops fetching while the task's thread closes the reader and interrupts that thread. The hand-back must
 * finish uninterrupted (an interrupted request to the coordination table leaves the task's entry to expire,
 * holding back the job's next tasks for the lease), exactly once.
 */
class RateControllerReleaseTest {

  /** A share whose close() blocks until let go, recording whether it ran interrupted. */
  static final class SlowShare implements Share {
    final CountDownLatch closing = new CountDownLatch(1);
    final CountDownLatch letGo = new CountDownLatch(1);
    final AtomicBoolean sawInterrupt = new AtomicBoolean();
    final AtomicInteger closes = new AtomicInteger();

    @Override
    public double rate() {
      return 100;
    }

    @Override
    public void setJobRate(double jobRate) {}

    @Override
    public String describe() {
      return "slow share";
    }

    @Override
    public void close() {
      closes.incrementAndGet();
      closing.countDown();
      try {
        // a request the SDK would abort when the thread is interrupted
        while (!letGo.await(5, TimeUnit.MILLISECONDS)) {
          if (Thread.currentThread().isInterrupted()) {
            sawInterrupt.set(true);
          }
        }
      } catch (InterruptedException e) {
        sawInterrupt.set(true);
      }
    }
  }

  private static RateController controller(Share share) {
    RateController c = new RateController(new RateLimiter(100, 1), new ConnectorMetrics(), Ticker.SYSTEM,
        Sleeper.SYSTEM);
    c.attach(share);
    return c;
  }

  @Test
  void aSecondReleaseWaitsForTheFirstSoTheCloserInterruptsOnlyAfterTheHandBack() throws Exception {
    SlowShare share = new SlowShare();
    RateController c = controller(share);
    Thread fetcher = new Thread(c::release, "fetcher");
    fetcher.start();
    assertTrue(share.closing.await(5, TimeUnit.SECONDS), "the fetch thread is handing the share back");

    AtomicBoolean closerReturned = new AtomicBoolean();
    Thread closer = new Thread(() -> {
      c.close();               // what ScanReader.close() does first...
      closerReturned.set(true);
      fetcher.interrupt();     // ...then it interrupts the fetch thread
    }, "closer");
    closer.start();
    Thread.sleep(200);
    assertFalse(closerReturned.get(), "close() waits while another thread hands the share back");

    share.letGo.countDown();
    closer.join(5_000);
    fetcher.join(5_000);
    assertTrue(closerReturned.get());
    assertFalse(share.sawInterrupt.get(), "the hand-back ran to its end uninterrupted");
    assertEquals(1, share.closes.get(), "handed back once");
  }

  @Test
  void aThreadInterruptedBeforeTheHandBackStillHandsBackAndKeepsItsFlag() throws Exception {
    SlowShare share = new SlowShare();
    share.letGo.countDown();
    RateController c = controller(share);
    AtomicBoolean flagAfter = new AtomicBoolean();
    Thread t = new Thread(() -> {
      Thread.currentThread().interrupt();
      c.release();
      flagAfter.set(Thread.currentThread().isInterrupted());
    });
    t.start();
    t.join(5_000);
    assertFalse(share.sawInterrupt.get(), "the flag is cleared while the share is handed back");
    assertTrue(flagAfter.get(), "and restored after");
    assertEquals(1, share.closes.get());
  }
}
