package io.ddbconnector.testkit.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddbconnector.testkit.Backend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The proxy's service model against the real dynalite backend: request latency, per-partition limits
 * and on-demand capacity, each checked against the service's documented rule. Partition limits and
 * peaks are scaled down so that a limit is reached in a second or two; rates are asserted with the
 * tolerance a loaded 2-core machine needs, but tight enough to tell the rule from its neighbours (one
 * partition's rate from the table's, twice the peak from once or four times it).
 */
class ServiceModelIT {

  private static final String KEY = "id";
  private static Backend backend;

  private ThrottlingProxy proxy;
  private DynamoDbClient client;

  @BeforeAll
  static void backend() {
    backend = Backend.shared();
  }

  @BeforeEach
  void startProxy() {
    proxy = ThrottlingProxy.start(backend.endpoint());
    client = ThrottlingProxyIT.noRetryClient(proxy.endpoint());
  }

  @AfterEach
  void stopProxy() {
    client.close();
    proxy.close();
  }

  // ---------------------------------------------------------------------------------------- latency

  @Test
  void everyDataPlaneRequestWaitsTheConfiguredLatency() {
    assertEquals(Duration.ofMillis(3), proxy.requestLatency(), "the default latency");
    String table = backend.createTable("model_latency", KEY, ScalarAttributeType.S);
    client.putItem(p -> p.tableName(table).item(item("a", 0))); // connection and SDK warm-up

    proxy.setRequestLatency(Duration.ofMillis(40));
    for (int i = 0; i < 10; i++) {
      long t0 = System.nanoTime();
      client.getItem(g -> g.tableName(table).key(key("a")));
      long took = System.nanoTime() - t0;
      assertTrue(took >= Duration.ofMillis(40).toNanos(), "GetItem " + i + " took " + took / 1e6 + " ms");
    }
    long t0 = System.nanoTime();
    for (int i = 0; i < 5; i++) {
      client.putItem(p -> p.tableName(table).item(item("b", 1)));
    }
    assertTrue(System.nanoTime() - t0 >= Duration.ofMillis(200).toNanos(), "5 PutItem at 40 ms each");

    // control-plane requests are not delayed: 3 DescribeTable well under 3 x 400 ms
    proxy.setRequestLatency(Duration.ofMillis(400));
    t0 = System.nanoTime();
    for (int i = 0; i < 3; i++) {
      client.describeTable(d -> d.tableName(table));
    }
    long describe = System.nanoTime() - t0;
    assertTrue(describe < Duration.ofMillis(1200).toNanos(), "3 DescribeTable took " + describe / 1e6 + " ms");

    proxy.setRequestLatency(Duration.ZERO);
    assertEquals(Duration.ZERO, proxy.requestLatency());
    assertThrows(IllegalArgumentException.class, () -> proxy.setRequestLatency(Duration.ofMillis(-1)));
  }

  // ---------------------------------------------------------------------------------------- partitions

  @Test
  void partitionsAreSizedFromTheCapacityAsTheServiceDoes() {
    proxy.setCapacity("sized", 6000, 2000);
    assertEquals(4, proxy.partitions("sized"), "ceil(6000 / 3000 + 2000 / 1000)");
    proxy.setCapacity("sized", 10, 10);
    assertEquals(4, proxy.partitions("sized"), "partitions do not merge when the capacity goes down");
    proxy.setCapacity("small", 100, 100);
    assertEquals(1, proxy.partitions("small"));
    proxy.setPartitions("small", 16);
    assertEquals(16, proxy.partitions("small"));
    proxy.setPartitions("sized", 0);
    assertEquals(1, proxy.partitions("sized"), "derived again from 10 RCU / 10 WCU");
    proxy.setOnDemand("new_on_demand");
    assertEquals(8, proxy.partitions("new_on_demand"), "12,000 RCU / 3000 + 4,000 WCU / 1000");
    assertEquals(6000, proxy.onDemandPeak("new_on_demand", false));
    assertEquals(2000, proxy.onDemandPeak("new_on_demand", true));
    assertEquals(0, proxy.partitions("unconfigured"));
    assertTrue(Double.isNaN(proxy.onDemandPeak("small", true)), "a provisioned table has no peak");
    assertThrows(IllegalArgumentException.class, () -> proxy.setPartitions("small", 5000));
  }

