package io.ddbconnector.spark.datasource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.ddbconnector.plan.Predicate;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.connector.expressions.Expression;
import org.apache.spark.sql.connector.expressions.Expressions;
import org.apache.spark.sql.connector.expressions.LiteralValue;
import org.apache.spark.sql.connector.expressions.filter.And;
import org.apache.spark.sql.connector.expressions.filter.Not;
import org.apache.spark.sql.connector.expressions.filter.Or;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Test;

/** Spark's V2 predicates into the core model: what translates, as what, and what never does. */
class SparkPredicatesTest {

  private static final StructType SCHEMA = DataTypes.createStructType(List.of(
      DataTypes.createStructField("pk", DataTypes.StringType, false),
      DataTypes.createStructField("sk", DataTypes.LongType, false),
      DataTypes.createStructField("price", DataTypes.createDecimalType(38, 2), true),
      DataTypes.createStructField("ratio", DataTypes.DoubleType, true),
      DataTypes.createStructField("name", DataTypes.StringType, true),
      DataTypes.createStructField("doc", new StructType().add("city", DataTypes.StringType), true),
      DataTypes.createStructField("mixed", DataTypes.StringType, true, SparkTypes.typeMetadata("JSON")),
      DataTypes.createStructField("big", DataTypes.StringType, true, SparkTypes.typeMetadata("N"))));

  static org.apache.spark.sql.connector.expressions.filter.Predicate p(String name, Expression... children) {
    return new org.apache.spark.sql.connector.expressions.filter.Predicate(name, children);
  }

  static Expression col(String... names) {
    return Expressions.column(String.join(".", names));
  }

  static Expression lit(Object v, DataType t) {
    return new LiteralValue<>(v instanceof String s ? UTF8String.fromString(s) : v, t);
  }

  static String translate(org.apache.spark.sql.connector.expressions.filter.Predicate... ps) {
    Map<Predicate, org.apache.spark.sql.connector.expressions.filter.Predicate> out = new LinkedHashMap<>();
    for (org.apache.spark.sql.connector.expressions.filter.Predicate x : ps) {
      new SparkPredicates(SCHEMA).conjuncts(x, out);
    }
    return out.keySet().toString();
  }

  @Test
  void comparisonsInStartsWithAndNullTestsTranslate() {
    assertEquals("[pk = 'a', sk > 10, sk IN (1, 2), begins_with(name, 'St'), name IS NOT NULL, doc.city = 'Paris']",
        translate(p("=", col("pk"), lit("a", DataTypes.StringType)), p("<", lit(10L, DataTypes.LongType), col("sk")),
            p("IN", col("sk"), lit(1L, DataTypes.LongType), lit(null, DataTypes.LongType), lit(2L, DataTypes.LongType)),
            p("STARTS_WITH", col("name"), lit("St", DataTypes.StringType)), p("IS_NOT_NULL", col("name")),
            p("=", col("doc", "city"), lit("Paris", DataTypes.StringType))),
        "a literal on the left flips the operator; NULL in IN is dropped; struct fields are paths");
  }

  @Test
  void decimalsAreRoundedNumbersAndDoublesJsonAndNumberTextNeverTranslate() {
    Map<Predicate, org.apache.spark.sql.connector.expressions.filter.Predicate> out = new LinkedHashMap<>();
    new SparkPredicates(SCHEMA).conjuncts(p(">", col("price"), lit(Decimal.apply(new BigDecimal("9.50")),
        DataTypes.createDecimalType(38, 2))), out);
    Predicate.Compare c = (Predicate.Compare) out.keySet().iterator().next();
    assertEquals(Predicate.Kind.ROUNDED_N, c.column().kind());
    assertEquals(2, c.column().scale());
    assertEquals("9.5", c.value().n(), "exact number text");
    assertEquals("[]", translate(p("=", col("ratio"), lit(0.5, DataTypes.DoubleType)),
        p("=", col("mixed"), lit("x", DataTypes.StringType)), p(">", col("big"), lit("9", DataTypes.StringType))));
  }

  @Test
  void andOrNotTranslateWholeOrNotAtAll() {
    var name = p("=", col("name"), lit("a", DataTypes.StringType));
    var ratio = p("=", col("ratio"), lit(1.0, DataTypes.DoubleType));
    assertEquals("[name = 'a']", translate(new And(name, ratio)), "a top-level AND is split into conjuncts");
    assertEquals("[]", translate(new Or(name, ratio), new Not(new And(name, ratio))));
    assertEquals("[name <> 'a', (name = 'a') OR (pk = 'b')]", translate(new Not(name),
        new Or(name, p("=", col("pk"), lit("b", DataTypes.StringType)))), "NOT (a = x) is a <> x");
    assertNull(new SparkPredicates(SCHEMA).translate(p("ENDS_WITH", col("name"), lit("a", DataTypes.StringType))));
  }
}
