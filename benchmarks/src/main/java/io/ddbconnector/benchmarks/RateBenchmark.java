package io.ddbconnector.benchmarks;

import io.ddbconnector.conf.Settings;
import io.ddbconnector.core.DynamoDBConnector;
import io.ddbconnector.split.ScanSplit;
import io.ddbconnector.testkit.proxy.ThrottlingProxy;
import io.ddbconnector.throughput.ConnectorMetrics;
import io.ddbconnector.types.ItemSize;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Rate control on the paths users run: does a job, summed over all its tasks, use its share of the table's
 * capacity (percent × capacity) — no more, no less, from its first task's start to its last task's end —
 * whatever the engine and however its tasks are scheduled?
 *
 * <p>Each row runs a real job of one engine path (MapReduce on the LocalJobRunner and on a mini YARN
 * cluster, Spark RDDs and DataFrames, Hive) through a {@link ThrottlingProxy} in front of dynalite that
 * enforces the table's capacity and meters, independently of the connector, what reached the table. The
 * connector learns the capacity from DescribeTable and its share from {@code dynamodb.throughput.*.percent}
 * only; no row sets {@code dynamodb.throughput.concurrency} (the core rows of {@code --core-tasks} excepted,
 * which exercise that override). Every row gets enough work for {@code --duration} seconds at its target.
 * The Hive and YARN rows run in child JVMs ({@link ChildJvm}) against this JVM's proxy.
 */
final class RateBenchmark {

  /** Every engine path, in the order of the report; {@code --paths} selects some. */
  static final List<String> PATHS = List.of("mr-local", "yarn", "spark-rdd", "spark-save", "df-read", "df-write",
      "hive", "skew", "two-jobs", "mr-write", "ref-mr-write", "ref-mr-read");
  private static final List<String> CHILD_PATHS = List.of("hive", "yarn", "mr-write", "ref-mr-write", "ref-mr-read");
  private static final String COORDINATION_TABLE = "dynamodb.throughput.coordination.tableName";
  private static final String HIVE_MODULE = "emr-dynamodb-hive";
  private static final String YARN_MODULE = "yarn-tests";

  /** The per-second consumption of one row, for its plot and the series CSV. */
  record Series(String label, boolean write, double target, double capacity, SortedMap<Long, Double> perSecond) {}

  /** The body of an in-process row: runs the job with the connector settings given (endpoint = the proxy). */
  private interface Job {
    Outcome run(Map<String, String> settings) throws Exception;
  }

  /** What a job tells beside the proxy's figures: notes, and its engine's task window when it has one. */
  record Outcome(List<String> notes, double engineWindow) {
    static Outcome of(String... notes) {
      return new Outcome(List.of(notes), Double.NaN);
    }

    static Outcome spark(SparkJobs.TaskWindow.Span tasks, String note) {
      return new Outcome(List.of(note, tasks.describe()), tasks.seconds());
    }
  }

  private final Options options;
  private final List<RateRow> rows = new ArrayList<>();
  private BenchBackend env;
  private int rcu;
  private int wcu;
  private double readPercent;
  private double writePercent;
  private long readItems;
  private long writeItems;
  private String readTable;
  private SparkJobs spark;

  RateBenchmark(Options options) {
    this.options = options;
  }

  List<RateRow> rows() {
    return rows;
  }

  static Set<String> selectedPaths(Options options) {
    Set<String> out = new LinkedHashSet<>();
    String value = options.get("paths").trim();
    if (value.equals("none") || value.isEmpty()) {
      return out;
    }
    if (value.equals("all")) {
      out.addAll(PATHS);
      return out;
    }
    for (String p : value.split(",")) {
      String path = p.trim();
      if (!PATHS.contains(path)) {
        throw new IllegalArgumentException("--paths: unknown path '" + path + "'; known: all, none, "
            + String.join(", ", PATHS));
      }
      out.add(path);
    }
    return out;
  }

