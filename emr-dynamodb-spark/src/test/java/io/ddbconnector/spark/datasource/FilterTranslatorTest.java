package io.ddbconnector.spark.datasource;

import io.ddbconnector.read.ExpressionPlaceholders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddbconnector.split.KeyQuery;
import io.ddbconnector.spark.SparkSettings.MismatchPolicy;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.sources.And;
import org.apache.spark.sql.sources.EqualTo;
import org.apache.spark.sql.sources.Filter;
import org.apache.spark.sql.sources.GreaterThan;
import org.apache.spark.sql.sources.GreaterThanOrEqual;
import org.apache.spark.sql.sources.In;
import org.apache.spark.sql.sources.IsNotNull;
import org.apache.spark.sql.sources.IsNull;
import org.apache.spark.sql.sources.LessThan;
import org.apache.spark.sql.sources.LessThanOrEqual;
import org.apache.spark.sql.sources.Not;
import org.apache.spark.sql.sources.Or;
import org.apache.spark.sql.sources.StringStartsWith;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class FilterTranslatorTest {

  private static final StructType SCHEMA = DataTypes.createStructType(List.of(
      DataTypes.createStructField("pk", DataTypes.StringType, false),
      DataTypes.createStructField("sk", DataTypes.LongType, false),
      DataTypes.createStructField("price", DataTypes.createDecimalType(38, 2), true),
      DataTypes.createStructField("ratio", DataTypes.DoubleType, true),
      DataTypes.createStructField("name", DataTypes.StringType, true),
      DataTypes.createStructField("mixed", DataTypes.StringType, true, SparkTypes.typeMetadata("JSON"))));

  private static FilterTranslator.Result translate(ExpressionPlaceholders p, Filter... filters) {
    return new FilterTranslator(SCHEMA, new FilterTranslator.Key("pk", "S"), new FilterTranslator.Key("sk", "N"),
        null, Set.of("pk", "sk"), MismatchPolicy.FAIL, 100).translate(filters, p);
  }

  @Test
  void hashEqualityBecomesOneQueryWithRangeCondition() {
    ExpressionPlaceholders p = new ExpressionPlaceholders("#p", ":f");
    FilterTranslator.Result r = translate(p, new EqualTo("pk", "a"), new GreaterThanOrEqual("sk", 10L),
        new LessThanOrEqual("sk", 20L), new EqualTo("name", "x"));
    assertEquals(1, r.queries.size());
    KeyQuery q = r.queries.get(0);
    assertEquals("#qh = :qh AND #qr BETWEEN :qr AND :qr2", q.keyCondition());
    assertEquals(Map.of("#qh", "pk", "#qr", "sk"), q.names());
    assertEquals(AttributeValue.fromS("a"), q.values().get(":qh"));
    assertEquals(AttributeValue.fromN("10"), q.values().get(":qr"));
    assertEquals("#p0 = :f0", r.filterExpression);
    assertEquals(4, r.pushed.size());
  }

  @Test
  void hashInBecomesOneQueryPerValueAndKeysStayOutOfTheQueryFilter() {
    ExpressionPlaceholders p = new ExpressionPlaceholders("#p", ":f");
    FilterTranslator.Result r = translate(p, new In("pk", new Object[] {"a", "b", null, "a"}),
        new GreaterThan("sk", 1L), new LessThan("sk", 9L), new Or(new EqualTo("sk", 3L), new EqualTo("name", "z")));
    assertEquals(2, r.queries.size(), "null dropped, duplicates merged");
    assertEquals("#qh = :qh AND #qr > :qr", r.queries.get(0).keyCondition());
    assertNull(r.filterExpression, "a Query's filter may not name key attributes");
    assertTrue(p.names().isEmpty());
  }

  @Test
  void scanFilterCoversSupportedFiltersAndSkipsDoublesAndJson() {
    ExpressionPlaceholders p = new ExpressionPlaceholders("#p", ":f");
    FilterTranslator.Result r = translate(p, new GreaterThan("price", new BigDecimal("9.5")),
        new StringStartsWith("name", "Sturdy"), new EqualTo("ratio", 0.5), new EqualTo("mixed", "x"),
        new Or(new IsNull("name"), new In("sk", new Object[] {1L, 2L})), new Not(new EqualTo("pk", "q")));
    assertTrue(r.queries.isEmpty());
    assertEquals("(#p0 > :f0) AND (begins_with(#p1, :f1)) AND ((attribute_not_exists(#p1) OR attribute_type(#p1, :f2))"
        + " OR (#p2 IN (:f3, :f4))) AND (NOT (#p3 = :f5))", r.filterExpression);
    assertEquals(Map.of("#p0", "price", "#p1", "name", "#p2", "sk", "#p3", "pk"), p.names());
    assertEquals(AttributeValue.fromN("9.5"), p.values().get(":f0"));
    assertEquals(AttributeValue.fromS("NULL"), p.values().get(":f2"));
    assertEquals(4, r.pushed.size());
  }

  @Test
  void partialAndIsPushedButNotUnderNotOrOr() {
    ExpressionPlaceholders p = new ExpressionPlaceholders("#p", ":f");
    FilterTranslator.Result r = translate(p, new And(new EqualTo("name", "a"), new EqualTo("ratio", 1.0)));
    assertEquals("#p0 = :f0", r.filterExpression, "the pushable side of an AND widens the result: fine");
    ExpressionPlaceholders p2 = new ExpressionPlaceholders("#p", ":f");
    r = translate(p2, new Not(new And(new EqualTo("name", "a"), new EqualTo("ratio", 1.0))),
        new Or(new EqualTo("name", "b"), new EqualTo("ratio", 2.0)));
    assertNull(r.filterExpression);
    assertTrue(p2.names().isEmpty() && p2.values().isEmpty(), "placeholders of abandoned parts are removed");
    assertTrue(r.pushed.isEmpty());
  }

  @Test
  void isNullIsNotPushedWhenMismatchesReadAsNull() {
    ExpressionPlaceholders p = new ExpressionPlaceholders("#p", ":f");
    FilterTranslator.Result r = new FilterTranslator(SCHEMA, new FilterTranslator.Key("pk", "S"), null, null,
        Set.of("pk"), MismatchPolicy.NULL, 100).translate(new Filter[] {new IsNull("name")}, p);
    assertNull(r.filterExpression);
  }

  @Test
  void numberTextIsNeverPushedNorQueried() {
    StructType schema = DataTypes.createStructType(List.of(
        DataTypes.createStructField("id", DataTypes.StringType, false, SparkTypes.typeMetadata("N")),
        DataTypes.createStructField("big", DataTypes.StringType, true, SparkTypes.typeMetadata("N"))));
    ExpressionPlaceholders p = new ExpressionPlaceholders("#p", ":f");
    FilterTranslator.Result r = new FilterTranslator(schema, new FilterTranslator.Key("id", "N"), null, null,
        Set.of("id"), MismatchPolicy.FAIL, 100).translate(new Filter[] {new EqualTo("id", "1.5"),
            new GreaterThan("big", "9"), new IsNotNull("big")}, p);
    assertTrue(r.queries.isEmpty(), "Spark compares the text, DynamoDB the number: '1.50' is not '1.5' in Spark");
    assertNull(r.filterExpression);
    assertTrue(r.pushed.isEmpty());
  }

  @Test
  void tooManyInValuesScan() {
    Object[] values = new Object[150];
    for (int i = 0; i < values.length; i++) {
      values[i] = "k" + i;
    }
    FilterTranslator.Result r = translate(new ExpressionPlaceholders("#p", ":f"), new In("pk", values));
    assertTrue(r.queries.isEmpty());
    assertNull(r.filterExpression, "IN takes at most 100 operands");
  }
}
