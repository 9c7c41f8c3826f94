package io.ddbconnector.testkit.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddbconnector.testkit.Backend;
import io.ddbconnector.testkit.ItemCorpus;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** The proxy against the real dynalite backend, driven by the plain SDK with retries disabled. */
class ThrottlingProxyIT {

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
    client = noRetryClient(proxy.endpoint());
  }

  @AfterEach
  void stopProxy() {
    client.close();
    proxy.close();
  }

  @SuppressWarnings("deprecation") // ApacheHttpClient (4.x) is the client the project standardises on
  static DynamoDbClient noRetryClient(URI endpoint) {
    return DynamoDbClient.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("dummy", "dummy")))
        .httpClientBuilder(ApacheHttpClient.builder().maxConnections(64))
        .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }

  private static Map<String, AttributeValue> key(String id) {
    return Map.of(KEY, AttributeValue.fromS(id));
  }

  private static Set<Map<String, AttributeValue>> asSet(List<Map<String, AttributeValue>> items) {
    return new HashSet<>(items);
  }

  private List<Map<String, AttributeValue>> scanViaProxy(String table, int pageSize) {
    List<Map<String, AttributeValue>> all = new ArrayList<>();
    Map<String, AttributeValue> start = null;
    do {
      Map<String, AttributeValue> from = start;
      ScanResponse page = client.scan(s -> s.tableName(table).limit(pageSize).exclusiveStartKey(from));
      all.addAll(page.items());
      start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
    } while (start != null);
    return all;
  }

  private static void inParallel(int threads, int tasks, java.util.function.IntConsumer task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < tasks; t++) {
        int n = t;
        futures.add(pool.submit(() -> task.accept(n)));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void countsTheResponseBytesClientsReceive() {
    String table = backend.createTable("proxy_bytes", KEY, ScalarAttributeType.S);
    List<Map<String, AttributeValue>> items = ItemCorpus.generated(KEY, 200, 12);
    backend.putAll(table, items);
    proxy.resetStats();

    ScanResponse count = client.scan(r -> r.tableName(table).select(
        software.amazon.awssdk.services.dynamodb.model.Select.COUNT));
    assertEquals(200, count.count());
    long countBytes = proxy.responseBytes("Scan");
    // {"Count":200,"ScannedCount":200}: the consumed capacity the proxy asked for is removed again
    assertEquals("{\"Count\":200,\"ScannedCount\":200}".length(), countBytes, "a count's body only");
    assertEquals(countBytes, proxy.responseBytesOfTable(table));

    List<Map<String, AttributeValue>> all = scanViaProxy(table, 1000);
    assertEquals(200, all.size());
    long scanBytes = proxy.responseBytes("Scan") - countBytes;
    long minimum = 0;
    for (Map<String, AttributeValue> item : all) {
      minimum += item.get(KEY).s().length();
    }
    assertTrue(scanBytes > 3 * minimum, "a scan's body holds every item, not just its keys: " + scanBytes);
    assertEquals(countBytes + scanBytes, proxy.responseBytesOfTable(table));
    assertEquals(0, proxy.responseBytes("Query"));

    proxy.resetStats();
    assertEquals(0, proxy.responseBytes("Scan"));
    assertEquals(0, proxy.responseBytesOfTable(table));
  }

  @Test
  void requestsPassThroughUnchanged() throws Exception {
    String table = backend.createTable("proxy_pass", KEY, ScalarAttributeType.S);
    List<Map<String, AttributeValue>> items = ItemCorpus.generated(KEY, 200, 11);
    inParallel(8, items.size(), i -> {
      PutItemResponse r = client.putItem(p -> p.tableName(table).item(items.get(i)));
      assertNull(r.consumedCapacity(), "the client did not ask for consumed capacity");
    });

    List<Map<String, AttributeValue>> viaProxy = scanViaProxy(table, 37);
    assertEquals(200, viaProxy.size());
    assertEquals(asSet(backend.scanAll(table)), asSet(viaProxy));
    Set<String> keys = new HashSet<>();
    for (Map<String, AttributeValue> item : viaProxy) {
      keys.add(item.get(KEY).s());
    }
    Set<String> expectedKeys = new HashSet<>();
    for (Map<String, AttributeValue> item : items) {
      expectedKeys.add(item.get(KEY).s());
    }
    assertEquals(expectedKeys, keys);

    // consumed capacity is returned when asked for, and metered either way
    PutItemResponse asked = client.putItem(p -> p.tableName(table).item(items.get(0))
        .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
    assertNotNull(asked.consumedCapacity());
    assertEquals(1.0, asked.consumedCapacity().capacityUnits(), 1e-9);
    PutItemResponse none = client.putItem(p -> p.tableName(table).item(items.get(0))
        .returnConsumedCapacity(ReturnConsumedCapacity.NONE));
    assertNull(none.consumedCapacity());
    assertEquals(202.0, proxy.consumed(table, true), 1e-9);
    assertTrue(proxy.consumed(table, false) > 0);

    QueryResponse q = client.query(r -> r.tableName(table).keyConditionExpression("#k = :v")
        .expressionAttributeNames(Map.of("#k", KEY))
        .expressionAttributeValues(Map.of(":v", AttributeValue.fromS("item-000007"))));
    assertEquals(List.of(items.get(7).get(KEY)), List.of(q.items().get(0).get(KEY)));
    BatchGetItemResponse got = client.batchGetItem(b -> b.requestItems(Map.of(table,
        KeysAndAttributes.builder().keys(List.of(key("item-000001"), key("item-000002"))).build())));
    assertEquals(2, got.responses().get(table).size());
    assertTrue(got.consumedCapacity().isEmpty(), "the client did not ask for consumed capacity");
    backend.client().describeTable(d -> d.tableName(table));
    client.describeTable(d -> d.tableName(table));
    assertEquals(200, client.scan(r -> r.tableName(table).select(
        software.amazon.awssdk.services.dynamodb.model.Select.COUNT)).count());

    assertEquals(202, proxy.requests("PutItem"));
    assertEquals(202, proxy.requests(table, "PutItem"));
    assertEquals(7, proxy.requests(table, "Scan")); // 200 items, 37 per page; one count
    assertEquals(6, proxy.requests(table, "Scan:DEFAULT"), "counted by Select too");
    assertEquals(1, proxy.requests(table, "Scan:COUNT"));
    assertEquals(1, proxy.requests(table, "Query"));
    assertEquals(1, proxy.requests(table, "Query:DEFAULT"));
    assertEquals(1, proxy.requests(table, "BatchGetItem"));
    assertEquals(1, proxy.requests(table, "DescribeTable"));
    assertEquals(0, proxy.requests(table, "GetItem"));
    assertEquals(0, proxy.requests("no_such_table", "PutItem"));
    assertEquals(0, proxy.throttled(table));
    assertEquals(0, proxy.injectedFaults());
  }

  @Test
  void capacityIsEnforcedWithAThrottle() {
    String table = backend.createTable("proxy_capacity", KEY, ScalarAttributeType.S);
    proxy.setCapacity(table, 10, 10);
    List<Map<String, AttributeValue>> items = ItemCorpus.generated(KEY, 50, 5);
    long throttledByClient = 0;
    long written = 0;
    long start = System.nanoTime();
    long end = start + Duration.ofSeconds(3).toNanos();
    for (int i = 0; System.nanoTime() < end; i++) {
      Map<String, AttributeValue> item = items.get(i % items.size());
      try {
        client.putItem(p -> p.tableName(table).item(item));
        written++;
      } catch (ProvisionedThroughputExceededException e) {
        throttledByClient++;
        assertEquals(400, e.statusCode());
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    assertTrue(throttledByClient > 0, "no throttle in a tight loop");
    assertEquals(throttledByClient, proxy.throttled(table));
    assertEquals(0, proxy.injectedFaults());
    double rate = proxy.consumed(table, true) / seconds;
    assertEquals(written, proxy.consumed(table, true), 1e-9, "one unit per small put");
    System.out.printf("capacity 10/s: %d written, %d throttled in %.2f s: %.2f units/s, steady %.2f, per second %s%n",
        written, throttledByClient, seconds, rate, proxy.steadyRate(table, true, 0.0),
        proxy.consumedPerSecond(table, true));
    assertTrue(rate >= 5 && rate <= 20, "measured " + rate + " units/s for a 10 units/s table");
    SortedMap<Long, Double> perSecond = proxy.consumedPerSecond(table, true);
    assertFalse(perSecond.isEmpty());
    double steady = proxy.steadyRate(table, true, 0.0);
    assertTrue(steady >= 5 && steady <= 25, "steady rate " + steady + " from " + perSecond);

    // reads have their own bucket, still full
    assertNotNull(client.getItem(g -> g.tableName(table).key(key("item-000001"))).item());
    // tables without a capacity are not throttled
    proxy.removeCapacity(table);
    for (int i = 0; i < 30; i++) {
      client.putItem(p -> p.tableName(table).item(items.get(0)));
    }
  }

  @Test
  void injectedFaultsAppearAtTheirRates() {
    String table = backend.createTable("proxy_faults", KEY, ScalarAttributeType.S);
    backend.putAll(table, ItemCorpus.generated(KEY, 10, 3));
    proxy.setRequestLatency(Duration.ZERO); // 1000 requests one after another: the rates matter, not the time
    proxy.setFaults(Faults.none().throttleRate(0.2).serverErrorRate(0.1).connectionResetRate(0.1).seed(42));
    int n = 1000;
    int ok = 0;
    int throttles = 0;
    int serverErrors = 0;
    int resets = 0;
    for (int i = 0; i < n; i++) {
      try {
        client.getItem(g -> g.tableName(table).key(key("item-000003")));
        ok++;
      } catch (ProvisionedThroughputExceededException e) {
        throttles++;
      } catch (DynamoDbException e) {
        assertEquals(500, e.statusCode(), e.toString());
        serverErrors++;
      } catch (SdkClientException e) {
        if (resets == 0) {
          System.out.println("a reset as the SDK sees it: " + e);
        }
        resets++;
      }
    }
    System.out.printf("faults over %d GetItem: %d ok, %d throttled, %d server errors, %d resets%n",
        n, ok, throttles, serverErrors, resets);
    assertEquals(throttles, proxy.injectedFaults(Faults.Kind.THROTTLE));
    assertEquals(serverErrors, proxy.injectedFaults(Faults.Kind.SERVER_ERROR));
    assertEquals(resets, proxy.injectedFaults(Faults.Kind.CONNECTION_RESET));
    assertEquals(throttles + serverErrors + resets, proxy.injectedFaults());
    assertEquals(0, proxy.throttled(table), "injected throttles are not capacity throttles");
    assertEquals(n, proxy.requests(table, "GetItem"));
    assertBetween(throttles, 0.2 * n, 0.3);
    assertBetween(serverErrors, 0.1 * n, 0.4);
    assertBetween(resets, 0.1 * n, 0.4);
    assertBetween(ok, 0.6 * n, 0.2);

    // control-plane requests are never faulted
    proxy.setFaults(Faults.none().throttleRate(1.0));
    for (int i = 0; i < 20; i++) {
      client.describeTable(d -> d.tableName(table));
    }
    assertThrows(ProvisionedThroughputExceededException.class,
        () -> client.getItem(g -> g.tableName(table).key(key("item-000003"))));

    // latency
    proxy.setFaults(Faults.none().latency(Duration.ofMillis(20), Duration.ofMillis(30)).seed(1));
    long t0 = System.nanoTime();
    for (int i = 0; i < 10; i++) {
      client.getItem(g -> g.tableName(table).key(key("item-000003")));
    }
    assertTrue(System.nanoTime() - t0 >= Duration.ofMillis(200).toNanos());
  }

  private static void assertBetween(int actual, double expected, double relativeTolerance) {
    assertTrue(Math.abs(actual - expected) <= expected * relativeTolerance,
        "got " + actual + ", expected about " + expected);
  }

  private static List<WriteRequest> puts(List<Map<String, AttributeValue>> items) {
    List<WriteRequest> requests = new ArrayList<>();
    for (Map<String, AttributeValue> item : items) {
      requests.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
    }
    return requests;
  }

  @Test
  void partialBatchesReturnUnprocessedItemsAndResendingWritesEverything() {
    String table = backend.createTable("proxy_partial", KEY, ScalarAttributeType.S);
    List<Map<String, AttributeValue>> items = ItemCorpus.generated(KEY, 100, 17);
    proxy.setFaults(Faults.none().batchPartialRate(1.0).seed(9));

    BatchWriteItemResponse first = client.batchWriteItem(b -> b.requestItems(Map.of(table, puts(items.subList(0, 25)))));
    assertTrue(first.hasUnprocessedItems() && first.unprocessedItems().containsKey(table));
    int unprocessed = first.unprocessedItems().get(table).size();
    assertTrue(unprocessed >= 1 && unprocessed <= 24, "unprocessed " + unprocessed);
    assertEquals(25 - unprocessed, backend.count(table));
    assertTrue(first.consumedCapacity().isEmpty(), "the client did not ask for consumed capacity");

    int calls = 1;
    Map<String, List<WriteRequest>> pending = first.unprocessedItems();
    for (int from = 25; ; from += 25) {
      while (!pending.isEmpty()) {
        Map<String, List<WriteRequest>> request = pending;
        pending = client.batchWriteItem(b -> b.requestItems(request)).unprocessedItems();
        calls++;
        assertTrue(calls < 500, "does not converge");
      }
      if (from >= items.size()) {
        break;
      }
      pending = Map.of(table, puts(items.subList(from, from + 25)));
    }
    assertEquals(asSet(items).size(), backend.count(table));
    assertEquals(100, asSet(backend.scanAll(table)).size());
    assertEquals(calls, proxy.requests(table, "BatchWriteItem"));
    assertTrue(proxy.injectedFaults(Faults.Kind.PARTIAL_BATCH) >= 4);
    assertEquals(100.0, proxy.consumed(table, true), 1e-9);

    // BatchGetItem: UnprocessedKeys, and resending reads everything
    List<Map<String, AttributeValue>> keys = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      keys.add(key(items.get(i).get(KEY).s()));
    }
    BatchGetItemResponse firstGet = client.batchGetItem(b -> b.requestItems(Map.of(table,
        KeysAndAttributes.builder().keys(keys).consistentRead(true).build())));
    assertTrue(firstGet.unprocessedKeys().containsKey(table));
    assertEquals(Boolean.TRUE, firstGet.unprocessedKeys().get(table).consistentRead());
    Set<String> read = new HashSet<>();
    firstGet.responses().getOrDefault(table, List.of()).forEach(i -> read.add(i.get(KEY).s()));
    Map<String, KeysAndAttributes> pendingKeys = firstGet.unprocessedKeys();
    while (!pendingKeys.isEmpty()) {
      Map<String, KeysAndAttributes> request = pendingKeys;
      BatchGetItemResponse r = client.batchGetItem(b -> b.requestItems(request));
      r.responses().getOrDefault(table, List.of()).forEach(i -> read.add(i.get(KEY).s()));
      pendingKeys = r.unprocessedKeys();
    }
    assertEquals(20, read.size());
  }

  @Test
  void anEmptyTableInAMultiTableBatchComesBackUnprocessed() {
    String limited = backend.createTable("proxy_limited", KEY, ScalarAttributeType.S);
    String free = backend.createTable("proxy_free", KEY, ScalarAttributeType.S);
    proxy.setCapacity(limited, 100, 0); // a write bucket that never holds a token
    List<Map<String, AttributeValue>> items = ItemCorpus.generated(KEY, 6, 23);
    Map<String, List<WriteRequest>> request = new HashMap<>();
    request.put(limited, puts(items.subList(0, 3)));
    request.put(free, puts(items.subList(3, 6)));
    BatchWriteItemResponse r = client.batchWriteItem(b -> b.requestItems(request)
        .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
    assertEquals(Set.of(limited), r.unprocessedItems().keySet());
    assertEquals(3, r.unprocessedItems().get(limited).size());
    assertEquals(1, r.consumedCapacity().size());
    assertEquals(free, r.consumedCapacity().get(0).tableName());
    assertEquals(3, backend.count(free));
    assertEquals(0, backend.count(limited));
    assertEquals(1, proxy.throttled(limited));
    assertEquals(0, proxy.throttled(free));
    assertThrows(ProvisionedThroughputExceededException.class,
        () -> client.batchWriteItem(b -> b.requestItems(Map.of(limited, puts(items.subList(0, 3))))));
    assertEquals(2, proxy.throttled(limited));
  }

  @Test
  void downModeFailsFastAndRecovers() {
    String table = backend.createTable("proxy_down", KEY, ScalarAttributeType.S);
    backend.putAll(table, ItemCorpus.generated(KEY, 5, 1));
    assertNotNull(client.getItem(g -> g.tableName(table).key(key("item-000001"))).item());
    proxy.setDown(true);
    for (int i = 0; i < 5; i++) {
      long t0 = System.nanoTime();
      SdkException e = assertThrows(SdkException.class,
          () -> client.getItem(g -> g.tableName(table).key(key("item-000001"))));
      assertTrue(e instanceof SdkClientException, e.toString());
      assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(2).toNanos(), "did not fail fast");
    }
    assertThrows(SdkClientException.class, () -> client.describeTable(d -> d.tableName(table)));
    proxy.setDown(false);
    assertNotNull(client.getItem(g -> g.tableName(table).key(key("item-000001"))).item());
  }

  @Test
  void closeStopsEveryThread() {
    ThrottlingProxy other = ThrottlingProxy.start(backend.endpoint());
    String prefix = "throttling-proxy-" + other.endpoint().getPort() + "-";
    try (DynamoDbClient c = noRetryClient(other.endpoint())) {
      for (int i = 0; i < 5; i++) {
        c.listTables();
      }
    }
    other.close();
    // a pool's worker thread may still be returning from its last task when the pool reports termination
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith(prefix)) {
        try {
          t.join(5_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        assertFalse(t.isAlive(), "left running: " + t.getName());
      }
    }
    try (DynamoDbClient c = noRetryClient(other.endpoint())) {
      assertThrows(SdkClientException.class, c::listTables);
    }
  }
}
