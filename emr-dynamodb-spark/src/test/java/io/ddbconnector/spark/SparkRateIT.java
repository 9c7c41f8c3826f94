package io.ddbconnector.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddbconnector.hadoop.DynamoDBItemWritable;
import io.ddbconnector.mapred.DynamoDBInputFormat;
import io.ddbconnector.mapred.DynamoDBOutputFormat;
import io.ddbconnector.testkit.Backend;
import io.ddbconnector.testkit.DynamoDBBackendExtension;
import io.ddbconnector.testkit.ItemCorpus;
import io.ddbconnector.testkit.proxy.RateReport;
import io.ddbconnector.testkit.proxy.ThrottlingProxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapred.JobConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import scala.Tuple2;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The job-wide budget on the Spark paths users run, measured by the throttling proxy: {@code hadoopRDD}
 * with more splits than cores, and {@code saveAsHadoopDataset} as the README writes it (Hadoop's view of a
 * Spark write reports one writing task). No concurrency is configured: the tasks share the budget live.
 * Tolerances are for a shared 2-core machine; the benchmark ({@code benchmarks/run.sh rate}) has the
 * precise figures.
 */
@ExtendWith(DynamoDBBackendExtension.class)
class SparkRateIT {

  static SparkSession spark;
  static JavaSparkContext jsc;
  static ThrottlingProxy proxy;

  @BeforeAll
  static void start(Backend backend) {
    spark = SparkSession.builder().master("local[4]").appName("SparkRateIT")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate();
    jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    proxy = ThrottlingProxy.start(backend.endpoint());
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
    if (proxy != null) {
      proxy.close();
    }
  }

  private static JobConf conf(Backend backend) {
    JobConf conf = new JobConf(jsc.hadoopConfiguration());
    conf.set("dynamodb.endpoint", proxy.endpoint().toString());
    conf.set("dynamodb.region", backend.region());
    conf.set("dynamodb.awsAccessKeyId", "dummy");
    conf.set("dynamodb.awsSecretAccessKey", "dummy");
    return conf;
  }

  @Test
  void hadoopRddWith16SplitsOn4CoresUsesTheWholeReadBudget(Backend backend) {
    String table = backend.createTable("rate_rdd", "id", ScalarAttributeType.S);
    backend.putAll(table, ItemCorpus.generated("id", 4_000, 3));
    // the table has 30 RCU/s; the job may use half: 15/s. A planned division by 16 splits would read at
    // 4 x 15/16 = 3.75/s with 4 cores.
    proxy.setCapacity(table, 30, 1_000_000);
    JobConf conf = conf(backend);
    conf.set("dynamodb.input.tableName", table);
    conf.set("dynamodb.scan.segments", "16");
    conf.set("dynamodb.throughput.read", "30");
    conf.set("dynamodb.throughput.read.percent", "0.5");
    long n = jsc.hadoopRDD(conf, DynamoDBInputFormat.class, Text.class, DynamoDBItemWritable.class, 16).count();
    assertEquals(4_000, n);
    RateReport r = RateReport.of(proxy, table, false, 15);
    System.out.println("hadoopRDD, 16 splits on local[4]: " + r);
    assertEquals(0, r.throttled(), r.toString());
    assertTrue(r.budgetUse() >= 0.75 && r.budgetUse() <= 1.10, r.toString());
    assertTrue(r.peak5OfTarget() <= 1.25, r.toString());
  }

  @Test
  void dataFrameWriteWith8PartitionsKeepsTheWriteBudget(Backend backend) {
    String table = backend.createTable("rate_df", "id", ScalarAttributeType.S);
    proxy.setCapacity(table, 1_000_000, 300);
    List<org.apache.spark.sql.Row> rows = new ArrayList<>();
    for (int i = 0; i < 1_200; i++) {
      rows.add(org.apache.spark.sql.RowFactory.create(String.format("row-%05d", i), i, "some text " + i));
    }
    org.apache.spark.sql.types.StructType schema = new org.apache.spark.sql.types.StructType()
        .add("id", "string").add("n", "int").add("text", "string");
    Map<String, String> options = SparkTestSupport.options(proxy.endpoint(), backend.region(), table);
    options.put("writeCapacity", "300");
    options.put("writePercent", "0.5");
    spark.createDataFrame(rows, schema).repartition(8).write().format("dynamodb").options(options).mode("append")
        .save();
    assertEquals(1_200, backend.count(table));
    RateReport r = RateReport.of(proxy, table, true, 150);
    System.out.println("DataFrame write, 8 partitions on local[4]: " + r);
    assertEquals(0, r.throttled(), r.toString());
    assertTrue(r.budgetUse() >= 0.70 && r.budgetUse() <= 1.10, r.toString());
    assertTrue(r.peak5OfTarget() <= 1.25, r.toString());
  }

  @Test
  void saveAsHadoopDatasetWith16PartitionsOn4CoresKeepsTheWriteBudget(Backend backend) {
    String table = backend.createTable("rate_save", "id", ScalarAttributeType.S);
    // 300 WCU/s, half for the job: 150/s. Writers that each believed they were alone would send 600/s.
    proxy.setCapacity(table, 1_000_000, 300);
    List<DynamoDBItemWritable> items = new ArrayList<>();
    for (Map<String, AttributeValue> item : ItemCorpus.generated("id", 1_500, 5)) {
      items.add(new DynamoDBItemWritable(item));
    }
    JobConf conf = conf(backend);
    conf.set("dynamodb.output.tableName", table);
    conf.set("dynamodb.throughput.write", "300");
    conf.set("dynamodb.throughput.write.percent", "0.5");
    conf.setOutputFormat(DynamoDBOutputFormat.class);
    jsc.parallelize(items, 16).mapToPair(w -> new Tuple2<>(NullWritable.get(), w)).saveAsHadoopDataset(conf);
    assertEquals(1_500, backend.count(table));
    RateReport r = RateReport.of(proxy, table, true, 150);
    System.out.println("saveAsHadoopDataset, 16 partitions on local[4]: " + r);
    assertEquals(0, r.throttled(), r.toString());
    assertTrue(r.budgetUse() >= 0.75 && r.budgetUse() <= 1.10, r.toString());
    assertTrue(r.peak5OfTarget() <= 1.25, r.toString());
  }
}
