package io.ddbconnector.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntFunction;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The reference: what a careful user writes with the plain AWS SDK v2 and no connector. A parallel
 * scan with one thread per segment, and BatchWriteItem of 25 items from N threads that resends
 * UnprocessedItems.
 */
final class RawSdk {

  private RawSdk() {}

  /**
   * Scans the table with {@code segments} threads; returns the number of items seen. With
   * {@code consumedCapacity} each page also asks for ReturnConsumedCapacity=TOTAL, as the connector does
   * (it paces itself by it): a like-for-like reference on a backend where that costs server time.
   */
  static long parallelScan(DynamoDbClient client, String table, int segments, boolean consumedCapacity) {
    ReturnConsumedCapacity rcc = consumedCapacity ? ReturnConsumedCapacity.TOTAL : null;
    return inParallel(segments, segment -> {
      long count = 0;
      Map<String, AttributeValue> start = null;
      do {
        Map<String, AttributeValue> from = start;
        ScanResponse r = client.scan(b -> b.tableName(table).segment(segment).totalSegments(segments)
            .exclusiveStartKey(from).returnConsumedCapacity(rcc));
        for (Map<String, AttributeValue> item : r.items()) {
          if (item.isEmpty()) {
            throw new IllegalStateException("empty item");
          }
          count++;
        }
        start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
      } while (start != null);
      return count;
    });
  }

  /** Items counted by a parallel scan with {@code Select=COUNT}, one thread per segment (no items returned). */
  static long parallelCount(DynamoDbClient client, String table, int segments) {
    return inParallel(segments, segment -> {
      long n = 0;
      Map<String, AttributeValue> start = null;
      do {
        Map<String, AttributeValue> from = start;
        ScanResponse r = client.scan(b -> b.tableName(table).segment(segment).totalSegments(segments)
            .select(Select.COUNT).exclusiveStartKey(from));
        n += r.count();
        start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
      } while (start != null);
      return n;
    });
  }

  /**
   * Writes {@code count} typical items ({@link Items#typical} with {@code prefix}) from {@code threads}
   * threads, 25 per BatchWriteItem, resending UnprocessedItems with a short jittered backoff; with
   * {@code consumedCapacity} each request asks for ReturnConsumedCapacity=TOTAL, as the connector's do.
   */
  static long batchWrite(DynamoDbClient client, String table, int threads, long count, String prefix,
      boolean consumedCapacity) {
    ReturnConsumedCapacity rcc = consumedCapacity ? ReturnConsumedCapacity.TOTAL : null;
    return inParallel(threads, t -> {
      long from = count * t / threads;
      long to = count * (t + 1) / threads;
      long written = 0;
      List<WriteRequest> batch = new ArrayList<>(25);
      for (long i = from; i < to; i++) {
        batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(Items.typical(prefix, i)).build())
            .build());
        if (batch.size() == 25 || i == to - 1) {
          written += send(client, table, batch, rcc);
          batch = new ArrayList<>(25);
        }
      }
      return written;
    });
  }

  static long send(DynamoDbClient client, String table, List<WriteRequest> batch,
      ReturnConsumedCapacity rcc) {
    List<WriteRequest> pending = batch;
    int attempt = 0;
    while (true) {
      Map<String, List<WriteRequest>> items = Map.of(table, pending);
      BatchWriteItemResponse r = client.batchWriteItem(b -> b.requestItems(items).returnConsumedCapacity(rcc));
      List<WriteRequest> left = r.hasUnprocessedItems() ? r.unprocessedItems().getOrDefault(table, List.of())
          : List.of();
      if (left.isEmpty()) {
        return batch.size();
      }
      pending = left;
      attempt++;
      try {
        Thread.sleep(ThreadLocalRandom.current().nextLong(1, 1 + Math.min(1000, 25L << attempt)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
  }

  /** Runs {@code work(0..n-1)} on n threads and sums the results; the first failure is rethrown. */
  static long inParallel(int n, IntFunction<Long> work) {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      List<Future<Long>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int index = i;
        futures.add(pool.submit(() -> work.apply(index)));
      }
      long sum = 0;
      for (Future<Long> f : futures) {
        sum += f.get();
      }
      return sum;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } finally {
      pool.shutdownNow();
    }
  }
}