  List<RateRow> run(BenchBackend env) throws IOException {
    this.env = env;
    int duration = options.integer("duration");
    rcu = options.integer("read-capacity");
    wcu = options.integer("write-capacity");
    readPercent = options.decimal("read-percent");
    writePercent = options.decimal("write-percent");
    Set<String> paths = selectedPaths(options);
    List<Integer> coreTasks = options.integers("core-tasks");
    double itemBytes = averageItemBytes();
    // a Scan costs 0.5 RCU per 4 KB of page (eventually consistent); a typical item is one WCU
    readItems = (long) Math.ceil(duration * readPercent * rcu * 8192 / itemBytes);
    writeItems = (long) Math.ceil(duration * writePercent * wcu / ItemSize.writeUnits((long) Math.ceil(itemBytes)));

    boolean needsReadTable = !coreTasks.isEmpty() || paths.stream().anyMatch(p -> !p.equals("skew")
        && !p.equals("spark-save") && !p.equals("df-write") && !p.equals("mr-write") && !p.equals("ref-mr-write"));
    try {
      if (needsReadTable) {
        readTable = env.backend().createTable("rate_read", Items.HASH_KEY, ScalarAttributeType.S, null, null, rcu,
            wcu);
        System.out.printf(Locale.ROOT, "rate: loading %,d items (~%.0f bytes each: %.0f s of reads at %.0f RCU/s)"
            + " into %s ...%n", readItems, itemBytes, duration * 1.0, readPercent * rcu, readTable);
        env.load(readTable, Math.toIntExact(readItems));
      }
      // the child JVMs (Hive, mini YARN) load the machine most: they run last, the report keeps PATHS' order
      Map<String, List<RateRow>> byPath = new HashMap<>();
      List<String> order = new ArrayList<>(PATHS);
      order.removeAll(CHILD_PATHS);
      order.addAll(CHILD_PATHS);
      for (String path : order) {
        if (!paths.contains(path)) {
          continue;
        }
        if (CHILD_PATHS.contains(path) && spark != null) {
          spark.close();
          spark = null;
        }
        int before = rows.size();
        switch (path) {
          case "mr-local" -> mapReduceLocal();
          case "yarn" -> yarn();
          case "spark-rdd" -> sparkHadoopRdd();
          case "spark-save" -> sparkSaveAsHadoopDataset();
          case "df-read" -> dataFrameRead();
          case "df-write" -> dataFrameWrite();
          case "hive" -> hive();
          case "skew" -> skew();
          case "two-jobs" -> twoJobs();
          case "mr-write" -> mapReduceChild(JobsBenchmark.OURS, true);
          case "ref-mr-write" -> mapReduceChild(JobsBenchmark.REFERENCE, true);
          case "ref-mr-read" -> mapReduceChild(JobsBenchmark.REFERENCE, false);
          default -> throw new IllegalStateException(path);
        }
        byPath.put(path, new ArrayList<>(rows.subList(before, rows.size())));
        rows.subList(before, rows.size()).clear();
      }
      for (String path : PATHS) {
        rows.addAll(byPath.getOrDefault(path, List.of()));
      }
      if (spark != null) {
        spark.close();
        spark = null;
      }
      for (int n : coreTasks) {
        coreReaders(n, duration);
      }
      for (int n : coreTasks) {
        coreWriters(n, duration);
      }
    } finally {
      if (spark != null) {
        spark.close();
      }
      if (readTable != null) {
        env.backend().deleteTable(readTable);
      }
    }
    return rows;
  }

  // ------------------------------------------------------------------------------------------ MapReduce

  private void mapReduceLocal() {
    int maps = options.integer("maps");
    int slots = options.integer("slots");
    rows.add(inProcess("MapReduce local", "read", maps + " maps on " + slots + " slots (LocalJobRunner)", readTable,
        rcu, readPercent * rcu, false, s -> {
          s.put("dynamodb.input.tableName", readTable);
          s.put("dynamodb.throughput.read.percent", Double.toString(readPercent));
          s.put("dynamodb.scan.segments", Integer.toString(maps));
          return Outcome.of(readJob(s, slots).items() + " items read");
        }));
  }

  /** One split (scan segment) holds {@code skew-factor} times the items of each other split. */
  private void skew() {
    int splits = options.integer("skew-splits");
    int factor = options.integer("skew-factor");
    int slots = options.integer("slots");
    String table = env.backend().createTable("rate_skew", Items.HASH_KEY, ScalarAttributeType.S, null, null, rcu,
        wcu);
    long small = readItems / (factor + splits - 1);
    System.out.printf(Locale.ROOT, "rate: loading %,d items into %s, segment 0 of %d holding %dx each other's ...%n",
        small * (factor + splits - 1), table, splits, factor);
    loadSkewed(table, splits, factor * small, small);
    try {
      rows.add(inProcess("MapReduce local, one split " + factor + "x the others", "read", splits + " maps on " + slots
              + " slots; split 0 holds " + factor + "x each other split's items", table, rcu, readPercent * rcu,
          false, s -> {
            s.put("dynamodb.input.tableName", table);
            s.put("dynamodb.throughput.read.percent", Double.toString(readPercent));
            s.put("dynamodb.scan.segments", Integer.toString(splits));
            return Outcome.of(readJob(s, slots).items() + " items read");
          }));
    } finally {
      env.backend().deleteTable(table);
    }
  }

