package io.ddbconnector.benchmarks;

import static io.ddbconnector.benchmarks.ResultTable.f0;
import static io.ddbconnector.benchmarks.ResultTable.f1;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Memory: one task reads a large table in a child JVM with a small heap ({@code -Xmx256m} by default) —
 * the plain SDK scan as the reference, then the core reader, then the mapred record reader. A streaming
 * reader needs a few pages of heap whatever the table's size; one that buffers a segment fails here.
 */
final class MemoryBenchmark {

  /** Items per page of the small-page row: ~200 KB of typical items, vs the 1 MB pages of an unlimited rate. */
  static final int SMALL_PAGE = 1000;

  private final Options options;

  MemoryBenchmark(Options options) {
    this.options = options;
  }

  ResultTable run(BenchBackend env) throws IOException, InterruptedException {
    int items = options.integer("memory-items");
    String heap = options.get("memory-heap");
    String table = env.backend().createTable("memory", Items.HASH_KEY, ScalarAttributeType.S);
    System.out.printf("memory: loading %,d items into %s (dynalite keeps ~2.2 KB per item in memory) ...%n",
        items, table);
    long loadStart = System.nanoTime();
    env.load(table, items);
    System.out.printf("memory: loaded in %.0f s; dynalite RSS %d MB%n", (System.nanoTime() - loadStart) / 1e9,
        env.serverRssMb());

    ResultTable t = new ResultTable("Memory: full read of " + items + " items in ONE task, child JVM -Xmx" + heap,
        "reader", "items", "ok", "seconds", "items/s", "peak heap MB (polled)", "peak pools sum MB",
        "max heap after GC MB", "live heap MB (forced full GCs)", "GCs", "GC ms", "child cpu us/item");
    // label, probe mode, extra connector settings
    String[][] readers = {
      {"raw", "raw", ""},
      {"core", "core", ""},
      {"mapred", "mapred", ""},
      {"core pageLimit=" + SMALL_PAGE, "core", "dynamodb.read.pageLimit=" + SMALL_PAGE},
    };
    for (String[] reader : readers) {
      String mode = reader[0];
      Map<String, String> r = runChild(reader[1], heap, env, table, false, reader[2]);
      Map<String, String> live = r.containsKey("error") ? r : runChild(reader[1], heap, env, table, true, reader[2]);
      if (r.containsKey("error") || live.containsKey("error")) {
        String error = r.containsKey("error") ? r.get("error") : "live run: " + live.get("error");
        t.add(mode, "", "FAILED", "", "", "", "", "", "", "", "", error);
        System.out.println("  " + mode + " FAILED: " + error);
        continue;
      }
      long n = Long.parseLong(r.get("items"));
      double seconds = Double.parseDouble(r.get("seconds"));
      boolean ok = n == items && Long.parseLong(live.get("items")) == items;
      t.add(mode, n, ok ? "yes" : "NO", f1(seconds), f0(n / seconds), mb(r.get("peakHeapPolled")),
          mb(r.get("peakPoolsSum")), mb(r.get("maxHeapAfterGc")), mb(live.get("liveHeap")), r.get("gcCount"),
          r.get("gcMillis"), f1(Long.parseLong(r.get("processCpuNanos")) / 1e3 / Math.max(1, n)));
      System.out.printf("  %-6s %s%n  %-6s %s%n", mode, r, mode + "+live", live);
    }
    env.backend().deleteTable(table);
    t.note("raw: plain SDK v2 Scan paging (1 MB pages), the reference; core: DynamoDBConnector.openReader on the one"
        + " split of dynamodb.scan.segments=1; mapred: DynamoDBInputFormat's record reader on that split; core pageLimit:"
        + " the core reader with ~200 KB pages."
        + " Peak heap (polled every 5 ms) includes garbage not yet collected; max heap after GC is after any"
        + " collection, young ones included (promoted garbage counts); live heap = largest heap left after a full GC"
        + " forced every 250 ms in a second run of the same read. Child CPU includes JVM start-up and JIT.");
    return t;
  }

  private static String mb(String bytes) {
    return f1(Long.parseLong(bytes) / (1024.0 * 1024.0));
  }

  private static Map<String, String> runChild(String mode, String heap, BenchBackend env, String table,
      boolean live, String extraSettings) throws IOException, InterruptedException {
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx" + heap, "-cp", System.getProperty("java.class.path"),
        MemoryProbe.class.getName(), mode, env.backend().endpoint().toString(), env.backend().region(), table,
        live ? "live" : "normal", extraSettings));
    Path err = Files.createTempFile("memory-probe-" + mode, ".log");
    Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
    Map<String, String> result = new HashMap<>();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("RESULT ")) {
          for (String kv : line.substring(7).trim().split(" ")) {
            int eq = kv.indexOf('=');
            result.put(kv.substring(0, eq), kv.substring(eq + 1));
          }
        }
      }
    }
    int exit = p.waitFor();
    String log = Files.readString(err);
    Files.deleteIfExists(err);
    if (exit != 0 || !result.containsKey("items")) {
      String reason = log.contains("OutOfMemoryError") ? "OutOfMemoryError" : "exit " + exit;
      System.err.println(log.length() > 4000 ? log.substring(log.length() - 4000) : log);
      result.clear();
      result.put("error", reason);
    }
    return result;
  }
}
