package io.ddbconnector.hive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddbconnector.conf.ConnectorOptions;
import io.ddbconnector.conf.Settings;
import io.ddbconnector.hive.PredicateTranslator.Conjunct;
import io.ddbconnector.plan.Predicate;
import io.ddbconnector.plan.ReadRequest;
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

  static String nodes(ExprNodeDesc predicate) {
    List<Predicate> out = new ArrayList<>();
    for (Conjunct c : new PredicateTranslator(MAPPING).conjuncts(predicate)) {
      out.add(c.predicate());
    }
    return out.toString();
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
    assertEquals("[customer = 'c1', amount > 5]", nodes(and(eq("customer", "c1"),
        fn(new GenericUDFOPLessThan(), lit(5), col("amount")), upper, fn(new GenericUDFOPGreaterThan(), col("price"),
        lit(1.5)), fn(new GenericUDFOPGreaterThan(), col("amount"), lit(1.5)))),
        "a function, a double column and a double literal are not pushed; a literal on the left flips the operator");

    assertEquals("[]", nodes(eq("code", "abc")), "Hive truncates a varchar(3) read: DynamoDB would not match");
    assertEquals("[orderId BETWEEN 3 AND 5]",
        nodes(fn(new GenericUDFBetween(), lit(false), col("order_id"), lit(3L), lit(5L))));
    assertEquals("[NOT (orderId BETWEEN 3 AND 5)]",
        nodes(fn(new GenericUDFBetween(), lit(true), col("order_id"), lit(3L), lit(5L))),
        "NOT BETWEEN is translated; the planner decides what it pushes");
    assertEquals("[customer IN ('a', 'b')]", nodes(fn(new GenericUDFIn(), col("customer"), lit("a"), lit("b"),
        lit("a"))));
    assertEquals("[amount = 12.5]", nodes(eq("amount", HiveDecimal.create("12.50"))),
        "decimal literals compare exactly with integers");
    assertEquals("[(amount = 3) OR (status = 'NEW')]", nodes(fn(new GenericUDFOPOr(), eq("status", "NEW"),
        eq("amount", 3))));
    assertEquals("[]", nodes(fn(new GenericUDFOPOr(), eq("status", "NEW"), upper)),
        "an OR with an untranslatable side would drop rows Hive keeps");
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
  void theRequestCarriesTheTranslatedConjunctsAndTheAttributesRead() {
    ExprNodeGenericFuncDesc predicate = and(eq("customer", "c1"), fn(new GenericUDFOPGreaterThan(), col("amount"),
        lit(10)), fn(new GenericUDFIn(), col("status"), lit("NEW"), lit("DONE")));
    ReadRequest rq = HiveDynamoDBInputFormat.request(conf(predicate, "order_id,amount,status"), null);
    assertEquals("[customer = 'c1', amount > 10, status IN ('NEW', 'DONE')]", rq.conjuncts().toString());
    assertEquals(Set.of("orderId", "amount", "status"), rq.required());
    assertTrue(rq.mismatchAsNull(), "Hive reads a value of another type as null");
    assertEquals(Set.of(), HiveDynamoDBInputFormat.request(conf(null, ""), null).required(), "count(*): none");
    assertNull(HiveDynamoDBInputFormat.request(conf(null, null), null).required(), "every column read");

    Configuration off = conf(predicate, null);
    off.set(HiveTableProperties.JOB_PREFIX + HiveTableProperties.FILTER_PUSHDOWN, "false");
    assertTrue(HiveDynamoDBInputFormat.request(off, null).conjuncts().isEmpty(), "dynamodb.filter.pushdown=false");
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
