package io.ddbconnector.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * CPU spent by this JVM (the client side: connector or plain SDK) and by the dynalite server during
 * one measured stretch.
 *
 * <p>Why process CPU: it includes the garbage collector and the JIT, which the connector's allocations
 * cause, and the threads a reader or writer starts and ends inside the stretch (a per-thread sum would
 * lose those). When the throttling proxy runs in this JVM its threads are polled and their CPU is
 * subtracted ({@link #excludeThreadsNamed}); the GC work the proxy causes cannot be separated and stays
 * in, so the rate benchmark's CPU figure is an upper bound.
 */
final class CpuMeter implements AutoCloseable {

  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final long wallStart = System.nanoTime();
  private final long processStart = OS.getProcessCpuTime();
  private final Optional<ProcessHandle> server;
  private final long serverStart;
  private final String excludedPrefix;
  private final Map<Long, long[]> excluded = new HashMap<>(); // id -> {first seen, last seen}
  private final Thread poller;
  private volatile boolean running = true;
  private Result result;

  private CpuMeter(Optional<ProcessHandle> server, String excludedPrefix) {
    this.server = server;
    this.serverStart = serverCpu(server);
    this.excludedPrefix = excludedPrefix;
    if (excludedPrefix != null) {
      pollExcluded();
      poller = new Thread(() -> {
        while (running) {
          pollExcluded();
          try {
            Thread.sleep(100);
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "cpu-meter");
      poller.setDaemon(true);
      poller.start();
    } else {
      poller = null;
    }
  }

  /** Starts measuring; {@code server} is the backend process (its CPU is reported separately). */
  static CpuMeter start(Optional<ProcessHandle> server) {
    return new CpuMeter(server, null);
  }

  /** Starts measuring, leaving out the CPU of this JVM's threads whose names start with the prefix. */
  static CpuMeter excludeThreadsNamed(String prefix, Optional<ProcessHandle> server) {
    return new CpuMeter(server, prefix);
  }

  private synchronized void pollExcluded() {
    if (!THREADS.isThreadCpuTimeSupported()) {
      return;
    }
    for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
      if (info == null || !info.getThreadName().startsWith(excludedPrefix)) {
        continue;
      }
      long cpu = THREADS.getThreadCpuTime(info.getThreadId());
      if (cpu < 0) {
        continue;
      }
      long[] seen = excluded.computeIfAbsent(info.getThreadId(), id -> new long[] {cpu, cpu});
      seen[1] = cpu;
    }
  }

  /** Stops measuring (idempotent) and returns what was spent. */
  synchronized Result stop() {
    if (result == null) {
      running = false;
      long wall = System.nanoTime() - wallStart;
      long process = OS.getProcessCpuTime() - processStart;
      long minus = 0;
      if (excludedPrefix != null) {
        pollExcluded();
        for (long[] seen : excluded.values()) {
          minus += seen[1] - seen[0];
        }
      }
      long serverNanos = server.isPresent() ? serverCpu(server) - serverStart : -1;
      result = new Result(wall, process - minus, minus, serverNanos);
    }
    return result;
  }

  @Override
  public void close() {
    stop();
    if (poller != null) {
      poller.interrupt();
    }
  }

  private static long serverCpu(Optional<ProcessHandle> server) {
    return server.flatMap(p -> p.info().totalCpuDuration()).map(Duration::toNanos).orElse(-1L);
  }

  /** Nanoseconds of wall time and of CPU. {@code serverNanos} is -1 when unknown. */
  record Result(long wallNanos, long clientNanos, long excludedNanos, long serverNanos) {

    double seconds() {
      return wallNanos / 1e9;
    }

    /** Client CPU microseconds per item. */
    double clientMicrosPerItem(long items) {
      return items <= 0 ? Double.NaN : clientNanos / 1e3 / items;
    }

    /** Server CPU microseconds per item, NaN when unknown. */
    double serverMicrosPerItem(long items) {
      return items <= 0 || serverNanos < 0 ? Double.NaN : serverNanos / 1e3 / items;
    }

    /** Average cores the client kept busy. */
    double clientCores() {
      return wallNanos <= 0 ? 0 : (double) clientNanos / wallNanos;
    }
  }
}
