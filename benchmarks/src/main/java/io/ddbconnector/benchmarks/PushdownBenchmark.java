package io.ddbconnector.benchmarks;

import static io.ddbconnector.benchmarks.ResultTable.f0;
import static io.ddbconnector.benchmarks.ResultTable.f1;
import static io.ddbconnector.benchmarks.ResultTable.f2;

import io.ddbconnector.testkit.proxy.ExportApi;
import io.ddbconnector.testkit.proxy.ThrottlingProxy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * What issue 17's read shortcuts save, on one table of {@code --pushdown-items} typical items behind the test kit's
 * {@link ThrottlingProxy} (3 ms request latency, no capacity limit, every response metered), Spark
 * {@code local[--pushdown-cores]}:
 * <ul>
 *   <li>{@code count(*)} with the count pushed ({@code Select=COUNT}) beside the same count with {@code pushdown=false}
 *       (Spark reads the items, pruned to the hash key, and counts them) and beside a plain SDK parallel
 *       {@code Select=COUNT} scan with the same segments (the floor);
 *   <li>{@code LIMIT 10} with the limit pushed beside {@code pushdown=false}: collected ({@code collectAsList}: Spark
 *       runs the first split and stops reading once it has 10 rows) and run on every split ({@code toRdd().count()}
 *       of the limited plan: a local limit in every task, then the global one);
 *   <li>every column of every item read from a table export ({@code exportPath}, written by the test kit's export
 *       stub) beside the same read from the live table.
 * </ul>
 * Per run, measured outside the connector: wall time, this JVM's process CPU (driver and executors: one JVM in
 * local mode; the proxy's threads subtracted, see {@link CpuMeter}) and dynalite's, and at the proxy the requests,
 * the response bytes the client received and the read units the backend reported as consumed on the table. The
 * variants run interleaved, {@code --pushdown-rounds} rounds after one warm-up round, the order reversed every
 * other round; the summary gives medians and per-round ratios to the row's reference.
 */
final class PushdownBenchmark {

  /** The operations whose requests and response bytes are added up as "all requests at the proxy". */
  private static final List<String> OPERATIONS = List.of("Scan", "Query", "GetItem", "BatchGetItem", "DescribeTable",
      "PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "CreateTable", "DescribeTimeToLive",
      "ExportTableToPointInTime", "DescribeExport");
  private static final int LIMIT = 10;

  /** One variant: its group (the rows compared), its reference in the group, and the action it times. */
  private record Variant(String group, String name, String reference, Action action, long expected) {}

  interface Action {
    long run() throws Exception;
  }

  /** One measured run of one variant. */
  record Run(String group, String variant, int round, long rows, long wallNanos, CpuMeter.Result cpu, long requests,
      long scanRequests, long countRequests, long tableBytes, long allBytes, double readUnits) {}

  private final int items;
  private final int rounds;
  private final int cores;
  private final int segments;
  private final boolean warmUp;

  PushdownBenchmark(Options options) {
    this.warmUp = options.flag("pushdown-warmup");
    this.items = options.integer("pushdown-items");
    this.rounds = options.integer("pushdown-rounds");
    this.cores = options.integer("pushdown-cores");
    this.segments = options.integer("pushdown-segments");
  }

