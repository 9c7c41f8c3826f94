package io.ddbconnector.benchmarks;

import static io.ddbconnector.benchmarks.ResultTable.f1;
import static io.ddbconnector.benchmarks.ResultTable.f2;
import static io.ddbconnector.benchmarks.ResultTable.pct;

import io.ddbconnector.conf.Settings;
import io.ddbconnector.core.DynamoDBConnector;
import io.ddbconnector.split.ScanSplit;
import io.ddbconnector.testkit.proxy.ThrottlingProxy;
import io.ddbconnector.throughput.ConnectorMetrics;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Rate control: does a job use its share of the table's capacity — no more, no less, from its first
 * second on — whatever the number of tasks?
 *
 * <p>Each run gets a new {@link ThrottlingProxy} in front of dynalite that enforces the table's
 * provisioned capacity and meters, independently of the connector, the units it consumed each second.
 * The connector only learns the capacity from DescribeTable and its share from
 * {@code dynamodb.throughput.read.percent}/{@code write.percent}; the target is percent × capacity,
 * below what the proxy allows, and far below what dynalite can serve, so any error is the connector's.
 */
final class RateBenchmark {

  private static final String PROXY_THREADS = "throttling-proxy-";
  private static final int WAVES = 4;

  /** The per-second consumption of one run, for the plot and the time-series CSV. */
  record Series(String label, boolean write, double target, double capacity, SortedMap<Long, Double> perSecond) {}

  private final Options options;
  private final List<Series> series = new ArrayList<>();

  RateBenchmark(Options options) {
    this.options = options;
  }

  List<Series> series() {
    return series;
  }

  ResultTable run(BenchBackend env) throws IOException {
    int duration = options.integer("duration");
    int rcu = options.integer("read-capacity");
    int wcu = options.integer("write-capacity");
    double readPercent = options.decimal("read-percent");
    double writePercent = options.decimal("write-percent");
    int items = options.integer("rate-items");
    List<Integer> taskCounts = options.integers("tasks");
    int mrTasks = options.integer("mr-tasks");

    ResultTable table = new ResultTable("Rate control through the throttling proxy (" + options.describe(
        "duration", "read-capacity", "write-capacity", "read-percent", "write-percent", "rate-items") + ")",
        "variant", "op", "tasks", "capacity/s", "percent", "target/s", "first s/s", "steady/s", "error",
        "throttled", "client throttles", "items", "passes", "seconds", "client cpu us/item", "server cpu us/item");

    String readTable = env.backend().createTable("rate_read", Items.HASH_KEY, ScalarAttributeType.S, null, null,
        rcu, wcu);
    System.out.printf("rate: loading %,d items into %s ...%n", items, readTable);
    env.load(readTable, items);

    for (int n : taskCounts) {
      readRun(env, table, readTable, "core", n, rcu, wcu, readPercent, duration);
    }
    if (options.flag("mapreduce")) {
      readRun(env, table, readTable, "mapred", mrTasks, rcu, wcu, readPercent, duration);
      readRun(env, table, readTable, "mapred-waves", mrTasks, rcu, wcu, readPercent, duration);
    }
    for (int n : taskCounts) {
      writeRun(env, table, "core", n, rcu, wcu, writePercent, duration);
    }
    if (options.flag("mapreduce")) {
      writeRun(env, table, "mapred", mrTasks, rcu, wcu, writePercent, duration);
    }
    env.backend().deleteTable(readTable);
    table.note("target = percent x capacity (the job's share); steady = proxy-measured units/s over the run with"
        + " 10% trimmed at each end; first s = units the proxy counted in the run's first second (core runs start on"
        + " a proxy second; for mapred, the first second with traffic, usually partial); mapred-waves = " + WAVES + " splits per map slot (concurrency = slots); throttled = requests the proxy refused; client throttles = throttles the connector saw."
        + " Client CPU = this JVM's process CPU minus the in-process proxy's threads.");
    return table;
  }

  private void readRun(BenchBackend env, ResultTable table, String tableName, String variant, int tasks, int rcu,
      int wcu, double percent, int duration) throws IOException {
    long origin = System.nanoTime();
    try (ThrottlingProxy proxy = ThrottlingProxy.start(env.backend().endpoint())) {
      proxy.setCapacity(tableName, rcu, wcu);
      Map<String, String> s = env.connectorSettings(proxy.endpoint());
      s.put("dynamodb.input.tableName", tableName);
      s.put("dynamodb.throughput.read.percent", Double.toString(percent));
      // mapred-waves: 4 splits per slot, run in waves as a real job with more splits than slots does
      int splitCount = variant.equals("mapred-waves") ? WAVES * tasks : tasks;
      s.put("dynamodb.scan.segments", Integer.toString(splitCount));
      s.put("dynamodb.throughput.concurrency", Integer.toString(tasks));
      ConnectorMetrics metrics = new ConnectorMetrics();
      long items;
      AtomicLong passes = new AtomicLong();
      long firstSecond = -1;
      CpuMeter.Result cpu;
      try (CpuMeter meter = CpuMeter.excludeThreadsNamed(PROXY_THREADS, env.serverProcess())) {
        if (variant.equals("core")) {
          Settings settings = Settings.of(s);
          List<ScanSplit> splits = DynamoDBConnector.planSplits(settings, tasks).splits();
          firstSecond = startOnProxySecond(origin);
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(duration);
          items = CoreTasks.readUntil(settings, splits, metrics, deadline, passes);
        } else {
          Path tmp = LocalJobs.tempDir();
          try {
            LocalJobs.JobResult r = LocalJobs.read(s, tasks, tmp);
            items = r.items();
            passes.set(1);
            addCounters(metrics, r);
          } finally {
            LocalJobs.deleteRecursively(tmp);
          }
        }
        cpu = meter.stop();
      }
      report(table, proxy, tableName, false, variant, tasks, rcu, percent, items, passes.get(), metrics, cpu,
          firstSecond);
    }
  }