  /** Two read jobs at {@code read-percent} each on one table, started together; the target is both shares. */
  private void twoJobs() {
    int maps = options.integer("two-jobs-maps");
    int slots = options.integer("slots");
    rows.add(inProcess("MapReduce local, two jobs at once", "read", "2 jobs at " + percent(readPercent)
            + " each, " + maps + " maps on " + slots + " slots each, same table", readTable, rcu,
        2 * readPercent * rcu, true, s -> {
          s.put("dynamodb.input.tableName", readTable);
          s.put("dynamodb.throughput.read.percent", Double.toString(readPercent));
          s.put("dynamodb.scan.segments", Integer.toString(maps));
          long[] items = new long[2];
          Throwable[] failures = new Throwable[2];
          Thread[] jobs = new Thread[2];
          for (int i = 0; i < 2; i++) {
            int n = i;
            jobs[i] = new Thread(() -> {
              try {
                items[n] = readJob(new HashMap<>(s), slots).items();
              } catch (Throwable t) {
                failures[n] = t;
              }
            }, "rate-two-jobs-" + i);
            jobs[i].start();
          }
          for (Thread t : jobs) {
            t.join();
          }
          for (Throwable f : failures) {
            if (f != null) {
              throw new IllegalStateException("a job failed: " + f, f);
            }
          }
          return Outcome.of(items[0] + " + " + items[1] + " items read");
        }));
  }

  private static LocalJobs.JobResult readJob(Map<String, String> settings, int slots) throws IOException {
    Path tmp = LocalJobs.tempDir();
    try {
      return LocalJobs.read(settings, slots, tmp);
    } finally {
      LocalJobs.deleteRecursively(tmp);
    }
  }

  // ------------------------------------------------------------------------------------------ Spark

  private SparkJobs spark() {
    if (spark == null) {
      spark = new SparkJobs(options.integer("spark-cores"));
    }
    return spark;
  }

  private String local() {
    return "local[" + options.integer("spark-cores") + "]";
  }

  private void sparkHadoopRdd() {
    int splits = options.integer("rdd-splits");
    rows.add(inProcess("Spark hadoopRDD", "read", splits + " splits on " + local(), readTable, rcu,
        readPercent * rcu, false, s -> {
          s.put("dynamodb.input.tableName", readTable);
          s.put("dynamodb.throughput.read.percent", Double.toString(readPercent));
          long n = spark().hadoopRddRead(s, splits);
          return Outcome.spark(spark().takeTaskWindow(), n + " items read");
        }));
  }

  private void sparkSaveAsHadoopDataset() {
    int partitions = options.integer("spark-partitions");
    writeRow("Spark saveAsHadoopDataset", partitions + " partitions on " + local() + ", DynamoDBOutputFormat",
        "rate_save", s -> {
          s.put("dynamodb.throughput.write.percent", Double.toString(writePercent));
          spark().saveAsHadoopDataset(s, writeItems, partitions);
          return Outcome.spark(spark().takeTaskWindow(), writeItems + " items written");
        });
  }

  private void dataFrameRead() {
    rows.add(inProcess("Spark DataFrame", "read", "spark.read.format(\"dynamodb\"), schema inferred, groupBy"
        + " aggregate, " + local(), readTable, rcu, readPercent * rcu, false, s -> {
          Map<String, String> o = dataFrameOptions(s, readTable);
          o.put("readPercent", Double.toString(readPercent));
          long n = spark().dataFrameRead(o);
          return Outcome.spark(spark().takeTaskWindow(), n + " items read");
        }));
  }

  private void dataFrameWrite() {
    int partitions = options.integer("spark-partitions");
    writeRow("Spark DataFrame", "df.write.format(\"dynamodb\"), " + partitions + " partitions on " + local(),
        "rate_df_write", s -> {
          Map<String, String> o = dataFrameOptions(s, s.get("dynamodb.output.tableName"));
          o.put("writePercent", Double.toString(writePercent));
          spark().dataFrameWrite(o, writeItems, partitions);
          return Outcome.spark(spark().takeTaskWindow(), writeItems + " rows written");
        });
  }

