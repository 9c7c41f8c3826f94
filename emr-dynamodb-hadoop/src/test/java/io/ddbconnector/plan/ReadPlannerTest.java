package io.ddbconnector.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddbconnector.plan.Predicate.Column;
import io.ddbconnector.plan.Predicate.Compare;
import io.ddbconnector.plan.Predicate.Kind;
import io.ddbconnector.plan.Predicate.Op;
import io.ddbconnector.split.KeyQuery;
import io.ddbconnector.split.ReadExpressions;
import io.ddbconnector.table.TableInfo;
import io.ddbconnector.table.TableInfo.IndexInfo;
import io.ddbconnector.table.TableInfo.KeyAttribute;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Index choice, consistent reads, projection coverage, number rules and residuals, without a backend. */
class ReadPlannerTest {

  static final ReadExpressions NONE = new ReadExpressions(null, null, Map.of(), Map.of());

  static TableInfo orders(String gsiProjection, String lsiProjection) {
    List<KeyAttribute> keys = List.of(new KeyAttribute("customer", "S"), new KeyAttribute("orderId", "N"));
    IndexInfo gsi = new IndexInfo("by_status", true, List.of(new KeyAttribute("status", "S"),
        new KeyAttribute("amount", "N")), gsiProjection, gsiProjection.equals("INCLUDE") ? List.of("note") : List.of(),
        true, false, 40, 5);
    IndexInfo lsi = new IndexInfo("by_amount", false, List.of(new KeyAttribute("customer", "S"),
        new KeyAttribute("amount", "N")), lsiProjection, List.of(), true, false, 1000, 1000);
    return new TableInfo("orders", keys, List.of(gsi, lsi), 100, 10_000, false, 1000, 1000);
  }

  static Column s(String a) {
    return Column.of(a, Kind.S);
  }

  static Column n(String a) {
    return Column.of(a, Kind.N);
  }

  static Predicate cmp(Column c, Op op, Object v) {
    return new Compare(c, op, v instanceof String x ? AttributeValue.fromS(x) : Predicate.number(new BigDecimal(
        v.toString())));
  }

  static ReadPlan plan(TableInfo t, Set<String> required, boolean consistent, Predicate... ps) {
    return ReadPlanner.plan(t, ReadRequest.of(List.of(ps), required, false, 100).reading(consistent, null), NONE);
  }

  @Test
  void hashEqualityAndInQueryTheTableWithTheRangeCondition() {
    Predicate in = new Predicate.In(s("customer"), List.of(AttributeValue.fromS("a"), AttributeValue.fromS("b")));
    Predicate lo = cmp(n("orderId"), Op.GT, 3);
    Predicate hi = cmp(n("orderId"), Op.LE, 9);
    Predicate note = cmp(s("note"), Op.EQ, "x");
    ReadPlan p = plan(orders("ALL", "ALL"), null, false, in, lo, hi, note);
    assertNull(p.indexName());
    KeyQuery b = p.queries().get(1);
    assertEquals("#q0 = :q0 AND #q1 BETWEEN :q1 AND :q2", b.keyCondition());
    assertEquals(Map.of("#q0", "customer", "#q1", "orderId"), b.names());
    assertEquals(Map.of(":q0", AttributeValue.fromS("b"), ":q1", AttributeValue.fromN("3"), ":q2",
        AttributeValue.fromN("9")), b.values());
    assertEquals("Query x2; key: customer IN ('a', 'b') AND orderId BETWEEN 3 AND 9; filter: note = 'x'; "
        + "residual: (orderId <= 9) AND (orderId > 3)", p.summary(),
        "the strict bound widened into BETWEEN stays with the engine, so does the bound it travelled with");
    assertEquals("#p0 = :f0", p.expressions().filter());
  }

  @Test
  void gsiServesItsHashKeyWhenItCoversTheAttributesReadButNeverForAConsistentRead() {
    Predicate status = cmp(s("status"), Op.EQ, "NEW");
    Predicate amount = cmp(n("amount"), Op.GT, 10);
    assertEquals("Query x1 index by_status; key: status = 'NEW' AND amount > 10; filter: -; residual: -",
        plan(orders("ALL", "ALL"), null, false, status, amount).summary());
    assertEquals("Scan; key: -; filter: (amount > 10) AND (status = 'NEW'); residual: -",
        plan(orders("ALL", "ALL"), null, true, status, amount).summary(), "GSIs have no consistent reads");
    TableInfo keysOnly = orders("KEYS_ONLY", "KEYS_ONLY");
    assertNull(plan(keysOnly, null, false, status).indexName(), "every attribute read: KEYS_ONLY cannot serve");
    assertNull(plan(keysOnly, Set.of("customer", "note"), false, status).indexName());
    assertEquals("by_status", plan(keysOnly, Set.of("customer", "orderId", "amount"), false, status).indexName());
    assertEquals("by_status", plan(orders("INCLUDE", "ALL"), Set.of("customer", "note"), false, status).indexName(),
        "INCLUDE projects note");
  }

