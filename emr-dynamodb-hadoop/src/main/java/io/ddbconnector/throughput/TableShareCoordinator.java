package io.ddbconnector.throughput;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.retry.backoff.FixedDelayBackoffStrategy;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;

/**
 * Shares a job's rate among the tasks that are active now, across JVMs and engines, through one item per
 * job and direction in a small DynamoDB table (the way the Kinesis Client Library keeps its leases).
 * It needs nothing from the engine: MapReduce (local or YARN), Spark and Hive tasks of one job find each
 * other by the group name alone.
 *
 * <p><b>The item.</b> Key {@code g} = "group|table|r" (or "|w"); {@code m} maps each active task to
 * "rate/leaseExpiryMillis"; {@code v} is a version that every write checks and increments, so the
 * allocations in the item always sum to at most the job's rate.
 *
 * <p><b>A task's cycle</b>, every {@code intervalMs}: read the item (strongly consistent); count the
 * members whose lease has not expired, itself included ({@code n}); its target is
 * {@code min(jobRate / n, jobRate - sum of the others' allocations)}. A task lowers its own rate
 * <i>before</i> writing the lower allocation, and raises it only <i>after</i> its higher allocation is
 * written, so the rates in use never sum above the job's rate, even while tasks join and leave. A new
 * task claims its equal share of what is free (the job's first task at most the planned share,
 * {@code jobRate / planned tasks}), and the rest of its equal share when the others give it back on their
 * next cycle (a task below its equal share looks
 * every quarter interval); a task that ends deletes
 * its entry at once, and the last one deletes the item. A task that dies keeps its allocation until its
 * lease (8 intervals, at least 10 s) expires.
 *
 * <p><b>Cost</b>, on the coordination table (on-demand, not the data table): one strongly consistent
 * GetItem per task per interval (1 RCU up to ~100 tasks; a task below its equal share looks 4 times as
 * often until it has it), plus one PutItem when the allocation changes or when half the lease has passed
 * (1 WCU per KB of item, ~30 bytes per task). At the default 500 ms: ~2 RCU/s per running task and a
 * few WCU per task start or end. Both are counted
 * in {@link ConnectorMetrics.Counter#COORDINATION_REQUESTS} and {@code COORDINATION_UNITS_MILLI}.
 *
 * <p>Leases compare wall clocks of different hosts: they must agree within a few intervals (NTP does).
 */
public final class TableShareCoordinator {

  private static final Logger LOG = LoggerFactory.getLogger(TableShareCoordinator.class);
  static final String KEY = "g";
  static final String MEMBERS = "m";
  static final String VERSION = "v";
  static final String TTL = "ttl";
  static final String JOB_RATE = "j";
  static final int LEASE_INTERVALS = 8;
  static final long MIN_LEASE_MS = 10_000;
  private static final int CONFLICT_RETRIES = 8;
  private static final Set<String> READY = ConcurrentHashMap.newKeySet();

  private final DynamoDbClient client;
  private final String table;
  private final String target;
  private final long intervalMs;
  private final Clock clock;
  private final Sleeper sleeper;
  private final ConnectorMetrics metrics;

  public TableShareCoordinator(DynamoDbClient client, String table, String target, long intervalMs, Clock clock,
      Sleeper sleeper, ConnectorMetrics metrics) {
    this.client = client;
    this.table = table;
    this.target = target;
    this.intervalMs = intervalMs;
    this.clock = clock;
    this.sleeper = sleeper;
    this.metrics = metrics;
  }

  public String table() {
    return table;
  }

  /** How long a task's entry counts without being renewed: 8 intervals, at least 10 s (GC pauses). */
  public long leaseMs() {
    return Math.max(MIN_LEASE_MS, intervalMs * LEASE_INTERVALS);
  }

