package io.ddbconnector.hive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddbconnector.conf.ConnectorOptions;
import io.ddbconnector.conf.Settings;
import io.ddbconnector.hive.PredicateTranslator.Condition;
import io.ddbconnector.hive.PredicateTranslator.Conjunct;
import io.ddbconnector.hive.PredicateTranslator.Node;
import io.ddbconnector.hive.PredicateTranslator.Op;
import io.ddbconnector.hive.PredicateTranslator.Or;
import io.ddbconnector.split.KeyQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hive.common.type.HiveDecimal;
import org.apache.hadoop.hive.ql.exec.SerializationUtilities;
import org.apache.hadoop.hive.ql.plan.ExprNodeColumnDesc;
import org.apache.hadoop.hive.ql.plan.ExprNodeConstantDesc;
import org.apache.hadoop.hive.ql.plan.ExprNodeDesc;
import org.apache.hadoop.hive.ql.plan.ExprNodeGenericFuncDesc;
import org.apache.hadoop.hive.ql.plan.TableScanDesc;
import org.apache.hadoop.hive.ql.udf.generic.GenericUDF;
import org.apache.hadoop.hive.ql.udf.generic.GenericUDFBetween;
import org.apache.hadoop.hive.ql.udf.generic.GenericUDFIn;
import org.apache.hadoop.hive.ql.udf.generic.GenericUDFOPAnd;
import org.apache.hadoop.hive.ql.udf.generic.GenericUDFOPEqual;
import org.apache.hadoop.hive.ql.udf.generic.GenericUDFOPGreaterThan;
import org.apache.hadoop.hive.ql.udf.generic.GenericUDFOPLessThan;
import org.apache.hadoop.hive.ql.udf.generic.GenericUDFOPOr;
import org.apache.hadoop.hive.ql.udf.generic.GenericUDFUpper;
import org.apache.hadoop.hive.serde2.ColumnProjectionUtils;
import org.apache.hadoop.hive.serde2.typeinfo.TypeInfo;
import org.apache.hadoop.hive.serde2.typeinfo.TypeInfoFactory;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/** Predicate translation, Query planning and the expressions a reader sends, without Hive running. */
class PushdownTest {

  static final String COLUMNS = "customer,order_id,status,amount,price,note,code";
  static final String TYPES = "string:bigint:string:int:double:string:varchar(3)";
  static final ColumnMapping MAPPING = ColumnMapping.from(props());

  static Properties props() {
    Properties p = new Properties();
    p.setProperty("columns", COLUMNS);
    p.setProperty("columns.types", TYPES);
    p.setProperty(HiveTableProperties.COLUMN_MAPPING, "order_id:orderId");
    return p;
  }

  static ExprNodeDesc col(String name) {
    TypeInfo t = switch (name) {
      case "order_id" -> TypeInfoFactory.longTypeInfo;
      case "amount" -> TypeInfoFactory.intTypeInfo;
      case "price" -> TypeInfoFactory.doubleTypeInfo;
      case "code" -> TypeInfoFactory.getVarcharTypeInfo(3);
      default -> TypeInfoFactory.stringTypeInfo;
    };
    return new ExprNodeColumnDesc(t, name, "t", false);
  }

  static ExprNodeDesc lit(Object v) {
    TypeInfo t = v instanceof String ? TypeInfoFactory.stringTypeInfo : v instanceof Long ? TypeInfoFactory.longTypeInfo
        : v instanceof Integer ? TypeInfoFactory.intTypeInfo : v instanceof Double ? TypeInfoFactory.doubleTypeInfo
        : v instanceof Boolean ? TypeInfoFactory.booleanTypeInfo : TypeInfoFactory.getDecimalTypeInfo(10, 2);
    return new ExprNodeConstantDesc(t, v);
  }

  static ExprNodeGenericFuncDesc fn(GenericUDF udf, ExprNodeDesc... args) {
    return new ExprNodeGenericFuncDesc(TypeInfoFactory.booleanTypeInfo, udf, new ArrayList<>(List.of(args)));
  }

