package io.ddbconnector.write;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What one attempt of one writing task has done to the table, as its writer knows it: how many items the
 * service confirmed, which keys were sent without an answer (in doubt: they may or may not be in the table),
 * and which queued keys were never sent or were refused. Kept in the {@link WriteLedger} so that the job's
 * figures survive the attempt: engines drop the counters of failed attempts.
 *
 * <p>Stored as text: a header line, {@code name=value} lines, then one {@code doubt\t<key>} or
 * {@code notWritten\t<key>} line per key (DynamoDB JSON, one line each). Immutable.
 */
public final class WriteReport {

  static final String HEADER = "dynamodb-connector write report v1";

  /** Where the attempt stands. */
  public enum State {
    /** A checkpoint of an attempt still writing: its figures were true when it was made. */
    RUNNING,
    /** Every item the attempt was given is confirmed written. */
    SUCCEEDED,
    /** The attempt stopped its batches after a failure, then counted. */
    FAILED
  }

  private final String table;
  private final String task;
  private final String attempt;
  private final State state;
  private final long confirmed;
  private final long updatedMs;
  private final String failure;
  private final List<String> inDoubt;
  private final List<String> notWritten;
  private final long rejected;

  /**
   * @param inDoubt keys (DynamoDB JSON) sent without an answer
   * @param notWritten keys (DynamoDB JSON) that were queued or sent and are known not to be written
   */
  public WriteReport(String table, String task, String attempt, State state, long confirmed, long updatedMs,
      String failure, List<String> inDoubt, List<String> notWritten) {
    this(table, task, attempt, state, confirmed, updatedMs, failure, inDoubt, notWritten, 0);
  }

  /** @param rejected items the write condition refused (not written, not an error) */
  public WriteReport(String table, String task, String attempt, State state, long confirmed, long updatedMs,
      String failure, List<String> inDoubt, List<String> notWritten, long rejected) {
    this.rejected = rejected;
    this.table = table;
    this.task = task;
    this.attempt = attempt;
    this.state = state;
    this.confirmed = confirmed;
    this.updatedMs = updatedMs;
    this.failure = failure == null ? null : oneLine(failure);
    this.inDoubt = Collections.unmodifiableList(new ArrayList<>(inDoubt));
    this.notWritten = Collections.unmodifiableList(new ArrayList<>(notWritten));
  }

  public String table() { return table; }
  /** The task this attempt ran: attempts of one task write the same items. */
  public String task() { return task; }
  public String attempt() { return attempt; }
  public State state() { return state; }
  public long confirmed() { return confirmed; }
  public long updatedMs() { return updatedMs; }
  /** The failure's message, or null. */
  public String failure() { return failure; }
  public List<String> inDoubt() { return inDoubt; }
  public List<String> notWritten() { return notWritten; }
  /** Items the write condition refused. */
  public long rejected() { return rejected; }

  String encode() {
    StringBuilder b = new StringBuilder(HEADER).append('\n');
    b.append("table=").append(oneLine(table)).append('\n');
    b.append("task=").append(oneLine(task)).append('\n');
    b.append("attempt=").append(oneLine(attempt)).append('\n');
    b.append("state=").append(state).append('\n');
    b.append("confirmed=").append(confirmed).append('\n');
    b.append("updatedMs=").append(updatedMs).append('\n');
    if (rejected > 0) {
      b.append("rejected=").append(rejected).append('\n');
    }
    if (failure != null) {
      b.append("failure=").append(failure).append('\n');
    }
    for (String k : inDoubt) {
      b.append("doubt\t").append(oneLine(k)).append('\n');
    }
    for (String k : notWritten) {
      b.append("notWritten\t").append(oneLine(k)).append('\n');
    }
    return b.toString();
  }

  /** Parses what {@link #encode()} made; {@code source} names the record in the error. */
  static WriteReport decode(String text, String source) {
    String[] lines = text.split("\n");
    if (lines.length == 0 || !lines[0].equals(HEADER)) {
      throw new IllegalArgumentException("Not a connector write report: " + source);
    }
    String table = null;
    String task = null;
    String attempt = null;
    State state = null;
    long confirmed = -1;
    long updated = 0;
    String failure = null;
    long rejected = 0;
    List<String> doubt = new ArrayList<>();
    List<String> notWritten = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      String l = lines[i];
      if (l.startsWith("doubt\t")) {
        doubt.add(l.substring(6));
      } else if (l.startsWith("notWritten\t")) {
        notWritten.add(l.substring(11));
      } else if (l.startsWith("table=")) {
        table = l.substring(6);
      } else if (l.startsWith("task=")) {
        task = l.substring(5);
      } else if (l.startsWith("attempt=")) {
        attempt = l.substring(8);
      } else if (l.startsWith("state=")) {
        state = State.valueOf(l.substring(6));
      } else if (l.startsWith("confirmed=")) {
        confirmed = Long.parseLong(l.substring(10));
      } else if (l.startsWith("updatedMs=")) {
        updated = Long.parseLong(l.substring(10));
      } else if (l.startsWith("rejected=")) {
        rejected = Long.parseLong(l.substring(9));
      } else if (l.startsWith("failure=")) {
        failure = l.substring(8);
      }
    }
    if (task == null || attempt == null || state == null || confirmed < 0) {
      throw new IllegalArgumentException("Incomplete connector write report: " + source);
    }
    return new WriteReport(table, task, attempt, state, confirmed, updated, failure, doubt, notWritten, rejected);
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.replace('\n', ' ').replace('\r', ' ');
  }
}