  /** The DataFrame options a user writes (short names), from the connector settings of the row. */
  private static Map<String, String> dataFrameOptions(Map<String, String> s, String table) {
    Map<String, String> o = new HashMap<>();
    o.put("tableName", table);
    o.put("endpoint", s.get("dynamodb.endpoint"));
    o.put("region", s.get("dynamodb.region"));
    o.put("accessKeyId", s.get("dynamodb.awsAccessKeyId"));
    o.put("secretAccessKey", s.get("dynamodb.awsSecretAccessKey"));
    o.put(COORDINATION_TABLE, s.get(COORDINATION_TABLE));
    return o;
  }

  // ------------------------------------------------------------------------------------------ child JVMs

  private void hive() throws IOException {
    String selectPath = "Hive SELECT";
    String insertPath = "Hive INSERT";
    String shape = "embedded Hive 4.1.0, mr engine, LocalJobRunner";
    Optional<String> cp = ChildJvm.moduleTestClasspath(HIVE_MODULE);
    if (cp.isEmpty()) {
      String why = "no test classpath of " + HIVE_MODULE + " (benchmarks/run.sh writes it)";
      rows.add(RateRow.missing(selectPath, "read", shape, rcu, readPercent * rcu, why));
      rows.add(RateRow.missing(insertPath, "write", shape, wcu, writePercent * wcu, why));
      return;
    }
    String writeTable = env.backend().createTable("rate_hive_insert", Items.HASH_KEY, ScalarAttributeType.S, null,
        null, rcu, wcu);
    String selectCoordination = env.backend().uniqueTableName("coord_hive_select");
    String insertCoordination = env.backend().uniqueTableName("coord_hive_insert");
    double load = load1();
    Path dir = Files.createTempDirectory("ddb-bench-hive");
    System.out.printf("rate: %s and %s in a child JVM (%s) ...%n", selectPath, insertPath, shape);
    try (ThrottlingProxy proxy = ThrottlingProxy.start(env.backend().endpoint())) {
      proxy.setCapacity(readTable, rcu, wcu);
      proxy.setCapacity(writeTable, rcu, wcu);
      ChildJvm.Result r = ChildJvm.run(cp.get(), "io.ddbconnector.hive.HiveRateHarness", List.of(
          "dir=" + dir, "endpoint=" + proxy.endpoint(), "region=" + env.backend().region(),
          "readTable=" + readTable, "readCoordination=" + selectCoordination, "readPercent=" + readPercent,
          "writeTable=" + writeTable, "writeCoordination=" + insertCoordination, "writePercent=" + writePercent,
          "rows=" + writeItems), "2g", logFile("hive"), childTimeout());
      childRow(r, "select", proxy, selectPath, "read", shape + "; SELECT category, count(*), sum(quantity) ..."
          + " GROUP BY category", readTable, selectCoordination, rcu, readPercent * rcu, load);
      childRow(r, "insert", proxy, insertPath, "write", shape + "; INSERT INTO ... SELECT from a native text table",
          writeTable, insertCoordination, wcu, writePercent * wcu, load);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } finally {
      LocalJobs.deleteRecursively(dir);
      env.backend().deleteTable(writeTable);
    }
  }

  private void yarn() throws IOException {
    int maps = options.integer("yarn-maps");
    String shape = maps + " maps, 2 NodeManagers x 2 GB (at most 9 map containers of 384 MB at once)";
    Optional<String> cp = ChildJvm.moduleTestClasspath(YARN_MODULE);
    if (cp.isEmpty()) {
      String why = "no test classpath of " + YARN_MODULE + " (benchmarks/run.sh writes it)";
      rows.add(RateRow.missing("MapReduce on mini YARN", "read", shape, rcu, readPercent * rcu, why));
      rows.add(RateRow.missing("MapReduce on mini YARN, copy", "write", shape, wcu, writePercent * wcu, why));
      return;
    }
    String source = env.backend().createTable("rate_copy_src", Items.HASH_KEY, ScalarAttributeType.S, null, null,
        rcu, wcu);
    String target = env.backend().createTable("rate_copy_dst", Items.HASH_KEY, ScalarAttributeType.S, null, null,
        rcu, wcu);
    System.out.printf(Locale.ROOT, "rate: loading %,d items into %s ...%n", writeItems, source);
    env.backend().putAll(source, Items.typicalRange("copy-", 0, Math.toIntExact(writeItems)));
    String readCoordination = env.backend().uniqueTableName("coord_yarn_read");
    String copyCoordination = env.backend().uniqueTableName("coord_yarn_copy");
    double load = load1();
    System.out.printf("rate: MapReduce on mini YARN, read and copy, in a child JVM (%s) ...%n", shape);
    try (ThrottlingProxy proxy = ThrottlingProxy.start(env.backend().endpoint())) {
      proxy.setCapacity(readTable, rcu, wcu);
      proxy.setCapacity(source, rcu, wcu);
      proxy.setCapacity(target, rcu, wcu);
      ChildJvm.Result r = ChildJvm.run(cp.get(), "io.ddbconnector.yarn.YarnRateHarness", List.of(
          "endpoint=" + proxy.endpoint(), "region=" + env.backend().region(), "maps=" + maps,
          "readTable=" + readTable, "readCoordination=" + readCoordination, "readPercent=" + readPercent,
          "copySource=" + source, "copyTarget=" + target, "copyCoordination=" + copyCoordination,
          "writePercent=" + writePercent), "1g", logFile("yarn"), childTimeout());
      childRow(r, "read", proxy, "MapReduce on mini YARN", "read", shape, readTable, readCoordination, rcu,
          readPercent * rcu, load);
      childRow(r, "copy", proxy, "MapReduce on mini YARN, copy", "write", shape + "; reads a " + writeItems
          + "-item table, writes it to another", target, copyCoordination, wcu, writePercent * wcu, load);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } finally {
      env.backend().deleteTable(source);
      env.backend().deleteTable(target);
    }
  }

