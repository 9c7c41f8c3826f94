package io.ddbconnector.benchmarks;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * Whole jobs as a user runs them: each variant × job in a fresh child JVM ({@link JobChild}) on its own
 * classpath, submission to completion, the first run cold and a second one warm in the same JVM, beside the
 * plain SDK and the released reference connector ({@code com.amazon.emr:emr-dynamodb-hadoop}), on the same
 * tables of the same dynalite, variants alternating within each round.
 *
 * <p>Each round starts a fresh in-memory dynalite (it never returns the memory of written items), loads the
 * read table and the copy's source table, warms the server with a partial scan, then runs every job of every
 * variant; each copy writes into new empty tables whose item counts are checked after the child ends.
 */
final class JobsBenchmark {

  static final String RAW = "raw";
  static final String OURS = "ours";
  static final String REFERENCE = "reference";
  /** The same MapReduce job reading nothing ({@link FloorInputFormat}): the framework's floor (read only). */
  static final String FLOOR = "hadoop-only";
  static final List<String> VARIANTS = List.of(RAW, OURS, REFERENCE, FLOOR);
  static final List<String> JOBS = List.of("read", "copy");
  static final String THROUGHPUT = "1000000";

  /** One run of a job, as its child measured it, plus what the parent checked. */
  record Run(int round, String variant, String job, String phase, long items, long written, long stored,
      boolean exact, long wallNanos, long cpuNanos, long cpuSinceStartNanos, long sinceSpawnMillis,
      long serverNanos, long setupNanos, long tasksNanos, double load1) {

    double itemsPerSecond() {
      return items / (wallNanos / 1e9);
    }

    double clientMicrosPerItem() {
      return cpuNanos / 1e3 / items;
    }

    double clientMicrosPerItemWithStart() {
      return cpuSinceStartNanos / 1e3 / items;
    }

    double serverMicrosPerItem() {
      return serverNanos < 0 ? Double.NaN : serverNanos / 1e3 / items;
    }

    /** Items/s from the parent starting the JVM to the job's end (cold runs only). */
    double itemsPerSecondWithStart() {
      return sinceSpawnMillis <= 0 ? Double.NaN : items / (sinceSpawnMillis / 1e3);
    }
  }

  private final Options options;
  private final Path logs = ChildJvm.projectRoot().resolve("benchmarks/target/jobs-logs");
  private final Path dir = ChildJvm.projectRoot().resolve("benchmarks/target/jobs");

  JobsBenchmark(Options options) {
    this.options = options;
  }

  /** Every variant's classpath, or the reason it cannot run. */
  Map<String, String> classpaths(Map<String, String> missing) {
    Map<String, String> cps = new LinkedHashMap<>();
    Optional<String> hadoop = read("hadoop.txt");
    Optional<String> oursDeps = read("ours-deps.txt");
    Optional<String> refDeps = read("reference-deps.txt");
    String driver = ChildJvm.projectRoot().resolve("benchmarks/target/classes").toString();
    Optional<Path> oursJar = oursJar();
    if (oursDeps.isPresent() && hadoop.isPresent()) {
      String slf4j = Arrays.stream(hadoop.get().split(File.pathSeparator)).filter(e -> e.contains("/slf4j-api-"))
          .findFirst().orElse("");
      cps.put(RAW, String.join(File.pathSeparator, driver, oursDeps.get(), slf4j));
    } else {
      missing.put(RAW, "no " + dir + "/ours-deps.txt or hadoop.txt: build with benchmarks/run.sh jobs");
    }
    if (oursJar.isPresent() && oursDeps.isPresent() && hadoop.isPresent()) {
      cps.put(OURS, String.join(File.pathSeparator, hadoop.get(), oursJar.get().toString(), oursDeps.get(), driver));
    } else {
      missing.put(OURS, "no emr-dynamodb-hadoop jar or " + dir + "/ours-deps.txt: build with benchmarks/run.sh jobs");
    }
    if (hadoop.isPresent()) {
      cps.put(FLOOR, String.join(File.pathSeparator, hadoop.get(), driver));
    }
    if (refDeps.isPresent() && hadoop.isPresent()) {
      cps.put(REFERENCE, String.join(File.pathSeparator, hadoop.get(), refDeps.get(), driver));
    } else {
      missing.put(REFERENCE, "no " + dir + "/reference-deps.txt: benchmarks/run.sh jobs resolves"
          + " benchmarks/jobs/reference/pom.xml (com.amazon.emr:emr-dynamodb-hadoop) from Maven Central");
    }
    return cps;
  }

