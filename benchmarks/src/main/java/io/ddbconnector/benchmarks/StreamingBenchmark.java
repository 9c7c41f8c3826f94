package io.ddbconnector.benchmarks;

import io.ddbconnector.testkit.proxy.RateReport;
import io.ddbconnector.testkit.proxy.StreamsEmulator;
import io.ddbconnector.testkit.proxy.ThrottlingProxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * End-to-end streaming: a writer puts {@code --stream-rate} items/s for {@code --stream-seconds} into a table
 * whose DynamoDB stream the proxy emulates; one Spark query ({@code dynamodb-streams} → parse the new image →
 * {@code dynamodb} sink) copies them into a target table whose capacity the proxy enforces, under a write
 * budget of {@code writePercent × writeCapacity}. One row per budget in {@code --stream-budgets}: one above the
 * input rate (the pipeline's own lag) and one below it (the budget binds: the copy runs at the budget and the
 * backlog, hence the lag, grows).
 *
 * <p>Measured outside the connector: the lag of a sample of items is their writer's send time (kept in the
 * item) to the first time a poller, reading the target table directly on dynalite every 50 ms, sees them; the
 * target's write rate is the proxy's metered rate of consumed units. Records/s end to end: items copied over
 * the time from the first send to the end of the query's drain ({@code processAllAvailable}).
 */
final class StreamingBenchmark {

  private static final String IMAGE_SCHEMA = "id STRUCT<S: STRING>, seq STRUCT<N: STRING>, "
      + "sent_ms STRUCT<N: STRING>, pad STRUCT<S: STRING>";
  private static final String PAD = "x".repeat(120);
  private static final long POLL_MS = 50;

  private final int rate;
  private final int seconds;
  private final long capacity;
  private final List<Double> percents = new ArrayList<>();
  private final int samples;
  private final int cores;

  StreamingBenchmark(Options options) {
    this.rate = options.integer("stream-rate");
    this.seconds = options.integer("stream-seconds");
    this.capacity = options.integer("stream-write-capacity");
    for (String p : options.get("stream-budgets").split(",")) {
      percents.add(Double.parseDouble(p.trim()));
    }
    this.samples = options.integer("stream-samples");
    this.cores = options.integer("stream-cores");
  }

  ResultTable run(BenchBackend env) throws Exception {
    ResultTable t = new ResultTable(String.format(Locale.ROOT, "Streaming: dynamodb-streams -> dynamodb sink,"
        + " %d changes/s for %d s, target capacity %d WCU/s (proxy-enforced), Spark local[%d]", rate, seconds,
        capacity, cores),
        "budget", "input/s", "changes", "copied", "records/s e2e", "proxy WCU/s", "of budget", "peak 5s of budget",
        "throttled", "lag p50 s", "lag p95 s", "lag max s", "lag samples", "batches", "drain s");
    SparkSession spark = SparkSession.builder().master("local[" + cores + "]").appName("streaming-benchmark")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", Integer.toString(cores))
        .getOrCreate();
    try {
      for (double percent : percents) {
        row(env, spark, percent, t);
      }
    } finally {
      spark.stop();
    }
    t.note("budget: dynamodb.throughput.write.percent x the target's capacity. Lag: the writer's send time (in the"
        + " item) to the first 50 ms poll that sees the item in the target, for every (changes/samples)-th item."
        + " records/s e2e: items copied / (first send -> end of the drain). proxy WCU/s: the proxy's metered rate of"
        + " the target's consumed write units (first to last metered response).");
    return t;
  }