  @Test
  void lsiServesATableHashKeyWithItsSortKeyWhenItCovers() {
    Predicate customer = cmp(s("customer"), Op.EQ, "c1");
    Predicate amount = cmp(n("amount"), Op.GT, 10);
    TableInfo t = orders("ALL", "KEYS_ONLY");
    assertEquals("Query x1 index by_amount; key: customer = 'c1' AND amount > 10; filter: -; residual: -",
        plan(t, Set.of("orderId", "amount"), false, customer, amount).summary());
    assertEquals("Query x1; key: customer = 'c1'; filter: amount > 10; residual: -",
        plan(t, null, false, customer, amount).summary(), "not covered: the table, amount in the filter");
  }

  @Test
  void aUserNamedIndexIsQueriedOrScannedAndAnUnknownOneFails() {
    TableInfo t = orders("ALL", "ALL");
    ReadRequest rq = ReadRequest.of(List.of(cmp(s("note"), Op.EQ, "x")), null, false, 100);
    ReadPlan scan = ReadPlanner.plan(t, rq.reading(false, "by_status"), NONE);
    assertEquals("Scan index by_status; key: -; filter: note = 'x'; residual: -", scan.summary());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ReadPlanner.plan(t, rq.reading(false, "nope"), NONE));
    assertTrue(e.getMessage().contains("'nope'") && e.getMessage().contains("dynamodb.read.indexName"), e.getMessage());
  }

  @Test
  void roundedDecimalsAreWidenedAndStayResidualNullTestsFollowTheMismatchRule() {
    Column price = new Column(List.of("price"), Kind.ROUNDED_N, 2);
    Predicate gt = cmp(price, Op.GT, new BigDecimal("9.5"));
    Predicate eq = cmp(price, Op.EQ, 1);
    Predicate ne = cmp(price, Op.NE, 1);
    Predicate isNull = new Predicate.IsNull(s("note"), false);
    ReadPlan p = plan(orders("ALL", "ALL"), null, false, gt, eq, ne, isNull);
    assertEquals("Scan; key: -; filter: (attribute_not_exists(note) OR attribute_type(note, 'NULL')) AND "
        + "(price BETWEEN 0.995 AND 1.005) AND (price > 9.495); residual: (price <> 1) AND (price = 1) "
        + "AND (price > 9.5)", p.summary(), "conjuncts in a stable order: the same plan whatever the engine's order");
    ReadPlan asNull = ReadPlanner.plan(orders("ALL", "ALL"), ReadRequest.of(List.of(isNull,
        new Predicate.IsNull(s("note"), true)), null, true, 100), NONE);
    assertEquals("Scan; key: -; filter: attribute_exists(note) AND NOT attribute_type(note, 'NULL'); "
        + "residual: (note IS NULL)", asNull.summary(), "another type reads as null: IS NULL stays with the engine");
  }

  @Test
  void orNotNestedPathsAndImpliedNotNull() {
    Column city = new Column(List.of("address", "city"), Kind.S, 0);
    Column first = new Column(List.of("tags", 0), Kind.S, 0);
    Predicate or = new Predicate.Or(List.of(cmp(city, Op.EQ, "Paris"), cmp(first, Op.EQ, "x")));
    Predicate not = Predicate.not(new Predicate.BeginsWith(s("note"), "n"));
    Predicate notNull = new Predicate.IsNull(s("note"), true);
    Predicate noteEq = cmp(s("note"), Op.GE, "a");
    ReadPlan p = plan(orders("ALL", "ALL"), null, false, or, not, noteEq, notNull);
    assertEquals("Scan; key: -; filter: ((address.city = 'Paris') OR (tags[0] = 'x')) AND (NOT (begins_with(note, "
        + "'n'))) AND (note >= 'a'); residual: (NOT (begins_with(note, 'n')))", p.summary(),
        "IS NOT NULL is implied by note >= 'a'; NOT keeps absent attributes: residual");
    assertEquals("((#p0.#p1 = :f0) OR (#p2[0] = :f1)) AND (NOT (begins_with(#p3, :f2))) AND (#p3 >= :f3)",
        p.expressions().filter());
    assertEquals(4, p.pushed().size());
  }

  @Test
  void manyInValuesScanWithAnOrOfInsAndUserExpressionsAreKept() {
    List<AttributeValue> values = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      values.add(AttributeValue.fromS("c" + i));
    }
    Predicate in = new Predicate.In(s("customer"), values);
    ReadExpressions user = new ReadExpressions("#n", "#n = :v", Map.of("#n", "note"), Map.of(":v",
        AttributeValue.fromS("x")));
    ReadPlan p = ReadPlanner.plan(orders("ALL", "ALL"), ReadRequest.of(List.of(in), Set.of("orderId"), false, 100),
        user);
    assertTrue(p.queries().isEmpty(), "more values than queries allowed: scan");
    assertTrue(p.expressions().filter().startsWith("(#n = :v) AND ((#dp0 IN (:dv0,"), p.expressions().filter());
    assertTrue(p.expressions().filter().contains(") OR (#dp0 IN (:dv100,"), "at most 100 operands per IN");
    assertEquals("#n", p.expressions().projection(), "the user's projection wins");
    assertEquals(Set.of("#n", "#dp0"), p.expressions().names().keySet());
  }

  @Test
  void aGsiPacesItsOwnReads() {
    TableInfo t = orders("ALL", "ALL");
    assertEquals(40, t.forRead("by_status").readCapacity());
    assertEquals(1000, t.forRead("by_amount").readCapacity(), "an LSI shares the table's capacity");
    assertEquals(1000, t.forRead(null).readCapacity());
  }
}
