package io.ddbconnector.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Looks for secret values in every record a job leaves: log records (the connector's SLF4J output at every
 * level, captured from {@link #start} to {@link #close} from the backend SLF4J is bound to ({@link LogCapture});
 * java.util.logging records, for code not yet moved to SLF4J; and the lines a test hands in from its
 * engine's logger, {@link #log}), files ({@code job.xml}, event logs, exports; gzip'd or not, a file or a
 * tree) and texts (query output, exception messages and stack traces). The secrets are fake, distinctive
 * values a test configures; {@link #assertClean} fails naming the record that holds one, and also when a kind
 * of record was never scanned (a moved {@code job.xml} must not make the test pass by finding nothing). A value
 * is found without its last character too: binary records (Kryo-serialised plans) mark a string's end in its
 * last byte.
 */
public final class RecordGrep implements AutoCloseable {

  private final List<String> secrets;
  private final Map<String, Integer> scanned = new LinkedHashMap<>();
  private final List<String> findings = new ArrayList<>();
  private final StringBuffer log = new StringBuffer();
  private final Logger root = Logger.getLogger("");
  private final Logger connector = Logger.getLogger("io.ddbconnector");
  private final Level connectorLevel = connector.getLevel();
  private final LogCapture slf4j;
  private final Handler handler = new Handler() {
    private final SimpleFormatter format = new SimpleFormatter();

    @Override
    public void publish(LogRecord r) {
      log(format.format(r));
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
  };

  private RecordGrep(List<String> secrets) {
    List<String> needles = new ArrayList<>();
    for (String s : secrets) {
      if (s.length() < 9) {
        throw new IllegalArgumentException("too short to look for without false matches: " + s);
      }
      needles.add(s.substring(0, s.length() - 1));
    }
    this.secrets = List.copyOf(needles);
    handler.setLevel(Level.ALL);
    root.addHandler(handler);
    connector.setLevel(Level.ALL);
    LogCapture capture = null;
    try {
      capture = LogCapture.start(this::log);
      probe();
    } catch (RuntimeException | Error e) {
      if (capture != null) {
        capture.close();
      }
      root.removeHandler(handler);
      connector.setLevel(connectorLevel);
      throw e;
    }
    slf4j = capture;
  }

  /**
   * Logs one debug line as a connector class would and checks it arrived, so that a grep that sees none of
   * the connector's log cannot pass; the probe line is then forgotten.
   */
  private void probe() {
    String probe = "record-grep probe " + System.nanoTime();
    org.slf4j.LoggerFactory.getLogger(RecordGrep.class).debug(probe);
    if (log.indexOf(probe) < 0) {
      throw new IllegalStateException("the connector's SLF4J debug output is not captured (SLF4J bound to "
          + org.slf4j.LoggerFactory.getILoggerFactory().getClass().getName() + ")");
    }
    log.setLength(0);
  }

  /** Starts capturing the connector's log records; the caller closes it. */
  public static RecordGrep start(String... secrets) {
    return new RecordGrep(List.of(secrets));
  }

  /** A log line from another logger (Log4j, SLF4J), or a console output. */
  public void log(String line) {
    if (line != null && log.length() < 50_000_000) {
      log.append(line).append('\n');
    }
  }

  /** A text a job produced: {@code where} names it in findings and counts it as a record of that kind. */
  public synchronized void text(String kind, String where, String text) {
    scanned.merge(kind, 1, Integer::sum);
    for (String s : secrets) {
      if (text != null && text.contains(s)) {
        findings.add(kind + " " + where + " holds '" + s + "'");
      }
    }
  }

  /** An exception: its messages, causes and stack trace. */
  public void throwable(String where, Throwable t) {
    StringWriter w = new StringWriter();
    t.printStackTrace(new PrintWriter(w));
    text("exception", where, w.toString());
  }

  /** A file (gunzipped when its name ends in {@code .gz}). */
  public void file(String kind, Path file) throws IOException {
    byte[] bytes;
    if (file.getFileName().toString().endsWith(".gz")) {
      try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
        bytes = in.readAllBytes();
      }
    } else {
      bytes = Files.readAllBytes(file);
    }
    text(kind, file.toString(), new String(bytes, StandardCharsets.ISO_8859_1));
  }

  /** Every regular file under {@code dir} that {@code which} accepts; returns how many. */
  public int tree(String kind, Path dir, Predicate<Path> which) throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files = walk.filter(Files::isRegularFile).filter(which).toList();
    }
    for (Path f : files) {
      file(kind, f);
    }
    return files.size();
  }

  /** The captured log so far (for assertions on what was logged). */
  public String logText() {
    return log.toString();
  }

  /** What holds a secret, including the log captured so far. */
  public synchronized List<String> findings() {
    List<String> out = new ArrayList<>(findings);
    String text = log.toString();
    for (String s : secrets) {
      int at = text.indexOf(s);
      if (at >= 0) {
        int from = text.lastIndexOf('\n', at) + 1;
        int to = text.indexOf('\n', at);
        out.add("log line holds '" + s + "': " + text.substring(from, to < 0 ? text.length() : to));
      }
    }
    return out;
  }

  /**
   * Fails when a record holds a secret, or when no record of one of {@code kinds} (besides the log, which must
   * not be empty) was scanned.
   */
  public void assertClean(String... kinds) {
    List<String> problems = new ArrayList<>(findings());
    if (log.length() == 0) {
      problems.add("no log line was captured");
    }
    for (String k : kinds) {
      if (!scanned.containsKey(k)) {
        problems.add("no record of kind '" + k + "' was scanned (scanned: " + scanned + ")");
      }
    }
    if (!problems.isEmpty()) {
      throw new AssertionError(String.join("\n", problems));
    }
  }

  /** How many records of each kind were scanned. */
  public synchronized Map<String, Integer> scanned() {
    return new LinkedHashMap<>(scanned);
  }

  @Override
  public void close() {
    slf4j.close();
    root.removeHandler(handler);
    connector.setLevel(connectorLevel);
  }
}
