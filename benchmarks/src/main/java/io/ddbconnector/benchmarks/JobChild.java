package io.ddbconnector.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The child JVM of the {@code jobs} benchmark: one variant (raw SDK, this project's connector or the
 * reference connector) runs one job (read or copy) twice in a fresh JVM, the first run cold, the second
 * warm, and prints one {@code RESULT} line per run. Started by {@link JobsBenchmark} on the variant's own
 * classpath: this class only touches the JDK, so it loads the same way on each; the job itself is in
 * {@link RawJob} (the SDK only) or {@link MapReduceJob} (Hadoop only, the connector's formats named in the
 * job configuration).
 *
 * <p>Why measure here: only the child knows when its job was submitted and finished. Its process CPU comes
 * from the JVM (GC, JIT and every thread included); the server's from {@code /proc/<pid>/stat} of the
 * dynalite process (utime + stime), read at submission and at completion.
 *
 * <p>Arguments, {@code key=value}: {@code variant} (raw, ours, reference), {@code job} (read, copy),
 * {@code endpoint}, {@code region}, {@code source}, {@code targets} (copy: one empty table per run,
 * comma-separated), {@code segments}, {@code slots} (map slots; default: segments), {@code serverPid},
 * {@code spawnMillis} (the parent's clock when it
 * started this JVM), {@code runs}, and {@code conf.<key>=<value>} for the job configuration.
 */
public final class JobChild {

  /** USER_HZ: /proc reports CPU in clock ticks of 1/100 s on Linux. */
  private static final long NANOS_PER_TICK = 10_000_000L;

  private JobChild() {}

  /** What one run of a job did; for a MapReduce job also its first map start and last map end (nanoTime). */
  record Outcome(long itemsRead, long itemsWritten, long firstMapStart, long lastMapEnd) {}

  public static void main(String[] args) throws Exception {
    Map<String, String> a = new LinkedHashMap<>();
    Map<String, String> conf = new LinkedHashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      String key = arg.substring(0, eq);
      if (key.startsWith("conf.")) {
        conf.put(key.substring(5), arg.substring(eq + 1));
      } else {
        a.put(key, arg.substring(eq + 1));
      }
    }
    String variant = a.get("variant");
    String job = a.get("job");
    int segments = Integer.parseInt(a.get("segments"));
    // the rate benchmark runs more maps (segments) than slots, as its in-process LocalJobRunner rows do
    int slots = Integer.parseInt(a.getOrDefault("slots", a.get("segments")));
    int runs = Integer.parseInt(a.getOrDefault("runs", "2"));
    long serverPid = Long.parseLong(a.getOrDefault("serverPid", "-1"));
    long spawnMillis = Long.parseLong(a.get("spawnMillis"));
    List<String> targets = a.containsKey("targets") ? List.of(a.get("targets").split(",")) : List.of();
    Path scratch = Files.createTempDirectory("ddb-bench-job");
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    for (int run = 0; run < runs; run++) {
      String target = job.equals("copy") ? targets.get(run) : null;
      long serverBefore = serverTicks(serverPid);
      long cpuBefore = os.getProcessCpuTime();
      long start = System.nanoTime();
      Outcome o = variant.equals("raw")
          ? RawJob.run(job, a.get("endpoint"), a.get("region"), a.get("source"), target, segments)
          : MapReduceJob.run(job, conf, target, slots, scratch.resolve("run" + run));
      long end = System.nanoTime();
      long wall = end - start;
      long cpuAfter = os.getProcessCpuTime();
      long serverAfter = serverTicks(serverPid);
      long sinceSpawn = System.currentTimeMillis() - spawnMillis;
      System.out.printf(Locale.ROOT, "RESULT run=%s read=%d written=%d wallNanos=%d cpuNanos=%d cpuSinceStartNanos=%d"
          + " sinceSpawnMillis=%d serverNanos=%d setupNanos=%d tasksNanos=%d heapUsedMb=%d%n", run == 0 ? "cold" : "warm",
          o.itemsRead(),
          o.itemsWritten(), wall, cpuAfter - cpuBefore, cpuAfter, run == 0 ? sinceSpawn : -1,
          serverBefore < 0 || serverAfter < 0 ? -1 : (serverAfter - serverBefore) * NANOS_PER_TICK,
          o.lastMapEnd() > 0 ? o.firstMapStart() - start : -1, o.lastMapEnd() > 0 ? o.lastMapEnd() - o.firstMapStart() : -1,
          (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);
      System.out.flush();
    }
    deleteRecursively(scratch);
    // the LocalJobRunner and the SDK leave non-daemon threads behind
    System.exit(0);
  }

  /** utime + stime of {@code pid} in clock ticks, or -1 when unknown (not Linux, no such process). */
  static long serverTicks(long pid) {
    if (pid < 0) {
      return -1;
    }
    try {
      String stat = Files.readString(Paths.get("/proc/" + pid + "/stat"), StandardCharsets.US_ASCII);
      // the command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
      // f[0] is field 3 (state): utime is field 14, stime field 15
      return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    List<Path> all = new ArrayList<>();
    try (var s = Files.walk(dir)) {
      s.forEach(all::add);
    }
    for (int i = all.size() - 1; i >= 0; i--) {
      Files.deleteIfExists(all.get(i));
    }
  }
}
