package io.ddbconnector.write;

import io.ddbconnector.client.TableInfo;
import io.ddbconnector.conf.ConnectorOptions;
import io.ddbconnector.throughput.CapacityRefresher;
import io.ddbconnector.throughput.ConnectorMetrics;
import io.ddbconnector.throughput.DynamoDBConnectorException;
import io.ddbconnector.throughput.RateController;
import io.ddbconnector.throughput.RateLimiter;
import io.ddbconnector.throughput.Retrier;
import io.ddbconnector.throughput.Ticker;
import io.ddbconnector.types.DynamoJson;
import io.ddbconnector.types.ItemSize;
import java.io.Closeable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Writes items with BatchWriteItem, keeping up to {@code dynamodb.write.batchesInFlight} batches in
 * flight. Items are checked before they are queued (key attributes present and of the table's type, size
 * within 400 KB), so a bad item fails the task with its key named, before anything around it is lost.
 * Two writes of one key in a batch are merged (the later wins), as the service rejects such a batch.
 * Unprocessed items are resent with backoff until written or the retry limits are reached; a failure is
 * reported by the next call and by {@link #close()}, with how many items were written.
 */
public final class BatchWriter implements Closeable {

  /** DynamoDB's largest item. */
  public static final long MAX_ITEM_BYTES = ItemSize.MAX_ITEM_BYTES;
  private static final long MAX_BATCH_BYTES = 16L * 1024 * 1024;
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final DynamoDbClient client;
  private final WriteSettings settings;
  private final TableInfo table;
  private final RateLimiter limiter;
  private final RateController controller;
  private final Retrier retrier;
  private final ConnectorMetrics metrics;
  private final Semaphore inFlight;
  private final ExecutorService executor;
  private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
  private final Map<List<AttributeValue>, Integer> inFlightKeys = new java.util.concurrent.ConcurrentHashMap<>();
  private final String target;

  private LinkedHashMap<List<AttributeValue>, Pending> batch = new LinkedHashMap<>();
  private long batchBytes;
  private boolean closed;

  private static final class Pending {
    final WriteRequest request;
    final long bytes;
    final Map<String, AttributeValue> key;

    Pending(WriteRequest request, long bytes, Map<String, AttributeValue> key) {
      this.request = request;
      this.bytes = bytes;
      this.key = key;
    }
  }

  private final CapacityRefresher refresher;

  /**
   * @param controller the task's rate: its share of the job's write budget; closed with the writer
   */
  public BatchWriter(DynamoDbClient client, WriteSettings settings, TableInfo table, RateController controller,
      Retrier retrier, ConnectorMetrics metrics) {
    this.client = client;
    this.settings = settings;
    this.table = table;
    this.controller = controller;
    this.limiter = controller.limiter();
    this.retrier = retrier;
    this.metrics = metrics;
    this.inFlight = new Semaphore(settings.batchesInFlight());
    this.executor = Executors.newFixedThreadPool(settings.batchesInFlight(), r -> {
      Thread t = new Thread(r, "dynamodb-write-" + table.tableName() + "-" + THREADS.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    this.target = settings.client().describeTarget();
    this.refresher = new CapacityRefresher(client, table.tableName(), ConnectorOptions.OUTPUT_TABLE_NAME.name(),
        target, settings.budget(), controller.share(), retrier, Ticker.SYSTEM, true);
  }

  /** Queues a write of {@code item} (a put, or a delete of its key in delete mode). */
  public void write(Map<String, AttributeValue> item) {
    if (settings.mode() == WriteSettings.Mode.DELETE) {
      delete(item);
    } else {
      put(item);
    }
  }

  public void put(Map<String, AttributeValue> item) {
    checkOpen();
    Map<String, AttributeValue> key = keyOf(item);
    checkValues(key, item);
    long bytes = ItemSize.bytes(item);
    if (bytes > MAX_ITEM_BYTES) {
      throw new DynamoDBConnectorException("Item with key " + DynamoJson.toJson(key) + " for table '"
          + table.tableName() + "' is " + bytes + " bytes; DynamoDB's item limit is " + MAX_ITEM_BYTES + " bytes.");
    }
    add(new Pending(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build(), bytes, key));
  }

  public void delete(Map<String, AttributeValue> itemOrKey) {
    checkOpen();
    Map<String, AttributeValue> key = keyOf(itemOrKey);
    checkValues(key, key);
    add(new Pending(WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(key).build()).build(),
        ItemSize.bytes(key), key));
  }

  private Map<String, AttributeValue> keyOf(Map<String, AttributeValue> item) {
    String problem = ItemChecks.keyProblem(item, table.keys());
    if (problem != null) {
      throw new DynamoDBConnectorException("Item for table '" + table.tableName() + "' " + problem + "; item: "
          + abbreviate(item));
    }
    return ItemChecks.key(item, table.keys());
  }

  /** Refuses what the service would refuse in {@code values} with a message naming neither key nor attribute. */
  private void checkValues(Map<String, AttributeValue> key, Map<String, AttributeValue> values) {
    String problem = ItemChecks.valueProblem(values);
    if (problem != null) {
      throw new DynamoDBConnectorException("Item with key " + DynamoJson.toJson(key) + " for table '"
          + table.tableName() + "' " + problem + ".");
    }
  }

  private static String abbreviate(Map<String, AttributeValue> item) {
    String json = DynamoJson.toJson(item);
    return json.length() > 300 ? json.substring(0, 300) + "...(" + json.length() + " chars)" : json;
  }

  private void add(Pending p) {
    List<AttributeValue> k = ItemChecks.identity(p.key);
    if (batchBytes + p.bytes > MAX_BATCH_BYTES && !batch.containsKey(k)) {
      submit();
    }
    Pending old = batch.put(k, p);
    batchBytes += p.bytes - (old == null ? 0 : old.bytes);
    if (batch.size() >= settings.batchSize()) {
      submit();
    }
  }

  private void submit() {
    if (batch.isEmpty()) {
      return;
    }
    List<List<AttributeValue>> keys = new ArrayList<>(batch.keySet());
    List<Pending> toSend = new ArrayList<>(batch.values());
    batch = new LinkedHashMap<>();
    batchBytes = 0;
    // A key still being written by an earlier batch in flight: let that batch land first, so writes
    // of one key reach the table in the order they were given.
    for (List<AttributeValue> k : keys) {
      if (inFlightKeys.containsKey(k)) {
        awaitInFlight();
        break;
      }
    }
    rethrow();
    try {
      inFlight.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DynamoDBConnectorException("Interrupted while writing to table '" + table.tableName() + "'", e);
    }
    for (List<AttributeValue> k : keys) {
      inFlightKeys.merge(k, 1, Integer::sum);
    }
    executor.execute(() -> {
      try {
        send(toSend);
      } catch (RuntimeException e) {
        failure.compareAndSet(null, e);
      } catch (Error e) {
        failure.compareAndSet(null, new DynamoDBConnectorException("Writing to table '" + table.tableName()
            + "' failed: " + e, e));
        throw e;
      } finally {
        for (List<AttributeValue> k : keys) {
          inFlightKeys.computeIfPresent(k, (x, n) -> n == 1 ? null : n - 1);
        }
        inFlight.release();
      }
    });
  }

  private void awaitInFlight() {
    int permits = settings.batchesInFlight();
    try {
      inFlight.acquire(permits);
      inFlight.release(permits);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DynamoDBConnectorException("Interrupted while writing to table '" + table.tableName() + "'", e);
    }
  }

  private void send(List<Pending> pending) {
    String what = "BatchWriteItem to table '" + table.tableName() + "' at " + target;
    long start = retrier.now();
    int round = 0;
    List<Pending> remaining = pending;
    while (!remaining.isEmpty()) {
      round++;
      refresher.maybeRefresh();
      double estimate = 0;
      List<WriteRequest> requests = new ArrayList<>(remaining.size());
      for (Pending p : remaining) {
        estimate += Math.max(1, Math.ceil(p.bytes / 1024.0));
        requests.add(p.request);
      }
      try {
        controller.beforeRequest();
        metrics.waited(limiter.acquire(estimate));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DynamoDBConnectorException(what + " was interrupted", e);
      }
      Map<String, List<WriteRequest>> items = Collections.singletonMap(table.tableName(), requests);
      // resends of unprocessed items stay within the batch's one retry window
      BatchWriteItemResponse r = retrier.call(what, start, () -> client.batchWriteItem(b -> b.requestItems(items)
          .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)));
      List<WriteRequest> unprocessed = r.hasUnprocessedItems() && r.unprocessedItems().containsKey(table.tableName())
          ? r.unprocessedItems().get(table.tableName()) : Collections.emptyList();
      List<Pending> next = new ArrayList<>();
      if (!unprocessed.isEmpty()) {
        java.util.Set<WriteRequest> left = new java.util.HashSet<>(unprocessed);
        for (Pending p : remaining) {
          if (left.contains(p.request)) {
            next.add(p);
          }
        }
        if (next.size() != unprocessed.size()) {
          // the service rebuilt the requests; resend exactly what it returned
          next.clear();
          for (WriteRequest w : unprocessed) {
            next.add(new Pending(w, ItemSize.bytes(w.putRequest() != null ? w.putRequest().item()
                : w.deleteRequest().key()), Collections.emptyMap()));
          }
        }
      }
      long writtenBytes = 0;
      for (Pending p : remaining) {
        writtenBytes += p.bytes;
      }
      for (Pending p : next) {
        writtenBytes -= p.bytes;
      }
      double units = consumed(r, estimate, remaining.size() - next.size(), writtenBytes);
      limiter.settle(estimate, units);
      metrics.written(remaining.size() - next.size(), writtenBytes, units);
      remaining = next;
      if (!remaining.isEmpty()) {
        metrics.throttled();
        long elapsed = retrier.elapsedMsSince(start);
        if (round >= settings.retry().maxAttempts() || elapsed >= settings.retry().maxDurationMs()) {
          throw new DynamoDBConnectorException(what + ": " + remaining.size() + " items still unprocessed after "
              + round + " attempts in " + elapsed + " ms (dynamodb.retry.maxAttempts=" + settings.retry().maxAttempts()
              + ", dynamodb.retry.maxDurationMs=" + settings.retry().maxDurationMs() + ");"
              + " first unwritten key: " + DynamoJson.toJson(remaining.get(0).key));
        }
        retrier.backoff(round, elapsed, what);
      }
    }
  }

  private double consumed(BatchWriteItemResponse r, double estimate, int written, long writtenBytes) {
    if (r.hasConsumedCapacity()) {
      double sum = 0;
      boolean any = false;
      for (ConsumedCapacity c : r.consumedCapacity()) {
        if (c.capacityUnits() != null && table.tableName().equals(c.tableName())) {
          sum += c.capacityUnits();
          any = true;
        }
      }
      if (any) {
        return sum;
      }
    }
    return written == 0 ? 0 : Math.max(written, Math.ceil(writtenBytes / 1024.0));
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("writer for table '" + table.tableName() + "' is closed");
    }
    rethrow();
  }

  private void rethrow() {
    RuntimeException e = failure.get();
    if (e != null) {
      throw new DynamoDBConnectorException(e.getMessage() + " [" + metrics.itemsWritten()
          + " items of this task were written before the failure]", e);
    }
  }

  /** Sends the open batch and waits until every batch in flight is written (or failed). */
  public void flush() {
    submit();
    awaitInFlight();
    rethrow();
  }

  public RateLimiter limiter() {
    return limiter;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    try {
      flush();
    } finally {
      closed = true;
      controller.close();
      executor.shutdown();
      try {
        executor.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