  /** Runs every round; returns the summary (first) and every run (second). */
  List<ResultTable> run(BenchBackend env) throws Exception {
    String table = env.backend().createTable("pushdown_src", Items.HASH_KEY, ScalarAttributeType.S, null, null,
        100_000, 100_000);
    long loadStart = System.nanoTime();
    env.load(table, items);
    System.out.printf(Locale.ROOT, "  loaded %,d items in %.1f s%n", items, (System.nanoTime() - loadStart) / 1e9);
    Path buckets = Files.createTempDirectory("pushdown-bench-export");
    SparkSession spark = null;
    try (ThrottlingProxy proxy = ThrottlingProxy.start(env.backend().endpoint());
        DynamoDbClient client = env.backend().newClient(proxy.endpoint())) {
      ExportApi exports = proxy.enableExports(buckets);
      exports.setDescribesInProgress(0);
      String arn = client.describeTable(b -> b.tableName(table)).table().tableArn();
      String manifest = client.exportTableToPointInTime(b -> b.tableArn(arn).s3Bucket("bench").s3Prefix("p"))
          .exportDescription().exportManifest();
      String exportDir = buckets.resolve("bench").resolve(manifest).getParent().toUri().toString();

      spark = SparkSession.builder().master("local[" + cores + "]").appName("pushdown-benchmark")
          .config("spark.ui.enabled", "false")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1")
          .config("spark.sql.shuffle.partitions", Integer.toString(cores))
          .getOrCreate();
      Map<String, String> o = new LinkedHashMap<>();
      o.put("tableName", table);
      o.put("endpoint", proxy.endpoint().toString());
      o.put("region", env.backend().region());
      o.put("accessKeyId", "dummy");
      o.put("secretAccessKey", "dummy");
      o.put("segments", Integer.toString(segments));
      o.put("readCapacity", "100000000"); // the limiter out of the way: the figures are the reads', not the budget's
      Dataset<Row> pushed = spark.read().format("dynamodb").options(o).load(); // schema inference: not timed
      Map<String, String> off = new LinkedHashMap<>(o);
      off.put("pushdown", "false");
      Dataset<Row> notPushed = spark.read().format("dynamodb").options(off).schema(pushed.schema()).load();
      Map<String, String> ex = new LinkedHashMap<>(o);
      ex.remove("tableName"); // a pure file read: no request at all
      ex.put("exportPath", exportDir);
      Dataset<Row> export = spark.read().format("dynamodb").options(ex).schema(pushed.schema()).load();
      System.out.println("  plans:\n    " + explain(pushed.groupBy().count()) + "\n    "
          + explain(notPushed.groupBy().count()) + "\n    " + explain(pushed.limit(LIMIT)) + "\n    "
          + explain(notPushed.limit(LIMIT)));

      List<Variant> variants = List.of(
          new Variant("count(*)", "DataFrame count(), COUNT pushed (Select=COUNT)", "raw SDK Select=COUNT",
              pushed::count, items),
          new Variant("count(*)", "DataFrame count(), pushdown=false (items read)", "raw SDK Select=COUNT",
              notPushed::count, items),
          new Variant("count(*)", "raw SDK Select=COUNT", "raw SDK Select=COUNT",
              () -> RawSdk.parallelCount(client, table, segments), items),
          new Variant("LIMIT 10", "DataFrame limit(10), LIMIT pushed", "DataFrame limit(10), pushdown=false",
              () -> pushed.limit(LIMIT).collectAsList().size(), LIMIT),
          new Variant("LIMIT 10", "DataFrame limit(10), pushdown=false", "DataFrame limit(10), pushdown=false",
              () -> notPushed.limit(LIMIT).collectAsList().size(), LIMIT),
          new Variant("LIMIT 10, every split", "limit(10) run on every split, LIMIT pushed",
              "limit(10) run on every split, pushdown=false",
              () -> pushed.limit(LIMIT).queryExecution().toRdd().count(), LIMIT),
          new Variant("LIMIT 10, every split", "limit(10) run on every split, pushdown=false",
              "limit(10) run on every split, pushdown=false",
              () -> notPushed.limit(LIMIT).queryExecution().toRdd().count(), LIMIT),
          new Variant("full read", "DataFrame, every column, from the export", "DataFrame, every column, live scan",
              () -> export.queryExecution().toRdd().count(), items),
          new Variant("full read", "DataFrame, every column, live scan", "DataFrame, every column, live scan",
              () -> pushed.queryExecution().toRdd().count(), items));

      List<Run> runs = new ArrayList<>();
      for (int round = warmUp ? 0 : 1; round <= rounds; round++) {
        List<Variant> order = new ArrayList<>(variants);
        if (round % 2 == 0) {
          java.util.Collections.reverse(order);
        }
        for (Variant v : order) {
          Run r = measure(env, proxy, table, v, round);
          if (round > 0) { // round 0 warms up the JIT, Spark's code generation and dynalite
            runs.add(r);
          }
        }
      }
      return List.of(summary(variants, runs), details(runs));
    } finally {
      if (spark != null) {
        spark.stop();
      }
      deleteRecursively(buckets);
    }
  }

  private Run measure(BenchBackend env, ThrottlingProxy proxy, String table, Variant v, int round) throws Exception {
    proxy.resetStats();
    long rows;
    CpuMeter.Result cpu;
    try (CpuMeter meter = CpuMeter.excludeThreadsNamed("throttling-proxy", env.serverProcess())) {
      rows = v.action().run();
      cpu = meter.stop();
    }
    if (rows != v.expected()) {
      throw new IllegalStateException(v.name() + " returned " + rows + ", expected " + v.expected());
    }
    long requests = 0;
    long allBytes = 0;
    for (String op : OPERATIONS) {
      requests += proxy.requests(op);
      allBytes += proxy.responseBytes(op);
    }
    Run r = new Run(v.group(), v.name(), round, rows, cpu.wallNanos(), cpu, requests, proxy.requests(table, "Scan"),
        proxy.requests(table, "Scan:COUNT"), proxy.responseBytesOfTable(table), allBytes, proxy.consumed(table, false));
    StringBuilder byOperation = new StringBuilder();
    for (String op : OPERATIONS) {
      if (proxy.requests(op) > 0) {
        byOperation.append(byOperation.length() == 0 ? "" : " ").append(op).append('=').append(proxy.requests(op));
      }
    }
    System.out.printf(Locale.ROOT, "  %s %-48s %6.2f s, cpu %6.1f us/item, %5d requests (%4d Scan, %4d COUNT),"
        + " %,11d bytes, %,8.1f RCU [%s]%n", round == 0 ? "warm-up" : "round " + round, v.name(), cpu.seconds(),
        cpu.clientMicrosPerItem(items), requests, r.scanRequests(), r.countRequests(), r.tableBytes(), r.readUnits(),
        byOperation);
    return r;
  }