  private void row(BenchBackend env, SparkSession spark, double percent, ResultTable t) throws Exception {
    double budget = percent * capacity;
    try (ThrottlingProxy proxy = ThrottlingProxy.start(env.backend().endpoint())) {
      StreamsEmulator streams = proxy.enableStreams();
      String source = env.backend().createTable("stream_src", "id", ScalarAttributeType.S, null, null, 10_000, 10_000);
      streams.enableStream(source, StreamViewType.NEW_IMAGE);
      String target = env.backend().createTable("stream_dst", "id", ScalarAttributeType.S, null, null, capacity,
          capacity);
      proxy.setCapacity(target, capacity, capacity);
      Path checkpoint = Files.createTempDirectory("streaming-bench");

      Map<String, String> conn = new LinkedHashMap<>();
      conn.put("endpoint", proxy.endpoint().toString());
      conn.put("region", env.backend().region());
      conn.put("accessKeyId", "dummy");
      conn.put("secretAccessKey", "dummy");
      Dataset<Row> changes = spark.readStream().format("dynamodb-streams").options(conn)
          .option("tableName", source).option("startingPosition", "TRIM_HORIZON").load();
      Dataset<Row> images = changes.where("eventName != 'REMOVE'")
          .selectExpr("from_json(newImage, '" + IMAGE_SCHEMA + "') AS img")
          .selectExpr("img.id.S AS id", "CAST(img.seq.N AS BIGINT) AS seq", "CAST(img.sent_ms.N AS BIGINT) AS sent_ms",
              "img.pad.S AS pad");
      StreamingQuery query = images.writeStream().format("dynamodb").options(conn)
          .option("tableName", target)
          .option("writeCapacity", Long.toString(capacity))
          .option("writePercent", Double.toString(percent))
          .option("checkpointLocation", checkpoint.toString())
          .outputMode("append").start();

      long total = (long) rate * seconds;
      long every = Math.max(1, total / samples);
      ConcurrentLinkedQueue<long[]> sent = new ConcurrentLinkedQueue<>(); // seq, sent ms of sampled items
      AtomicBoolean writing = new AtomicBoolean(true);
      AtomicLong written = new AtomicLong();
      DynamoDbClient writer = env.backend().newClient(proxy.endpoint());
      long firstSend = System.currentTimeMillis();
      Thread w = new Thread(() -> {
        long period = 1_000_000_000L / rate;
        long due = System.nanoTime();
        for (long i = 0; i < total && writing.get(); i++) {
          long now = System.currentTimeMillis();
          Map<String, AttributeValue> item = Map.of("id", AttributeValue.fromS(id(i)),
              "seq", AttributeValue.fromN(Long.toString(i)), "sent_ms", AttributeValue.fromN(Long.toString(now)),
              "pad", AttributeValue.fromS(PAD));
          writer.putItem(b -> b.tableName(source).item(item));
          written.incrementAndGet();
          if (i % every == 0) {
            sent.add(new long[] {i, now});
          }
          due += period;
          long wait = due - System.nanoTime();
          if (wait > 0) {
            try {
              Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            } catch (InterruptedException e) {
              return;
            }
          }
        }
      }, "stream-writer");
      w.start();

      // the poller: reads sampled ids straight from dynalite (not through the proxy: no effect on its figures)
      List<Double> lags = Collections.synchronizedList(new ArrayList<>());
      AtomicBoolean polling = new AtomicBoolean(true);
      DynamoDbClient reader = env.backend().newClient(env.backend().endpoint());
      Thread p = new Thread(() -> poll(reader, target, sent, lags, polling, written), "stream-lag-poller");
      p.start();

      w.join();
      long drainStart = System.nanoTime();
      try {
        query.processAllAvailable();
      } finally {
        query.stop();
      }
      long end = System.currentTimeMillis();
      double drain = (System.nanoTime() - drainStart) / 1e9;
      long deadline = System.currentTimeMillis() + 10_000;
      while (!sent.isEmpty() && System.currentTimeMillis() < deadline) {
        Thread.sleep(POLL_MS);
      }
      polling.set(false);
      p.join();
      writer.close();
      reader.close();

      long copied = env.backend().scanAll(target).size();
      long batches = 0;
      for (StreamingQueryProgress q : query.recentProgress()) {
        if (q.numInputRows() > 0) {
          batches++;
        }
      }
      List<Double> sorted = new ArrayList<>(lags);
      Collections.sort(sorted);
      double proxyRate = proxy.meteredRate(target, true);
      RateReport report = RateReport.of(proxy.consumedPerSecond(target, true), proxy.throttled(target), budget);
      t.add(String.format(Locale.ROOT, "%.0f WCU/s (%.0f%%)", budget, percent * 100), rate, written.get(), copied,
          f0(copied / ((end - firstSend) / 1000.0)), f0(proxyRate), pct(proxyRate / budget),
          pct(report.peak5() / budget), proxy.throttled(target), f2(quantile(sorted, 0.5)), f2(quantile(sorted, 0.95)),
          f2(sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() - 1)), sorted.size() + (sent.isEmpty() ? ""
              : " (" + sent.size() + " unseen)"), batches, String.format(Locale.ROOT, "%.1f", drain));
      System.out.printf(Locale.ROOT, "  budget %.0f WCU/s: %d copied, %.0f WCU/s at the proxy, lag p50 %.2f s%n",
          budget, copied, proxyRate, quantile(sorted, 0.5));
      deleteRecursively(checkpoint);
    }
  }

  /** {@code <out>/streaming.md}: the table as Markdown, with the run's settings and how to read it. */
  static void writeMarkdown(Path out, ResultTable t) throws java.io.IOException {
    StringBuilder sb = new StringBuilder("# Streaming benchmark: dynamodb-streams -> dynamodb sink\n\n");
    sb.append(String.format(Locale.ROOT, "%s, %d cores, Java %s, load average %.2f at the end; dynalite in memory"
        + " behind the test kit's ThrottlingProxy (Streams emulator; the target's capacity enforced).%n%n",
        java.time.LocalDate.now(), Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
        RateBenchmark.load1()));
    sb.append(t.markdown(column -> false));
    sb.append("\nbudget: `writePercent` x `writeCapacity` of the target. Lag: the writer's send time (kept in the"
        + " item) to the first 50 ms poll that sees the item in the target (a sample of items, read directly on"
        + " dynalite). records/s e2e: items copied / (first send to the end of the drain). proxy WCU/s: the proxy's"
        + " metered rate of the target's consumed write units; peak 5s: its busiest 5-second window.\n");
    Files.writeString(out.resolve("streaming.md"), sb.toString());
  }

  private static void poll(DynamoDbClient reader, String target, ConcurrentLinkedQueue<long[]> sent,
      List<Double> lags, AtomicBoolean polling, AtomicLong written) {
    while (polling.get()) {
      Map<String, long[]> pending = new HashMap<>();
      for (long[] s : sent) {
        if (pending.size() == 100) {
          break;
        }
        pending.put(id(s[0]), s);
      }
      if (!pending.isEmpty()) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        pending.keySet().forEach(k -> keys.add(Map.of("id", AttributeValue.fromS(k))));
        Map<String, KeysAndAttributes> request = Map.of(target, KeysAndAttributes.builder().keys(keys)
            .projectionExpression("id").build());
        try {
          for (Map<String, AttributeValue> item : reader.batchGetItem(b -> b.requestItems(request))
              .responses().getOrDefault(target, List.of())) {
            long[] s = pending.get(item.get("id").s());
            long now = System.currentTimeMillis();
            if (s != null && sent.remove(s)) {
              lags.add((now - s[1]) / 1000.0);
            }
          }
        } catch (RuntimeException e) {
          // a busy backend: try again next round
        }
      }
      try {
        Thread.sleep(POLL_MS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private static String id(long i) {
    return String.format(Locale.ROOT, "item-%08d", i);
  }

  private static double quantile(List<Double> sorted, double q) {
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(q * sorted.size()) - 1));
  }

  private static String f0(double v) {
    return String.format(Locale.ROOT, "%.0f", v);
  }

  private static String f2(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }

  private static String pct(double v) {
    return String.format(Locale.ROOT, "%.0f%%", v * 100);
  }

  private static void deleteRecursively(Path dir) throws java.io.IOException {
    try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
    }
  }
}
