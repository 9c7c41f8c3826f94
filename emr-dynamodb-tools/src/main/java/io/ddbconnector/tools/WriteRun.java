package io.ddbconnector.tools;

import io.ddbconnector.conf.ConnectorOptions;
import io.ddbconnector.conf.Settings;
import io.ddbconnector.core.DynamoDBConnector;
import io.ddbconnector.throughput.ConnectorMetrics;
import io.ddbconnector.exceptions.DynamoDBConnectorException;
import io.ddbconnector.write.BatchWriter;
import io.ddbconnector.write.WriteLedger;
import io.ddbconnector.write.WriteSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one import or copy wrote, summed over its writer threads: every writer records its figures in the
 * run's {@link WriteLedger} (each writer a task of its own); when the run fails they are summed into the
 * exit message and a summary file listing every key in doubt or not written, when it succeeds they are
 * deleted.
 *
 * <p>The records go to a new directory {@code <tool>-<yyyyMMdd-HHmmss>-<8 hex>} under
 * {@code dynamodb.write.reportDir} (a local directory; unset: {@code ${java.io.tmpdir}/}{@value #DEFAULT_DIR}).
 * With {@code none} they are kept in memory: the figures are still reported, the keys are not listed.
 *
 * <p>Writers stop together: a worker that fails, or finds that another one has, aborts its writer (queued
 * items are not sent) rather than closing it (which would send them), so nothing is sent once the run has
 * failed and the figures summed afterwards are final.
 */
final class WriteRun {

  private static final Logger LOG = LoggerFactory.getLogger(WriteRun.class);
  /** Where the records go under the system temp directory when {@code dynamodb.write.reportDir} is unset. */
  static final String DEFAULT_DIR = "dynamodb-connector/write-reports";
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);

  private final String tool;
  private final WriteLedger.Store store;
  /** Whether the records (and the summary) are files the user can open. */
  private final boolean onDisk;
  private final AtomicBoolean stop;
  private final AtomicInteger writers = new AtomicInteger();

  private WriteRun(String tool, WriteLedger.Store store, boolean onDisk, AtomicBoolean stop) {
    this.tool = tool;
    this.store = store;
    this.onDisk = onDisk;
    this.stop = stop;
  }

  /**
   * A run of {@code tool} writing with {@code settings}; its workers stop when {@code stop} is set (and set
   * it when they fail). Nothing is created on disk until a writer records.
   */
  static WriteRun start(String tool, Settings settings, AtomicBoolean stop) {
    Path base = baseDir(settings);
    if (base == null) {
      return new WriteRun(tool, new MemoryStore(), false, stop);
    }
    String run = tool + "-" + LocalDateTime.now().format(STAMP) + "-" + UUID.randomUUID().toString().substring(0, 8);
    return new WriteRun(tool, WriteLedger.localDirectory(base.resolve(run)), true, stop);
  }

  /** The directory runs keep their records under; null for {@code none}. */
  static Path baseDir(Settings settings) {
    String key = ConnectorOptions.WRITE_REPORT_DIR.name();
    String dir = settings.find(ConnectorOptions.WRITE_REPORT_DIR).map(String::trim).orElse("");
    if (dir.isEmpty()) {
      return Paths.get(System.getProperty("java.io.tmpdir"), DEFAULT_DIR);
    }
    if (dir.equalsIgnoreCase("none")) {
      return null;
    }
    try {
      if (dir.startsWith("file:")) {
        return Paths.get(URI.create(dir));
      }
      if (!dir.matches("[A-Za-z][A-Za-z0-9+.-]+://.*")) {
        return Paths.get(dir);
      }
    } catch (IllegalArgumentException e) {
      // not a path: said below
    }
    throw new UsageException("--conf " + key + "=" + dir + ": the tools keep their write reports in a local"
        + " directory (a path or a file: URI)");
  }

  /**
   * Opens a writer that records in this run's ledger and gives it to {@code body}; then closes it (sending
   * what is queued) if the run goes on, or aborts it if the run has stopped or {@code body} failed.
   */
  void write(Settings settings, int concurrentTasks, ConnectorMetrics metrics, Consumer<BatchWriter> body) {
    BatchWriter writer = DynamoDBConnector.openWriter(settings, null, concurrentTasks, metrics, newLedger());
    try {
      body.accept(writer);
    } catch (RuntimeException | Error e) {
      stop.set(true);
      writer.abort("this " + tool + " failed: " + e.getMessage());
      throw e;
    }
    if (stop.get()) {
      writer.abort("another writer of this " + tool + " failed");
    } else {
      writer.close();
    }
  }

  /** The record of one more writer: a task of its own, as its items are no other writer's. */
  WriteLedger newLedger() {
    return new WriteLedger(store, null, tool + "-writer-" + writers.incrementAndGet());
  }

  /** After every worker has ended well: the records are not needed. */
  void succeeded() {
    try {
      store.deleteAll();
    } catch (IOException | RuntimeException e) {
      LOG.warn("Could not remove the write reports in " + store.location() + ": " + e);
    }
  }

  /**
   * After every worker has ended and one failed: the run-wide figures in one sentence, with the summary
   * file that lists the keys. {@code confirmedWithoutRecord}: the items confirmed, for when no record can
   * be read.
   */
  String failed(long confirmedWithoutRecord) {
    WriteLedger.Summary s = WriteLedger.finish(store, 0);
    if (s == null) {
      return String.format(Locale.ROOT, "%,d items were confirmed written; no writer's record could be read from"
          + " %s, so the items in doubt are not known.", confirmedWithoutRecord, store.location());
    }
    StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "Across its %d %s: %,d items confirmed"
        + " written, %,d in doubt", s.tasks(), s.tasks() == 1 ? "writer" : "writers", s.confirmed(),
        s.inDoubtCount()));
    if (s.inDoubtCount() > 0) {
      b.append(String.format(Locale.ROOT, " (sent without an answer: the table holds %,d to %,d of this run's"
          + " items)", s.confirmed(), s.atMost()));
    }
    b.append(String.format(Locale.ROOT, ", %,d queued but not written", s.notWrittenKeys().size()));
    if (s.unfinishedAttempts() > 0) {
      b.append(String.format(Locale.ROOT, "; %d writers ended without a final record (counted as of their last"
          + " checkpoint)", s.unfinishedAttempts()));
    }
    if (onDisk) {
      b.append(". Every key in doubt or not written: ").append(summaryFile());
    } else {
      b.append(" (keys not kept: ").append(ConnectorOptions.WRITE_REPORT_DIR.name()).append("=none)");
    }
    return b.append('.').toString();
  }

  /**
   * The line a conditional run ends with: how many items the write condition refused (not written, not an
   * error) and where they were kept; null when the run wrote without a condition.
   */
  static String rejectedLine(Settings settings, ConnectorMetrics metrics) {
    WriteSettings ws = WriteSettings.from(settings);
    if (ws.condition() == null) {
      return null;
    }
    return String.format(Locale.ROOT, "Rejected %,d items by the write condition '%s': not written%s.",
        metrics.itemsRejected(), ws.condition(), metrics.itemsRejected() == 0 ? ""
            : ws.rejectedPath() != null ? "; they are in " + ws.rejectedPath() + "/rejected-*.json"
            : " (--conf " + ConnectorOptions.WRITE_REJECTED_PATH.name() + "=DIR keeps them)");
  }

  /** Where {@link #failed} writes the summary. */
  String summaryFile() {
    return store.location() + "/" + WriteLedger.SUMMARY;
  }

  /**
   * The failure to show the user. A writer's own report begins with its cause's message and goes on with
   * that writer's figures and a partial job-wide count: the run-wide figures of {@link #failed} replace both.
   */
  static String cause(RuntimeException e) {
    Throwable c = e.getCause();
    String message = String.valueOf(e.getMessage());
    if (e instanceof DynamoDBConnectorException && c != null && c.getMessage() != null
        && message.startsWith(c.getMessage()) && message.length() > c.getMessage().length()) {
      return c.getMessage();
    }
    return message;
  }

  /** The store of {@code dynamodb.write.reportDir=none}: the writers are in this JVM. */
  private static final class MemoryStore implements WriteLedger.Store {
    private final Map<String, String> files = new ConcurrentHashMap<>();

    @Override
    public String location() {
      return "memory";
    }

    @Override
    public void put(String name, String text) {
      files.put(name, text);
    }

    @Override
    public Map<String, String> readAll() {
      return new LinkedHashMap<>(files);
    }

    @Override
    public void deleteAll() {
      files.clear();
    }
  }
}
