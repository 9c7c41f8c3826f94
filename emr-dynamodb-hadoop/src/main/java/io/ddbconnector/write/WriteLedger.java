package io.ddbconnector.write;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The record of one write job that outlives its task attempts: every writer of the job keeps a
 * {@link WriteReport} of its attempt in one place (a directory on a file system all tasks and the driver
 * see), so that when the job fails the user learns how many items the whole job wrote, counting the
 * attempts the engine gave up on, and which keys are in doubt. Engines drop the counters and accumulators of
 * failed attempts; this record does not depend on them, nor on the table's endpoint being up.
 *
 * <p>Attempts of one task write the same items (puts and deletes are idempotent), so a task counts once: at
 * least the most any of its attempts confirmed, at most the most any confirmed or left in doubt.
 *
 * <p>Where the record lives is the engine binding's choice ({@link Store}): a Hadoop file system for the
 * MapReduce, Spark and Hive bindings, a local directory for the tools. A ledger that cannot be written costs
 * the figures, never the job: failures to record are logged once.
 */
public final class WriteLedger {

  private static final Logger LOG = LoggerFactory.getLogger(WriteLedger.class);
  /** The file the summary and every in-doubt and unwritten key are written to. */
  public static final String SUMMARY = "summary.txt";
  private static final String REPORT_SUFFIX = ".report";

  /** Where a job's reports are kept: one directory per job. */
  public interface Store {
    /** The directory, as the user would type it (a path or URI). */
    String location();

    /** Replaces the named file's content (atomically where the file system allows). */
    void put(String name, String text) throws IOException;

    /** Every file's content by name; empty when the directory does not exist. */
    Map<String, String> readAll() throws IOException;

    /** Removes the directory and everything in it. */
    void deleteAll() throws IOException;

    /** A new file (replacing one of that name) to write as a stream; the directory is made when missing. */
    default java.io.OutputStream create(String name) throws IOException {
      throw new UnsupportedOperationException("cannot stream to files in " + location());
    }
  }

  private final Store store;
  private final String task;
  private final String attempt;
  private final String name;
  private volatile boolean warned;

  /**
   * One attempt's view of the job's record.
   *
   * @param task the engine's id of the task (attempts of one task write the same items); null: the attempt
   * @param attempt the engine's id of this attempt (a file name is made from it); null: a new random id
   */
  public WriteLedger(Store store, String task, String attempt) {
    this.store = store;
    this.attempt = attempt != null ? attempt : "writer-" + java.util.UUID.randomUUID();
    this.task = task != null ? task : this.attempt;
    this.name = this.attempt.replaceAll("[^A-Za-z0-9._-]", "_") + REPORT_SUFFIX;
  }

  public Store store() {
    return store;
  }

  public String task() {
    return task;
  }

  public String attempt() {
    return attempt;
  }

  /** Records this attempt's state now (see {@link WriteReport}). */
  public void record(String table, WriteReport.State state, long confirmed, String failure, List<String> inDoubt,
      List<String> notWritten) {
    record(table, state, confirmed, failure, inDoubt, notWritten, 0);
  }

  /** Records this attempt's state now, with the items the write condition refused. */
  public void record(String table, WriteReport.State state, long confirmed, String failure, List<String> inDoubt,
      List<String> notWritten, long rejected) {
    record(new WriteReport(table, task, attempt, state, confirmed, System.currentTimeMillis(), failure, inDoubt,
        notWritten, rejected));
  }

  /** Keeps {@code report} as this attempt's record, replacing the previous one. */
  public void record(WriteReport report) {
    try {
      store.put(name, report.encode());
    } catch (IOException | RuntimeException e) {
      if (!warned) {
        warned = true;
        LOG.warn("Could not record this write attempt's figures in " + store.location()
            + "; the job's failure report will not count them: " + e, e);
      }
    }
  }

  /** The job's figures from every attempt recorded so far; null when the record cannot be read. */
  public Summary summary() {
    try {
      return summarize(store);
    } catch (IOException | RuntimeException e) {
      LOG.warn("Could not read the write reports in " + store.location() + ": " + e, e);
      return null;
    }
  }