  private ResultTable summary(List<Variant> variants, List<Run> runs) {
    ResultTable t = new ResultTable(String.format(Locale.ROOT, "Pushdown and export reads: %,d items, Spark local[%d],"
            + " %d segments, %d rounds (medians)", items, cores, segments, rounds),
        "group", "variant", "rows", "wall s", "wall s min-max", "vs reference (paired)", "client cpu s", "client cpu us/item", "server cpu us/item",
        "requests", "Scan requests", "Select=COUNT requests", "bytes received (table)", "bytes received (all)",
        "read units");
    for (Variant v : variants) {
      List<Run> mine = runs.stream().filter(r -> r.variant().equals(v.name())).toList();
      List<Double> ratios = new ArrayList<>();
      for (Run r : mine) {
        runs.stream().filter(x -> x.variant().equals(v.reference()) && x.round() == r.round()).findFirst()
            .ifPresent(ref -> ratios.add((double) r.wallNanos() / ref.wallNanos()));
      }
      t.add(v.group(), v.name(), mine.get(0).rows(), f2(median(mine, r -> r.wallNanos() / 1e9)),
          f2(mine.stream().mapToDouble(r -> r.wallNanos() / 1e9).min().orElse(Double.NaN)) + "-"
              + f2(mine.stream().mapToDouble(r -> r.wallNanos() / 1e9).max().orElse(Double.NaN)),
          v.name().equals(v.reference()) ? "reference" : f2(median(ratios)) + "x",
          f2(median(mine, r -> r.cpu().clientNanos() / 1e9)),
          f1(median(mine, r -> r.cpu().clientMicrosPerItem(items))),
          f1(median(mine, r -> r.cpu().serverMicrosPerItem(items))),
          f0(median(mine, r -> r.requests())), f0(median(mine, r -> r.scanRequests())),
          f0(median(mine, r -> r.countRequests())), f0(median(mine, r -> r.tableBytes())),
          f0(median(mine, r -> r.allBytes())), f1(median(mine, r -> r.readUnits())));
    }
    t.note("CPU per item of the table (" + items + " items) for every row, LIMIT rows included. client: this JVM's"
        + " process CPU (Spark driver and executors, GC, JIT), the proxy's threads subtracted; server: dynalite's."
        + " requests / bytes (all): every request at the proxy (coordination table and DescribeTable included) and the"
        + " bodies of their responses; bytes (table): responses to requests on the data table. read units: what the"
        + " backend reported as consumed on the data table (the proxy asks every request for it). vs reference:"
        + " median over rounds of wall / the reference's wall in the same round.");
    return t;
  }

  private static ResultTable details(List<Run> runs) {
    ResultTable t = new ResultTable("Pushdown benchmark: every run", "round", "group", "variant", "rows", "wall s",
        "client cpu s", "server cpu s", "requests", "Scan requests", "Select=COUNT requests", "bytes (table)",
        "bytes (all)", "read units");
    for (Run r : runs) {
      t.add(r.round(), r.group(), r.variant(), r.rows(), f2(r.wallNanos() / 1e9), f2(r.cpu().clientNanos() / 1e9),
          f2(r.cpu().serverNanos() / 1e9), r.requests(), r.scanRequests(), r.countRequests(), r.tableBytes(),
          r.allBytes(), f1(r.readUnits()));
    }
    return t;
  }

  /** {@code <out>/pushdown.md}: the summary as Markdown with the run's machine and load. */
  static void writeMarkdown(Path out, ResultTable t, double loadBefore, double loadAfter, double minutes)
      throws IOException {
    StringBuilder sb = new StringBuilder("# Pushdown benchmark: COUNT and LIMIT pushdown, reads from an export\n\n");
    sb.append("`benchmarks/run.sh pushdown` (").append(t.title()).append(").\n\n");
    sb.append(String.format(Locale.ROOT, "%s, %d cores, Java %s; dynalite in memory behind the test kit's"
        + " ThrottlingProxy (3 ms request latency, no capacity limit, every response metered). **Machine load**: 1-minute"
        + " load average %.2f at the start, %.2f at the end (the machine is shared with other builds: absolute times"
        + " are noisy, compare the paired ratios; requests, bytes and units do not depend on the load). Wall time of the whole run %.1f min.%n%n",
        java.time.LocalDate.now(), Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
        loadBefore, loadAfter, minutes));
    sb.append(t.markdown(column -> false));
    sb.append('\n');
    for (String note : t.notes()) {
      sb.append(note).append('\n');
    }
    Files.writeString(out.resolve("pushdown.md"), sb.toString());
  }

  private static String explain(Dataset<Row> df) {
    String plan = df.queryExecution().executedPlan().toString();
    int at = plan.indexOf("BatchScan");
    String line = at < 0 ? plan : plan.substring(at);
    int nl = line.indexOf('\n');
    return nl < 0 ? line : line.substring(0, nl);
  }

  private static double median(List<Run> runs, java.util.function.ToDoubleFunction<Run> f) {
    return median(runs.stream().map(f::applyAsDouble).toList());
  }

  private static double median(List<Double> values) {
    List<Double> v = new ArrayList<>(values);
    java.util.Collections.sort(v);
    int n = v.size();
    return n == 0 ? Double.NaN : n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
    }
  }
}