  /** Creates the coordination table if it does not exist (on-demand, with TTL on {@code ttl}) and waits for it. */
  public void ensureTable() {
    String cacheKey = target + "/" + table;
    if (READY.contains(cacheKey)) {
      return;
    }
    boolean exists;
    try {
      metrics.coordination(0);
      exists = client.describeTable(b -> b.tableName(table)).table() != null;
    } catch (ResourceNotFoundException e) {
      exists = false;
    }
    if (!exists) {
      try {
        metrics.coordination(0);
        client.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
            .attributeDefinitions(AttributeDefinition.builder().attributeName(KEY)
                .attributeType(ScalarAttributeType.S).build())
            .keySchema(KeySchemaElement.builder().attributeName(KEY).keyType(KeyType.HASH).build()));
        LOG.info("Created the throughput coordination table '" + table + "' at " + target
            + " (on-demand; one item per running job, deleted when the job ends)");
      } catch (ResourceInUseException e) {
        // another task is creating it
      }
      try (DynamoDbWaiter waiter = DynamoDbWaiter.builder().client(client)
          .overrideConfiguration(WaiterOverrideConfiguration.builder()
              .backoffStrategy(FixedDelayBackoffStrategy.create(Duration.ofMillis(200)))
              .maxAttempts(300).build()).build()) {
        waiter.waitUntilTableExists(b -> b.tableName(table));
      }
      try {
        client.updateTimeToLive(b -> b.tableName(table).timeToLiveSpecification(t -> t.attributeName(TTL)
            .enabled(true)));
      } catch (RuntimeException e) {
        // TTL only cleans up items of jobs that were killed; not every endpoint supports it
        LOG.debug("TTL not enabled on coordination table " + table, e);
      }
    }
    READY.add(cacheKey);
  }

  /**
   * Joins the group as one active task (entry with rate 0) and starts its heartbeat. Fails when the
   * coordination table cannot be used; the caller then falls back to the planned division.
   */
  public Share join(String group, double jobRate, double fallbackRate, Share.Listener listener) {
    ensureTable();
    LiveShare s = new LiveShare(group, jobRate, fallbackRate, listener);
    s.cycle(); // registers, and takes a first share if there is room
    s.start();
    return s;
  }

  /** A member's entry: its allocation and when its lease ends. */
  static final class Entry {
    final double rate;
    final long expires;

    Entry(double rate, long expires) {
      this.rate = rate;
      this.expires = expires;
    }

    String encode() {
      return (rate == Math.rint(rate) && Math.abs(rate) < 1e15 ? Long.toString((long) rate) : Double.toString(rate))
          + "/" + expires;
    }

    static Entry decode(String s) {
      int slash = s.indexOf('/');
      return new Entry(Double.parseDouble(s.substring(0, slash)), Long.parseLong(s.substring(slash + 1)));
    }
  }

  /**
   * A task's target allocation: an equal share of the members alive now (itself included), or what the
   * others leave free if that is less. Pure, so the rule is unit-tested on its own.
   */
  static double target(double jobRate, Map<String, Entry> others, long now) {
    int n = 1;
    double taken = 0;
    for (Entry e : others.values()) {
      if (e.expires > now) {
        n++;
        taken += e.rate;
      }
    }
    return Math.max(0, Math.min(jobRate / n, jobRate - taken));
  }

  private final class LiveShare implements Share, Runnable {
    private final String group;
    private final String id;
    private final double fallbackRate;
    private final Share.Listener listener;
    private final Thread thread;
    private volatile double jobRate;
    private volatile double applied = -1;
    private volatile boolean closed;
    private volatile int active = 1;
    private volatile boolean fallenBack;
    private volatile double fair;
    private long leaseEnd;

    LiveShare(String group, double jobRate, double fallbackRate, Share.Listener listener) {
      this.group = group;
      this.jobRate = jobRate;
      this.fallbackRate = fallbackRate;
      this.listener = listener;
      this.id = Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
      this.thread = new Thread(this, "dynamodb-share-" + group);
      this.thread.setDaemon(true);
      apply(0);
    }

    void start() {
      thread.start();
    }

    @Override
    public void run() {
      while (!closed) {
        try {
          // below its equal share, a task looks again sooner: others are giving theirs back
          long every = applied < fair * 0.99 ? Math.max(50, intervalMs / 4) : intervalMs;
          long jitter = ThreadLocalRandom.current().nextLong(every / 5 + 1) - every / 10;
          sleeper.sleepNanos((every + jitter) * 1_000_000L);
        } catch (InterruptedException e) {
          return;
        }
        if (closed) {
          return;
        }
        try {
          cycle();
          if (fallenBack) {
            fallenBack = false;
            LOG.info("Throughput coordination for '" + group + "' is reachable again; back to the live share");
          }
        } catch (RuntimeException e) {
          if (!fallenBack && clock.millis() >= leaseEnd - intervalMs) {
            fallenBack = true;
            apply(fallbackRate);
            LOG.warn("Throughput coordination table '" + table + "' unreachable for '" + group + "' ("
                + e + "); this task falls back to the planned share of "
                + String.format(Locale.ROOT, "%.2f", fallbackRate) + " units/s");
          }
        }
      }
    }

    /** One read-decide-write round; retries at once when another task wrote in between. */
    synchronized void cycle() {
      for (int attempt = 0; attempt < CONFLICT_RETRIES && !closed; attempt++) {
        Read r = read(group);
        long now = clock.millis();
        Map<String, Entry> others = new LinkedHashMap<>();
        int n = 1;
        for (Map.Entry<String, Entry> e : r.members.entrySet()) {
          if (!e.getKey().equals(id) && e.getValue().expires > now) {
            others.put(e.getKey(), e.getValue());
            n++;
          }
        }
        double rate = jobRate;
        Entry mine = r.members.get(id);
        double want = target(rate, others, now);
        if (mine == null && others.isEmpty()) {
          // the job's first task claims at most the planned share at once, so the tasks starting with
          // it do not wait for it to give some back; it takes the rest on its next (quick) cycle
          want = Math.min(want, fallbackRate);
        }
        fair = rate / n;
        boolean renew = mine == null || mine.expires - now < leaseMs() / 2
            || Math.abs(mine.rate - want) > rate * 1e-3 || others.size() + 1 < r.members.size();
        if (want < applied) {
          apply(want);
        }
        if (!renew) {
          active = n;
          apply(Math.min(mine.rate, want));
          return;
        }
        Map<String, Entry> next = new LinkedHashMap<>(others);
        next.put(id, new Entry(want, now + leaseMs()));
        if (write(group, r.version, next, rate, now)) {
          leaseEnd = now + leaseMs();
          active = n;
          apply(want);
          return;
        }
        pause();
      }
    }

    private void pause() {
      try {
        sleeper.sleepNanos(ThreadLocalRandom.current().nextLong(5, 40) * 1_000_000L);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private void apply(double rate) {
      if (rate != applied) {
        applied = rate;
        listener.rateChanged(rate);
      }
    }

    @Override
    public double rate() {
      return Math.max(0, applied);
    }

    @Override
    public void setJobRate(double jobRate) {
      this.jobRate = jobRate;
      if (applied > jobRate) {
        apply(jobRate);
      }
    }

    @Override
    public String describe() {
      return String.format(Locale.ROOT, "live share of group '%s' in coordination table '%s': %.1f/s for the"
          + " job / %d active task(s) = %.2f/s for this task now, re-evaluated every %d ms", group, table,
          jobRate, active, rate(), intervalMs);
    }

    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      apply(0); // stop using the share before giving it back
      thread.interrupt();
      try {
        thread.join(2_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      synchronized (this) {
        for (int attempt = 0; attempt < CONFLICT_RETRIES; attempt++) {
          try {
            Read r = read(group);
            if (!r.members.containsKey(id)) {
              return;
            }
            long now = clock.millis();
            Map<String, Entry> next = new LinkedHashMap<>();
            for (Map.Entry<String, Entry> e : r.members.entrySet()) {
              if (!e.getKey().equals(id) && e.getValue().expires > now) {
                next.put(e.getKey(), e.getValue());
              }
            }
            if (write(group, r.version, next, jobRate, now)) {
              return;
            }
            pause();
          } catch (RuntimeException e) {
            LOG.debug("leaving coordination group " + group, e);
            return; // the lease expires by itself
          }
        }
      }
    }
  }

  private static final class Read {
    final Map<String, Entry> members;
    final long version;

    Read(Map<String, Entry> members, long version) {
      this.members = members;
      this.version = version;
    }
  }

  private Read read(String group) {
    GetItemResponse r = client.getItem(b -> b.tableName(table).key(Map.of(KEY, AttributeValue.fromS(group)))
        .consistentRead(true).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
    metrics.coordination(units(r.consumedCapacity(), 1));
    if (!r.hasItem() || r.item().isEmpty()) {
      return new Read(Map.of(), 0);
    }
    Map<String, Entry> members = new HashMap<>();
    AttributeValue m = r.item().get(MEMBERS);
    if (m != null && m.hasM()) {
      for (Map.Entry<String, AttributeValue> e : m.m().entrySet()) {
        try {
          members.put(e.getKey(), Entry.decode(e.getValue().s()));
        } catch (RuntimeException bad) {
          // an entry this version cannot read: ignore it (it expires)
        }
      }
    }
    AttributeValue v = r.item().get(VERSION);
    return new Read(members, v == null ? 0 : Long.parseLong(v.n()));
  }

  /** Replaces the group's item if nobody wrote since {@code version}; false on a conflict. */
  private boolean write(String group, long version, Map<String, Entry> members, double jobRate, long now) {
    try {
      if (members.isEmpty()) {
        if (version == 0) {
          return true;
        }
        metrics.coordination(units(client.deleteItem(b -> b.tableName(table)
            .key(Map.of(KEY, AttributeValue.fromS(group)))
            .conditionExpression("#v = :v").expressionAttributeNames(Map.of("#v", VERSION))
            .expressionAttributeValues(Map.of(":v", AttributeValue.fromN(Long.toString(version))))
            .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).consumedCapacity(), 1));
        return true;
      }
      Map<String, AttributeValue> m = new LinkedHashMap<>();
      for (Map.Entry<String, Entry> e : members.entrySet()) {
        m.put(e.getKey(), AttributeValue.fromS(e.getValue().encode()));
      }
      Map<String, AttributeValue> item = new LinkedHashMap<>();
      item.put(KEY, AttributeValue.fromS(group));
      item.put(VERSION, AttributeValue.fromN(Long.toString(version + 1)));
      item.put(MEMBERS, AttributeValue.fromM(m));
      item.put(JOB_RATE, AttributeValue.fromN(Double.toString(jobRate)));
      item.put(TTL, AttributeValue.fromN(Long.toString(now / 1000 + 86_400)));
      if (version == 0) {
        metrics.coordination(units(client.putItem(b -> b.tableName(table).item(item)
            .conditionExpression("attribute_not_exists(#g)").expressionAttributeNames(Map.of("#g", KEY))
            .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).consumedCapacity(), 1));
      } else {
        metrics.coordination(units(client.putItem(b -> b.tableName(table).item(item)
            .conditionExpression("#v = :v").expressionAttributeNames(Map.of("#v", VERSION))
            .expressionAttributeValues(Map.of(":v", AttributeValue.fromN(Long.toString(version))))
            .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).consumedCapacity(), 1));
      }
      return true;
    } catch (ConditionalCheckFailedException e) {
      metrics.coordination(1);
      return false;
    }
  }

  private static double units(ConsumedCapacity c, double fallback) {
    return c != null && c.capacityUnits() != null ? c.capacityUnits() : fallback;
  }
}