  static ExprNodeGenericFuncDesc eq(String c, Object v) {
    return fn(new GenericUDFOPEqual(), col(c), lit(v));
  }

  static ExprNodeGenericFuncDesc and(ExprNodeDesc... args) {
    return fn(new GenericUDFOPAnd(), args);
  }

  static List<Node> nodes(ExprNodeDesc predicate) {
    List<Node> out = new ArrayList<>();
    for (Conjunct c : new PredicateTranslator(MAPPING).conjuncts(predicate)) {
      out.add(c.node());
    }
    return out;
  }

  static AttributeValue s(String v) {
    return AttributeValue.fromS(v);
  }

  static AttributeValue n(String v) {
    return AttributeValue.fromN(v);
  }

  @Test
  void translatesExactComparisonsAndLeavesTheRestToHive() {
    ExprNodeDesc upper = fn(new GenericUDFOPEqual(), fn(new GenericUDFUpper(), col("note")), lit("X"));
    List<Node> n = nodes(and(eq("customer", "c1"), fn(new GenericUDFOPLessThan(), lit(5), col("amount")),
        upper, fn(new GenericUDFOPGreaterThan(), col("price"), lit(1.5)),
        fn(new GenericUDFOPGreaterThan(), col("amount"), lit(1.5))));
    assertEquals(List.of(new Condition("customer", Op.EQ, List.of(s("c1"))),
        new Condition("amount", Op.GT, List.of(n("5")))), n,
        "a function, a double column and a double literal are not pushed; a literal on the left flips the operator");

    assertEquals(List.of(), nodes(eq("code", "abc")), "Hive truncates a varchar(3) read: DynamoDB would not match");
    assertEquals(List.of(new Condition("orderId", Op.BETWEEN, List.of(n("3"), n("5")))),
        nodes(fn(new GenericUDFBetween(), lit(false), col("order_id"), lit(3L), lit(5L))));
    assertEquals(List.of(), nodes(fn(new GenericUDFBetween(), lit(true), col("order_id"), lit(3L), lit(5L))),
        "NOT BETWEEN stays with Hive");
    assertEquals(List.of(new Condition("customer", Op.IN, List.of(s("a"), s("b")))),
        nodes(fn(new GenericUDFIn(), col("customer"), lit("a"), lit("b"), lit("a"))));
    assertEquals(List.of(new Condition("amount", Op.EQ, List.of(n("12.5")))),
        nodes(eq("amount", HiveDecimal.create("12.50"))), "decimal literals compare exactly with integers");

    List<Node> or = nodes(fn(new GenericUDFOPOr(), eq("status", "NEW"), eq("amount", 3)));
    assertInstanceOf(Or.class, or.get(0));
    assertEquals(List.of(), nodes(fn(new GenericUDFOPOr(), eq("status", "NEW"), upper)),
        "an OR with an untranslatable side would drop rows Hive keeps");
  }

  static TableDescription orders(ProjectionType gsiProjection, ProjectionType lsiProjection) {
    return TableDescription.builder().tableName("orders")
        .keySchema(key("customer", KeyType.HASH), key("orderId", KeyType.RANGE))
        .attributeDefinitions(attribute("customer", "S"), attribute("orderId", "N"), attribute("status", "S"),
            attribute("amount", "N"))
        .globalSecondaryIndexes(GlobalSecondaryIndexDescription.builder().indexName("by_status")
            .keySchema(key("status", KeyType.HASH), key("amount", KeyType.RANGE))
            .projection(p -> p.projectionType(gsiProjection).nonKeyAttributes(
                gsiProjection == ProjectionType.INCLUDE ? List.of("note") : null)).build())
        .localSecondaryIndexes(LocalSecondaryIndexDescription.builder().indexName("by_amount")
            .keySchema(key("customer", KeyType.HASH), key("amount", KeyType.RANGE))
            .projection(p -> p.projectionType(lsiProjection)).build())
        .build();
  }

  static AttributeDefinition attribute(String name, String type) {
    return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
  }

  static KeySchemaElement key(String name, KeyType type) {
    return KeySchemaElement.builder().attributeName(name).keyType(type).build();
  }