  /**
   * A map-only {@code mapred} job on the LocalJobRunner ({@code maps} maps on {@code slots} slots, identity map)
   * in a child JVM on one connector's classpath ({@link JobsBenchmark#classpaths}: Hadoop, the connector and its
   * dependencies, the benchmark classes), the job itself {@link MapReduceJob} through {@link JobChild}: the same
   * job for this project's connector ({@code mr-write}) and the released reference ({@code ref-mr-write},
   * {@code ref-mr-read}). A write row is a copy, measured on its target table; its source's capacity is far
   * above the target's so that the read never limits the write. A read row reads the read table. Both
   * connectors learn the measured table's capacity from DescribeTable (the proxy's answer is the capacity it
   * enforces) and get only {@code dynamodb.throughput.*.percent} for their rate.
   */
  private void mapReduceChild(String variant, boolean write) throws IOException {
    boolean reference = variant.equals(JobsBenchmark.REFERENCE);
    String op = write ? "write" : "read";
    String job = write ? "copy" : "read";
    String path = (reference ? "reference 5.0.0, " : "") + "MapReduce local" + (write ? ", copy" : "");
    int maps = options.integer("maps");
    int slots = options.integer("slots");
    String shape = maps + " maps on " + slots + " slots (LocalJobRunner, mapred API, child JVM)" + (write ? "; reads a "
        + writeItems + "-item table, writes it to another" : "");
    double capacity = write ? wcu : rcu;
    double target = write ? writePercent * wcu : readPercent * rcu;
    Map<String, String> missing = new HashMap<>();
    String cp = new JobsBenchmark(options).classpaths(missing).get(variant);
    if (cp == null) {
      rows.add(RateRow.missing(path, op, shape, capacity, target, missing.get(variant)));
      return;
    }
    int sourceRcu = write ? 100_000 : rcu;
    String source = readTable;
    String measured = readTable;
    if (write) {
      source = env.backend().createTable("rate_mr_src", Items.HASH_KEY, ScalarAttributeType.S, null, null,
          sourceRcu, wcu);
      measured = env.backend().createTable("rate_mr_dst", Items.HASH_KEY, ScalarAttributeType.S, null, null,
          rcu, wcu);
      System.out.printf(Locale.ROOT, "rate: loading %,d items into %s ...%n", writeItems, source);
      env.backend().putAll(source, Items.typicalRange("copy-", 0, Math.toIntExact(writeItems)));
    }
    String coordination = env.backend().uniqueTableName("coord_" + variant + "_mr_" + job);
    double load = load1();
    System.out.printf("rate: %s %s in a child JVM (%s) ...%n", path, op, shape);
    try (ThrottlingProxy proxy = ThrottlingProxy.start(env.backend().endpoint())) {
      proxy.setCapacity(source, sourceRcu, wcu);
      proxy.setCapacity(measured, rcu, wcu);
      Map<String, String> conf = new java.util.LinkedHashMap<>();
      conf.put("dynamodb.endpoint", proxy.endpoint().toString());
      conf.put("dynamodb.awsAccessKeyId", "dummy");
      conf.put("dynamodb.awsSecretAccessKey", "dummy");
      conf.put("dynamodb.input.tableName", source);
      conf.put("dynamodb.throughput.read.percent", Double.toString(readPercent));
      conf.put("dynamodb.throughput.write.percent", Double.toString(writePercent));
      conf.put("dynamodb.scan.segments", Integer.toString(maps));
      conf.put(MapReduceJob.KEY_CLASS, "org.apache.hadoop.io.Text");
      if (reference) {
        conf.put(MapReduceJob.INPUT_FORMAT, "org.apache.hadoop.dynamodb.read.DynamoDBInputFormat");
        conf.put(MapReduceJob.OUTPUT_FORMAT, "org.apache.hadoop.dynamodb.write.DynamoDBOutputFormat");
        conf.put(MapReduceJob.VALUE_CLASS, "org.apache.hadoop.dynamodb.DynamoDBItemWritable");
        conf.put("dynamodb.regionid", env.backend().region());
        // it plans min(dynamodb.throughput.read x read percent / 100, max.map.tasks) maps from the job
        // configuration alone, where dynamodb.throughput.read defaults to 1 (one map; its Hive handler sets it
        // from DescribeTable): given the source's true read capacity, as that handler would, and the cap, the
        // copy gets ours' 16 maps; the 100-RCU read gets the one map its rule gives
        conf.put("dynamodb.throughput.read", Integer.toString(sourceRcu));
        conf.put("dynamodb.max.map.tasks", Integer.toString(maps));
        // its default (true) sizes the job from an EMR cluster's YARN: off EMR, on the LocalJobRunner, split
        // planning fails with "ArithmeticException: / by zero" (RoundRobinYarnContainerAllocator); with it off,
        // its writers divide the budget by the job's map count. Its write rate otherwise keeps its defaults:
        // the capacity from DescribeTable (no dynamodb.throughput.write, autoscaling unset)
        conf.put("dynamodb.yarn.enabled", "false");
      } else {
        conf.put(MapReduceJob.INPUT_FORMAT, "io.ddbconnector.mapred.DynamoDBInputFormat");
        conf.put(MapReduceJob.OUTPUT_FORMAT, "io.ddbconnector.mapred.DynamoDBOutputFormat");
        conf.put(MapReduceJob.VALUE_CLASS, "io.ddbconnector.hadoop.DynamoDBItemWritable");
        conf.put("dynamodb.region", env.backend().region());
        conf.put(COORDINATION_TABLE, coordination);
      }
      List<String> args = new ArrayList<>(List.of("variant=" + variant, "job=" + job, "endpoint=" + proxy.endpoint(),
          "region=" + env.backend().region(), "source=" + source, "segments=" + maps, "slots=" + slots, "runs=1",
          "spawnMillis=" + System.currentTimeMillis()));
      if (write) {
        args.add("targets=" + measured);
      }
      conf.forEach((k, v) -> args.add("conf." + k + "=" + v));
      Path log4j = logFile(variant + "-mr-" + job + "-log4j.properties");
      Files.createDirectories(log4j.getParent());
      Files.writeString(log4j, CHILD_LOG4J, java.nio.charset.StandardCharsets.UTF_8);
      ChildJvm.Result r = ChildJvm.run(cp, JobChild.class.getName(), List.of("-Dlog4j.configuration=" + log4j.toUri()),
          args, "1g", logFile(variant + "-mr-" + job), childTimeout());
      Optional<String> line = ChildJvm.result(r, "run=cold");
      if (line.isEmpty()) {
        rows.add(RateRow.missing(path, op, shape, capacity, target, "the child JVM "
            + (r.ok() ? "did not report it" : "failed (exit " + r.exitCode() + ", log " + r.log() + "): ")
            + r.tail(15).replace('\n', ' ')));
        return;
      }
      double taskWindow = Double.NaN;
      List<String> notes = new ArrayList<>();
      for (String field : line.get().split(" ")) {
        if (field.startsWith("tasksNanos=") && Long.parseLong(field.substring(11)) > 0) {
          taskWindow = Long.parseLong(field.substring(11)) / 1e9;
        }
        if (field.startsWith("read=") || field.startsWith("written=") || field.startsWith("wallNanos=")) {
          notes.add(field);
        }
      }
      String rowShape = shape;
      if (reference) {
        List<String> said = referenceLog(r.log());
        notes.add("reference: " + String.join("; ", said));
        // the reference plans its own map count (one per 100 RCU of the read budget): the shape says what ran
        for (String l : said) {
          java.util.regex.Matcher m = java.util.regex.Pattern.compile("Calculated to use (\\d+) mappers").matcher(l);
          if (m.find() && Integer.parseInt(m.group(1)) != maps) {
            rowShape = m.group(1) + " map(s) over " + maps + " scan segments (the reference's planner: one map per 100"
                + " RCU of the read budget) on " + slots + " slots (LocalJobRunner, mapred API, child JVM)";
          }
        }
      }
      RateRow row = RateRow.measure(proxy, path, op, rowShape, measured, coordination, capacity, target, load, false,
          taskWindow, List.of("child JVM: " + String.join(" ", notes)));
      print(row);
      rows.add(row);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } finally {
      if (write) {
        env.backend().deleteTable(source);
        env.backend().deleteTable(measured);
      }
    }
  }

