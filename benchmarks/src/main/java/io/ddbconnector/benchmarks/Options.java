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
    def("tasks", "1,4,16", "rate: concurrent tasks to run, comma-separated");
    def("duration", "20", "rate: seconds each core run lasts (a steady state needs ~15 s)");
    def("rate-items", "120000", "rate: items in the table the rate-limited reads scan (re-read in passes if needed)");
    def("read-capacity", "200", "rate: provisioned RCU of the table, enforced by the proxy");
    def("write-capacity", "1000", "rate: provisioned WCU of the table, enforced by the proxy");
    def("read-percent", "0.5", "rate: dynamodb.throughput.read.percent");
    def("write-percent", "0.5", "rate: dynamodb.throughput.write.percent");
    def("mapreduce", "true", "rate: also run LocalJobRunner jobs (mr-tasks splits, and 4 splits per slot)");
    def("mr-tasks", "4", "rate: map slots (mapreduce.local.map.tasks.maximum) of those jobs");
    def("scan-items", "200000", "scan: items in the table");
    def("segments", "4", "scan/write: segments = threads = map tasks");
    def("runs", "5", "scan/write: runs of each variant, in alternating order (median reported)");
    def("write-items", "50000", "write: items each run writes");
    def("memory-items", "1000000", "memory: items the one-task read goes through");
    def("memory-heap", "256m", "memory: -Xmx of the child JVM");
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
    StringBuilder sb = new StringBuilder("usage: run.sh [rate|scan|write|memory|jmh|all] [--option value]...\n");
    for (Map.Entry<String, String[]> e : KNOWN.entrySet()) {
      sb.append(String.format(Locale.ROOT, "  --%-15s %-20s %s%n", e.getKey(), e.getValue()[0], e.getValue()[1]));
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
