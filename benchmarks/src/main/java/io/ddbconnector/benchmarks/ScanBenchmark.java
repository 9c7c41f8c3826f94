package io.ddbconnector.benchmarks;

import io.ddbconnector.conf.Settings;
import io.ddbconnector.core.DynamoDBConnector;
import io.ddbconnector.split.ScanSplit;
import io.ddbconnector.throughput.ConnectorMetrics;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Scan throughput: a full read of one table by (a) a MapReduce job with the mapred
 * {@code DynamoDBInputFormat} on the LocalJobRunner, (b) a plain SDK parallel scan with as many
 * segments and threads, (c) the core reader directly, N threads. The rate limiter is set far above what
 * the backend can serve, so the figure is the connector's own overhead.
 */
final class ScanBenchmark {

  static final String RAW = "raw-sdk";
  static final String RAW_RCC = "raw-sdk+rcc";
  static final String CORE = "core-reader";
  static final String MAPRED = "mapred-job";

  private final Options options;

  ScanBenchmark(Options options) {
    this.options = options;
  }

  List<ResultTable> run(BenchBackend env) throws IOException {
    int items = options.integer("scan-items");
    int segments = options.integer("segments");
    int rounds = options.integer("runs");
    String table = env.backend().createTable("scan", Items.HASH_KEY, ScalarAttributeType.S);
    System.out.printf("scan: loading %,d items into %s ...%n", items, table);
    env.load(table, items);

    Map<String, String> s = env.connectorSettings(env.backend().endpoint());
    s.put("dynamodb.input.tableName", table);
    s.put("dynamodb.throughput.read", "1000000");
    s.put("dynamodb.throughput.read.percent", "1.0");
    s.put("dynamodb.scan.segments", Integer.toString(segments));
    Settings settings = Settings.of(s);

    Runs runs = new Runs();
    Path tmp = LocalJobs.tempDir();
    try (DynamoDbClient raw = env.backend().newClient(env.backend().endpoint())) {
      System.out.println("scan: warm-up (not reported)");
      RawSdk.parallelScan(raw, table, segments, false);
      RawSdk.parallelScan(raw, table, segments, true);
      readCore(settings, segments);
      LocalJobs.read(s, segments, tmp);
      List<String> variants = List.of(RAW, MAPRED, RAW_RCC, CORE);
      for (int round = 1; round <= rounds; round++) {
        for (String v : Runs.order(variants, round)) {
          long count;
          long taskNanos;
          CpuMeter.Result cpu;
          try (CpuMeter meter = CpuMeter.start(env.serverProcess())) {
            switch (v) {
              case RAW, RAW_RCC -> {
                count = RawSdk.parallelScan(raw, table, segments, v.equals(RAW_RCC));
                taskNanos = 0;
              }
              case CORE -> {
                count = readCore(settings, segments);
                taskNanos = 0;
              }
              default -> {
                LocalJobs.JobResult r = LocalJobs.read(s, segments, tmp);
                count = r.items();
                taskNanos = r.mapNanos();
              }
            }
            cpu = meter.stop();
          }
          if (count != items) {
            throw new IllegalStateException(v + " read " + count + " items of " + items);
          }
          runs.add(new Runs.Run(v, round, count, cpu.wallNanos(), taskNanos == 0 ? cpu.wallNanos() : taskNanos,
              cpu));
        }
      }
    } finally {
      LocalJobs.deleteRecursively(tmp);
    }
    env.backend().deleteTable(table);

    ResultTable summary = runs.summary("Scan throughput, " + items + " items, " + segments
        + " segments/threads/map tasks, median of " + rounds + " runs", RAW, segments,
        Map.of(MAPRED, MAPRED + " (map tasks only)"));
    summary.note("raw-sdk: plain SDK v2 parallel scan, one thread per segment; raw-sdk+rcc: the same asking"
        + " ReturnConsumedCapacity=TOTAL on every page, as the connector does to pace itself (dynalite spends server CPU"
        + " on it); core-reader: DynamoDBConnector.openReader"
        + " on each planned split, one thread each; mapred-job: JobClient.runJob with the mapred DynamoDBInputFormat,"
        + " identity map, NullOutputFormat (wall = submission to completion; map tasks only = first map start to"
        + " last map end). Rate limit 1,000,000 RCU x 1.0. Client CPU = this JVM's process CPU (incl. GC/JIT).");
    return List.of(summary, runs.details("Scan runs in the order they ran"));
  }

  private static long readCore(Settings settings, int segments) {
    List<ScanSplit> splits = DynamoDBConnector.planSplits(settings, segments).splits();
    return CoreTasks.readAll(settings, splits, new ConnectorMetrics());
  }
}