  /** The reference's own account of its rate and its maps (its calculators' and planner's INFO lines). */
  private static List<String> referenceLog(Path log) {
    try {
      return Files.readAllLines(log, java.nio.charset.StandardCharsets.UTF_8).stream()
          .filter(l -> l.contains(" INFO "))
          .map(l -> l.substring(l.indexOf(':', l.indexOf(" INFO ")) + 1).trim())
          .filter(l -> l.startsWith("Max parallel") || l.startsWith("Throughput per task")
              || l.startsWith("Total map tasks") || l.startsWith("Calculated to use") || l.startsWith("Using ")
              || l.startsWith("Target IOPS") || l.contains("throughput"))
          .distinct().toList();
    } catch (IOException e) {
      return List.of("(no log: " + e + ")");
    }
  }

  /** The children's logging: warnings, and the reference's rate and map-count reasoning (INFO). */
  private static final String CHILD_LOG4J = """
      log4j.rootLogger=WARN, stderr
      log4j.appender.stderr=org.apache.log4j.ConsoleAppender
      log4j.appender.stderr.Target=System.err
      log4j.appender.stderr.layout=org.apache.log4j.PatternLayout
      log4j.appender.stderr.layout.ConversionPattern=%d{HH:mm:ss} %p %c{1}: %m%n
      log4j.logger.org.apache.hadoop.util.NativeCodeLoader=ERROR
      log4j.logger.org.apache.hadoop.metrics2=ERROR
      log4j.logger.org.apache.hadoop.dynamodb.write.WriteIopsCalculator=INFO
      log4j.logger.org.apache.hadoop.dynamodb.read.ReadIopsCalculator=INFO
      log4j.logger.org.apache.hadoop.dynamodb.read.AbstractDynamoDBInputFormat=INFO
      """;

