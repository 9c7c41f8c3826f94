package io.ddbconnector.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddbconnector.conf.Settings;
import io.ddbconnector.core.DynamoDBConnector;
import io.ddbconnector.core.DynamoDBConnector.PlannedRead;
import io.ddbconnector.plan.Predicate;
import io.ddbconnector.plan.Predicate.Column;
import io.ddbconnector.plan.Predicate.Compare;
import io.ddbconnector.plan.Predicate.Kind;
import io.ddbconnector.plan.Predicate.Op;
import io.ddbconnector.plan.ReadRequest;
import io.ddbconnector.read.ScanReader;
import io.ddbconnector.split.ScanSplit;
import io.ddbconnector.testkit.Backend;
import io.ddbconnector.testkit.DynamoDBBackendExtension;
import io.ddbconnector.testkit.ItemCorpus;
import io.ddbconnector.testkit.proxy.ThrottlingProxy;
import io.ddbconnector.throughput.ConnectorMetrics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The core reader under a pushed count and a pushed limit, against the backend through the counting proxy:
 * a count sends only {@code Select=COUNT} Scans, returns the exact number, and is charged to the rate
 * limiter what the service reports (as much as the same scan returning items); a limit stops every split
 * after one page.
 */
@ExtendWith(DynamoDBBackendExtension.class)
class CountAndLimitIT {

  static final int ITEMS = 2_000;
  static final int SEGMENTS = 4;
  static ThrottlingProxy proxy;
  static String table;
  static List<Map<String, AttributeValue>> items;

  @BeforeAll
  static void load(Backend backend) {
    proxy = ThrottlingProxy.start(backend.endpoint());
    table = backend.createTable("count_limit", "id", ScalarAttributeType.S);
    items = ItemCorpus.generated("id", ITEMS, 5);
    backend.putAll(table, items);
  }

  @AfterAll
  static void stop() {
    proxy.close();
  }

  @BeforeEach
  void reset() {
    proxy.resetStats();
  }

  private static Settings settings(Backend backend) {
    Map<String, String> m = new HashMap<>();
    m.put("dynamodb.endpoint", proxy.endpoint().toString());
    m.put("dynamodb.region", backend.region());
    m.put("dynamodb.awsAccessKeyId", "dummy");
    m.put("dynamodb.awsSecretAccessKey", "dummy");
    m.put("dynamodb.input.tableName", table);
    m.put("dynamodb.scan.segments", Integer.toString(SEGMENTS));
    return Settings.of(m);
  }

  /** Sums the splits' counts; the metrics collect what the readers charged. */
  private static long count(Settings s, PlannedRead read, ConnectorMetrics metrics) {
    long total = 0;
    for (ScanSplit split : read.splits().splits()) {
      try (ScanReader r = DynamoDBConnector.openReader(s, split, metrics)) {
        assertTrue(r.counting());
        total += r.count();
        assertEquals(0, r.itemsDelivered(), "a count returns no items");
      }
    }
    return total;
  }

