package io.ddbconnector.spark.datasource;

import static io.ddbconnector.spark.datasource.SparkPredicatesTest.col;
import static io.ddbconnector.spark.datasource.SparkPredicatesTest.lit;
import static io.ddbconnector.spark.datasource.SparkPredicatesTest.p;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddbconnector.spark.SparkSettings;
import io.ddbconnector.table.TableInfo;
import io.ddbconnector.table.TableInfo.IndexInfo;
import io.ddbconnector.table.TableInfo.KeyAttribute;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.connector.expressions.Expression;
import org.apache.spark.sql.connector.expressions.aggregate.AggregateFunc;
import org.apache.spark.sql.connector.expressions.aggregate.Aggregation;
import org.apache.spark.sql.connector.expressions.aggregate.Count;
import org.apache.spark.sql.connector.expressions.aggregate.CountStar;
import org.apache.spark.sql.connector.expressions.filter.Predicate;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * What the scan builder hands back to Spark and which limits and counts it takes, without a backend (the
 * core's planner is pure): only predicates pushed exactly stay with DynamoDB, and a plan for fewer columns
 * that would push less (an index that now covers) gives way to the plan the promises were made on.
 */
class ScanBuilderPushdownTest {

  static final StructType SCHEMA = new StructType().add("customer", DataTypes.StringType)
      .add("orderId", DataTypes.LongType).add("status", DataTypes.StringType).add("note", DataTypes.StringType)
      .add("ratio", DataTypes.DoubleType);

  /** customer/orderId; a KEYS_ONLY GSI on status, which covers only key columns. */
  static TableInfo orders() {
    IndexInfo gsi = new IndexInfo("by_status", true, List.of(new KeyAttribute("status", "S")), "KEYS_ONLY",
        List.of(), true, false, 40, 5);
    return new TableInfo("orders", List.of(new KeyAttribute("customer", "S"), new KeyAttribute("orderId", "N")),
        List.of(gsi), 100, 10_000, false, 1000, 1000);
  }

  static DynamoDBScanBuilder builder() {
    SparkSettings s = SparkSettings.from(Map.of(), Map.of("tableName", "orders", "region", "us-east-1"), 2);
    return new DynamoDBScanBuilder(SCHEMA, s, orders());
  }

  static final Predicate STATUS = p("=", col("status"), lit("NEW", DataTypes.StringType));
  static final Predicate ORDER = p(">", col("orderId"), lit(5L, DataTypes.LongType));
  static final Predicate RATIO = p(">", col("ratio"), lit(0.5, DataTypes.DoubleType));

  @Test
  void onlyPredicatesPushedExactlyStayWithDynamoDB() {
    DynamoDBScanBuilder b = builder();
    Predicate[] back = b.pushPredicates(new Predicate[] {STATUS, RATIO});
    assertArrayEquals(new Predicate[] {RATIO}, back, "doubles are never translated: Spark filters them");
    assertFalse(b.pushLimit(10), "Spark still filters: no limit");
    assertFalse(b.pushAggregation(new Aggregation(new AggregateFunc[] {new CountStar()}, new Expression[0])));
  }

  @Test
  void aLimitAndACountAreTakenWhenNothingIsHandedBack() {
    DynamoDBScanBuilder limited = builder();
    assertEquals(0, limited.pushPredicates(new Predicate[] {STATUS}).length);
    assertTrue(limited.pushLimit(10));
    assertTrue(limited.isPartiallyPushed(), "Spark keeps its global limit");
    DynamoDBScan scan = (DynamoDBScan) limited.build();
    assertEquals(10, scan.plan().limit());
    assertTrue(scan.description().contains("limit 10 per split"), scan.description());

    DynamoDBScanBuilder counted = builder();
    counted.pushPredicates(new Predicate[] {STATUS});
    Aggregation countStar = new Aggregation(new AggregateFunc[] {new CountStar()}, new Expression[0]);
    assertTrue(counted.pushAggregation(countStar));
    assertFalse(counted.supportCompletePushDown(countStar));
    DynamoDBScan count = (DynamoDBScan) counted.build();
    assertTrue(count.plan().countOnly());
    assertEquals(1, count.readSchema().size());
    assertEquals(DataTypes.LongType, count.readSchema().fields()[0].dataType());
    assertNull(count.plan().expressions().projection());
    assertTrue(count.description().contains("Query x1 [status = 'NEW']") && count.description().contains(
        "columns=[none]") && count.description().contains("COUNT pushed: Select=COUNT (billed like the full Queries)"),
        count.description() + ": no column read, the KEYS_ONLY index serves the count");

    assertFalse(builder().pushAggregation(new Aggregation(new AggregateFunc[] {new Count(col("note"), false)},
        new Expression[0])), "COUNT(col) is not pushed");
    assertFalse(builder().pushAggregation(new Aggregation(new AggregateFunc[] {new CountStar()},
        new Expression[] {col("status")})), "no GROUP BY");
  }

  @Test
  void aPredicateAnIndexQueryCouldNotApplyIsHandedBack() {
    DynamoDBScanBuilder b = builder();
    // all columns: a Scan filters on both exactly; key columns only: the KEYS_ONLY index covers, and its
    // Query cannot filter on the table's sort key
    assertArrayEquals(new Predicate[] {ORDER}, b.pushPredicates(new Predicate[] {STATUS, ORDER}));
    b.pruneColumns(new StructType().add("customer", DataTypes.StringType).add("orderId", DataTypes.LongType));
    DynamoDBScan scan = (DynamoDBScan) b.build();
    assertTrue(scan.plan().isQuery(), "the index still serves: " + scan.description());
    assertEquals("[orderId > 5]", scan.plan().residual().toString(), "Spark applies it");
    assertEquals(2, scan.readSchema().size());

    DynamoDBScanBuilder wide = builder();
    assertEquals(0, wide.pushPredicates(new Predicate[] {STATUS, p("=", col("note"), lit("x",
        DataTypes.StringType))}).length, "exact whatever the columns: DynamoDB applies both");
    wide.pruneColumns(new StructType().add("customer", DataTypes.StringType));
    DynamoDBScan scan2 = (DynamoDBScan) wide.build();
    assertFalse(scan2.plan().isQuery(), "the KEYS_ONLY index holds no note for the filter: " + scan2.description());
    assertTrue(scan2.plan().residual().isEmpty(), scan2.description());
  }
}
