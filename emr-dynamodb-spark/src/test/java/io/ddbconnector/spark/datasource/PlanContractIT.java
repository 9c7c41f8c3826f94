package io.ddbconnector.spark.datasource;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ddbconnector.spark.SparkTestSupport;
import io.ddbconnector.testkit.Backend;
import io.ddbconnector.testkit.DynamoDBBackendExtension;
import io.ddbconnector.testkit.PlanContract;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Spark's half of the read planner's cross-engine contract ({@link PlanContract}): each predicate goes
 * through a real DataFrame filter, Spark's optimizer and V2 pushdown, and the plan the scan builder produced
 * must be the one the shared case states (Hive's {@code PlanContractIT} expects the same).
 */
@ExtendWith(DynamoDBBackendExtension.class)
class PlanContractIT {

  static final StructType SCHEMA = new StructType().add("pk", DataTypes.StringType).add("sk", DataTypes.StringType)
      .add("cat", DataTypes.StringType).add("qty", DataTypes.LongType).add("price", DataTypes.createDecimalType(10, 2))
      .add("name", DataTypes.StringType).add("doc", new StructType().add("city", DataTypes.StringType))
      .add("note", DataTypes.StringType);

  static SparkSession spark;
  static Map<String, String> options;

  @BeforeAll
  static void start(Backend backend) {
    spark = SparkTestSupport.session("PlanContractIT");
    options = SparkTestSupport.options(backend, PlanContract.createTable(backend));
    options.put("onTypeMismatch", "null"); // as Hive reads a value of another type
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  static List<PlanContract.Case> cases() {
    return PlanContract.cases();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void sparkPlansTheSharedCase(PlanContract.Case c) {
    Dataset<Row> df = spark.read().format("dynamodb").schema(SCHEMA).options(options).load().filter(c.where());
    DynamoDBScan scan = DataFrameReadIT.scanOf(df);
    assertEquals(c.expected(), scan.plan().summary(), c.name() + ": " + c.where() + " -> " + scan.description());
    df.collectAsList(); // the plan runs
  }
}