  private Optional<String> read(String name) {
    try {
      String s = Files.readString(dir.resolve(name), StandardCharsets.UTF_8).trim();
      return s.isEmpty() ? Optional.empty() : Optional.of(s);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static Optional<Path> oursJar() {
    Path target = ChildJvm.projectRoot().resolve("emr-dynamodb-hadoop/target");
    try (Stream<Path> s = Files.list(target)) {
      return s.filter(p -> p.getFileName().toString().matches("emr-dynamodb-hadoop-[0-9][^/]*(?<!-sources|-tests)\\.jar"))
          .findFirst();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  List<Run> run(Map<String, String> missing) throws IOException, InterruptedException {
    int rounds = options.integer("rounds");
    int items = options.integer("items");
    int copyItems = options.integer("copy-items");
    int segments = options.integer("segments");
    Map<String, String> cps = classpaths(missing);
    missing.forEach((v, why) -> System.out.println("jobs: " + v + " not measured: " + why));
    List<String> wanted = List.of(options.get("job-variants").split(","));
    List<String> variants = VARIANTS.stream().filter(cps::containsKey).filter(wanted::contains).toList();
    List<String> jobs = JOBS.stream().filter(List.of(options.get("job-jobs").split(","))::contains).toList();
    Path log4j = dir.resolve("log4j.properties");
    Files.createDirectories(dir);
    Files.writeString(log4j, LOG4J, StandardCharsets.UTF_8);
    List<Run> runs = new ArrayList<>();
    for (int round = 1; round <= rounds; round++) {
      try (BenchBackend env = BenchBackend.startDynalite()) {
        long pid = env.serverProcess().map(ProcessHandle::pid).orElse(-1L);
        String readTable = env.backend().createTable("jobs_read", Items.HASH_KEY, ScalarAttributeType.S);
        String copySource = env.backend().createTable("jobs_copy_src", Items.HASH_KEY, ScalarAttributeType.S);
        System.out.printf("jobs: round %d of %d: loading %,d + %,d items (fresh dynalite) ...%n", round, rounds,
            items, copyItems);
        env.load(readTable, items);
        env.load(copySource, copyItems);
        warmServer(env, readTable);
        for (String job : jobs) {
          for (String variant : Runs.order(variants, round)) {
            if (variant.equals(FLOOR) && !job.equals("read")) {
              continue; // a copy's floor is the read's: the framework writes nothing either way
            }
            String source = job.equals("read") ? readTable : copySource;
            long expected = job.equals("read") ? items : copyItems;
            List<String> targets = new ArrayList<>();
            if (job.equals("copy")) {
              targets.add(env.backend().createTable("jobs_copy_cold", Items.HASH_KEY, ScalarAttributeType.S));
              targets.add(env.backend().createTable("jobs_copy_warm", Items.HASH_KEY, ScalarAttributeType.S));
            }
            List<String> args = new ArrayList<>(List.of("variant=" + variant, "job=" + job,
                "endpoint=" + env.backend().endpoint(), "region=" + env.backend().region(), "source=" + source,
                "segments=" + segments, "serverPid=" + pid, "runs=2"));
            if (!targets.isEmpty()) {
              args.add("targets=" + String.join(",", targets));
            }
            for (Map.Entry<String, String> e : settings(variant, env, source, segments, expected).entrySet()) {
              args.add("conf." + e.getKey() + "=" + e.getValue());
            }
            double load = RateBenchmark.load1();
            args.add("spawnMillis=" + System.currentTimeMillis());
            List<String> flags = new ArrayList<>(List.of("-Dlog4j.configuration=" + log4j.toUri()));
            for (String f : options.get("job-jvm-flags").trim().split("\\s+")) {
              if (!f.isEmpty()) {
                flags.add(f.replace("{variant}", variant).replace("{job}", job).replace("{round}", "" + round));
              }
            }
            ChildJvm.Result r = ChildJvm.run(cps.get(variant), JobChild.class.getName(), flags, args, options.get("job-heap"),
                logs.resolve("round" + round + "-" + job + "-" + variant + ".log"),
                Duration.ofSeconds(options.integer("child-timeout")));
            if (!r.ok() || r.results().size() < 2) {
              throw new IllegalStateException(variant + " " + job + " failed (exit " + r.exitCode() + "), log "
                  + r.log() + ":\n" + r.tail(40));
            }
            for (int i = 0; i < 2; i++) {
              Map<String, String> m = parse(r.results().get(i));
              long stored = job.equals("copy") ? env.backend().count(targets.get(i)) : -1;
              long read = Long.parseLong(m.get("read"));
              long written = Long.parseLong(m.get("written"));
              boolean exact = read == expected && (job.equals("read") || written == expected && stored == expected);
              Run run = new Run(round, variant, job, m.get("run"), read, written, stored, exact,
                  Long.parseLong(m.get("wallNanos")), Long.parseLong(m.get("cpuNanos")),
                  Long.parseLong(m.get("cpuSinceStartNanos")), Long.parseLong(m.get("sinceSpawnMillis")),
                  Long.parseLong(m.get("serverNanos")), Long.parseLong(m.get("setupNanos")),
                  Long.parseLong(m.get("tasksNanos")), load);
              runs.add(run);
              System.out.printf(java.util.Locale.ROOT, "  round %d %-5s %-9s %-4s %,8d items in %6.2f s = %,7.0f"
                  + " items/s  client %.1f us/item%s, dynalite %.1f us/item%s%n", round, job,
                  variant, run.phase(), read, run.wallNanos() / 1e9, run.itemsPerSecond(),
                  run.clientMicrosPerItem(), i == 0 ? String.format(java.util.Locale.ROOT, " (%.1f with JVM start,"
                      + " %.2f s)", run.clientMicrosPerItemWithStart(), run.sinceSpawnMillis() / 1e3) : "",
                  run.serverMicrosPerItem(),
                  exact ? "" : "  NOT EXACT: read " + read + ", written " + written + ", stored " + stored
                      + " of " + expected);
            }
            for (String t : targets) {
              env.backend().deleteTable(t);
            }
          }
        }
      }
    }
    return runs;
  }

  /**
   * The job configuration of {@code variant}: the same table, endpoint, segments and slots for both connectors,
   * and a rate limit far above what dynalite serves (1,000,000 units × 1.0), so neither connector's limiter
   * binds. The reference also needs its EMR-sizing off: {@code dynamodb.yarn.enabled=false} (else it asks the
   * cluster for its map slots), {@code dynamodb.max.map.tasks} = segments (else it plans one mapper per 100
   * RCU, capped at the segments), and the throughput given (its autoscaling flag off, so it does not ask
   * DescribeTable for the table's provisioned units).
   */
  static Map<String, String> settings(String variant, BenchBackend env, String source, int segments, long items) {
    Map<String, String> s = new LinkedHashMap<>();
    switch (variant) {
      case OURS -> {
        s.put(MapReduceJob.INPUT_FORMAT, "io.ddbconnector.mapred.DynamoDBInputFormat");
        s.put(MapReduceJob.OUTPUT_FORMAT, "io.ddbconnector.mapred.DynamoDBOutputFormat");
        s.put(MapReduceJob.KEY_CLASS, "org.apache.hadoop.io.Text");
        s.put(MapReduceJob.VALUE_CLASS, "io.ddbconnector.hadoop.DynamoDBItemWritable");
        s.put("dynamodb.region", env.backend().region());
        s.put("dynamodb.scan.segments", Integer.toString(segments));
      }
      case REFERENCE -> {
        s.put(MapReduceJob.INPUT_FORMAT, "org.apache.hadoop.dynamodb.read.DynamoDBInputFormat");
        s.put(MapReduceJob.OUTPUT_FORMAT, "org.apache.hadoop.dynamodb.write.DynamoDBOutputFormat");
        s.put(MapReduceJob.KEY_CLASS, "org.apache.hadoop.io.Text");
        s.put(MapReduceJob.VALUE_CLASS, "org.apache.hadoop.dynamodb.DynamoDBItemWritable");
        s.put("dynamodb.regionid", env.backend().region());
        s.put("dynamodb.scan.segments", Integer.toString(segments));
        s.put("dynamodb.max.map.tasks", Integer.toString(segments));
        s.put("dynamodb.yarn.enabled", "false");
        s.put("dynamodb.throughput.read.autoscaling", "false");
        s.put("dynamodb.throughput.write.autoscaling", "false");
        s.put("dynamodb.item.count", Long.toString(items));
      }
      case FLOOR -> {
        s.put(MapReduceJob.INPUT_FORMAT, FloorInputFormat.class.getName());
        s.put(MapReduceJob.KEY_CLASS, "org.apache.hadoop.io.Text");
        s.put(MapReduceJob.VALUE_CLASS, "org.apache.hadoop.io.Text");
        s.put(FloorInputFormat.ITEMS, Long.toString(items));
        s.put("dynamodb.scan.segments", Integer.toString(segments));
        return s;
      }
      default -> {
        return s;
      }
    }
    s.put("dynamodb.endpoint", env.backend().endpoint().toString());
    s.put("dynamodb.awsAccessKeyId", "dummy");
    s.put("dynamodb.awsSecretAccessKey", "dummy");
    s.put("dynamodb.input.tableName", source);
    s.put("dynamodb.throughput.read", THROUGHPUT);
    s.put("dynamodb.throughput.read.percent", "1.0");
    s.put("dynamodb.throughput.write", THROUGHPUT);
    s.put("dynamodb.throughput.write.percent", "1.0");
    return s;
  }

  /** A partial scan, unreported, so that the first job of a round does not meet a cold server. */
  private static void warmServer(BenchBackend env, String table) {
    try (DynamoDbClient client = env.backend().newClient(env.backend().endpoint())) {
      Map<String, AttributeValue> start = null;
      long seen = 0;
      do {
        Map<String, AttributeValue> from = start;
        ScanResponse r = client.scan(b -> b.tableName(table).exclusiveStartKey(from));
        seen += r.items().size();
        start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
      } while (start != null && seen < 30_000);
    }
  }

  private static Map<String, String> parse(String line) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String kv : line.trim().split(" ")) {
      int eq = kv.indexOf('=');
      m.put(kv.substring(0, eq), kv.substring(eq + 1));
    }
    return m;
  }

  /** The children's logging, the same for every variant: warnings only (a cluster logs INFO to files). */
  private static final String LOG4J = """
      log4j.rootLogger=WARN, stderr
      log4j.appender.stderr=org.apache.log4j.ConsoleAppender
      log4j.appender.stderr.Target=System.err
      log4j.appender.stderr.layout=org.apache.log4j.PatternLayout
      log4j.appender.stderr.layout.ConversionPattern=%d{HH:mm:ss} %p %c{1}: %m%n
      log4j.logger.org.apache.hadoop.util.NativeCodeLoader=ERROR
      log4j.logger.org.apache.hadoop.mapred.FileOutputCommitter=ERROR
      log4j.logger.org.apache.hadoop.mapreduce.lib.output.FileOutputCommitter=ERROR
      log4j.logger.org.apache.hadoop.metrics2=ERROR
      log4j.logger.org.apache.hadoop.mapreduce.JobResourceUploader=ERROR
      """;
}
