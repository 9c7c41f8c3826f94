package io.ddbconnector.benchmarks;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The benchmark's command line: {@code <subcommand> [--name value | --flag]...}. Every option has a
 * default here, so a bare {@code run.sh all} does what the README reports.
 */
final class Options {

  /** name → (default, help); the order is the order of {@link #usage()}. */
  private static final Map<String, String[]> KNOWN = new LinkedHashMap<>();

  static {
    def("out", "benchmarks/results", "directory for the CSV files and the PNG plot");
    def("paths", "all", "rate: engine paths to run, comma-separated, or all / none: "
        + String.join(",", RateBenchmark.PATHS));
    def("duration", "30", "rate: seconds of work each row gets at its target (tables are sized for it)");
    def("read-capacity", "200", "rate: provisioned RCU of the tables, enforced by the proxy");
    def("write-capacity", "1000", "rate: provisioned WCU of the tables, enforced by the proxy");
    def("read-percent", "0.5", "rate: dynamodb.throughput.read.percent of every job");
    def("write-percent", "0.5", "rate: dynamodb.throughput.write.percent of every job");
    def("maps", "16", "rate: map tasks (scan segments) of the LocalJobRunner read job");
    def("slots", "4", "rate: mapreduce.local.map.tasks.maximum of the LocalJobRunner jobs");
    def("skew-splits", "8", "rate: splits of the skewed job (split 0 holds skew-factor x each other's items)");
    def("skew-factor", "10", "rate: how many times each other split's items the big split holds");
    def("two-jobs-maps", "8", "rate: map tasks of each of the two concurrent jobs");
    def("spark-cores", "4", "rate: N of Spark's local[N]");
    def("rdd-splits", "64", "rate: splits of the hadoopRDD read");
    def("spark-partitions", "16", "rate: partitions of the saveAsHadoopDataset and DataFrame writes");
    def("yarn-maps", "16", "rate: map tasks of the mini YARN read and copy jobs");
    def("rate-name", "rate", "rate: base name of its files (<name>.md/.csv, <name>-series.csv, <name>-<path>.png),"
        + " so a run of a few paths (e.g. rate-reference) leaves the committed rate.* of all paths alone");
    def("child-timeout", "900", "rate/jobs: seconds a child JVM (Hive, YARN, a job) may run");
    def("core-tasks", "", "rate: also run N core readers and writers with the concurrency=N override (e.g. 1,4,16)");
    def("scan-items", "200000", "scan: items in the table");
    def("segments", "4", "scan/write/jobs: segments = threads = map tasks");
    def("runs", "5", "scan/write: runs of each variant, in alternating order (median reported)");
    def("write-items", "50000", "write: items each run writes");
    def("memory-items", "1000000", "memory: items the one-task read goes through");
    def("memory-heap", "256m", "memory: -Xmx of the child JVM");
    def("rounds", "5", "jobs: rounds, each on a fresh dynalite, variants alternating (median and min-max reported)");
    def("items", "100000", "jobs: items the read job reads");
    def("copy-items", "30000", "jobs: items the copy job copies into an empty table");
    def("job-heap", "1g", "jobs: -Xmx of each job's JVM (every variant)");
    def("job-variants", "raw,ours,reference,hadoop-only", "jobs: the variants to run, comma-separated");
    def("job-jobs", "read,copy", "jobs: the jobs to run, comma-separated");
    def("job-jvm-flags", "", "jobs: extra JVM flags of every job JVM, space-separated ({variant}, {job} and {round}"
        + " are replaced; e.g. -XX:StartFlightRecording=filename=/tmp/{variant}-{job}-{round}.jfr)");
    def("stream-rate", "100", "streaming: items/s the writer puts into the stream-enabled table");
    def("stream-seconds", "30", "streaming: seconds the writer writes (each budget row)");
    def("stream-write-capacity", "200", "streaming: provisioned WCU of the target table, enforced by the proxy");
    def("stream-budgets", "0.8,0.25", "streaming: write percents, one row each (0.25 x 200 = 50 WCU/s binds at 100/s)");
    def("stream-samples", "300", "streaming: items whose lag is measured");
    def("stream-cores", "2", "streaming: N of Spark's local[N]");
    def("pushdown-items", "100000", "pushdown: items in the table (typical, ~200 B)");
    def("pushdown-rounds", "5", "pushdown: measured rounds after one warm-up round, variants interleaved");
    def("pushdown-warmup", "true", "pushdown: run one unreported warm-up round first");
    def("pushdown-cores", "2", "pushdown: N of Spark's local[N]");
    def("pushdown-segments", "4", "pushdown: scan segments of the DataFrame reads and of the raw SDK count");
    def("jmh-forks", "2", "jmh: forks");
    def("jmh-warmup", "2", "jmh: warm-up iterations");
    def("jmh-iterations", "3", "jmh: measured iterations");
    def("jmh-time", "1", "jmh: seconds per iteration");
  }

