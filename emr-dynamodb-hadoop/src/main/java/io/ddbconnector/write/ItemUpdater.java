package io.ddbconnector.write;

import io.ddbconnector.client.DynamoDBClientFactory;
import io.ddbconnector.table.TableInfo;
import io.ddbconnector.conf.Settings;
import io.ddbconnector.throughput.ConnectorMetrics;
import io.ddbconnector.exceptions.DynamoDBConnectorException;
import io.ddbconnector.throughput.RateController;
import io.ddbconnector.throughput.RateLimiter;
import io.ddbconnector.throughput.Retrier;
import io.ddbconnector.throughput.Sleeper;
import io.ddbconnector.throughput.Ticker;
import io.ddbconnector.types.DynamoJson;
import io.ddbconnector.types.ItemSize;
import java.io.Closeable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * Changes some attributes of items with UpdateItem ({@code SET} the given values, {@code REMOVE} the given
 * names), creating an item that does not exist yet, as UpdateItem does. The other attributes of an
 * existing item are kept, which BatchWriteItem's puts cannot do.
 *
 * <p>Same guarantees as {@link BatchWriter}: keys and values are checked ({@link ItemChecks}) before
 * anything is sent; every request is paid through the task's {@link RateLimiter} with the units the service
 * reports and retried by the {@link Retrier}; up to {@code dynamodb.write.batchesInFlight} requests are in
 * flight. Updates of one key always go through the same lane, so they apply in the order given.
 *
 * <p>A failure (a refused value, an update that ran out of retries) stops the updater as it stops the
 * {@link BatchWriter}: nothing queued is sent any more, the updates on the wire return, then the failure is
 * reported by the call that meets it, the next call and {@link #close()}, with what this attempt confirmed,
 * left in doubt and did not send, and recorded in the job's {@link WriteLedger} when there is one.
 *
 * <p>With a write condition ({@link WriteSettings#condition()}) each UpdateItem carries it; the item its
 * {@code :item.<attribute>} placeholders refer to is the key with the values set. An update the condition
 * refuses is rejected: counted, its first keys logged, not retried, not an error unless
 * {@code dynamodb.write.rejected.fail=true}.
 */
public final class ItemUpdater implements Closeable {

  private static final Logger LOG = LoggerFactory.getLogger(ItemUpdater.class);

  private static final int QUEUED_PER_LANE = 8;
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final DynamoDbClient client;
  private final TableInfo table;
  private final RateLimiter limiter;
  private final RateController controller;
  private final Retrier retrier;
  private final ConnectorMetrics metrics;
  private final ExecutorService[] lanes;
  private final Semaphore[] queued;
  private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
  private final String target;
  private final WriteLedger ledger;
  private final java.util.concurrent.atomic.AtomicLong confirmed = new java.util.concurrent.atomic.AtomicLong();
  private final java.util.concurrent.atomic.AtomicLong notSent = new java.util.concurrent.atomic.AtomicLong();
  private final List<String> inDoubt = java.util.Collections.synchronizedList(new ArrayList<>());
  private final List<String> refused = java.util.Collections.synchronizedList(new ArrayList<>());
  private final WriteCondition condition;
  private volatile RejectedItems rejects;
  private final boolean failOnRejected;
  private final java.util.concurrent.atomic.AtomicLong rejected = new java.util.concurrent.atomic.AtomicLong();
  private volatile boolean stopping;
  private DynamoDBConnectorException reported;
  private boolean closed;

  /** @param controller the task's share of the job's write budget; closed with the updater */
  public ItemUpdater(DynamoDbClient client, WriteSettings settings, TableInfo table, RateController controller,
      Retrier retrier, ConnectorMetrics metrics) {
    this(client, settings, table, controller, retrier, metrics, null);
  }


  /** @param ledger where this attempt's figures are recorded, or null for none */
  public ItemUpdater(DynamoDbClient client, WriteSettings settings, TableInfo table, RateController controller,
      Retrier retrier, ConnectorMetrics metrics, WriteLedger ledger) {
    this.ledger = ledger;
    this.client = client;
    this.table = table;
    this.controller = controller;
    this.limiter = controller.limiter();
    this.retrier = retrier;
    this.metrics = metrics;
    this.target = settings.client().describeTarget();
    this.condition = settings.condition();
    this.failOnRejected = settings.failOnRejected();
    if (condition != null) {
      for (String p : condition.names().keySet()) {
        checkOwnPlaceholder(p, "#u", io.ddbconnector.conf.ConnectorOptions.WRITE_CONDITION_NAMES.name());
      }
      for (String p : condition.valuePlaceholders()) {
        checkOwnPlaceholder(p, ":u", io.ddbconnector.conf.ConnectorOptions.WRITE_CONDITION_VALUES.name());
      }
    }
    int n = settings.batchesInFlight();
    this.lanes = new ExecutorService[n];
    this.queued = new Semaphore[n];
    for (int i = 0; i < n; i++) {
      lanes[i] = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "dynamodb-update-" + table.tableName() + "-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
      });
      queued[i] = new Semaphore(QUEUED_PER_LANE);
    }
  }

  /** Records the updates the condition rejects (key and values set) in {@code rejects}, closed with the updater. */
  public ItemUpdater recordRejectedIn(RejectedItems rejects) {
    this.rejects = rejects;
    return this;
  }

  private static void checkOwnPlaceholder(String placeholder, String prefix, String key) {
    if (placeholder.matches(java.util.regex.Pattern.quote(prefix) + "[0-9]+")) {
      throw new IllegalArgumentException("Configuration key '" + key + "': placeholder '" + placeholder
          + "' is one the updates use (" + prefix + "0, " + prefix + "1, ...); choose another name.");
    }
  }

  /**
   * Queues an update of the item whose key attributes are in {@code key}: {@code set} attributes are set
   * (a null value is skipped), {@code remove} attributes removed. Neither may name a key attribute.
   */
  public void update(Map<String, AttributeValue> key, Map<String, AttributeValue> set, Collection<String> remove) {
    checkOpen();
    UpdateItemRequest request;
    Map<String, AttributeValue> k;
    long[] size = new long[1];
    try {
      k = checkedKey(key);
      request = request(k, set, remove, size);
    } catch (DynamoDBConnectorException e) {
      throw stopAndReport(e);
    }
    submit(request, k, size[0]);
  }

  private UpdateItemRequest request(Map<String, AttributeValue> k, Map<String, AttributeValue> set,
      Collection<String> remove, long[] size) {
    checkValue(k, ItemChecks.valueProblem(k));
    Map<String, String> names = new LinkedHashMap<>();
    Map<String, AttributeValue> values = new LinkedHashMap<>();
    List<String> sets = new ArrayList<>();
    List<String> removes = new ArrayList<>();
    long bytes = ItemSize.bytes(k);
    for (Map.Entry<String, AttributeValue> e : set.entrySet()) {
      if (e.getValue() == null) {
        continue;
      }
      checkNotKey(e.getKey(), k);
      checkValue(k, ItemChecks.valueProblem(e.getKey(), e.getValue()));
      String n = "#u" + names.size();
      String v = ":u" + values.size();
      names.put(n, e.getKey());
      values.put(v, e.getValue());
      sets.add(n + " = " + v);
      bytes += ItemSize.bytes(Map.of(e.getKey(), e.getValue()));
    }
    for (String r : remove) {
      checkNotKey(r, k);
      String n = "#u" + names.size();
      names.put(n, r);
      removes.add(n);
    }
    if (bytes > ItemSize.MAX_ITEM_BYTES) {
      throw new DynamoDBConnectorException("Update of item " + DynamoJson.toJson(k) + " in table '"
          + table.tableName() + "' sets " + bytes + " bytes; DynamoDB's item limit is " + ItemSize.MAX_ITEM_BYTES
          + " bytes.");
    }
    StringBuilder expression = new StringBuilder();
    if (!sets.isEmpty()) {
      expression.append("SET ").append(String.join(", ", sets));
    }
    if (!removes.isEmpty()) {
      expression.append(expression.length() > 0 ? " " : "").append("REMOVE ").append(String.join(", ", removes));
    }
    UpdateItemRequest.Builder b = UpdateItemRequest.builder().tableName(table.tableName()).key(k)
        .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL);
    if (condition != null) {
      Map<String, AttributeValue> item = new LinkedHashMap<>(set);
      item.putAll(k);
      values.putAll(condition.values(item, k, table.tableName()));
      names.putAll(condition.names());
      b.conditionExpression(condition.expression());
      if (expression.length() == 0 && !names.isEmpty()) {
        b.expressionAttributeNames(names);
      }
      if (expression.length() == 0 && !values.isEmpty()) {
        b.expressionAttributeValues(values);
      }
    }
    if (expression.length() > 0) {
      b.updateExpression(expression.toString()).expressionAttributeNames(names);
      if (!values.isEmpty()) {
        b.expressionAttributeValues(values);
      }
    }
    size[0] = bytes;
    return b.build();
  }

  private void submit(UpdateItemRequest request, Map<String, AttributeValue> key, long bytes) {
    int lane = Math.floorMod(ItemChecks.identity(key).hashCode(), lanes.length);
    try {
      queued[lane].acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw stopAndReport(new DynamoDBConnectorException("Interrupted while updating table '" + table.tableName()
          + "'", e));
    }
    lanes[lane].execute(() -> {
      try {
        if (failure.get() == null && !stopping) {
          send(request, key, bytes);
        } else {
          notSent.incrementAndGet();
        }
      } catch (RuntimeException e) {
        failure.compareAndSet(null, e);
        stopping = true;
      } catch (Error e) {
        failure.compareAndSet(null, new DynamoDBConnectorException("Updating table '" + table.tableName()
            + "' failed: " + e, e));
        throw e;
      } finally {
        queued[lane].release();
      }
    });
  }

  private void send(UpdateItemRequest request, Map<String, AttributeValue> key, long bytes) {
    String what = "UpdateItem of item " + DynamoJson.toJson(key) + " in table '" + table.tableName() + "' at "
        + target;
    double estimate = Math.max(1, Math.ceil(bytes / (double) ItemSize.WRITE_UNIT_BYTES));
    controller.acquire(estimate, what);
    boolean[] doubtful = new boolean[1];
    UpdateItemResponse r;
    try {
      r = retrier.call(what, retrier.now(), () -> {
        try {
          return client.updateItem(request);
        } catch (ConditionalCheckFailedException e) {
          return null; // rejected by the write condition
        } catch (RuntimeException e) {
          doubtful[0] |= Retrier.outcomeUnknown(e);
          throw e;
        }
      }, () -> stopping);
    } catch (RuntimeException e) {
      (doubtful[0] ? inDoubt : refused).add(DynamoJson.toJson(key));
      throw e;
    }
    if (r == null) {
      // a refused update is charged too: the estimate is paid
      limiter.settle(estimate, estimate);
      metrics.rejected(1, estimate);
      long n = rejected.incrementAndGet();
      RejectedItems sink = rejects;
      if (sink != null) {
        Map<String, AttributeValue> item = new LinkedHashMap<>(request.key());
        if (request.hasExpressionAttributeValues()) {
          for (Map.Entry<String, String> e : request.expressionAttributeNames().entrySet()) {
            // the values set are #u<i> = :u<i>; the condition's own placeholders are not the update's
            AttributeValue v = e.getKey().matches("#u[0-9]+")
                ? request.expressionAttributeValues().get(":u" + e.getKey().substring(2)) : null;
            if (v != null) {
              item.put(e.getValue(), v);
            }
          }
        }
        sink.add(item);
      }
      if (failOnRejected) {
        refused.add(DynamoJson.toJson(key));
        throw new DynamoDBConnectorException(what + " was rejected by the write condition '" + condition + "' ("
            + io.ddbconnector.conf.ConnectorOptions.WRITE_REJECTED_FAIL.name() + "=true)");
      }
      if (n <= BatchWriter.LOGGED_REJECTIONS) {
        LOG.warn("{} rejected by the write condition '{}'{}{}", what, condition, doubtful[0]
            ? " (an earlier attempt of this request had no answer: it may have been its own update)" : "",
            n == BatchWriter.LOGGED_REJECTIONS ? "; further rejections of this task are counted, not logged" : "");
      }
      return;
    }
    confirmed.incrementAndGet();
    double units = r.consumedCapacity() != null && r.consumedCapacity().capacityUnits() != null
        ? r.consumedCapacity().capacityUnits() : estimate;
    limiter.settle(estimate, units);
    metrics.written(1, bytes, units);
  }

  private Map<String, AttributeValue> checkedKey(Map<String, AttributeValue> key) {
    String problem = ItemChecks.keyProblem(key, table.keys());
    if (problem != null) {
      throw new DynamoDBConnectorException("Update for table '" + table.tableName() + "': key "
          + DynamoJson.toJson(key) + " " + problem + ".");
    }
    return ItemChecks.key(key, table.keys());
  }

  private void checkNotKey(String attribute, Map<String, AttributeValue> key) {
    if (key.containsKey(attribute)) {
      throw new DynamoDBConnectorException("Update of item " + DynamoJson.toJson(key) + " in table '"
          + table.tableName() + "' may not change key attribute '" + attribute + "'.");
    }
  }

  /** Refuses a value the service would refuse with a message naming neither the item nor the attribute. */
  private void checkValue(Map<String, AttributeValue> key, String problem) {
    if (problem != null) {
      throw new DynamoDBConnectorException("Update of item " + DynamoJson.toJson(key) + " in table '"
          + table.tableName() + "' refused before sending: it " + problem + ".");
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("updater for table '" + table.tableName() + "' is closed");
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
   * Stops after {@code cause}: nothing queued is sent, the updates on the wire return (a retrying one gives up
   * at its next attempt); then counts, records and returns the failure to throw. The first failure is the
   * one reported.
   */
  private DynamoDBConnectorException stopAndReport(RuntimeException cause) {
    if (reported != null) {
      return new DynamoDBConnectorException(reported.getMessage(), reported.getCause());
    }
    failure.compareAndSet(null, cause);
    stopping = true;
    RuntimeException first = failure.get();
    boolean interrupted = Thread.interrupted();
    try {
      for (Semaphore s : queued) {
        if (s.tryAcquire(QUEUED_PER_LANE, 60, TimeUnit.SECONDS)) {
          s.release(QUEUED_PER_LANE);
        }
      }
    } catch (InterruptedException e) {
      interrupted = true;
    }
    String message = first.getMessage() == null ? first.toString() : first.getMessage();
    List<String> doubt;
    List<String> notWritten;
    synchronized (inDoubt) {
      doubt = new ArrayList<>(inDoubt);
    }
    synchronized (refused) {
      notWritten = new ArrayList<>(refused);
    }
    StringBuilder b = new StringBuilder(message).append(" [this task attempt: ")
        .append(String.format(java.util.Locale.ROOT, "%,d", confirmed.get()))
        .append(" updates confirmed applied to table '").append(table.tableName()).append("'");
    if (!doubt.isEmpty()) {
      b.append(", ").append(doubt.size()).append(" sent without an answer (in doubt)");
    }
    long unsent = notSent.get() + notWritten.size();
    if (unsent > 0) {
      b.append(", ").append(unsent).append(" queued but not applied");
    }
    if (rejected.get() > 0) {
      b.append(String.format(java.util.Locale.ROOT, ", %,d rejected by the write condition", rejected.get()));
    }
    b.append("; nothing more was sent");
    RejectedItems.closeAfterFailure(rejects, b);
    if (ledger != null) {
      ledger.record(table.tableName(), WriteReport.State.FAILED, confirmed.get(), message, doubt, notWritten,
          rejected.get());
      WriteLedger.Summary job = ledger.summary();
      if (job != null) {
        b.append(". Job-wide so far: ").append(job.describe()).append("; write reports and keys: ")
            .append(job.location());
      }
    }
    reported = new DynamoDBConnectorException(b.append(']').toString(), first);
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return reported;
  }

  /** Waits until every queued update is applied (or failed). */
  public void flush() {
    try {
      for (Semaphore s : queued) {
        s.acquire(QUEUED_PER_LANE);
        s.release(QUEUED_PER_LANE);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DynamoDBConnectorException("Interrupted while flushing updates to table '" + table.tableName()
          + "'", e);
    }
    rethrow();
  }

  /** Updates the write condition refused. */
  public long rejected() {
    return rejected.get();
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
        LOG.info("Conditional update of table '{}' by this task: {} items updated, {} rejected by the condition '{}'",
            table.tableName(), String.format(java.util.Locale.ROOT, "%,d", confirmed.get()),
            String.format(java.util.Locale.ROOT, "%,d", rejected.get()), condition);
      }
    } finally {
      closed = true;
      controller.close();
      for (ExecutorService lane : lanes) {
        lane.shutdown();
      }
      for (ExecutorService lane : lanes) {
        try {
          lane.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }
}
