package io.ddbconnector.tools;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A progress display for long loads, exports and imports. On a terminal it is one line redrawn in
 * place ({@code [#####.....] 52% 52,000/100,000 6,120/s ETA 8 s}); otherwise (a log file, a CI job,
 * a test) it prints a plain line every 10% or every 10 seconds, whichever comes first, so logs stay
 * short. Thread-safe: workers call {@link #add(long)}, or the display reads a counter of its own
 * ({@link #Progress(PrintStream, String, String, long, boolean, LongSupplier)}).
 */
final class Progress implements AutoCloseable {

  private static final int BAR_WIDTH = 30;
  private static final long TTY_REFRESH_MS = 200;
  private static final long LOG_REFRESH_MS = 10_000;

  private final PrintStream out;
  private final String label;
  private final String unit;
  private final long total;
  private final boolean tty;
  private final long startNanos = System.nanoTime();
  private final AtomicLong added = new AtomicLong();
  /** What is shown: {@link #added}, or a counter of the caller's. */
  private final LongSupplier count;
  private final boolean ownCounter;
  private final ScheduledExecutorService ticker;
  private long lastLogNanos = startNanos;
  private int lastLoggedDecile;
  private int lastWidth;
  private boolean closed;

  /**
   * @param total the expected count, or 0 when unknown (then no bar or ETA is shown)
   * @param tty whether {@code out} is a terminal (see {@link #isTerminal(PrintStream)})
   */
  public Progress(PrintStream out, String label, String unit, long total, boolean tty) {
    this(out, label, unit, total, tty, null);
  }

  /**
   * A display of {@code count} rather than of what {@link #add} is given: for writes, the items the service
   * confirmed. Counting items as they are queued runs ahead of the table, and after a failure the last line
   * would claim items that were never written.
   *
   * @param count read on every refresh and for the final line; null: the sum of {@link #add}
   */
  public Progress(PrintStream out, String label, String unit, long total, boolean tty, LongSupplier count) {
    this.out = out;
    this.count = count != null ? count : added::get;
    this.ownCounter = count != null;
    this.label = label;
    this.unit = unit;
    this.total = Math.max(0, total);
    this.tty = tty;
    this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "progress");
      t.setDaemon(true);
      return t;
    });
    long period = tty ? TTY_REFRESH_MS : 1_000;
    ticker.scheduleAtFixedRate(this::tick, period, period, TimeUnit.MILLISECONDS);
  }

  /** Whether {@code out} is the JVM's stdout and stdout is an interactive terminal. */
  public static boolean isTerminal(PrintStream out) {
    return out == System.out && System.console() != null && System.getenv("NO_PROGRESS_BAR") == null;
  }

  public void add(long n) {
    if (ownCounter) {
      throw new IllegalStateException("this progress display reads its own counter");
    }
    added.addAndGet(n);
  }

  public long done() {
    return count.getAsLong();
  }

  public double elapsedSeconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private synchronized void tick() {
    if (closed) {
      return;
    }
    if (tty) {
      draw(line(false));
      return;
    }
    long now = System.nanoTime();
    long d = done();
    int decile = total > 0 ? (int) Math.min(10, d * 10 / total) : 0;
    if (decile > lastLoggedDecile || now - lastLogNanos >= TimeUnit.MILLISECONDS.toNanos(LOG_REFRESH_MS)) {
      if (decile < 10) {
        out.println(line(false));
        out.flush();
      }
      lastLoggedDecile = Math.max(lastLoggedDecile, decile);
      lastLogNanos = now;
    }
  }

  private void draw(String line) {
    StringBuilder sb = new StringBuilder("\r").append(line);
    for (int i = line.length(); i < lastWidth; i++) {
      sb.append(' ');
    }
    lastWidth = line.length();
    out.print(sb);
    out.flush();
  }

  private String line(boolean finished) {
    long d = done();
    double secs = Math.max(1e-3, elapsedSeconds());
    double rate = d / secs;
    StringBuilder sb = new StringBuilder(label).append("  ");
    if (total > 0 && d <= total) { // an estimated total (e.g. DescribeTable's item count) may be exceeded
      double fraction = Math.min(1.0, (double) d / total);
      if (tty) {
        int filled = (int) Math.round(fraction * BAR_WIDTH);
        sb.append('[').append("#".repeat(filled)).append(".".repeat(BAR_WIDTH - filled)).append("] ");
      }
      sb.append(String.format(Locale.ROOT, "%3d%%  %,d/%,d %s", (int) Math.floor(fraction * 100), d, total, unit));
    } else {
      sb.append(String.format(Locale.ROOT, "%,d %s", d, unit));
    }
    sb.append(String.format(Locale.ROOT, "  %,.0f/s", rate));
    if (finished) {
      sb.append(String.format(Locale.ROOT, "  in %.1f s", secs));
    } else if (total > 0 && d > 0 && d < total && !finished) {
      sb.append(String.format(Locale.ROOT, "  ETA %.0f s", (total - d) / Math.max(rate, 1e-9)));
    }
    return sb.toString();
  }

  /** Stops refreshing and prints the final line. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    ticker.shutdownNow();
    if (tty) {
      draw(line(true));
      out.println();
    } else {
      out.println(line(true));
    }
    out.flush();
  }
}