  @Test
  void hashKeyEqualityAndInBecomeQueriesOnTheTable() {
    TableDescription t = orders(ProjectionType.ALL, ProjectionType.ALL);
    QueryPlanner.Plan p = QueryPlanner.plan(nodes(eq("customer", "c1")), t, null, false);
    assertNull(p.indexName());
    assertEquals(List.of(new KeyQuery(null, "#q0 = :q0", Map.of("#q0", "customer"), Map.of(":q0", s("c1")))),
        p.queries());
    assertEquals(Set.of("customer", "orderId"), p.keyAttributes());

    p = QueryPlanner.plan(nodes(and(fn(new GenericUDFIn(), col("customer"), lit("a"), lit("b"), lit("c")),
        fn(new GenericUDFOPGreaterThan(), col("order_id"), lit(3L)),
        fn(new GenericUDFOPLessThan(), col("order_id"), lit(9L)))), t, null, false);
    assertEquals(3, p.queries().size());
    assertEquals("#q0 = :q0 AND #q1 BETWEEN :q1 AND :q2", p.queries().get(2).keyCondition(),
        "a lower and an upper bound become one inclusive BETWEEN (Hive re-applies the strict bounds)");
    assertEquals(Map.of(":q0", s("c"), ":q1", n("3"), ":q2", n("9")), p.queries().get(2).values());

    assertNull(QueryPlanner.plan(nodes(eq("note", "x")), t, null, false), "no key: scan");
    assertNull(QueryPlanner.plan(nodes(fn(new GenericUDFOPGreaterThan(), col("customer"), lit("c"))), t, null, false),
        "a range on the hash key cannot be a Query");
  }

  @Test
  void secondaryIndexesServeWhenTheirKeysMatchAndTheyHoldTheColumnsRead() {
    List<Node> status = nodes(and(eq("status", "NEW"), fn(new GenericUDFOPGreaterThan(), col("amount"), lit(10))));
    QueryPlanner.Plan p = QueryPlanner.plan(status, orders(ProjectionType.ALL, ProjectionType.ALL), null, false);
    assertEquals("by_status", p.indexName());
    assertEquals("#q0 = :q0 AND #q1 > :q1", p.queries().get(0).keyCondition());
    assertEquals(Set.of("customer", "orderId", "status", "amount"), p.keyAttributes());

    assertNull(QueryPlanner.plan(status, orders(ProjectionType.ALL, ProjectionType.ALL), null, true),
        "GSIs have no consistent reads");
    TableDescription keysOnly = orders(ProjectionType.KEYS_ONLY, ProjectionType.KEYS_ONLY);
    assertNull(QueryPlanner.plan(status, keysOnly, null, false), "all columns read: a KEYS_ONLY index cannot serve");
    assertNull(QueryPlanner.plan(status, keysOnly, Set.of("customer", "note"), false));
    assertEquals("by_status", QueryPlanner.plan(status, keysOnly, Set.of("customer", "orderId", "amount"), false)
        .indexName(), "keys only: covered");
    assertEquals("by_status", QueryPlanner.plan(status, orders(ProjectionType.INCLUDE, ProjectionType.ALL),
        Set.of("customer", "note"), false).indexName(), "INCLUDE projects note");

    List<Node> lsi = nodes(and(eq("customer", "c1"), fn(new GenericUDFOPGreaterThan(), col("amount"), lit(10))));
    assertEquals("by_amount", QueryPlanner.plan(lsi, keysOnly, Set.of("orderId", "amount"), false).indexName());
    QueryPlanner.Plan table = QueryPlanner.plan(lsi, keysOnly, null, false);
    assertNull(table.indexName(), "the LSI does not hold every column: the table's Query, amount left to the filter");
    assertEquals("#q0 = :q0", table.queries().get(0).keyCondition());
  }

