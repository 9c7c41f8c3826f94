package io.ddbconnector.samples;

import io.ddbconnector.conf.ConnectorOptions;
import io.ddbconnector.conf.Settings;
import io.ddbconnector.core.DynamoDBConnector;
import io.ddbconnector.samples.common.Progress;
import io.ddbconnector.throughput.ConnectorMetrics;
import io.ddbconnector.write.BatchWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Loads the generated orders into a table through the connector's writer: several threads each take
 * chunks of order numbers, generate them and write them with their own {@link BatchWriter} (which keeps
 * several BatchWriteItem requests in flight and stays within the job's share of the table's capacity).
 */
public final class OrderLoader {

  private static final int CHUNK = 500;

  private OrderLoader() {}

  /** Writes orders {@code 0 .. count-1} of data set {@code seed}; returns the number written. */
  public static long load(Settings base, String table, long count, long seed, int threads, Progress progress) {
    Settings settings = base.with(ConnectorOptions.OUTPUT_TABLE_NAME.name(), table);
    ConnectorMetrics metrics = new ConnectorMetrics();
    AtomicLong next = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "order-loader");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        workers.add(pool.submit(() -> {
          try (BatchWriter writer = DynamoDBConnector.openWriter(settings, threads, metrics)) {
            long from;
            while ((from = next.getAndAdd(CHUNK)) < count) {
              long to = Math.min(count, from + CHUNK);
              long unreported = 0;
              for (long i = from; i < to; i++) {
                writer.put(Orders.order(seed, i));
                if (++unreported == 100) {
                  progress.add(unreported);
                  unreported = 0;
                }
              }
              progress.add(unreported);
            }
          }
          return null;
        }));
      }
      for (Future<?> w : workers) {
        w.get();
      }
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof RuntimeException ? (RuntimeException) cause
          : new IllegalStateException("loading table '" + table + "' failed: " + cause, cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while loading table '" + table + "'", e);
    } finally {
      pool.shutdownNow();
    }
    return metrics.itemsWritten();
  }
}