  private void writeRun(BenchBackend env, ResultTable table, String variant, int tasks, int rcu, int wcu,
      double percent, int duration) throws IOException {
    String tableName = env.backend().createTable("rate_write_" + variant + tasks, Items.HASH_KEY,
        ScalarAttributeType.S, null, null, rcu, wcu);
    long origin = System.nanoTime();
    try (ThrottlingProxy proxy = ThrottlingProxy.start(env.backend().endpoint())) {
      proxy.setCapacity(tableName, rcu, wcu);
      Map<String, String> s = env.connectorSettings(proxy.endpoint());
      s.put("dynamodb.output.tableName", tableName);
      s.put("dynamodb.throughput.write.percent", Double.toString(percent));
      ConnectorMetrics metrics = new ConnectorMetrics();
      long items;
      long firstSecond = -1;
      CpuMeter.Result cpu;
      try (CpuMeter meter = CpuMeter.excludeThreadsNamed(PROXY_THREADS, env.serverProcess())) {
        if (variant.equals("core")) {
          firstSecond = startOnProxySecond(origin);
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(duration);
          items = CoreTasks.writeUntil(Settings.of(s), tasks, deadline, "w", metrics);
        } else {
          // as many ~1-unit items as the target rate writes in the run's duration
          long total = Math.round(percent * wcu * duration);
          Path tmp = LocalJobs.tempDir();
          try {
            LocalJobs.JobResult r = LocalJobs.write(s, tasks, tasks, total / tasks, "mr", tmp);
            items = r.items();
            addCounters(metrics, r);
          } finally {
            LocalJobs.deleteRecursively(tmp);
          }
        }
        cpu = meter.stop();
      }
      report(table, proxy, tableName, true, variant, tasks, wcu, percent, items, 0, metrics, cpu, firstSecond);
    } finally {
      env.backend().deleteTable(tableName);
    }
  }

  /**
   * Waits until just after the proxy's next whole second and returns that second, so that the proxy's
   * per-second bin of that number holds exactly the run's first second (the proxy counts whole seconds
   * from its own start, a few microseconds after {@code origin}).
   */
  private static long startOnProxySecond(long origin) {
    long second = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - origin) + 1;
    long startAt = origin + TimeUnit.SECONDS.toNanos(second) + TimeUnit.MILLISECONDS.toNanos(20);
    long wait;
    while ((wait = startAt - System.nanoTime()) > 0) {
      try {
        TimeUnit.NANOSECONDS.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
    return second;
  }

  private static void addCounters(ConnectorMetrics metrics, LocalJobs.JobResult r) {
    long throttles = r.counters().getCounter(ConnectorMetrics.Counter.THROTTLE_EVENTS);
    for (long i = 0; i < throttles; i++) {
      metrics.throttled();
    }
  }

  private void report(ResultTable table, ThrottlingProxy proxy, String tableName, boolean write, String variant,
      int tasks, int capacity, double percent, long items, long passes, ConnectorMetrics metrics,
      CpuMeter.Result cpu, long firstSecond) {
    double target = percent * capacity;
    SortedMap<Long, Double> perSecond = proxy.consumedPerSecond(tableName, write);
    double steady = proxy.steadyRate(tableName, write, 0.1);
    double first = firstSecond >= 0 ? perSecond.getOrDefault(firstSecond, 0.0)
        : perSecond.isEmpty() ? 0 : perSecond.get(perSecond.firstKey());
    long throttled = proxy.throttled(tableName);
    String op = write ? "write" : "read";
    series.add(new Series(variant + " " + op + " x" + tasks, write, target, capacity, perSecond));
    table.add(variant, op, tasks, capacity, f2(percent), f1(target), f1(first), f1(steady),
        pct((steady - target) / target * 100), throttled, metrics.throttleEvents(), items,
        write ? "" : Long.toString(passes), f1(cpu.seconds()), f1(cpu.clientMicrosPerItem(items)),
        f1(cpu.serverMicrosPerItem(items)));
    System.out.printf("  %-6s %-5s x%-2d target %.1f/s steady %.1f/s (%+.1f%%) first second %.1f, throttled %d,"
        + " %d items in %.1f s%n", variant, op, tasks, target, steady, (steady - target) / target * 100, first,
        throttled, items, cpu.seconds());
  }

  /** Writes every run's per-second consumption as {@code rate-over-time.csv}. */
  void writeSeries(Path dir) {
    ResultTable t = new ResultTable("per-second consumption", "run", "op", "target/s", "second", "units");
    for (Series s : series) {
      long origin = s.perSecond().isEmpty() ? 0 : s.perSecond().firstKey();
      for (Map.Entry<Long, Double> e : s.perSecond().entrySet()) {
        t.add(s.label(), s.write() ? "write" : "read", f1(s.target()), e.getKey() - origin, f1(e.getValue()));
      }
    }
    try {
      java.nio.file.Files.createDirectories(dir);
      StringBuilder sb = new StringBuilder(String.join(",", t.columns())).append('\n');
      for (List<String> r : t.rows()) {
        sb.append(String.join(",", r)).append('\n');
      }
      java.nio.file.Files.writeString(dir.resolve("rate-over-time.csv"), sb.toString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