  private void childRow(ChildJvm.Result r, String result, ThrottlingProxy proxy, String path, String op, String shape,
      String table, String coordination, double capacity, double target, double load) {
    Optional<String> line = ChildJvm.result(r, result);
    if (line.isEmpty()) {
      rows.add(RateRow.missing(path, op, shape, capacity, target, "the child JVM "
          + (r.ok() ? "did not report it" : "failed (exit " + r.exitCode() + ", log " + r.log() + "): ")
          + r.tail(15).replace('\n', ' ')));
      return;
    }
    double engineWindow = Double.NaN;
    for (String field : line.get().split(" ")) {
      if (field.startsWith("taskWindow=")) {
        engineWindow = Double.parseDouble(field.substring("taskWindow=".length()));
      }
    }
    RateRow row = RateRow.measure(proxy, path, op, shape, table, coordination, capacity, target, load, false,
        engineWindow, List.of("child JVM: " + line.get()));
    print(row);
    rows.add(row);
  }

  private Duration childTimeout() {
    return Duration.ofSeconds(options.integer("child-timeout"));
  }

  private static Path logFile(String name) {
    return ChildJvm.projectRoot().resolve("benchmarks/target/rate-logs/" + (name.contains(".") ? name : name + ".log"));
  }

  // ------------------------------------------------------------------------------------------ core (override)

  /** {@code n} core readers over {@code n} splits with the fixed divisor {@code dynamodb.throughput.concurrency = n}. */
  private void coreReaders(int n, int duration) {
    rows.add(inProcess("core readers, concurrency override", "read", n + " readers, concurrency=" + n
            + ", re-reading for " + duration + " s", readTable, rcu, readPercent * rcu, false, s -> {
          s.put("dynamodb.input.tableName", readTable);
          s.put("dynamodb.throughput.read.percent", Double.toString(readPercent));
          s.put("dynamodb.scan.segments", Integer.toString(n));
          s.put("dynamodb.throughput.concurrency", Integer.toString(n));
          Settings settings = Settings.of(s);
          List<ScanSplit> splits = DynamoDBConnector.planSplits(settings, n).splits();
          AtomicLong passes = new AtomicLong();
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(duration);
          long items = CoreTasks.readUntil(settings, splits, new ConnectorMetrics(), deadline, passes);
          return Outcome.of(items + " items read in " + passes.get() + " split passes");
        }));
  }

