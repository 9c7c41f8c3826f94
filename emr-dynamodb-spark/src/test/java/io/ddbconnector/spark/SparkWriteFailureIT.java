package io.ddbconnector.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddbconnector.testkit.ItemCorpus;
import io.ddbconnector.testkit.KillableBackend;
import io.ddbconnector.write.WriteLedger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The backend dies in the middle of a Spark write, through {@code saveAsHadoopDataset} (as
 * {@link DynamoDBSpark#writeItems} runs it) and through the DataFrame source: the job-wide figures the job
 * reports (summed from every attempt's record: Spark drops the metrics of failed attempts) bracket what the
 * table holds once the backend is back.
 */
class SparkWriteFailureIT {

  static final int ITEMS = 6_000;
  static SparkSession spark;
  static JavaSparkContext jsc;

  @BeforeAll
  static void start() {
    spark = SparkTestSupport.session("SparkWriteFailureIT");
    jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  private static Map<String, String> options(KillableBackend k, String table, Path reports) {
    Map<String, String> o = SparkTestSupport.options(k.backend(), table);
    o.put("dynamodb.write.reportDir", reports.toString());
    o.put("dynamodb.retry.maxDurationMs", "3000");
    o.put("dynamodb.retry.maxDelayMs", "200");
    return o;
  }

  @Test
  void rddWriteWithTheBackendKilledReportsWhatTheTableHolds(@TempDir Path tmp) throws Exception {
    try (KillableBackend killable = KillableBackend.start(tmp.resolve("data"))) {
      String target = killable.backend().createTable("spark_kill_rdd", "id", ScalarAttributeType.S);
      List<Map<String, AttributeValue>> items = new ArrayList<>();
      for (Map<String, AttributeValue> i : ItemCorpus.generated("id", ITEMS, 5)) {
        items.add(new SerializableItem(i));
      }
      Path reports = tmp.resolve("reports");
      Thread killer = killable.killWhen(() -> WriteLedger.confirmedUnder(reports) > 0, 500);
      RuntimeException e = assertThrows(RuntimeException.class,
          () -> DynamoDBSpark.writeItems(jsc.parallelize(items, 4), options(killable, target, reports)));
      killer.join();
      assertTrue(e.getMessage().contains("Job-wide: ") && e.getMessage().contains(target), e.getMessage());
      checkAgainstTable(killable, target, reports, e.getMessage());
    }
  }

  @Test
  void dataFrameWriteWithTheBackendKilledReportsWhatTheTableHolds(@TempDir Path tmp) throws Exception {
    try (KillableBackend killable = KillableBackend.start(tmp.resolve("data"))) {
      String target = killable.backend().createTable("spark_kill_df", "id", ScalarAttributeType.S);
      List<Row> rows = new ArrayList<>();
      for (int i = 0; i < ITEMS; i++) {
        rows.add(RowFactory.create("k" + i, (long) i, "payload-" + i));
      }
      StructType schema = new StructType().add("id", DataTypes.StringType).add("n", DataTypes.LongType)
          .add("s", DataTypes.StringType);
      Dataset<Row> df = spark.createDataFrame(rows, schema).repartition(4);
      Path reports = tmp.resolve("reports");
      Thread killer = killable.killWhen(() -> WriteLedger.confirmedUnder(reports) > 0, 500);
      Exception e = assertThrows(Exception.class,
          () -> df.write().format("dynamodb").options(options(killable, target, reports)).mode("append").save());
      killer.join();
      assertTrue(SparkTestSupport.messages(e).contains("Job-wide so far"), SparkTestSupport.messages(e));
      checkAgainstTable(killable, target, reports, SparkTestSupport.messages(e));
    }
  }

  /** After restart: the summary the driver wrote brackets the table's count. */
  private static void checkAgainstTable(KillableBackend killable, String target, Path reports, String message)
      throws IOException {
    Path jobDir = onlyDir(reports);
    assertTrue(Files.exists(jobDir.resolve(WriteLedger.SUMMARY)), "the driver wrote the summary: " + jobDir);
    WriteLedger.Summary s = WriteLedger.summarize(WriteLedger.localDirectory(jobDir));
    assertEquals(0, s.unfinishedAttempts(), "every attempt recorded how it ended: " + s.describe());
    killable.restart();
    long inTable = killable.backend().count(target);
    assertTrue(s.confirmed() > 0 && inTable < ITEMS, "killed mid-write: " + s.describe() + ", table " + inTable);
    assertTrue(s.confirmed() <= inTable && inTable <= s.atMost(),
        "reported " + s.describe() + " but the table holds " + inTable + "; failure: " + message);
  }

  private static Path onlyDir(Path reports) throws IOException {
    try (Stream<Path> dirs = Files.list(reports)) {
      List<Path> all = dirs.filter(Files::isDirectory).collect(Collectors.toList());
      assertEquals(1, all.size(), "one job's reports: " + all);
      return all.get(0);
    }
  }
}