  /** Reads every attempt's report in {@code store}. */
  public static Summary summarize(Store store) throws IOException {
    List<WriteReport> reports = new ArrayList<>();
    for (Map.Entry<String, String> e : store.readAll().entrySet()) {
      if (e.getKey().endsWith(REPORT_SUFFIX)) {
        reports.add(WriteReport.decode(e.getValue(), store.location() + "/" + e.getKey()));
      }
    }
    return new Summary(store.location(), reports);
  }

  /**
   * Items confirmed so far by the jobs recording under the local directory {@code root} (one directory per
   * job, as {@code dynamodb.write.reportDir} holds them): for watching a running write. 0 while there is
   * nothing to read, or when a record is being replaced.
   */
  public static long confirmedUnder(Path root) {
    if (!Files.isDirectory(root)) {
      return 0;
    }
    long n = 0;
    try (DirectoryStream<Path> jobs = Files.newDirectoryStream(root, Files::isDirectory)) {
      for (Path job : jobs) {
        n += summarize(localDirectory(job)).confirmed();
      }
      return n;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /**
   * Sums the job's reports, writes them with every in-doubt and unwritten key to {@value #SUMMARY} in the
   * store, and returns the summary; null when there is nothing to read. For the driver side of an engine
   * once the job has failed: attempts still writing (an engine may report the failure before its other tasks
   * have stopped) are given up to {@code waitMs} to record how they ended.
   */
  public static Summary finish(Store store, long waitMs) {
    try {
      long deadline = System.currentTimeMillis() + waitMs;
      Summary s = summarize(store);
      while (s.unfinishedAttempts() > 0 && System.currentTimeMillis() < deadline) {
        Thread.sleep(200);
        s = summarize(store);
      }
      if (s.attempts() == 0) {
        return null;
      }
      store.put(SUMMARY, s.fullText());
      return s;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } catch (IOException | RuntimeException e) {
      LOG.warn("Could not read the write reports in " + store.location() + ": " + e, e);
      return null;
    }
  }

  /** The job's figures, summed over its tasks. Immutable. */
  public static final class Summary {
    private final String location;
    private final List<WriteReport> reports;
    private final long atLeast;
    private final long atMost;
    private final int tasks;
    private final int failedAttempts;
    private final int unfinished;
    private final long rejected;
    private final Set<String> inDoubt = new LinkedHashSet<>();
    private final Set<String> notWritten = new LinkedHashSet<>();

    Summary(String location, List<WriteReport> reports) {
      this.location = location;
      this.reports = List.copyOf(reports);
      Map<String, long[]> byTask = new LinkedHashMap<>();
      int failed = 0;
      int running = 0;
      for (WriteReport r : reports) {
        long[] t = byTask.computeIfAbsent(r.task(), k -> new long[3]);
        t[0] = Math.max(t[0], r.confirmed());
        t[1] = Math.max(t[1], r.confirmed() + r.inDoubt().size());
        t[2] = Math.max(t[2], r.rejected());
        inDoubt.addAll(r.inDoubt());
        if (r.state() == WriteReport.State.FAILED) {
          failed++;
        } else if (r.state() == WriteReport.State.RUNNING) {
          running++;
        }
      }
      for (WriteReport r : reports) {
        for (String k : r.notWritten()) {
          if (!inDoubt.contains(k)) {
            notWritten.add(k);
          }
        }
      }
      long lo = 0;
      long hi = 0;
      long refused = 0;
      for (long[] t : byTask.values()) {
        lo += t[0];
        hi += t[1];
        refused += t[2];
      }
      this.rejected = refused;
      this.atLeast = lo;
      this.atMost = hi;
      this.tasks = byTask.size();
      this.failedAttempts = failed;
      this.unfinished = running;
    }

    /** Items of this job the service confirmed: the table holds at least these. */
    public long confirmed() { return atLeast; }
    /** Confirmed plus in doubt: the table holds at most these of this job's items. */
    public long atMost() { return atMost; }
    /** Items sent without an answer, summed over tasks. */
    public long inDoubtCount() { return atMost - atLeast; }
    public Set<String> inDoubtKeys() { return java.util.Collections.unmodifiableSet(inDoubt); }
    public Set<String> notWrittenKeys() { return java.util.Collections.unmodifiableSet(notWritten); }
    public int tasks() { return tasks; }
    /**
     * Items the write condition refused, counted per task as the most any attempt of it reported (a task's
     * attempts write the same items; a replayed attempt may see its own earlier writes refused).
     */
    public long rejected() { return rejected; }
    public int attempts() { return reports.size(); }
    public int failedAttempts() { return failedAttempts; }
    /** Attempts whose last record is a checkpoint: still running, or ended without a final record. */
    public int unfinishedAttempts() { return unfinished; }
    public String location() { return location; }
    public List<WriteReport> reports() { return reports; }

    /** One line for an error message. */
    public String describe() {
      StringBuilder b = new StringBuilder();
      b.append(String.format(Locale.ROOT, "%,d", atLeast)).append(" items confirmed written");
      if (atMost > atLeast) {
        b.append(String.format(Locale.ROOT, ", %,d more in doubt (the table holds %,d to %,d of them)",
            atMost - atLeast, atLeast, atMost));
      }
      if (rejected > 0) {
        b.append(String.format(Locale.ROOT, ", %,d rejected by the condition", rejected));
      }
      b.append(" by ").append(tasks).append(tasks == 1 ? " task" : " tasks").append(" in ").append(reports.size())
          .append(reports.size() == 1 ? " attempt" : " attempts");
      if (failedAttempts > 0) {
        b.append(" (").append(failedAttempts).append(" failed)");
      }
      if (unfinished > 0) {
        b.append("; ").append(unfinished).append(unfinished == 1 ? " attempt" : " attempts")
            .append(" still writing or ended without a final record (counted as of their last checkpoint)");
      }
      if (!notWritten.isEmpty()) {
        b.append(String.format(Locale.ROOT, "; %,d queued items known not written", notWritten.size()));
      }
      return b.toString();
    }

    /** The summary file's text: the figures, then every in-doubt and unwritten key. */
    String fullText() {
      StringBuilder b = new StringBuilder("DynamoDB connector write summary\n");
      b.append(describe()).append('\n');
      b.append("confirmed=").append(atLeast).append('\n');
      b.append("atMost=").append(atMost).append('\n');
      for (WriteReport r : reports) {
        b.append("attempt ").append(r.attempt()).append(" of task ").append(r.task()).append(": ").append(r.state())
            .append(", confirmed ").append(r.confirmed()).append(", in doubt ").append(r.inDoubt().size());
        if (r.failure() != null) {
          b.append(", failure: ").append(r.failure());
        }
        b.append('\n');
      }
      b.append("# keys in doubt (sent without an answer; each may or may not be in the table)\n");
      for (String k : inDoubt) {
        b.append("doubt\t").append(k).append('\n');
      }
      b.append("# keys known not written (queued, never sent or refused); items the tasks never reached are not listed\n");
      for (String k : notWritten) {
        b.append("notWritten\t").append(k).append('\n');
      }
      return b.toString();
    }
  }

  /** A store in a local directory. */
  public static Store localDirectory(Path dir) {
    return new Store() {
      @Override
      public String location() {
        return dir.toAbsolutePath().toString();
      }

      @Override
      public void put(String file, String text) throws IOException {
        Files.createDirectories(dir);
        Path tmp = dir.resolve("." + file + ".tmp");
        Files.write(tmp, text.getBytes(StandardCharsets.UTF_8));
        Files.move(tmp, dir.resolve(file), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      }

      @Override
      public Map<String, String> readAll() throws IOException {
        Map<String, String> all = new LinkedHashMap<>();
        if (!Files.isDirectory(dir)) {
          return all;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
          for (Path f : files) {
            String n = f.getFileName().toString();
            if (!n.startsWith(".") && Files.isRegularFile(f)) {
              all.put(n, new String(Files.readAllBytes(f), StandardCharsets.UTF_8));
            }
          }
        }
        return all;
      }

      @Override
      public java.io.OutputStream create(String file) throws IOException {
        Files.createDirectories(dir);
        return Files.newOutputStream(dir.resolve(file));
      }

      @Override
      public void deleteAll() throws IOException {
        if (!Files.isDirectory(dir)) {
          return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
          for (Path f : files) {
            Files.deleteIfExists(f);
          }
        } catch (UncheckedIOException e) {
          throw e.getCause();
        }
        Files.deleteIfExists(dir);
      }
    };
  }
}
