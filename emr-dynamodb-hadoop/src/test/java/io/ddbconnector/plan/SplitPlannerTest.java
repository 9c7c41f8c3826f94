package io.ddbconnector.plan;

import io.ddbconnector.split.ScanSplit;
import io.ddbconnector.plan.SplitPlanner;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddbconnector.table.TableInfo;
import io.ddbconnector.conf.Settings;
import io.ddbconnector.read.ReadSettings;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SplitPlannerTest {

  private static TableInfo table(long items, long bytes, boolean onDemand, long rcu) {
    return new TableInfo("t", List.of(new TableInfo.KeyAttribute("id", "S")), items, bytes, onDemand, rcu, rcu);
  }

  private static ReadSettings settings(String... kv) {
    Map<String, String> m = new TreeMap<>();
    m.put("dynamodb.input.tableName", "t");
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return ReadSettings.from(Settings.of(m));
  }

  @Test
  void smallTableGetsTheMinimumOrTheEngineHint() {
    SplitPlanner.Plan p = SplitPlanner.plan(table(100, 20_000, false, 100), settings(), 2, () -> -1);
    assertEquals(4, p.splits().size());
    assertEquals(4, p.splits().get(0).totalSegments());
    SplitPlanner.Plan p2 = SplitPlanner.plan(table(100, 20_000, false, 100), settings(), 12, () -> -1);
    assertEquals(12, p2.splits().size());
  }

  @Test
  void largeTableGetsManySplitsWithoutAnySetting() {
    long tenGb = 10L << 30;
    SplitPlanner.Plan p = SplitPlanner.plan(table(50_000_000, tenGb, false, 1000), settings(), 2, () -> -1);
    assertEquals(160, p.splits().size());
    long total = p.splits().stream().mapToLong(ScanSplit::estimatedBytes).sum();
    assertEquals(tenGb, total, tenGb / 100.0);
    assertTrue(p.explanation().contains("160 scan segments"), p.explanation());
  }

  @Test
  void zeroStatisticsFallBackToTheSampleOnce() {
    AtomicInteger calls = new AtomicInteger();
    SplitPlanner.Plan p = SplitPlanner.plan(table(0, 0, false, 100), settings(), 1, () -> {
      calls.incrementAndGet();
      return 1L << 30;
    });
    assertEquals(1, calls.get());
    assertEquals(16, p.splits().size());
    assertTrue(p.explanation().contains("sampled estimate"), p.explanation());
  }

  @Test
  void explicitSegmentsAndMaxMapTasksOverride() {
    SplitPlanner.Plan p = SplitPlanner.plan(table(100, 1L << 40, false, 100),
        settings("dynamodb.scan.segments", "10", "dynamodb.max.map.tasks", "3"), 2, () -> {
          throw new AssertionError("no sample when segments are explicit");
        });
    assertEquals(3, p.splits().size());
    Set<Integer> seen = new HashSet<>();
    for (ScanSplit s : p.splits()) {
      assertEquals(10, s.totalSegments());
      for (int seg : s.segments()) {
        assertTrue(seen.add(seg), "segment twice: " + seg);
      }
    }
    assertEquals(10, seen.size());
    assertEquals(4, p.splits().get(0).segmentCount());
  }

  @Test
  void rateIsDividedByTheConcurrency() {
    // provisioned 1000 RCU, 50% -> 500/s for the job; 8 splits, 8 at once -> 62.5 each
    SplitPlanner.Plan p = SplitPlanner.plan(table(100, 1000, false, 1000),
        settings("dynamodb.scan.segments", "8"), 1, () -> 0);
    assertEquals(62.5, p.splits().get(0).taskReadRate(), 1e-9);
    // only 2 run at once (e.g. Spark with 2 cores): each may use half the budget
    SplitPlanner.Plan q = SplitPlanner.plan(table(100, 1000, false, 1000),
        settings("dynamodb.scan.segments", "8", "dynamodb.throughput.concurrency", "2"), 1, () -> 0);
    assertEquals(250.0, q.splits().get(0).taskReadRate(), 1e-9);
  }

  @Test
  void onDemandUsesConfiguredMaximumOrTheDocumentedDefault() {
    SplitPlanner.Plan p = SplitPlanner.plan(table(100, 1000, true, 0), settings("dynamodb.scan.segments", "1"),
        1, () -> 0);
    assertEquals(6000.0, p.splits().get(0).taskReadRate(), 1e-9);
    SplitPlanner.Plan q = SplitPlanner.plan(table(100, 1000, true, 0), settings("dynamodb.scan.segments", "1",
        "dynamodb.throughput.onDemand.read", "800"), 1, () -> 0);
    assertEquals(400.0, q.splits().get(0).taskReadRate(), 1e-9);
    SplitPlanner.Plan r = SplitPlanner.plan(table(100, 1000, true, 300), settings("dynamodb.scan.segments", "1"),
        1, () -> 0);
    assertEquals(150.0, r.splits().get(0).taskReadRate(), 1e-9, "on-demand table with a max read rate");
    SplitPlanner.Plan o = SplitPlanner.plan(table(100, 1000, false, 1000), settings("dynamodb.scan.segments", "1",
        "dynamodb.throughput.read", "50", "dynamodb.throughput.read.percent", "1.0"), 1, () -> 0);
    assertEquals(50.0, o.splits().get(0).taskReadRate(), 1e-9, "explicit capacity wins");
  }

  @Test
  void splitRoundTripsAsBytesAndEquals() throws Exception {
    ScanSplit s = SplitPlanner.plan(table(100, 1000, false, 1000), settings("dynamodb.scan.segments", "5",
        "dynamodb.max.map.tasks", "2"), 1, () -> 0).splits().get(1);
    java.io.ByteArrayOutputStream bos = new java.io.ByteArrayOutputStream();
    s.write(new java.io.DataOutputStream(bos));
    ScanSplit back = ScanSplit.read(new java.io.DataInputStream(new java.io.ByteArrayInputStream(bos.toByteArray())));
    assertEquals(s, back);
    assertEquals(s.hashCode(), back.hashCode());
  }
}