  @Test
  void partitionsMatchDynalitesScanSegments() {
    // with TotalSegments = partitions, segment s holds exactly the keys of partition s: the proxy's key
    // hash (numbers in their canonical form included) is the one dynalite orders and segments items by
    int partitions = 8;
    String strings = backend.createTable("model_hash_s", KEY, ScalarAttributeType.S);
    String numbers = backend.createTable("model_hash_n", KEY, ScalarAttributeType.N);
    String binaries = backend.createTable("model_hash_b", KEY, ScalarAttributeType.B);
    List<Map<String, AttributeValue>> s = new ArrayList<>();
    List<Map<String, AttributeValue>> n = new ArrayList<>();
    List<Map<String, AttributeValue>> b = new ArrayList<>();
    String[] numberForms = {"0", "1", "-1", "7", "10", "100", "12345", "-12345", "0.5", "-0.5", "3.14159",
        "-2.718", "1E+20", "-1E-20", "99999999999999999999", "123456789012345678901234567890", "0.000001", "42.0"};
    for (String v : numberForms) {
      n.add(Map.of(KEY, AttributeValue.fromN(v)));
    }
    for (int i = 0; i < 150; i++) {
      s.add(Map.of(KEY, AttributeValue.fromS("key-" + i + "-ü")));
      n.add(Map.of(KEY, AttributeValue.fromN(Integer.toString(i * 37 - 2000))));
      n.add(Map.of(KEY, AttributeValue.fromN((i - 75) + "." + i)));
      b.add(Map.of(KEY, AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {(byte) i, (byte) (i * 7), 1}))));
    }
    backend.putAll(strings, s);
    backend.putAll(numbers, n);
    backend.putAll(binaries, b);
    for (String table : List.of(strings, numbers, binaries)) {
      int seen = 0;
      for (int segment = 0; segment < partitions; segment++) {
        int seg = segment;
        ScanResponse page = backend.client().scan(r -> r.tableName(table).segment(seg).totalSegments(partitions));
        for (Map<String, AttributeValue> item : page.items()) {
          assertEquals(segment, ThrottlingProxy.partitionOf(item.get(KEY), partitions),
              table + ": " + item.get(KEY) + " is in segment " + segment);
        }
        seen += page.items().size();
      }
      assertEquals(backend.count(table), seen, table);
    }

    // a segment scanned through the proxy is charged to its partition alone; a sequential scan to all
    proxy.setPartitions(numbers, partitions);
    client.scan(r -> r.tableName(numbers).segment(3).totalSegments(partitions));
    assertEquals(Set.of(3), proxy.consumedByPartition(numbers, false).keySet());
    proxy.resetStats();
    Map<String, AttributeValue> start = null;
    do {
      Map<String, AttributeValue> from = start;
      ScanResponse page = client.scan(r -> r.tableName(numbers).limit(20).exclusiveStartKey(from));
      start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
    } while (start != null);
    SortedMap<Integer, Double> byPartition = proxy.consumedByPartition(numbers, false);
    assertEquals(partitions, byPartition.size(), "a full scan reads every partition: " + byPartition);
    assertEquals(proxy.consumed(numbers, false), byPartition.values().stream().mapToDouble(d -> d).sum(), 1e-6);
  }

  @Test
  void aHotKeyIsHeldToOnePartitionsLimitWhileSpreadKeysGetTheTableRate() throws Exception {
    double partitionLimit = 50;
    int partitions = 8;
    double tableRate = 200;
    proxy.setBurstSeconds(0.25);
    proxy.setPartitionLimits(1000, partitionLimit);

    // one hot key: the table could take 10,000 WCU/s, its partition takes 50
    String hot = backend.createTable("model_hot", KEY, ScalarAttributeType.S);
    proxy.setCapacity(hot, 10_000, 10_000);
    proxy.setPartitions(hot, partitions);
    Flood f = flood(hot, 8, Duration.ofSeconds(3), i -> item("the-hot-key", i));
    double hotRate = f.rate(partitionLimit * 0.25);
    System.out.printf("hot key: %s -> %.1f WCU/s (partition limit %.0f)%n", f, hotRate, partitionLimit);
    assertTrue(f.throttled > 0, "a hot key flood was never throttled");
    assertEquals(proxy.throttled(hot), proxy.partitionThrottled(hot), "only the partition throttled, not the table");
    assertTrue(hotRate >= partitionLimit * 0.6 && hotRate <= partitionLimit * 1.4,
        "hot key rate " + hotRate + " for a partition limit of " + partitionLimit);
    int hotPartition = ThrottlingProxy.partitionOf(AttributeValue.fromS("the-hot-key"), partitions);
    assertEquals(Set.of(hotPartition), proxy.consumedByPartition(hot, true).keySet());
    client.query(q -> q.tableName(hot).keyConditionExpression("#k = :v")
        .expressionAttributeNames(Map.of("#k", KEY))
        .expressionAttributeValues(Map.of(":v", AttributeValue.fromS("the-hot-key"))));
    assertEquals(Set.of(hotPartition), proxy.consumedByPartition(hot, false).keySet(), "a Query charges its key");

    // keys spread evenly over the 8 partitions (8 x 50 = 400 WCU/s): the table's 200 WCU/s is the limit
    String spread = backend.createTable("model_spread", KEY, ScalarAttributeType.S);
    proxy.setCapacity(spread, 10_000, tableRate);
    proxy.setPartitions(spread, partitions);
    List<String> keys = keysOverPartitions(partitions, 8);
    Flood g = flood(spread, 8, Duration.ofSeconds(3), i -> item(keys.get(i % keys.size()), i));
    double spreadRate = g.rate(tableRate * 0.25);
    SortedMap<Integer, Double> byPartition = proxy.consumedByPartition(spread, true);
    System.out.printf("spread keys: %s -> %.1f WCU/s (table %.0f), partition throttles %d, per partition %s%n", g,
        spreadRate, tableRate, proxy.partitionThrottled(spread), byPartition);
    assertTrue(spreadRate >= tableRate * 0.7 && spreadRate <= tableRate * 1.3,
        "spread keys got " + spreadRate + " WCU/s from a " + tableRate + " WCU/s table");
    assertTrue(spreadRate > 3 * hotRate, "spread keys " + spreadRate + " vs one hot key " + hotRate);
    assertTrue(g.throttled > 0, "the table's limit was never reached");
    assertTrue(proxy.partitionThrottled(spread) <= proxy.throttled(spread) / 10,
        "mostly the table throttled: " + proxy.partitionThrottled(spread) + " of " + proxy.throttled(spread));
    assertEquals(partitions, byPartition.size());
    double mean = proxy.consumed(spread, true) / partitions;
    for (Map.Entry<Integer, Double> e : byPartition.entrySet()) {
      assertTrue(Math.abs(e.getValue() - mean) <= mean * 0.5, "partition " + e.getKey() + ": " + byPartition);
    }
  }

  @Test
  void batchesReturnTheRequestsOnAnEmptyPartitionAsUnprocessed() {
    int partitions = 4;
    String table = backend.createTable("model_batch", KEY, ScalarAttributeType.S);
    proxy.setPartitionLimits(1, 1); // 1 unit per second: an emptied partition stays empty for the test
    proxy.setPartitions(table, partitions);
    List<String> keys = keysOverPartitions(partitions, 3);
    List<String> onZero = new ArrayList<>();
    List<String> elsewhere = new ArrayList<>();
    for (String k : keys) {
      (ThrottlingProxy.partitionOf(AttributeValue.fromS(k), partitions) == 0 ? onZero : elsewhere).add(k);
    }
    // empty partition 0's write bucket
    int puts = 0;
    while (true) {
      try {
        client.putItem(p -> p.tableName(table).item(item(onZero.get(0), 0)));
        puts++;
        assertTrue(puts < 20, "partition 0 never throttled");
      } catch (ProvisionedThroughputExceededException e) {
        break;
      }
    }
    List<WriteRequest> requests = new ArrayList<>();
    for (String k : keys) {
      requests.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item(k, 1)).build()).build());
    }
    BatchWriteItemResponse r = client.batchWriteItem(b -> b.requestItems(Map.of(table, requests)));
    Set<String> unprocessed = new HashSet<>();
    r.unprocessedItems().getOrDefault(table, List.of())
        .forEach(w -> unprocessed.add(w.putRequest().item().get(KEY).s()));
    assertEquals(new HashSet<>(onZero), unprocessed, "exactly the items on the empty partition come back");
    assertEquals(elsewhere.size() + 1, backend.count(table), "the others were written");
    assertEquals(2, proxy.partitionThrottled(table), "the PutItem and the batch");

    // nothing of the batch can go through: the whole batch is throttled, as the service does
    List<WriteRequest> zeroOnly = new ArrayList<>(r.unprocessedItems().get(table));
    assertThrows(ProvisionedThroughputExceededException.class,
        () -> client.batchWriteItem(b -> b.requestItems(Map.of(table, zeroOnly))));

    // BatchGetItem: keys on a partition whose read bucket is empty come back as UnprocessedKeys
    int gets = 0;
    while (true) {
      try {
        client.getItem(g -> g.tableName(table).key(key(onZero.get(0))));
        gets++;
        assertTrue(gets < 20, "partition 0 never throttled reads");
      } catch (ProvisionedThroughputExceededException e) {
        break;
      }
    }
    List<Map<String, AttributeValue>> allKeys = new ArrayList<>();
    keys.forEach(k -> allKeys.add(key(k)));
    BatchGetItemResponse got = client.batchGetItem(b -> b.requestItems(Map.of(table,
        KeysAndAttributes.builder().keys(allKeys).build())));
    Set<String> unprocessedKeys = new HashSet<>();
    got.unprocessedKeys().get(table).keys().forEach(k -> unprocessedKeys.add(k.get(KEY).s()));
    assertEquals(new HashSet<>(onZero), unprocessedKeys);
    assertEquals(elsewhere.size(), got.responses().get(table).size());
  }

  // ---------------------------------------------------------------------------------------- on demand

  @Test
  void onDemandServesUpToTwiceThePreviousPeakAndThrottlesBeyond() throws Exception {
    String table = backend.createTable("model_on_demand", KEY, ScalarAttributeType.S);
    double peak = 20;
    proxy.setOnDemand(table, 1000, peak);

    // 1.5 x the previous peak, paced: served without a throttle
    Paced below = pace(table, 1.5 * peak, Duration.ofSeconds(2), 0);
    System.out.printf("on demand, paced at 1.5 x peak: %s%n", below);
    assertEquals(0, below.throttled, "throttled below twice the previous peak");
    assertEquals(0, proxy.throttled(table));

    // a flood: held to twice the previous peak
    double before = proxy.consumed(table, true);
    Flood f = flood(table, 8, Duration.ofSeconds(3), i -> item("k" + i, i));
    double rate = (proxy.consumed(table, true) - before - 2 * peak) / f.seconds; // less the bucket's 1 s burst
    System.out.printf("on demand, flood: %s -> %.1f WCU/s (previous peak %.0f)%n", f, rate, peak);
    assertTrue(f.throttled > 0, "a flood was never throttled");
    assertTrue(rate >= 2 * peak * 0.7 && rate <= 2 * peak * 1.3, "flood rate " + rate + " for a peak of " + peak);
    assertTrue(f.lastThrottleMessage.startsWith("Throughput exceeds the current capacity of your table or index"),
        f.lastThrottleMessage);
    assertEquals(peak, proxy.onDemandPeak(table, true), "no peak rise within the 30-minute window");
  }

  @Test
  void onDemandPeakRisesToTrafficSustainedForTheWindow() throws Exception {
    String table = backend.createTable("model_peak", KEY, ScalarAttributeType.S);
    double peak = 20;
    proxy.setOnDemandPeakWindow(Duration.ofSeconds(2));
    proxy.setOnDemand(table, 1000, peak);

    // sustain 1.9 x the peak for 2 whole seconds (after a partly covered first one): the new peak
    Paced sustained = pace(table, 1.9 * peak, Duration.ofMillis(4200), 0);
    double newPeak = proxy.onDemandPeak(table, true);
    System.out.printf("sustained %s: peak %.0f -> %.1f%n", sustained, peak, newPeak);
    assertTrue(newPeak >= 1.5 * peak && newPeak <= 2.5 * peak, "peak after sustaining 38 WCU/s: " + newPeak);

    // a flood now gets twice the new peak, beyond twice the old one
    double before = proxy.consumed(table, true);
    Flood f = flood(table, 8, Duration.ofMillis(1500), i -> item("k" + i, i));
    double rate = (proxy.consumed(table, true) - before - 2 * newPeak) / f.seconds;
    System.out.printf("flood after the rise: %s -> %.1f WCU/s (peak %.1f)%n", f, rate, proxy.onDemandPeak(table, true));
    assertTrue(rate >= 1.3 * 2 * peak, "flood rate " + rate + " is not beyond twice the old peak " + peak);
    assertTrue(rate <= 2 * newPeak * 1.5, "flood rate " + rate + " beyond twice the new peak " + newPeak);
  }

  // ---------------------------------------------------------------------------------------- helpers

  private static Map<String, AttributeValue> key(String id) {
    return Map.of(KEY, AttributeValue.fromS(id));
  }

  private static Map<String, AttributeValue> item(String id, int n) {
    return Map.of(KEY, AttributeValue.fromS(id), "n", AttributeValue.fromN(Integer.toString(n)));
  }

  /** {@code perPartition} keys on each of {@code partitions} partitions, interleaved (partition 0, 1, …, 0, …). */
  private static List<String> keysOverPartitions(int partitions, int perPartition) {
    List<List<String>> by = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      by.add(new ArrayList<>());
    }
    for (int i = 0, full = 0; full < partitions; i++) {
      String k = "key-" + i;
      List<String> list = by.get(ThrottlingProxy.partitionOf(AttributeValue.fromS(k), partitions));
      if (list.size() < perPartition) {
        list.add(k);
        if (list.size() == perPartition) {
          full++;
        }
      }
    }
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < perPartition; i++) {
      for (List<String> list : by) {
        keys.add(list.get(i));
      }
    }
    return keys;
  }

  /** What a flood of PutItem saw. */
  private static final class Flood {
    final long ok;
    final long throttled;
    final double seconds;
    final double consumed;
    final String lastThrottleMessage;

    Flood(long ok, long throttled, double seconds, double consumed, String lastThrottleMessage) {
      this.ok = ok;
      this.throttled = throttled;
      this.seconds = seconds;
      this.consumed = consumed;
      this.lastThrottleMessage = lastThrottleMessage;
    }

    /** Units per second the flood consumed, less a starting burst. */
    double rate(double burst) {
      return (consumed - burst) / seconds;
    }

    @Override
    public String toString() {
      return String.format("%d ok, %d throttled in %.2f s, %.0f units", ok, throttled, seconds, consumed);
    }
  }

  /** PutItem as fast as {@code threads} threads can for {@code duration}, throttles ignored. */
  private Flood flood(String table, int threads, Duration duration, IntFunction<Map<String, AttributeValue>> items)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    AtomicInteger next = new AtomicInteger();
    AtomicLong ok = new AtomicLong();
    AtomicLong throttled = new AtomicLong();
    String[] message = {""};
    double before = proxy.consumed(table, true);
    long start = System.nanoTime();
    long end = start + duration.toNanos();
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        futures.add(pool.submit(() -> {
          while (System.nanoTime() < end) {
            Map<String, AttributeValue> item = items.apply(next.getAndIncrement());
            try {
              client.putItem(p -> p.tableName(table).item(item));
              ok.incrementAndGet();
            } catch (ProvisionedThroughputExceededException e) {
              throttled.incrementAndGet();
              message[0] = e.awsErrorDetails().errorMessage();
            }
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Flood(ok.get(), throttled.get(), seconds, proxy.consumed(table, true) - before, message[0]);
  }

  /** What a paced writer saw. */
  private static final class Paced {
    final long ok;
    final long throttled;
    final double rate;

    Paced(long ok, long throttled, double rate) {
      this.ok = ok;
      this.throttled = throttled;
      this.rate = rate;
    }

    @Override
    public String toString() {
      return String.format("%d ok, %d throttled, %.1f per second", ok, throttled, rate);
    }
  }

  /** PutItem at {@code perSecond} (small items: one WCU each), from one thread, on schedule. */
  private Paced pace(String table, double perSecond, Duration duration, int firstKey) throws InterruptedException {
    long start = System.nanoTime();
    long end = start + duration.toNanos();
    long ok = 0;
    long throttled = 0;
    for (int i = 0; ; i++) {
      long due = start + (long) (i * 1e9 / perSecond);
      if (due >= end) {
        break;
      }
      long wait = due - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
      Map<String, AttributeValue> item = item("p" + (firstKey + i), i);
      try {
        client.putItem(p -> p.tableName(table).item(item));
        ok++;
      } catch (ProvisionedThroughputExceededException e) {
        throttled++;
      }
    }
    return new Paced(ok, throttled, ok / ((System.nanoTime() - start) / 1e9));
  }
}
