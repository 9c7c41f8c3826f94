package io.ddbconnector.benchmarks;

import io.ddbconnector.conf.Settings;
import io.ddbconnector.throughput.ConnectorMetrics;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Write throughput: the same generated items written by (a) a MapReduce job whose input format generates
 * them and whose output format is the mapred {@code DynamoDBOutputFormat}, (b) plain SDK BatchWriteItem,
 * 25 per batch, from as many threads, (c) the core {@code BatchWriter} from as many threads. Two more
 * variants explain the gap on this backend: the SDK asking ReturnConsumedCapacity as the connector does,
 * and the core writer with one batch in flight per task instead of the default four.
 *
 * <p>Each round runs every variant on a fresh dynalite (it never returns the memory of written items),
 * after a short unreported warm-up of that server; each run writes into a new table and its item count
 * is checked with a scan afterwards (outside the timing).
 */
final class WriteBenchmark {

  static final String RAW = "raw-sdk";
  static final String RAW_RCC = "raw-sdk+rcc";
  static final String CORE = "core-writer";
  static final String CORE_ONE = "core-writer inflight=1";
  static final String MAPRED = "mapred-job";
  private static final int WARM_ITEMS = 10_000;

  private final Options options;

  WriteBenchmark(Options options) {
    this.options = options;
  }

  List<ResultTable> run(Supplier<BenchBackend> backends) throws IOException {
    int items = options.integer("write-items");
    int threads = options.integer("segments");
    int rounds = options.integer("runs");
    Runs runs = new Runs();
    Path tmp = LocalJobs.tempDir();
    List<String> variants = List.of(RAW, MAPRED, CORE, RAW_RCC, CORE_ONE);
    try {
      for (int round = 0; round <= rounds; round++) {
        try (BenchBackend env = backends.get();
            DynamoDbClient raw = env.backend().newClient(env.backend().endpoint())) {
          // round 0 warms this JVM up with full-size runs; later rounds warm each new server up briefly
          int size = round == 0 ? items : WARM_ITEMS;
          for (String v : variants) {
            String table = newTable(env);
            write(v, env, raw, table, threads, size, tmp);
            env.backend().deleteTable(table);
          }
          if (round == 0) {
            System.out.println("write: warm-up done (not reported)");
            continue;
          }
          for (String v : Runs.order(variants, round)) {
            String table = newTable(env);
            LocalJobs.JobResult[] job = new LocalJobs.JobResult[1];
            long count;
            CpuMeter.Result cpu;
            try (CpuMeter meter = CpuMeter.start(env.serverProcess())) {
              count = write(v, env, raw, table, threads, items, tmp, job);
              cpu = meter.stop();
            }
            long stored = env.backend().count(table);
            int expected = v.equals(MAPRED) ? items / threads * threads : items;
            if (count != expected || stored != expected) {
              throw new IllegalStateException(v + " wrote " + count + " items, table holds " + stored
                  + ", expected " + expected);
            }
            env.backend().deleteTable(table);
            long taskNanos = job[0] != null ? job[0].mapNanos() : cpu.wallNanos();
            runs.add(new Runs.Run(v, round, count, cpu.wallNanos(), taskNanos, cpu));
          }
        }
      }
    } finally {
      LocalJobs.deleteRecursively(tmp);
    }
    ResultTable summary = runs.summary("Write throughput, " + items + " items per run, " + threads
        + " threads/tasks, median of " + rounds + " runs", RAW, threads, Map.of(MAPRED, MAPRED + " (map tasks only)"));
    summary.note("raw-sdk: plain SDK v2 BatchWriteItem, 25 items per request, one request in flight per thread,"
        + " UnprocessedItems resent; raw-sdk+rcc: the same with ReturnConsumedCapacity=TOTAL (the connector asks for"
        + " it to pace itself); core-writer: DynamoDBConnector.openWriter per thread (batches of 25, default"
        + " dynamodb.write.batchesInFlight=4); core-writer inflight=1: the same with batchesInFlight=1; mapred-job:"
        + " generated-items input format, identity map, mapred DynamoDBOutputFormat. Rate limit 1,000,000 WCU x 1.0."
        + " Every run's item count is checked. Each round on a fresh dynalite.");
    return List.of(summary, runs.details("Write runs in the order they ran"));
  }

  private static long write(String variant, BenchBackend env, DynamoDbClient raw, String table, int threads,
      int items, Path tmp) throws IOException {
    return write(variant, env, raw, table, threads, items, tmp, new LocalJobs.JobResult[1]);
  }

  private static long write(String variant, BenchBackend env, DynamoDbClient raw, String table, int threads,
      int items, Path tmp, LocalJobs.JobResult[] job) throws IOException {
    Map<String, String> s = settings(env, table);
    switch (variant) {
      case RAW:
        return RawSdk.batchWrite(raw, table, threads, items, "raw", false);
      case RAW_RCC:
        return RawSdk.batchWrite(raw, table, threads, items, "rawrcc", true);
      case CORE:
        return CoreTasks.writeAll(Settings.of(s), threads, items, "core", new ConnectorMetrics());
      case CORE_ONE:
        s.put("dynamodb.write.batchesInFlight", "1");
        return CoreTasks.writeAll(Settings.of(s), threads, items, "core1", new ConnectorMetrics());
      default:
        job[0] = LocalJobs.write(s, threads, threads, items / threads, "mr", tmp);
        return job[0].items();
    }
  }

  private static String newTable(BenchBackend env) {
    return env.backend().createTable("write", Items.HASH_KEY, ScalarAttributeType.S);
  }

  private static Map<String, String> settings(BenchBackend env, String table) {
    Map<String, String> s = env.connectorSettings(env.backend().endpoint());
    s.put("dynamodb.output.tableName", table);
    s.put("dynamodb.throughput.write", "1000000");
    s.put("dynamodb.throughput.write.percent", "1.0");
    return s;
  }
}
