package io.ddbconnector.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddbconnector.conf.Settings;
import io.ddbconnector.core.DynamoDBConnector;
import io.ddbconnector.exceptions.DynamoDBConnectorException;
import io.ddbconnector.testkit.Backend;
import io.ddbconnector.testkit.DynamoDBBackendExtension;
import io.ddbconnector.testkit.proxy.Faults;
import io.ddbconnector.testkit.proxy.RateReport;
import io.ddbconnector.testkit.proxy.ThrottlingProxy;
import io.ddbconnector.throughput.ConnectorMetrics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Conditional writes through the core writer and updater, behind the throttling proxy: PutItem (DeleteItem,
 * UpdateItem) per item with the condition, refused items counted as rejected and never written, the rate
 * contract and the retries kept.
 */
@ExtendWith(DynamoDBBackendExtension.class)
class ConditionalWriteIT {

  static ThrottlingProxy proxy;

  @BeforeAll
  static void start(Backend backend) {
    proxy = ThrottlingProxy.start(backend.endpoint());
  }

  @AfterAll
  static void stop() {
    proxy.close();
  }

  @BeforeEach
  void reset() {
    proxy.setFaults(Faults.none());
  }

  private static Map<String, String> conf(Backend backend, String table, String... more) {
    Map<String, String> m = new HashMap<>(Map.of("dynamodb.output.tableName", table,
        "dynamodb.endpoint", proxy.endpoint().toString(), "dynamodb.region", backend.region(),
        "dynamodb.awsAccessKeyId", "dummy", "dynamodb.awsSecretAccessKey", "dummy",
        "dynamodb.throughput.write", "100000"));
    for (int i = 0; i < more.length; i += 2) {
      m.put(more[i], more[i + 1]);
    }
    return m;
  }

  private static AttributeValue s(String v) {
    return AttributeValue.fromS(v);
  }

  private static AttributeValue n(long v) {
    return AttributeValue.fromN(Long.toString(v));
  }

  private static List<Map<String, AttributeValue>> items(int from, int to, String v) {
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    for (int i = from; i < to; i++) {
      items.add(Map.of("id", s("k" + i), "v", s(v)));
    }
    return items;
  }

  private static Map<String, Map<String, AttributeValue>> byId(Backend backend, String table) {
    Map<String, Map<String, AttributeValue>> m = new HashMap<>();
    backend.scanAll(table).forEach(i -> m.put(i.get("id").s(), i));
    return m;
  }

  private static ConnectorMetrics write(Map<String, String> conf, List<Map<String, AttributeValue>> items,
      WriteLedger ledger) {
    ConnectorMetrics metrics = new ConnectorMetrics();
    try (BatchWriter w = DynamoDBConnector.openWriter(Settings.of(conf), null, 1, metrics, ledger)) {
      items.forEach(w::write);
    }
    return metrics;
  }

  @Test
  void notExistsWritesNewItemsAndCountsTheExistingOnesAsRejected(Backend backend) {
    String table = backend.createTable("cond_new", "id", ScalarAttributeType.S);
    backend.putAll(table, items(0, 20, "old"));
    long puts = proxy.requests(table, "PutItem");
    ConnectorMetrics m = write(conf(backend, table, "dynamodb.write.condition", "attribute_not_exists(id)"),
        items(0, 50, "new"), null);
    assertEquals(30, m.itemsWritten(), "items written");
    assertEquals(20, m.itemsRejected(), "items rejected by the condition");
    assertEquals(20, m.snapshot().get(ConnectorMetrics.Counter.ITEMS_REJECTED));
    assertEquals(50, proxy.requests(table, "PutItem") - puts, "one PutItem per item");
    assertEquals(0, proxy.requests(table, "BatchWriteItem"), "no batches: they take no condition");
    Map<String, Map<String, AttributeValue>> t = byId(backend, table);
    assertEquals(50, t.size());
    for (int i = 0; i < 50; i++) {
      assertEquals(i < 20 ? "old" : "new", t.get("k" + i).get("v").s(), "item k" + i);
    }
  }

