package io.ddbconnector.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Entry point: {@code BenchmarkMain [rate|jobs|scan|write|memory|jmh|streaming|pushdown|all] [--option value]...}. Each benchmark
 * phase starts its own in-memory dynalite and stops it afterwards (dynalite never returns the memory of
 * deleted tables), prints aligned tables and writes {@code <out>/<name>.csv}.
 */
public final class BenchmarkMain {

  private BenchmarkMain() {}

  public static void main(String[] args) throws Exception {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    if (options.command().equals("help") || options.command().equals("--help")) {
      System.out.print(Options.usage());
      return;
    }
    // the connector logs its split plans and budgets at INFO: useful in a job, noise in a table
    Logger.getLogger("").setLevel(Level.WARNING);
    System.setProperty("java.awt.headless", "true");
    Path out = options.out();
    Files.createDirectories(out);
    String environment = environment(options, args);
    System.out.print(environment);
    Files.writeString(out.resolve("environment-" + options.command() + ".txt"), environment);

    switch (options.command()) {
      case "rate" -> rate(options, out);
      case "jobs" -> jobs(options, out);
      case "scan" -> scan(options, out);
      case "write" -> write(options, out);
      case "memory" -> memory(options, out);
      case "jmh" -> jmh(options, out);
      case "streaming" -> streaming(options, out);
      case "pushdown" -> pushdown(options, out);
      case "all" -> {
        jmh(options, out);
        rate(options, out);
        jobs(options, out);
        scan(options, out);
        write(options, out);
        memory(options, out);
        streaming(options, out);
        pushdown(options, out);
      }
      default -> {
        System.err.println("unknown benchmark '" + options.command() + "'\n" + Options.usage());
        System.exit(2);
      }
    }
    // LocalJobRunner and the SDK leave non-daemon threads behind
    System.exit(0);
  }

  static void rate(Options options, Path out) throws IOException {
    try (BenchBackend env = BenchBackend.startDynalite()) {
      rate(options, out, env);
    }
  }

  /** The rate benchmark against a given backend (the smoke test passes the test kit's). */
  static ResultTable rate(Options options, Path out, BenchBackend env) throws IOException {
    long start = System.nanoTime();
    double loadBefore = RateBenchmark.load1();
    List<RateRow> rows = new RateBenchmark(options).run(env);
    Map<String, String> run = new LinkedHashMap<>();
    run.put("machine", Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version")
        + ", dynalite in memory behind the test kit's ThrottlingProxy (3 ms request latency, the table's capacity"
        + " enforced)");
    run.put("load average (1 min)", String.format(Locale.ROOT, "%.2f at the start, %.2f at the end (each row's in"
        + " rate.csv); the machine is shared with other builds", loadBefore, RateBenchmark.load1()));
    run.put("wall time", String.format(Locale.ROOT, "%.1f min (loading, engine start-up and the child JVMs"
        + " included)", (System.nanoTime() - start) / 60e9));
    return RateResults.write(out, rows, options, run);
  }

  static void jobs(Options options, Path out) throws IOException, InterruptedException {
    long start = System.nanoTime();
    double loadBefore = RateBenchmark.load1();
    Map<String, String> missing = new LinkedHashMap<>();
    List<JobsBenchmark.Run> runs = new JobsBenchmark(options).run(missing);
    JobsResults.write(out, runs, missing, options, loadBefore, RateBenchmark.load1(),
        (System.nanoTime() - start) / 60e9);
  }

  static void scan(Options options, Path out) throws IOException {
    try (BenchBackend env = BenchBackend.startDynalite()) {
      List<ResultTable> tables = new ScanBenchmark(options).run(env);
      tables.get(0).printAndWrite(out, "scan");
      tables.get(1).printAndWrite(out, "scan-runs");
    }
  }

  static void write(Options options, Path out) throws IOException {
    List<ResultTable> tables = new WriteBenchmark(options).run(BenchBackend::startDynalite);
    tables.get(0).printAndWrite(out, "write");
    tables.get(1).printAndWrite(out, "write-runs");
  }

  static void memory(Options options, Path out) throws IOException, InterruptedException {
    try (BenchBackend env = BenchBackend.startDynalite()) {
      new MemoryBenchmark(options).run(env).printAndWrite(out, "memory");
    }
  }

  static void streaming(Options options, Path out) throws Exception {
    try (BenchBackend env = BenchBackend.startDynalite()) {
      ResultTable t = new StreamingBenchmark(options).run(env);
      t.printAndWrite(out, "streaming");
      StreamingBenchmark.writeMarkdown(out, t);
    }
  }

  static void pushdown(Options options, Path out) throws Exception {
    try (BenchBackend env = BenchBackend.startDynalite()) {
      pushdown(options, out, env);
    }
  }

  /** The pushdown benchmark against a given backend (the smoke test passes the test kit's). */
  static List<ResultTable> pushdown(Options options, Path out, BenchBackend env) throws Exception {
    long start = System.nanoTime();
    double loadBefore = RateBenchmark.load1();
    List<ResultTable> tables = new PushdownBenchmark(options).run(env);
    tables.get(0).printAndWrite(out, "pushdown");
    tables.get(1).printAndWrite(out, "pushdown-runs");
    PushdownBenchmark.writeMarkdown(out, tables.get(0), loadBefore, RateBenchmark.load1(),
        (System.nanoTime() - start) / 60e9);
    return tables;
  }

  static void jmh(Options options, Path out) throws Exception {
    new JmhBenchmark(options).run().printAndWrite(out, "conversion");
  }

  private static String environment(Options options, String[] args) {
    StringBuilder sb = new StringBuilder();
    sb.append("benchmark ").append(String.join(" ", args)).append('\n');
    sb.append("date      ").append(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)).append('\n');
    sb.append("cores     ").append(Runtime.getRuntime().availableProcessors()).append('\n');
    sb.append("load avg  ").append(String.format(java.util.Locale.ROOT, "%.2f",
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage())).append(" (1 min, at start)\n");
    sb.append("java      ").append(System.getProperty("java.vm.name")).append(' ')
        .append(System.getProperty("java.version")).append(", max heap ")
        .append(Runtime.getRuntime().maxMemory() >> 20).append(" MB\n");
    sb.append("backend   dynalite (in memory, one per benchmark phase)\n");
    return sb.toString();
  }
}