  static Configuration conf(ExprNodeGenericFuncDesc predicate, String readColumns) {
    Configuration c = new Configuration(false);
    Properties p = props();
    p.setProperty(HiveTableProperties.TABLE_NAME, "orders");
    HiveTableProperties.inputJobProperties(p, "default.orders", null).forEach(c::set);
    if (predicate != null) {
      c.set(TableScanDesc.FILTER_EXPR_CONF_STR, SerializationUtilities.serializeExpression(predicate));
    }
    if (readColumns != null) {
      c.setBoolean(ColumnProjectionUtils.READ_ALL_COLUMNS, false);
      c.set(ColumnProjectionUtils.READ_COLUMN_NAMES_CONF_STR, readColumns);
    }
    return c;
  }

  @Test
  void readersProjectTheColumnsReadAndFilterOnTheOtherConditions() {
    ExprNodeGenericFuncDesc predicate = and(eq("customer", "c1"), fn(new GenericUDFOPGreaterThan(), col("amount"),
        lit(10)), fn(new GenericUDFIn(), col("status"), lit("NEW"), lit("DONE")));
    Configuration c = conf(predicate, "order_id,amount,status");
    Settings base = HiveTableProperties.settings(c);
    ScanPushdown pushdown = ScanPushdown.from(c);
    assertEquals(Set.of("orderId", "amount", "status"), pushdown.neededAttributes());

    Settings scan = pushdown.apply(base, Set.of(), List.of("customer", "orderId"));
    assertEquals("#p0, #p1, #p2", scan.get(ConnectorOptions.PROJECTION));
    assertEquals("(#f0 = :f0) AND (#f1 > :f1) AND (#f2 IN (:f2, :f3))", scan.get(ConnectorOptions.FILTER));
    assertEquals(new TreeMap<>(Map.of("#p0", "orderId", "#p1", "amount", "#p2", "status", "#f0", "customer",
        "#f1", "amount", "#f2", "status")), new TreeMap<>(io.ddbconnector.read.ReadSettings.from(scan).names()));
    assertEquals(Map.of(":f0", s("c1"), ":f1", n("10"), ":f2", s("NEW"), ":f3", s("DONE")),
        io.ddbconnector.read.ReadSettings.from(scan).values());

    Settings query = pushdown.apply(base, Set.of("customer", "orderId"), List.of("customer", "orderId"));
    assertEquals("(#f0 > :f0) AND (#f1 IN (:f1, :f2))", query.get(ConnectorOptions.FILTER),
        "a Query's filter leaves out its key attributes");

    Settings count = ScanPushdown.from(conf(null, "")).apply(base, Set.of(), List.of("customer", "orderId"));
    assertEquals("#p0, #p1", count.get(ConnectorOptions.PROJECTION), "no column read (count(*)): the keys only");
    assertNull(count.get(ConnectorOptions.FILTER));

    Settings all = ScanPushdown.from(conf(null, null)).apply(base, Set.of(), List.of("customer"));
    assertNull(all.get(ConnectorOptions.PROJECTION), "every column read: no projection");

    Configuration off = conf(predicate, null);
    off.set(HiveTableProperties.JOB_PREFIX + HiveTableProperties.FILTER_PUSHDOWN, "false");
    assertTrue(ScanPushdown.from(off).conjuncts().isEmpty(), "dynamodb.filter.pushdown=false");
  }

  @Test
  void jobPropertiesResolveEveryCoreKeyPerTable() {
    Configuration session = new Configuration(false);
    session.set("dynamodb.throughput.read.percent", "0.25");
    session.set("dynamodb.region", "eu-west-1");
    Properties p = props();
    p.setProperty(HiveTableProperties.TABLE_NAME, "orders");
    p.setProperty("dynamodb.region", "us-west-2");
    Map<String, String> job = HiveTableProperties.inputJobProperties(p, "default.orders", session);
    assertEquals("orders", job.get("dynamodb.input.tableName"));
    assertEquals("us-west-2", job.get("dynamodb.region"), "the table property wins");
    assertEquals("0.25", job.get("dynamodb.throughput.read.percent"), "then the session");
    assertEquals("", job.get("dynamodb.endpoint"), "else unset, so no other table's value survives");
    assertEquals("order_id:orderId", job.get(HiveTableProperties.JOB_PREFIX + HiveTableProperties.COLUMN_MAPPING));
    assertNull(job.get(HiveTableProperties.TABLE_NAME), "Hive-only keys never reach the core");
  }
}