  @Test
  void rejectedItemsAreRecordedAsJsonLinesWhenAPathIsSet(Backend backend, @TempDir Path dir) throws Exception {
    String table = backend.createTable("cond_path", "id", ScalarAttributeType.S);
    backend.putAll(table, items(0, 7, "old"));
    Path rejected = dir.resolve("rejected");
    ConnectorMetrics m = write(conf(backend, table, "dynamodb.write.condition", "attribute_not_exists(id)",
        "dynamodb.write.rejected.path", rejected.toString()), items(0, 20, "new"), null);
    assertEquals(7, m.itemsRejected());
    List<Path> files;
    try (java.util.stream.Stream<Path> s = java.nio.file.Files.list(rejected)) {
      files = s.toList();
    }
    assertEquals(1, files.size(), files.toString());
    assertTrue(files.get(0).getFileName().toString().matches("rejected-writer-.*\\.json"), files.toString());
    List<Map<String, AttributeValue>> lines = new ArrayList<>();
    for (String l : java.nio.file.Files.readAllLines(files.get(0))) {
      lines.add(io.ddbconnector.types.DynamoJson.parseItem(l));
    }
    lines.sort(java.util.Comparator.comparing(i -> Integer.parseInt(i.get("id").s().substring(1))));
    assertEquals(items(0, 7, "new"), lines, "the rejected items as they were sent");

    // no rejection, no file; a path without a condition is refused
    Path none = dir.resolve("none");
    write(conf(backend, table, "dynamodb.write.condition", "attribute_not_exists(id)",
        "dynamodb.write.rejected.path", none.toString()), items(100, 105, "new"), null);
    assertTrue(!java.nio.file.Files.exists(none) || java.nio.file.Files.list(none).findAny().isEmpty());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> write(conf(backend, table, "dynamodb.write.rejected.path", none.toString()), List.of(), null));
    assertTrue(e.getMessage().contains("dynamodb.write.rejected.path"), e.getMessage());
  }

  @Test
  void versionAttributeWritesOnlyNewerVersions(Backend backend) {
    String table = backend.createTable("cond_ver", "id", ScalarAttributeType.S);
    backend.putAll(table, List.of(Map.of("id", s("a"), "version", n(5), "v", s("stored")),
        Map.of("id", s("b"), "version", n(5), "v", s("stored")),
        Map.of("id", s("c"), "version", n(5), "v", s("stored"))));
    ConnectorMetrics m = write(conf(backend, table, "dynamodb.write.condition.versionAttribute", "version"),
        List.of(Map.of("id", s("a"), "version", n(3), "v", s("older")),
            Map.of("id", s("b"), "version", n(5), "v", s("same")),
            Map.of("id", s("c"), "version", n(7), "v", s("newer")),
            Map.of("id", s("d"), "version", n(1), "v", s("absent"))), null);
    assertEquals(2, m.itemsWritten());
    assertEquals(2, m.itemsRejected());
    Map<String, Map<String, AttributeValue>> t = byId(backend, table);
    assertEquals("stored", t.get("a").get("v").s());
    assertEquals("stored", t.get("b").get("v").s());
    assertEquals("newer", t.get("c").get("v").s());
    assertEquals("absent", t.get("d").get("v").s());
  }

  @Test
  void itemPlaceholdersNamesAndValuesCombine(Backend backend) {
    String table = backend.createTable("cond_expr", "id", ScalarAttributeType.S);
    backend.putAll(table, List.of(Map.of("id", s("open"), "ts", n(10), "status", s("open")),
        Map.of("id", s("locked"), "ts", n(10), "status", s("locked"))));
    ConnectorMetrics m = write(conf(backend, table,
        "dynamodb.write.condition", "attribute_not_exists(id) OR (#ts < :item.ts AND #st <> :locked)",
        "dynamodb.write.condition.expressionNames", "#ts=ts,#st=status",
        "dynamodb.write.condition.expressionValues", "{\":locked\":{\"S\":\"locked\"}}"),
        List.of(Map.of("id", s("open"), "ts", n(11), "status", s("written")),
            Map.of("id", s("locked"), "ts", n(11), "status", s("written")),
            Map.of("id", s("fresh"), "ts", n(1), "status", s("written"))), null);
    assertEquals(2, m.itemsWritten());
    assertEquals(1, m.itemsRejected());
    Map<String, Map<String, AttributeValue>> t = byId(backend, table);
    assertEquals("written", t.get("open").get("status").s());
    assertEquals("locked", t.get("locked").get("status").s());
    assertEquals("written", t.get("fresh").get("status").s());
  }

  @Test
  void anItemWithoutTheComparedAttributeFailsNamingIt(Backend backend) {
    String table = backend.createTable("cond_missing", "id", ScalarAttributeType.S);
    DynamoDBConnectorException e = assertThrows(DynamoDBConnectorException.class,
        () -> write(conf(backend, table, "dynamodb.write.condition.versionAttribute", "version"),
            List.of(Map.of("id", s("x"), "v", s("no version"))), null));
    assertTrue(e.getMessage().contains("\"x\"") && e.getMessage().contains("'version'")
        && e.getMessage().contains("dynamodb.write.condition.versionAttribute"), e.getMessage());
    assertEquals(0, backend.count(table));
  }

  @Test
  void badConditionSettingsFailNamingTheKey(Backend backend) {
    String table = backend.createTable("cond_badconf", "id", ScalarAttributeType.S);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> write(conf(backend, table, "dynamodb.write.condition.expressionValues", "{\":x\":{\"S\":\"1\"}}"),
            List.of(), null));
    assertTrue(e.getMessage().contains("dynamodb.write.condition"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> write(conf(backend, table,
        "dynamodb.write.condition", "attribute_not_exists(id)", "dynamodb.write.condition.expressionNames", "#n=v"),
        List.of(), null));
    assertTrue(e.getMessage().contains("dynamodb.write.condition.expressionNames") && e.getMessage().contains("#n"),
        e.getMessage());
  }

  @Test
  void rejectedFailStopsTheTaskNamingTheKey(Backend backend) {
    String table = backend.createTable("cond_fail", "id", ScalarAttributeType.S);
    backend.putAll(table, items(5, 6, "old"));
    DynamoDBConnectorException e = assertThrows(DynamoDBConnectorException.class,
        () -> write(conf(backend, table, "dynamodb.write.condition", "attribute_not_exists(id)",
            "dynamodb.write.rejected.fail", "true", "dynamodb.write.batchesInFlight", "1"), items(0, 10, "new"),
            null));
    assertTrue(e.getMessage().contains("\"k5\"") && e.getMessage().contains("rejected by the write condition")
        && e.getMessage().contains("dynamodb.write.rejected.fail=true"), e.getMessage());
    assertEquals("old", byId(backend, table).get("k5").get("v").s());
  }

  /**
   * A replayed attempt (task retry, speculative attempt, micro-batch replay) sees its own earlier writes
   * refused by {@code attribute_not_exists}: they count as rejected, and the job's summary counts a task's
   * rejections as the most any of its attempts saw.
   */
  @Test
  void aReplayedWriteIsRejectedAndCounted(Backend backend, @TempDir Path dir) {
    String table = backend.createTable("cond_replay", "id", ScalarAttributeType.S);
    WriteLedger.Store store = WriteLedger.localDirectory(dir);
    Map<String, String> conf = conf(backend, table, "dynamodb.write.condition", "attribute_not_exists(id)");
    ConnectorMetrics first = write(conf, items(0, 30, "x"), new WriteLedger(store, "task_0", "attempt_0"));
    ConnectorMetrics replay = write(conf, items(0, 30, "x"), new WriteLedger(store, "task_0", "attempt_1"));
    assertEquals(30, first.itemsWritten());
    assertEquals(0, first.itemsRejected());
    assertEquals(0, replay.itemsWritten());
    assertEquals(30, replay.itemsRejected(), "the replay's own earlier writes are rejected");
    WriteLedger.Summary s = new WriteLedger(store, "driver", "driver").summary();
    assertEquals(30, s.confirmed());
    assertEquals(30, s.rejected());
    assertTrue(s.describe().contains("30 items confirmed written, 30 rejected by the condition"), s.describe());
    assertEquals(30, backend.count(table));
  }

  @Test
  void deletesAndUpdatesTakeTheCondition(Backend backend, @TempDir Path dir) throws Exception {
    String table = backend.createTable("cond_delupd", "id", ScalarAttributeType.S);
    backend.putAll(table, List.of(Map.of("id", s("done"), "st", s("done"), "version", n(1)),
        Map.of("id", s("busy"), "st", s("busy"), "version", n(1))));
    ConnectorMetrics m = write(conf(backend, table, "dynamodb.write.mode", "delete",
        "dynamodb.write.condition", "st = :done", "dynamodb.write.condition.expressionValues",
        "{\":done\":{\"S\":\"done\"}}"), List.of(Map.of("id", s("done")), Map.of("id", s("busy"))), null);
    assertEquals(1, m.itemsWritten());
    assertEquals(1, m.itemsRejected());
    assertEquals(List.of("busy"), backend.scanAll(table).stream().map(i -> i.get("id").s()).toList());

    ConnectorMetrics u = new ConnectorMetrics();
    try (ItemUpdater up = DynamoDBConnector.openUpdater(Settings.of(conf(backend, table,
        "dynamodb.write.condition.versionAttribute", "version", "dynamodb.write.rejected.path", dir.toString())),
        null, 1, u)) {
      up.update(Map.of("id", s("busy")), Map.of("version", n(1), "st", s("stale")), List.of());
      up.update(Map.of("id", s("busy")), Map.of("version", n(2), "st", s("updated")), List.of());
    }
    assertEquals(1, u.itemsWritten());
    assertEquals(1, u.itemsRejected());
    assertEquals("updated", byId(backend, table).get("busy").get("st").s());
    List<String> recorded = new ArrayList<>();
    try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(dir)) {
      for (Path f : files.toList()) {
        recorded.addAll(java.nio.file.Files.readAllLines(f));
      }
    }
    assertEquals(1, recorded.size(), recorded.toString());
    assertEquals(Map.of("id", s("busy"), "version", n(1), "st", s("stale")),
        io.ddbconnector.types.DynamoJson.parseItem(recorded.get(0)), "the rejected update: its key and values");
  }

  @Test
  void theRateContractHoldsForItemByItemWrites(Backend backend) {
    String table = backend.createTable("cond_rate", "id", ScalarAttributeType.S);
    backend.putAll(table, items(0, 60, "old"));
    proxy.setCapacity(table, 1_000_000, 50);
    try {
      proxy.resetStats();
      ConnectorMetrics m = write(conf(backend, table, "dynamodb.write.condition", "attribute_not_exists(id)",
          "dynamodb.throughput.write", "50", "dynamodb.throughput.write.percent", "1.0"), items(0, 300, "new"),
          null);
      assertEquals(240, m.itemsWritten());
      assertEquals(60, m.itemsRejected());
      RateReport r = RateReport.of(proxy, table, true, 50);
      System.out.println("conditional writes at 50 WCU/s: " + r + "; client units " + m.writeUnits());
      // the emulated table starts with a full one-second bucket, which a ~6 s write may spend on top
      assertTrue(r.rate() <= 50 * 1.35, "the writer kept to its budget: " + r);
      assertTrue(m.writeUnits() >= 300, "rejected writes are paid too: " + m.writeUnits());
    } finally {
      proxy.removeCapacity(table);
    }
  }

  @Test
  void throttlingAndServerErrorsAreRetriedAndAnAppliedRetryCountsAsRejected(Backend backend) {
    String table = backend.createTable("cond_faults", "id", ScalarAttributeType.S);
    proxy.setFaults(Faults.none().throttleRate(0.2).serverErrorRate(0.05).serverErrorAfterWriteRate(0.05).seed(17));
    long before = proxy.injectedFaults(Faults.Kind.SERVER_ERROR_AFTER_WRITE);
    ConnectorMetrics m = write(conf(backend, table, "dynamodb.write.condition", "attribute_not_exists(id)",
        "dynamodb.retry.baseDelayMs", "5"), items(0, 200, "x"), null);
    long afterWrite = proxy.injectedFaults(Faults.Kind.SERVER_ERROR_AFTER_WRITE) - before;
    proxy.setFaults(Faults.none());
    assertEquals(200, backend.count(table), "every item is in the table");
    assertEquals(200, m.itemsWritten() + m.itemsRejected(), "each item written or rejected once");
    assertTrue(m.throttleEvents() > 0 && m.retries() > 0, "throttles and retries: " + m.snapshot());
    assertTrue(afterWrite > 0, "answers lost after the write were injected");
    // a retry of a write applied without an answer meets its own item: rejected, as a replayed task would be
    assertTrue(m.itemsRejected() >= 1 && m.itemsRejected() <= afterWrite,
        m.itemsRejected() + " rejected, " + afterWrite + " answers lost after writing");
  }
}