  @Test
  void aCountSendsOnlySelectCountAndIsChargedLikeTheScan(Backend backend) {
    Settings s = settings(backend);
    PlannedRead read = DynamoDBConnector.create(s).planRead(ReadRequest.of(List.of(), Set.of(), false, 100)
        .countingOnly(true), SEGMENTS);
    assertTrue(read.plan().countOnly(), read.plan().summary());
    assertTrue(read.plan().summary().contains("Select=COUNT (billed like the full scan)"), read.plan().summary());
    ConnectorMetrics counting = new ConnectorMetrics();
    assertEquals(ITEMS, count(s, read, counting));
    long scans = proxy.requests(table, "Scan");
    assertTrue(scans >= SEGMENTS, "at least one page per segment: " + scans);
    assertEquals(scans, proxy.requests(table, "Scan:COUNT"), "every Scan was a Select=COUNT");
    double countUnits = proxy.consumed(table, false);
    assertTrue(countUnits > 0, "the service charged the count");
    assertEquals(countUnits, counting.readUnits(), 0.01, "the limiter was charged what the service reported");

    proxy.resetStats();
    ConnectorMetrics scanning = new ConnectorMetrics();
    long rows = 0;
    PlannedRead all = DynamoDBConnector.create(s).planRead(ReadRequest.of(List.of(), null, false, 100), SEGMENTS);
    for (ScanSplit split : all.splits().splits()) {
      try (ScanReader r = DynamoDBConnector.openReader(s, split, scanning)) {
        while (r.hasNext()) {
          r.next();
          rows++;
        }
      }
    }
    assertEquals(ITEMS, rows);
    assertEquals(0, proxy.requests(table, "Scan:COUNT"));
    double scanUnits = proxy.consumed(table, false);
    // pages are cut differently (a count's pages are not capped by memory), so whole-block rounding differs
    assertEquals(scanUnits, countUnits, scanUnits * 0.1, "a count is billed like the scan: " + countUnits
        + " vs " + scanUnits);
  }

  @Test
  void aCountWithAPushedFilterCountsTheMatchingItems(Backend backend) {
    Settings s = settings(backend);
    String category = items.get(0).get("category").s();
    long expected = items.stream().filter(i -> i.get("category").s().equals(category)).count();
    Predicate eq = new Compare(Column.of("category", Kind.S), Op.EQ, AttributeValue.fromS(category));
    PlannedRead read = DynamoDBConnector.create(s).planRead(ReadRequest.of(List.of(eq), Set.of(), false, 100)
        .countingOnly(true), SEGMENTS);
    assertTrue(read.plan().countOnly(), read.plan().summary());
    assertTrue(expected > 0 && expected < ITEMS, "a selective filter: " + expected);
    assertEquals(expected, count(s, read, new ConnectorMetrics()));
    assertEquals(proxy.requests(table, "Scan"), proxy.requests(table, "Scan:COUNT"));
  }

  @Test
  void aLimitStopsEverySplitAfterOnePage(Backend backend) {
    Settings s = settings(backend);
    PlannedRead read = DynamoDBConnector.create(s).planRead(ReadRequest.of(List.of(), null, false, 100)
        .withLimit(10), SEGMENTS);
    assertEquals(10, read.plan().limit(), read.plan().summary());
    List<Map<String, AttributeValue>> got = new ArrayList<>();
    for (ScanSplit split : read.splits().splits()) {
      try (ScanReader r = DynamoDBConnector.openReader(s, split, new ConnectorMetrics())) {
        assertFalse(r.counting());
        int n = 0;
        while (r.hasNext()) {
          got.add(r.next());
          n++;
        }
        assertEquals(10, n, "every segment holds more than 10 items; the split returns exactly its limit");
      }
    }
    int splits = read.splits().splits().size();
    assertEquals(10 * splits, got.size());
    assertEquals(splits, proxy.requests(table, "Scan"), "one page of Limit 10 per split");
  }

  @Test
  void aLimitWithAFilterStillStopsOnceItHasEnough(Backend backend) {
    Settings s = settings(backend);
    String category = items.get(0).get("category").s();
    Predicate eq = new Compare(Column.of("category", Kind.S), Op.EQ, AttributeValue.fromS(category));
    PlannedRead read = DynamoDBConnector.create(s).planRead(ReadRequest.of(List.of(eq), null, false, 100)
        .withLimit(3), SEGMENTS);
    assertEquals(3, read.plan().limit(), read.plan().summary());
    long total = 0;
    for (ScanSplit split : read.splits().splits()) {
      try (ScanReader r = DynamoDBConnector.openReader(s, split, new ConnectorMetrics())) {
        while (r.hasNext()) {
          assertEquals(category, r.next().get("category").s());
          total++;
        }
      }
    }
    assertEquals(3L * read.splits().splits().size(), total);
  }
}
