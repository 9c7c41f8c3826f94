package io.ddbconnector.plan;

import static io.ddbconnector.plan.ReadPlannerTest.NONE;
import static io.ddbconnector.plan.ReadPlannerTest.cmp;
import static io.ddbconnector.plan.ReadPlannerTest.n;
import static io.ddbconnector.plan.ReadPlannerTest.orders;
import static io.ddbconnector.plan.ReadPlannerTest.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddbconnector.plan.Predicate.Op;
import io.ddbconnector.split.ReadExpressions;
import io.ddbconnector.split.ScanSplit;
import io.ddbconnector.table.TableInfo;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** When the planner pushes an engine's row limit and count, and what the plan says; without a backend. */
class ReadPlannerPushdownTest {

  private static ReadPlan plan(ReadRequest rq) {
    return ReadPlanner.plan(orders("ALL", "ALL"), rq.reading(false, null), NONE);
  }

  private static ReadRequest request(Set<String> required, Predicate... ps) {
    return ReadRequest.of(List.of(ps), required, false, 100);
  }

  @Test
  void aLimitIsPushedWhenNothingIsLeftForTheEngine() {
    ReadPlan all = plan(request(null).withLimit(10));
    assertEquals(10, all.limit());
    assertEquals(10, all.expressions().limit(), "the splits carry it");
    assertEquals("Scan; key: -; filter: -; residual: -; limit 10 per split", all.summary());

    ReadPlan filtered = plan(request(null, cmp(s("note"), Op.EQ, "x")).withLimit(10));
    assertEquals(10, filtered.limit(), "an exactly pushed filter: DynamoDB alone decides the rows");
    assertEquals("Scan; key: -; filter: note = 'x'; residual: -; limit 10 per split", filtered.summary());

    ReadPlan query = plan(request(null, cmp(s("customer"), Op.EQ, "c1")).withLimit(3));
    assertTrue(query.isQuery());
    assertEquals(3, query.limit());
  }

  @Test
  void aLimitIsNotPushedWhenTheEngineStillFilters() {
    ReadPlan p = plan(request(null, cmp(s("customer"), Op.EQ, "c1"), cmp(n("orderId"), Op.GT, 3),
        cmp(n("orderId"), Op.LT, 9)).withLimit(10));
    assertFalse(p.hasLimit());
    assertEquals(ReadRequest.NO_LIMIT, p.expressions().limit());
    assertEquals(10, p.requestedLimit());
    assertTrue(p.summary().endsWith("; limit 10 not pushed: the engine still filters 2 conjunct(s) after the read"),
        p.summary());
    assertEquals("", plan(request(null)).pushdown(), "nothing asked, nothing said");
  }

  @Test
  void aCountIsPushedWhenEveryConjunctIsPushedExactlyAndNoColumnIsRead() {
    ReadPlan all = plan(request(Set.of()).countingOnly(true));
    assertTrue(all.countOnly());
    assertTrue(all.expressions().count());
    assertNull(all.expressions().projection(), "Select=COUNT takes no projection");
    assertEquals("Scan; key: -; filter: -; residual: -; COUNT pushed: Select=COUNT (billed like the full scan)",
        all.summary());

    ReadPlan filtered = plan(request(Set.of(), cmp(s("note"), Op.EQ, "x")).countingOnly(true));
    assertTrue(filtered.countOnly());
    assertEquals("#p0 = :f0", filtered.expressions().filter());

    ReadPlan query = plan(request(Set.of(), cmp(s("customer"), Op.EQ, "c1")).countingOnly(true));
    assertTrue(query.isQuery() && query.countOnly());
    assertTrue(query.summary().endsWith("Select=COUNT (billed like the full Queries)"), query.summary());
  }

  @Test
  void aCountIsNotPushedWithAResidualOrColumnsRead() {
    ReadPlan residual = plan(request(Set.of(), cmp(s("customer"), Op.EQ, "c1"), cmp(n("orderId"), Op.GT, 3),
        cmp(n("orderId"), Op.LT, 9)).countingOnly(true));
    assertFalse(residual.countOnly());
    assertTrue(residual.countRequested());
    assertTrue(residual.summary().endsWith("; COUNT not pushed: the engine still filters 2 conjunct(s) after the read"),
        residual.summary());
    assertEquals("#p0, #p1", residual.expressions().projection(), "the keys are read to be counted by the engine");

    ReadPlan columns = plan(request(Set.of("note")).countingOnly(true));
    assertFalse(columns.countOnly());
    assertTrue(columns.summary().contains("COUNT not pushed: a count reads no column, but [note] were asked for"),
        columns.summary());

    Predicate isNull = new Predicate.IsNull(s("note"), false);
    ReadPlan asNull = ReadPlanner.plan(orders("ALL", "ALL"), ReadRequest.of(List.of(isNull), Set.of(), true, 100)
        .countingOnly(true), NONE);
    assertFalse(asNull.countOnly(), "another type read as null: DynamoDB cannot tell which items the engine keeps");
  }

  @Test
  void anIndexServesOnlyWhenItAlsoHoldsWhatTheFilterReads() {
    Predicate status = cmp(s("status"), Op.EQ, "NEW");
    Predicate note = cmp(s("note"), Op.EQ, "x");
    TableInfo keysOnly = orders("KEYS_ONLY", "KEYS_ONLY");
    ReadPlan counted = ReadPlanner.plan(keysOnly, request(Set.of(), status).countingOnly(true), NONE);
    assertEquals("by_status", counted.indexName(), "nothing read but the index's key: the index counts");
    ReadPlan filtered = ReadPlanner.plan(keysOnly, request(Set.of(), status, note).countingOnly(true), NONE);
    assertNull(filtered.indexName(), "note is not in a KEYS_ONLY index: a filter on it there would drop every item");
    assertTrue(filtered.countOnly());
    assertEquals("by_status", ReadPlanner.plan(orders("INCLUDE", "ALL"), request(Set.of(), status, note), NONE)
        .indexName(), "INCLUDE projects note");
  }

  @Test
  void aLimitIsNotPushedBesideACount() {
    ReadPlan p = plan(request(Set.of()).countingOnly(true).withLimit(5));
    assertTrue(p.countOnly());
    assertFalse(p.hasLimit());
    assertTrue(p.summary().contains("limit 5 not pushed: not beside a count"), p.summary());
  }

  @Test
  void theLimitAndCountTravelWithTheSplitBothWays() throws IOException, ClassNotFoundException {
    ReadExpressions e = new ReadExpressions(null, "#a = :a", Map.of("#a", "a"), Map.of(":a",
        AttributeValue.fromS("x")), 7, true);
    ScanSplit split = new ScanSplit("t", 0, new int[] {0}, 4, 1, 1, 1, List.of("k"), null, 10, "g", e);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    split.write(new DataOutputStream(bytes));
    ScanSplit back = ScanSplit.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    assertEquals(split, back);
    assertEquals(7, back.expressions().limit());
    assertTrue(back.expressions().count());

    ByteArrayOutputStream java = new ByteArrayOutputStream();
    try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(java)) {
      out.writeObject(split);
    }
    Object read = new java.io.ObjectInputStream(new ByteArrayInputStream(java.toByteArray())).readObject();
    assertEquals(split, read);
    assertFalse(e.equals(e.with(-1, true)), "the limit is part of the value");
  }
}
