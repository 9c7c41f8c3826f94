package io.ddbconnector.write;

import io.ddbconnector.client.TableMetadata;
import io.ddbconnector.table.TableInfo;
import io.ddbconnector.conf.ConnectorOptions;
import io.ddbconnector.throughput.CapacityRefresher;
import io.ddbconnector.throughput.ConnectorMetrics;
import io.ddbconnector.exceptions.DynamoDBConnectorException;
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
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
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
 * Unprocessed items are resent with backoff until written or the retry limits are reached.
 *
 * <p>When anything fails (a bad item, a batch that the service refused or that ran out of retries) the writer
 * first stops: it sends nothing more, lets the requests already on the wire return (a batch in a retry loop
 * gives up at its next attempt), then counts. The failure it then reports says how many items this attempt
 * had confirmed written, how many were sent without an answer (in doubt: they may be in the table), and
 * which queued ones were never sent; with a {@link WriteLedger}, also the whole job's figures so far and
 * where every in-doubt key is listed. The writer records its attempt in the ledger as it goes (a checkpoint
 * every {@value #CHECKPOINT_MS} ms) and when it ends, failed or not.
 *
 * <p>With a write condition ({@link WriteSettings#condition()}) the items go one by one as PutItem (DeleteItem
 * in delete mode) with the condition, as BatchWriteItem takes none: through the same queue, budget, limiter,
 * retries and failure report, a batch of items being sent one after the other by one of the
 * {@code batchesInFlight} threads. Two writes of one key are then not merged but sent in order. An item the
 * condition refuses ({@code ConditionalCheckFailedException}) is rejected: counted, its first keys logged,
 * not retried, not an error unless {@code dynamodb.write.rejected.fail=true}.
 */
public final class BatchWriter implements Closeable {

  private static final Logger LOG = LoggerFactory.getLogger(BatchWriter.class);
  /** Rejected keys a writer logs; the others are counted. */
  static final int LOGGED_REJECTIONS = 10;

  /** DynamoDB's largest item. */
  public static final long MAX_ITEM_BYTES = ItemSize.MAX_ITEM_BYTES;
  private static final long MAX_BATCH_BYTES = 16L * 1024 * 1024;
  private static final AtomicInteger THREADS = new AtomicInteger();
  /** How often a writer with a ledger records its progress while writing. */
  static final long CHECKPOINT_MS = 2_000;
  /** Longest wait for the requests on the wire when stopping, before they are interrupted (and in doubt). */
  private static final long STOP_WAIT_MS = 60_000;

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
  private final WriteLedger ledger;
  /** Batches sent and not yet settled. */
  private final Set<Batch> inFlightBatches = ConcurrentHashMap.newKeySet();
  private final AtomicLong confirmed = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final List<String> rejectedKeys = Collections.synchronizedList(new ArrayList<>());
  private final WriteCondition condition;
  /** Where rejected items are recorded, or null. */
  private volatile RejectedItems rejects;
  private final List<Map<String, AttributeValue>> inDoubt = Collections.synchronizedList(new ArrayList<>());
  private final List<Map<String, AttributeValue>> notWritten = Collections.synchronizedList(new ArrayList<>());
  /** Set once anything failed: nothing more is sent. */
  private volatile boolean stopping;
  /** The failure as reported to the caller, once counted; every later call throws it again. */
  private DynamoDBConnectorException reported;
  private long lastCheckpointNanos;
  private boolean checkpointed;
  private final Ticker ticker;
  /** Records this attempt if the JVM goes down while it writes (an engine killing the task); null without a ledger. */
  private final Thread shutdownHook;

  private LinkedHashMap<List<AttributeValue>, Pending> batch = new LinkedHashMap<>();
  private long batchBytes;
  private boolean closed;

  private static final class Pending {
    final WriteRequest request;
    final long bytes;
    final Map<String, AttributeValue> key;
    /** The condition's values for this item, when the write has a condition. */
    final Map<String, AttributeValue> conditionValues;

    Pending(WriteRequest request, long bytes, Map<String, AttributeValue> key) {
      this(request, bytes, key, null);
    }

    Pending(WriteRequest request, long bytes, Map<String, AttributeValue> key,
        Map<String, AttributeValue> conditionValues) {
      this.request = request;
      this.bytes = bytes;
      this.key = key;
      this.conditionValues = conditionValues;
    }
  }

  /** One BatchWriteItem's items, from queueing until each is confirmed, in doubt or known not written. */
  private static final class Batch {
    volatile List<Pending> remaining;
    /** An attempt of this batch may have been applied without an answer saying so. */
    volatile boolean doubtful;
    private boolean settled;

    Batch(List<Pending> items) {
      this.remaining = items;
    }
  }

  private final CapacityRefresher refresher;

  /**
   * @param controller the task's rate: its share of the job's write budget; closed with the writer
   */
  public BatchWriter(DynamoDbClient client, WriteSettings settings, TableInfo table, RateController controller,
      Retrier retrier, ConnectorMetrics metrics) {
    this(client, settings, table, controller, retrier, metrics, null, Ticker.SYSTEM);
  }

  /**
   * @param ledger where this attempt's figures are recorded (its task and attempt ids too), or null for none
   * @param ticker the clock of the capacity refresh and of the ledger's checkpoints
   */
  public BatchWriter(DynamoDbClient client, WriteSettings settings, TableInfo table, RateController controller,
      Retrier retrier, ConnectorMetrics metrics, WriteLedger ledger, Ticker ticker) {
    this.ledger = ledger;
    this.ticker = ticker;
    this.client = client;
    this.settings = settings;
    this.condition = settings.condition();
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
    this.shutdownHook = ledger == null ? null : new Thread(this::recordOnShutdown, "dynamodb-write-report");
    if (shutdownHook != null) {
      try {
        Runtime.getRuntime().addShutdownHook(shutdownHook);
      } catch (IllegalStateException shuttingDown) {
        // the JVM is already going down: nothing will be written
      }
    }
    this.refresher = new CapacityRefresher(() -> TableMetadata.describe(client, table.tableName(),
        ConnectorOptions.OUTPUT_TABLE_NAME.name(), target, retrier), settings.budget(), controller.share(),
        ticker, true);
  }

  /** Records the items the condition rejects in {@code rejects} (closed with the writer); null: count them only. */
  public BatchWriter recordRejectedIn(RejectedItems rejects) {
    this.rejects = rejects;
    return this;
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
    Pending p;
    try {
      Map<String, AttributeValue> key = keyOf(item);
      checkValues(key, item);
      long bytes = ItemSize.bytes(item);
      if (bytes > MAX_ITEM_BYTES) {
        throw new DynamoDBConnectorException("Item with key " + DynamoJson.toJson(key) + " for table '"
            + table.tableName() + "' is " + bytes + " bytes; DynamoDB's item limit is " + MAX_ITEM_BYTES + " bytes.");
      }
      p = new Pending(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build(), bytes, key,
          condition == null ? null : condition.values(item, key, table.tableName()));
    } catch (DynamoDBConnectorException e) {
      throw stopAndReport(e);
    }
    add(p);
  }

  public void delete(Map<String, AttributeValue> itemOrKey) {
    checkOpen();
    Map<String, AttributeValue> key;
    Map<String, AttributeValue> values;
    try {
      key = keyOf(itemOrKey);
      checkValues(key, key);
      values = condition == null ? null : condition.values(itemOrKey, key, table.tableName());
    } catch (DynamoDBConnectorException e) {
      throw stopAndReport(e);
    }
    add(new Pending(WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(key).build()).build(),
        ItemSize.bytes(key), key, values));
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
    if (condition != null && batch.containsKey(k)) {
      submit(); // conditional writes of one key are each checked, in order: not merged
    }
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
    Batch b = new Batch(toSend);
    if (failure.get() != null) {
      settle(b);
      rethrow();
    }
    try {
      inFlight.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      settle(b);
      throw stopAndReport(new DynamoDBConnectorException("Interrupted while writing to table '" + table.tableName()
          + "'", e));
    }
    if (failure.get() != null) {
      inFlight.release();
      settle(b);
      rethrow();
    }
    for (List<AttributeValue> k : keys) {
      inFlightKeys.merge(k, 1, Integer::sum);
    }
    inFlightBatches.add(b);
    checkpoint();
    try {
      executor.execute(() -> {
        try {
          send(b);
        } catch (RuntimeException e) {
          fail(e);
        } catch (Error e) {
          fail(new DynamoDBConnectorException("Writing to table '" + table.tableName() + "' failed: " + e, e));
          throw e;
        } finally {
          settle(b);
          for (List<AttributeValue> k : keys) {
            inFlightKeys.computeIfPresent(k, (x, n) -> n == 1 ? null : n - 1);
          }
          inFlight.release();
        }
      });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      settle(b);
      inFlight.release();
      throw stopAndReport(new DynamoDBConnectorException("Writing to table '" + table.tableName()
          + "' was stopped", e));
    }
  }

  private void fail(RuntimeException e) {
    failure.compareAndSet(null, e);
    stopping = true;
  }

  /** Files what is left of a batch that ended (or never started) under in doubt or not written; once. */
  private void settle(Batch b) {
    synchronized (b) {
      if (b.settled) {
        return;
      }
      b.settled = true;
    }
    for (Pending p : b.remaining) {
      (b.doubtful ? inDoubt : notWritten).add(p.key);
    }
    inFlightBatches.remove(b);
  }

  /** Records this attempt's progress in the ledger, at most every {@value #CHECKPOINT_MS} ms. */
  private void checkpoint() {
    if (ledger == null) {
      return;
    }
    long now = ticker.nanoTime();
    if (checkpointed && now - lastCheckpointNanos < CHECKPOINT_MS * 1_000_000L) {
      return;
    }
    checkpointed = true;
    lastCheckpointNanos = now;
    List<String> sent = onTheWire();
    // a checkpoint counts every batch on the wire as in doubt: true if the attempt dies before its next record
    ledger.record(table.tableName(), WriteReport.State.RUNNING, confirmed.get(), null, sent, List.of(),
        rejected.get());
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

  private void send(Batch batch) {
    if (condition != null) {
      sendConditional(batch);
      return;
    }
    String what = "BatchWriteItem to table '" + table.tableName() + "' at " + target;
    long start = retrier.now();
    int round = 0;
    List<Pending> remaining = batch.remaining;
    while (!remaining.isEmpty()) {
      if (stopping) {
        return; // another batch failed: what is left is settled as unsent (or in doubt)
      }
      round++;
      refresher.maybeRefresh();
      double estimate = 0;
      List<WriteRequest> requests = new ArrayList<>(remaining.size());
      for (Pending p : remaining) {
        estimate += Math.max(1, Math.ceil(p.bytes / 1024.0));
        requests.add(p.request);
      }
      controller.acquire(estimate, what);
      Map<String, List<WriteRequest>> items = Collections.singletonMap(table.tableName(), requests);
      // resends of unprocessed items stay within the batch's one retry window
      BatchWriteItemResponse r = retrier.call(what, start, () -> {
        try {
          return client.batchWriteItem(b -> b.requestItems(items).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
        } catch (RuntimeException e) {
          if (Retrier.outcomeUnknown(e)) {
            batch.doubtful = true;
          }
          throw e;
        }
      }, () -> stopping);
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
      confirmed.addAndGet(remaining.size() - next.size());
      remaining = next;
      batch.remaining = next;
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

  /** What one conditional request did: written (with the units the service reported) or rejected. */
  private static final class Outcome {
    final boolean rejected;
    final Double units;

    Outcome(boolean rejected, Double units) {
      this.rejected = rejected;
      this.units = units;
    }
  }

  /** Sends a batch's items one by one with the write condition (PutItem or DeleteItem). */
  private void sendConditional(Batch batch) {
    List<Pending> items = batch.remaining;
    for (int i = 0; i < items.size(); i++) {
      if (stopping) {
        return; // what is left is settled as unsent
      }
      Pending p = items.get(i);
      boolean put = p.request.putRequest() != null;
      String what = (put ? "PutItem" : "DeleteItem") + " of item " + DynamoJson.toJson(p.key) + " in table '"
          + table.tableName() + "' at " + target;
      refresher.maybeRefresh();
      double estimate = Math.max(1, Math.ceil(p.bytes / 1024.0));
      controller.acquire(estimate, what);
      boolean[] doubtful = new boolean[1];
      Outcome o;
      try {
        o = retrier.call(what, retrier.now(), () -> {
          try {
            return new Outcome(false, put ? units(client.putItem(b -> b.tableName(table.tableName())
                .item(p.request.putRequest().item()).conditionExpression(condition.expression())
                .expressionAttributeNames(condition.names().isEmpty() ? null : condition.names())
                .expressionAttributeValues(p.conditionValues.isEmpty() ? null : p.conditionValues)
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).consumedCapacity())
                : units(client.deleteItem(b -> b.tableName(table.tableName()).key(p.key)
                .conditionExpression(condition.expression())
                .expressionAttributeNames(condition.names().isEmpty() ? null : condition.names())
                .expressionAttributeValues(p.conditionValues.isEmpty() ? null : p.conditionValues)
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).consumedCapacity()));
          } catch (ConditionalCheckFailedException refused) {
            return new Outcome(true, null);
          } catch (RuntimeException e) {
            doubtful[0] |= Retrier.outcomeUnknown(e);
            throw e;
          }
        }, () -> stopping);
      } catch (RuntimeException e) {
        if (doubtful[0]) {
          inDoubt.add(p.key);
          batch.remaining = new ArrayList<>(items.subList(i + 1, items.size()));
        } else {
          batch.remaining = new ArrayList<>(items.subList(i, items.size()));
        }
        throw e;
      }
      // a refused write is charged too (by the larger of the stored and the sent item): the estimate is paid
      double units = o.units != null ? o.units : estimate;
      limiter.settle(estimate, units);
      batch.remaining = new ArrayList<>(items.subList(i + 1, items.size()));
      if (o.rejected) {
        metrics.rejected(1, units);
        long n = rejected.incrementAndGet();
        RejectedItems sink = rejects;
        if (sink != null) {
          sink.add(put ? p.request.putRequest().item() : p.key);
        }
        if (settings.failOnRejected()) {
          notWritten.add(p.key);
          throw new DynamoDBConnectorException(what + " was rejected by the write condition '" + condition
              + "' (" + ConnectorOptions.WRITE_REJECTED_FAIL.name() + "=true)"
              + (doubtful[0] ? "; an earlier attempt of this request had no answer and may have written it" : ""));
        }
        if (n <= LOGGED_REJECTIONS) {
          rejectedKeys.add(DynamoJson.toJson(p.key));
          LOG.warn("{} rejected by the write condition '{}'{}{}", what, condition,
              doubtful[0] ? " (an earlier attempt of this request had no answer: it may have been its own write)"
                  : "", n == LOGGED_REJECTIONS ? "; further rejections of this task are counted, not logged" : "");
        }
      } else {
        metrics.written(1, p.bytes, units);
        confirmed.incrementAndGet();
      }
    }
  }

  private static Double units(ConsumedCapacity c) {
    return c == null ? null : c.capacityUnits();
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
    if (e != null || reported != null) {
      throw stopAndReport(e);
    }
  }

  /**
   * Stops the writer after {@code cause} (nothing more is sent; the requests on the wire return or, after
   * {@value #STOP_WAIT_MS} ms, are interrupted), counts, records the attempt as failed and returns the
   * failure to throw: the cause's message with this attempt's and the job's figures. Idempotent: the first
   * failure is the one reported.
   */
  private DynamoDBConnectorException stopAndReport(RuntimeException cause) {
    if (reported != null) {
      // a new instance: try-with-resources adds close()'s failure to the first one as suppressed
      return new DynamoDBConnectorException(reported.getMessage(), reported.getCause());
    }
    fail(cause);
    RuntimeException first = failure.get();
    for (Pending p : batch.values()) {
      notWritten.add(p.key);
    }
    batch = new LinkedHashMap<>();
    batchBytes = 0;
    int permits = settings.batchesInFlight();
    // an interrupted caller (an engine killing the task) still waits for the answers on the wire, briefly
    boolean interrupted = Thread.interrupted();
    boolean quiet;
    try {
      quiet = inFlight.tryAcquire(permits, STOP_WAIT_MS, TimeUnit.MILLISECONDS);
      if (quiet) {
        inFlight.release(permits);
      }
    } catch (InterruptedException e) {
      interrupted = true;
      quiet = false;
    }
    if (!quiet) {
      // requests that would not return: interrupt them; whatever they carried is in doubt
      for (Batch b : inFlightBatches) {
        b.doubtful = true;
      }
      executor.shutdownNow();
      try {
        executor.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      for (Batch b : new ArrayList<>(inFlightBatches)) {
        settle(b);
      }
    }
    String message = first.getMessage() == null ? first.toString() : first.getMessage();
    List<String> doubt = keys(inDoubt);
    List<String> unsent = keys(notWritten);
    StringBuilder b = new StringBuilder(message).append(" [this task attempt: ")
        .append(String.format(Locale.ROOT, "%,d", confirmed.get())).append(" items confirmed written to table '")
        .append(table.tableName()).append("'");
    if (!doubt.isEmpty()) {
      b.append(", ").append(doubt.size()).append(" sent without an answer (in doubt: they may be in the table)");
    }
    if (!unsent.isEmpty()) {
      b.append(", ").append(unsent.size()).append(" queued but not written");
    }
    if (rejected.get() > 0) {
      b.append(String.format(Locale.ROOT, ", %,d rejected by the write condition", rejected.get()));
    }
    b.append("; nothing more was sent");
    if (ledger != null) {
      ledger.record(table.tableName(), WriteReport.State.FAILED, confirmed.get(), message, doubt, unsent,
          rejected.get());
      removeShutdownHook(); // the final record is written
      WriteLedger.Summary job = ledger.summary();
      if (job != null) {
        b.append(". Job-wide so far: ").append(job.describe()).append("; write reports and keys: ")
            .append(job.location());
      }
    } else {
      // no ledger to list them: name them here (the first ones)
      appendKeys(b, ". In doubt: ", doubt);
      appendKeys(b, ". Not written: ", unsent);
    }
    RejectedItems.closeAfterFailure(rejects, b);
    b.append(']');
    reported = new DynamoDBConnectorException(b.toString(), first);
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return reported;
  }

  /** The keys of every batch on the wire, not yet confirmed (DynamoDB JSON). */
  private List<String> onTheWire() {
    List<String> keys = new ArrayList<>();
    for (Batch b : inFlightBatches) {
      for (Pending p : b.remaining) {
        keys.add(DynamoJson.toJson(p.key));
      }
    }
    return keys;
  }

  private static void appendKeys(StringBuilder b, String label, List<String> keys) {
    if (!keys.isEmpty()) {
      b.append(label).append(String.join(", ", keys.subList(0, Math.min(10, keys.size()))))
          .append(keys.size() > 10 ? " and " + (keys.size() - 10) + " more" : "");
    }
  }

  private static List<String> keys(List<Map<String, AttributeValue>> keys) {
    synchronized (keys) {
      List<String> json = new ArrayList<>(keys.size());
      for (Map<String, AttributeValue> k : keys) {
        json.add(DynamoJson.toJson(k));
      }
      return json;
    }
  }

  /**
   * Stops without sending what is still queued, because the caller is failing for a reason of its own (the
   * engine kills the task, an operator upstream failed): waits for the requests on the wire, records the
   * attempt as failed and closes. Returns the failure report; never throws. After a failure of the writer
   * itself, returns that report.
   */
  public String abort(String why) {
    if (closed) {
      return reported == null ? null : reported.getMessage();
    }
    try {
      return stopAndReport(new DynamoDBConnectorException("Writing to table '" + table.tableName()
          + "' was aborted: " + why)).getMessage();
    } finally {
      closed = true;
      removeShutdownHook();
      controller.close();
      executor.shutdownNow();
    }
  }

  /**
   * The JVM is shutting down while this writer is open (YARN kills a task's container with SIGTERM): stop
   * sending and record the attempt without waiting, every batch on the wire counted in doubt.
   */
  private void recordOnShutdown() {
    if (closed || reported != null) {
      return;
    }
    stopping = true;
    List<String> doubt = new ArrayList<>();
    doubt.addAll(onTheWire());
    doubt.addAll(keys(inDoubt));
    List<String> unsent = keys(notWritten);
    try {
      for (Pending p : new ArrayList<>(batch.values())) {
        unsent.add(DynamoJson.toJson(p.key));
      }
    } catch (RuntimeException concurrent) {
      // the task thread was adding to the open batch: those items were not sent either way
    }
    ledger.record(table.tableName(), WriteReport.State.FAILED, confirmed.get(),
        "the JVM shut down while the task was writing (killed by the engine?)", doubt, unsent, rejected.get());
  }

  private void removeShutdownHook() {
    if (shutdownHook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException shuttingDown) {
        // the hook runs, and returns at once as the writer is closed
      }
    }
  }

  /** Items the service has confirmed written by this writer. */
  public long confirmed() {
    return confirmed.get();
  }

  /** Items the write condition refused in this writer. */
  public long rejected() {
    return rejected.get();
  }

  /** The first rejected keys (DynamoDB JSON), up to {@value #LOGGED_REJECTIONS}. */
  public List<String> rejectedKeys() {
    synchronized (rejectedKeys) {
      return List.copyOf(rejectedKeys);
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
      if (ledger != null) {
        ledger.record(table.tableName(), WriteReport.State.SUCCEEDED, confirmed.get(), null, List.of(), List.of(),
            rejected.get());
      }
      if (rejects != null) {
        rejects.close();
      }
      if (condition != null) {
        LOG.info("Conditional write to table '{}' by this task: {} items written, {} rejected by the condition '{}'"
            + "{}{}", table.tableName(), String.format(Locale.ROOT, "%,d", confirmed.get()),
            String.format(Locale.ROOT, "%,d", rejected.get()), condition,
            rejected.get() == 0 ? "" : "; first rejected keys: " + String.join(", ", rejectedKeys()),
            rejects == null || rejected.get() == 0 ? "" : "; rejected items in " + rejects.location());
      }
    } finally {
      closed = true;
      removeShutdownHook();
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
