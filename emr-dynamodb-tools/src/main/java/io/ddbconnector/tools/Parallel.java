package io.ddbconnector.tools;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a command's workers on their own threads and fails fast: the first failure sets the shared
 * {@code stop} flag (workers check it between items), every worker is waited for — so their writers have
 * stopped (closed, or aborted once the flag is set: {@link WriteRun#write}) and the figures of what was
 * written are final — and the first failure is rethrown.
 */
final class Parallel {

  private Parallel() {}

  static void run(String name, List<Callable<Void>> workers, AtomicBoolean stop) {
    AtomicInteger n = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, workers.size()), r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    List<Future<Void>> futures = new ArrayList<>();
    for (Callable<Void> w : workers) {
      futures.add(pool.submit(() -> {
        try {
          return w.call();
        } catch (Throwable t) {
          stop.set(true);
          throw t;
        }
      }));
    }
    Throwable first = null;
    try {
      for (Future<Void> f : futures) {
        try {
          f.get();
        } catch (ExecutionException e) {
          if (first == null) {
            first = e.getCause();
          } else if (first != e.getCause()) {
            first.addSuppressed(e.getCause());
          }
        }
      }
    } catch (InterruptedException e) {
      stop.set(true);
      Thread.currentThread().interrupt();
      first = e;
    } finally {
      pool.shutdownNow();
    }
    if (first instanceof RuntimeException) {
      throw (RuntimeException) first;
    } else if (first instanceof Error) {
      throw (Error) first;
    } else if (first != null) {
      throw new ToolException(first.toString(), first);
    }
  }
}