  private static void def(String name, String defaultValue, String help) {
    KNOWN.put(name, new String[] {defaultValue, help});
  }

  private final String command;
  private final Map<String, String> values;

  private Options(String command, Map<String, String> values) {
    this.command = command;
    this.values = values;
  }

  static Options parse(String... args) {
    String command = null;
    Map<String, String> values = new LinkedHashMap<>();
    for (Map.Entry<String, String[]> e : KNOWN.entrySet()) {
      values.put(e.getKey(), e.getValue()[0]);
    }
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.startsWith("--")) {
        String name = a.substring(2);
        String value = null;
        int eq = name.indexOf('=');
        if (eq >= 0) {
          value = name.substring(eq + 1);
          name = name.substring(0, eq);
        }
        if (!KNOWN.containsKey(name)) {
          throw new IllegalArgumentException("unknown option --" + name + "\n" + usage());
        }
        if (value == null) {
          if (i + 1 >= args.length) {
            throw new IllegalArgumentException("option --" + name + " needs a value\n" + usage());
          }
          value = args[++i];
        }
        values.put(name, value);
      } else if (command == null) {
        command = a.toLowerCase(Locale.ROOT);
      } else {
        throw new IllegalArgumentException("unexpected argument '" + a + "'\n" + usage());
      }
    }
    return new Options(command == null ? "all" : command, values);
  }

  /** An options object for code (the smoke test): {@code name, value, name, value...}. */
  static Options of(String command, String... pairs) {
    List<String> args = new ArrayList<>();
    args.add(command);
    for (int i = 0; i < pairs.length; i += 2) {
      args.add("--" + pairs[i]);
      args.add(pairs[i + 1]);
    }
    return parse(args.toArray(new String[0]));
  }

  static String usage() {
    StringBuilder sb = new StringBuilder("usage: run.sh [rate|jobs|scan|write|memory|jmh|streaming|pushdown|all] [--option value]...\n");
    for (Map.Entry<String, String[]> e : KNOWN.entrySet()) {
      sb.append(String.format(Locale.ROOT, "  --%-17s %-10s %s%n", e.getKey(), e.getValue()[0], e.getValue()[1]));
    }
    return sb.toString();
  }

  String command() {
    return command;
  }

  String get(String name) {
    if (!KNOWN.containsKey(name)) {
      throw new IllegalArgumentException("no option " + name);
    }
    return values.get(name);
  }

  int integer(String name) {
    try {
      return Integer.parseInt(get(name).replace("_", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be an integer, was " + get(name), e);
    }
  }

  double decimal(String name) {
    try {
      return Double.parseDouble(get(name));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be a number, was " + get(name), e);
    }
  }

  boolean flag(String name) {
    return Boolean.parseBoolean(get(name));
  }

  List<Integer> integers(String name) {
    List<Integer> out = new ArrayList<>();
    for (String part : get(name).split(",")) {
      if (!part.isBlank()) {
        out.add(Integer.parseInt(part.trim()));
      }
    }
    return out;
  }

  Path out() {
    return Paths.get(get("out"));
  }

  /** The options as they were used, for the header of each report. */
  String describe(String... names) {
    StringBuilder sb = new StringBuilder();
    for (String n : names) {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append("--").append(n).append(' ').append(get(n));
    }
    return sb.toString();
  }
}
