package io.ddbconnector.spark.bench;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.sum;

import io.ddbconnector.testkit.Backend;
import io.ddbconnector.testkit.ItemCorpus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * Full-scan throughput of the DataFrame source beside a raw SDK parallel scan of the same table with the
 * same number of segments (one thread each), in one run against one backend.
 *
 * <pre>
 * mvn -pl emr-dynamodb-spark test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.ddbconnector.spark.bench.SparkScanBenchmark -Dexec.args="200000 4"
 * </pre>
 * Arguments: items (200,000), segments (4), Spark master ({@code local[2]}). The table's read budget is
 * raised far above what the backend can serve, so the figures measure the connector, not its limiter.
 */
public final class SparkScanBenchmark {

  private SparkScanBenchmark() {}

  public static void main(String[] args) throws Exception {
    int items = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    int segments = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    String master = args.length > 2 ? args[2] : "local[2]";

    Backend backend = Backend.shared();
    String table = backend.createTable("bench_scan", "id", ScalarAttributeType.S, null, null, 100_000, 100_000);
    long t0 = System.nanoTime();
    List<Map<String, AttributeValue>> data = ItemCorpus.generated("id", items, 2024);
    for (int from = 0; from < items; from += 20_000) {
      backend.putAll(table, data.subList(from, Math.min(items, from + 20_000)));
    }
    data = null;
    double loadSeconds = (System.nanoTime() - t0) / 1e9;
    System.out.printf(Locale.ROOT, "loaded %,d items into %s in %.1f s%n", items, table, loadSeconds);

    List<String[]> rows = new ArrayList<>();
    rawScan(backend, table, segments); // warm-up, not reported
    rows.add(measure("raw SDK parallel scan (" + segments + " segments, 1 thread each)", items,
        () -> rawScan(backend, table, segments)));

    SparkSession spark = SparkSession.builder().master(master).appName("SparkScanBenchmark")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4")
        .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate();
    try {
      Map<String, String> options = new LinkedHashMap<>();
      options.put("tableName", table);
      options.put("endpoint", backend.endpoint().toString());
      options.put("region", backend.region());
      options.put("accessKeyId", "dummy");
      options.put("secretAccessKey", "dummy");
      options.put("segments", Integer.toString(segments));
      options.put("readCapacity", "100000000");
      Dataset<Row> df = spark.read().format("dynamodb").options(options).load(); // schema inference: not timed
      df.count(); // warm-up
      rows.add(measure("DataFrame count() (" + master + "; Select=COUNT, no items returned)", items, df::count));
      rows.add(measure("DataFrame all columns (queryExecution.toRdd.count)", items,
          () -> df.queryExecution().toRdd().count()));
      rows.add(measure("DataFrame groupBy(category) count/sum/avg", items, () -> {
        List<Row> r = df.groupBy("category").agg(count("*"), sum("quantity"), avg("price")).collectAsList();
        long n = 0;
        for (Row row : r) {
          n += row.getLong(1);
        }
        return n;
      }));
      Map<String, String> sdkOptions = new LinkedHashMap<>(options);
      sdkOptions.put("dynamodb.read.sdkUnmarshalling", "true");
      Dataset<Row> sdkDf = spark.read().format("dynamodb").options(sdkOptions).schema(df.schema()).load();
      rows.add(measure("DataFrame all columns, dynamodb.read.sdkUnmarshalling=true", items,
          () -> sdkDf.queryExecution().toRdd().count()));
      org.apache.spark.api.java.JavaSparkContext jsc =
          org.apache.spark.api.java.JavaSparkContext.fromSparkContext(spark.sparkContext());
      for (boolean sdk : new boolean[] {false, true}) {
        org.apache.hadoop.mapred.JobConf conf = new org.apache.hadoop.mapred.JobConf(jsc.hadoopConfiguration());
        conf.set("dynamodb.input.tableName", table);
        conf.set("dynamodb.endpoint", backend.endpoint().toString());
        conf.set("dynamodb.region", backend.region());
        conf.set("dynamodb.awsAccessKeyId", "dummy");
        conf.set("dynamodb.awsSecretAccessKey", "dummy");
        conf.set("dynamodb.scan.segments", Integer.toString(segments));
        conf.set("dynamodb.throughput.read", "100000000");
        conf.set("dynamodb.read.sdkUnmarshalling", Boolean.toString(sdk));
        rows.add(measure("hadoopRDD(...).count()" + (sdk ? ", dynamodb.read.sdkUnmarshalling=true" : ""), items,
            () -> jsc.hadoopRDD(conf, io.ddbconnector.mapred.DynamoDBInputFormat.class,
                org.apache.hadoop.io.Text.class, io.ddbconnector.hadoop.DynamoDBItemWritable.class).count()));
      }
      rows.add(measure("raw SDK parallel scan again", items, () -> rawScan(backend, table, segments)));
    } finally {
      spark.stop();
    }

    System.out.printf(Locale.ROOT, "%n%-64s %10s %9s %12s %16s%n", "what", "items", "seconds", "items/s",
        "client cpu us/item");
    for (String[] r : rows) {
      System.out.printf(Locale.ROOT, "%-64s %10s %9s %12s %16s%n", (Object[]) r);
    }
    System.out.printf(Locale.ROOT, "(%d cores; backend %s)%n", Runtime.getRuntime().availableProcessors(),
        backend.endpoint());
    backend.deleteTable(table);
    System.exit(0);
  }

  interface Run {
    long run() throws Exception;
  }

  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

  private static String[] measure(String what, long expected, Run run) throws Exception {
    long cpu0 = OS.getProcessCpuTime();
    long start = System.nanoTime();
    long n = run.run();
    double s = (System.nanoTime() - start) / 1e9;
    double cpuMicrosPerItem = (OS.getProcessCpuTime() - cpu0) / 1e3 / Math.max(1, n);
    if (n != expected) {
      throw new IllegalStateException(what + " saw " + n + " items, expected " + expected);
    }
    return new String[] {what, String.format(Locale.ROOT, "%,d", n), String.format(Locale.ROOT, "%.2f", s),
        String.format(Locale.ROOT, "%,.0f", n / s), String.format(Locale.ROOT, "%.1f", cpuMicrosPerItem)};
  }

  /** Items of a parallel scan with the plain SDK: one thread per segment, paging to the end. */
  static long rawScan(Backend backend, String table, int segments) throws Exception {
    DynamoDbClient client = backend.client();
    ExecutorService pool = Executors.newFixedThreadPool(segments);
    try {
      List<Future<Long>> parts = new ArrayList<>();
      for (int s = 0; s < segments; s++) {
        int segment = s;
        parts.add(pool.submit(() -> {
          long n = 0;
          Map<String, AttributeValue> start = null;
          do {
            Map<String, AttributeValue> from = start;
            ScanResponse r = client.scan(b -> b.tableName(table).segment(segment).totalSegments(segments)
                .exclusiveStartKey(from));
            n += r.count();
            start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
          } while (start != null);
          return n;
        }));
      }
      long total = 0;
      for (Future<Long> f : parts) {
        total += f.get();
      }
      return total;
    } finally {
      pool.shutdown();
    }
  }
}
