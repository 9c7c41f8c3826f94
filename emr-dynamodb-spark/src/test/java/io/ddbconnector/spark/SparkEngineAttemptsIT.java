package io.ddbconnector.spark;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddbconnector.testkit.Backend;
import io.ddbconnector.testkit.DynamoDBBackendExtension;
import io.ddbconnector.testkit.ItemCorpus;
import io.ddbconnector.testkit.proxy.ThrottlingProxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * A Spark task that fails with the connector's exception says how many attempts Spark still makes. The
 * backend dies inside the job's first task (the driver has planned the read or checked the table by then),
 * so it is the task that fails; {@code local[2]} runs every task once, and the job's failure must say so:
 * through the DataFrame source, and through the Hadoop format under {@code hadoopRDD}, where the note comes
 * from this module's {@link SparkTaskAttempts} service.
 */
@ExtendWith(DynamoDBBackendExtension.class)
class SparkEngineAttemptsIT {

  private static final String LAST_ATTEMPT =
      "[task attempt 1 of 1 (spark.master=local[2]); this was its last attempt, so the job fails]";

  static SparkSession spark;
  /** Tasks run in this JVM ({@code local[2]}): the functions below take the backend down through it. */
  static volatile ThrottlingProxy proxy;

  @BeforeAll
  static void startSpark() {
    spark = SparkTestSupport.session("SparkEngineAttemptsIT");
  }

  @AfterAll
  static void stopSpark() {
    if (spark != null) {
      spark.stop();
    }
  }

  @BeforeEach
  void startProxy(Backend backend) {
    proxy = ThrottlingProxy.start(backend.endpoint());
  }

  @AfterEach
  void stopProxy() {
    proxy.close();
  }

  private static Map<String, String> options(Backend backend, String table) {
    Map<String, String> o = SparkTestSupport.options(proxy.endpoint(), backend.region(), table);
    o.put("dynamodb.retry.maxDurationMs", "1000");
    o.put("dynamodb.retry.baseDelayMs", "5");
    o.put("dynamodb.retry.maxDelayMs", "100");
    o.put("segments", "1");
    o.put("pageLimit", "20");
    o.put("dynamodb.read.prefetchPages", "1");
    return o;
  }

  /** Passes the value through, taking the backend down first: runs in the task, on its first row. */
  private static final UserDefinedFunction BACKEND_DIES = functions.udf((UDF1<String, String>) v -> {
    proxy.setDown(true);
    return v;
  }, DataTypes.StringType).asNondeterministic();

  private static void assertLastAttempt(Exception e) {
    String messages = SparkTestSupport.messages(e);
    assertTrue(proxy.isDown(), "the backend died in the task: " + messages);
    assertTrue(messages.contains("DynamoDBConnectorException"), messages);
    assertTrue(messages.contains(LAST_ATTEMPT), messages);
  }

  @Test
  void dataFrameWriteFailureSaysItWasTheLastAttempt(Backend backend) {
    String table = backend.createTable("attempts_df_write", "id", ScalarAttributeType.S);
    StructType schema = DataTypes.createStructType(List.of(
        DataTypes.createStructField("id", DataTypes.StringType, false),
        DataTypes.createStructField("n", DataTypes.LongType, false)));
    List<Row> rows = new ArrayList<>();
    for (long i = 0; i < 400; i++) {
      rows.add(RowFactory.create("item-" + i, i));
    }
    Dataset<Row> df = spark.createDataFrame(rows, schema).repartition(2)
        .withColumn("id", BACKEND_DIES.apply(functions.col("id")));
    Exception e = assertThrows(Exception.class,
        () -> df.write().format("dynamodb").options(options(backend, table)).mode("append").save());
    assertLastAttempt(e);
  }

  @Test
  void dataFrameReadFailureSaysItWasTheLastAttempt(Backend backend) {
    String table = backend.createTable("attempts_df_read", "id", ScalarAttributeType.S);
    backend.putAll(table, ItemCorpus.generated("id", 500, 41));
    StructType schema = DataTypes.createStructType(List.of(
        DataTypes.createStructField("id", DataTypes.StringType, false)));
    Dataset<Row> df = spark.read().format("dynamodb").schema(schema).options(options(backend, table)).load()
        .filter(BACKEND_DIES.apply(functions.col("id")).isNotNull());
    Exception e = assertThrows(Exception.class, df::count);
    assertLastAttempt(e);
  }

  @Test
  void hadoopRddFailureSaysItWasTheLastAttempt(Backend backend) {
    String table = backend.createTable("attempts_rdd_read", "id", ScalarAttributeType.S);
    backend.putAll(table, ItemCorpus.generated("id", 500, 42));
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Function<Map<String, AttributeValue>, Integer> backendDies = item -> {
      proxy.setDown(true);
      return item.size();
    };
    Exception e = assertThrows(Exception.class,
        () -> DynamoDBSpark.readItems(jsc, options(backend, table)).map(backendDies).count());
    assertLastAttempt(e);
  }
}