  private void coreWriters(int n, int duration) {
    writeRow("core writers, concurrency override", n + " writers, concurrency=" + n + ", writing for " + duration
        + " s", "rate_core_write", s -> {
          s.put("dynamodb.throughput.write.percent", Double.toString(writePercent));
          s.put("dynamodb.throughput.concurrency", Integer.toString(n));
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(duration);
          long items = CoreTasks.writeUntil(Settings.of(s), n, deadline, "w", new ConnectorMetrics());
          return Outcome.of(items + " items written");
        });
  }

  // ------------------------------------------------------------------------------------------ plumbing

  /** A write row on a fresh table (deleted afterwards); {@code job} finds the table in dynamodb.output.tableName. */
  private void writeRow(String path, String shape, String prefix, Job job) {
    String table = env.backend().createTable(prefix, Items.HASH_KEY, ScalarAttributeType.S, null, null, rcu, wcu);
    try {
      rows.add(inProcess(path, "write", shape, table, wcu, writePercent * wcu, false, s -> {
        s.put("dynamodb.output.tableName", table);
        return job.run(s);
      }));
    } finally {
      env.backend().deleteTable(table);
    }
  }

  /** Runs one job through a fresh proxy enforcing the table's capacity and measures it there. */
  private RateRow inProcess(String path, String op, String shape, String table, double capacity, double target,
      boolean atMostTarget, Job job) {
    double load = load1();
    String coordination = env.backend().uniqueTableName("coord_" + path.replaceAll("[^A-Za-z0-9]+", "_"));
    System.out.printf("rate: %s %s (%s) ...%n", path, op, shape);
    try (ThrottlingProxy proxy = ThrottlingProxy.start(env.backend().endpoint())) {
      proxy.setCapacity(table, rcu, wcu);
      Map<String, String> s = env.connectorSettings(proxy.endpoint());
      s.put(COORDINATION_TABLE, coordination);
      Outcome outcome = job.run(s);
      RateRow row = RateRow.measure(proxy, path, op, shape, table, coordination, capacity, target, load,
          atMostTarget, outcome.engineWindow(), outcome.notes());
      print(row);
      return row;
    } catch (Exception e) {
      e.printStackTrace();
      return RateRow.missing(path, op, shape, capacity, target, "failed: " + e);
    }
  }

  private static void print(RateRow r) {
    System.out.printf(Locale.ROOT, "  target %.1f/s: measured %.1f/s (%.1f%%) over %.1f s, budget use %.1f%% over a"
        + " %.1f s task window, peak 5 s %.1f%%, %d throttled, coordination %d requests / %.1f units%s%n",
        r.target(), r.rate(), r.rateOfTarget() * 100, r.dataSeconds(), r.budgetUse() * 100, r.window(),
        r.peak5OfTarget() * 100, r.throttled(), r.coordinationRequests(), r.coordinationUnits(),
        r.missedGoals().isEmpty() ? "" : "; MISSED: " + String.join("; ", r.missedGoals()));
  }

  /** Loads the skewed table: {@code big} items whose key falls in scan segment 0 of {@code segments}, {@code small} in each other. */
  private void loadSkewed(String table, int segments, long big, long small) {
    long[] left = new long[segments];
    java.util.Arrays.fill(left, small);
    left[0] = big;
    long remaining = big + small * (segments - 1);
    List<Map<String, AttributeValue>> chunk = new ArrayList<>();
    for (long i = 0; remaining > 0; i++) {
      Map<String, AttributeValue> item = Items.typical("skew-", i);
      int segment = ThrottlingProxy.partitionOf(item.get(Items.HASH_KEY), segments);
      if (left[segment] == 0) {
        continue;
      }
      left[segment]--;
      remaining--;
      chunk.add(item);
      if (chunk.size() == 20_000) {
        env.backend().putAll(table, chunk);
        chunk = new ArrayList<>();
      }
    }
    if (!chunk.isEmpty()) {
      env.backend().putAll(table, chunk);
    }
  }

  private static double averageItemBytes() {
    long total = 0;
    int n = 4096;
    for (int i = 0; i < n; i++) {
      total += ItemSize.bytes(Items.typical("item-", i));
    }
    return (double) total / n;
  }

  /** The 1-minute load average now (the machine is shared: it says how disturbed a row may have been). */
  static double load1() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  private static String percent(double fraction) {
    return String.format(Locale.ROOT, "%.0f%%", fraction * 100);
  }
}
