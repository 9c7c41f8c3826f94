package io.ddbconnector.streams;

import java.io.Serializable;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a reader of a table's DynamoDB stream stands: for every shard it knows, the sequence number of the
 * last record taken (none yet: the shard is read from its trim horizon) and whether the shard is done (closed
 * and read to its end). Immutable; its JSON form ({@link #json()}) is what an engine keeps in its checkpoint,
 * so a restarted query resumes exactly after the last committed record.
 */
public final class StreamPosition implements Serializable {
  private static final long serialVersionUID = 1L;

  /** One shard's position. */
  public static final class Shard implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String after;
    private final boolean done;

    public Shard(String after, boolean done) {
      this.after = after;
      this.done = done;
    }

    /** The sequence number of the last record taken, or null for none (start at the trim horizon). */
    public String after() {
      return after;
    }

    /** Whether the shard is closed and every record of it was taken. */
    public boolean done() {
      return done;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Shard && Objects.equals(after, ((Shard) o).after) && done == ((Shard) o).done;
    }

    @Override
    public int hashCode() {
      return Objects.hash(after, done);
    }

    @Override
    public String toString() {
      return (after == null ? "start" : "after " + after) + (done ? ", done" : "");
    }
  }

  private final String streamArn;
  private final Map<String, Shard> shards;

  public StreamPosition(String streamArn, Map<String, Shard> shards) {
    this.streamArn = Objects.requireNonNull(streamArn, "streamArn");
    this.shards = Collections.unmodifiableMap(new TreeMap<>(shards));
  }

  public String streamArn() {
    return streamArn;
  }

  /** Shard id → position, in shard id order. */
  public Map<String, Shard> shards() {
    return shards;
  }

  public Shard shard(String shardId) {
    return shards.get(shardId);
  }

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.:/\\-]+");

  /** {@code {"stream":"arn","shards":{"id":{"after":"123","done":false},...}}}. */
  public String json() {
    StringBuilder sb = new StringBuilder("{\"stream\":\"").append(check(streamArn)).append("\",\"shards\":{");
    boolean first = true;
    for (Map.Entry<String, Shard> e : shards.entrySet()) {
      sb.append(first ? "" : ",").append('"').append(check(e.getKey())).append("\":{\"after\":");
      Shard s = e.getValue();
      sb.append(s.after == null ? "null" : "\"" + check(s.after) + "\"").append(",\"done\":").append(s.done)
          .append('}');
      first = false;
    }
    return sb.append("}}").toString();
  }

  private static String check(String s) {
    if (!ID.matcher(s).matches()) {
      throw new IllegalArgumentException("Unexpected characters in a stream position value: '" + s + "'");
    }
    return s;
  }

  private static final Pattern WHOLE = Pattern.compile(
      "\\s*\\{\\s*\"stream\"\\s*:\\s*\"([^\"]*)\"\\s*,\\s*\"shards\"\\s*:\\s*\\{(.*)}\\s*}\\s*", Pattern.DOTALL);
  private static final Pattern ONE = Pattern.compile(
      "\\s*\"([^\"]+)\"\\s*:\\s*\\{\\s*\"after\"\\s*:\\s*(null|\"[^\"]*\")\\s*,\\s*\"done\"\\s*:\\s*(true|false)\\s*}\\s*,?");

  /** The inverse of {@link #json()}; names what it could not read. */
  public static StreamPosition parse(String json) {
    Matcher m = WHOLE.matcher(json);
    if (!m.matches()) {
      throw new IllegalArgumentException("Not a DynamoDB stream position: " + json);
    }
    Map<String, Shard> shards = new TreeMap<>();
    String body = m.group(2);
    Matcher one = ONE.matcher(body);
    int at = 0;
    while (at < body.length() && one.find(at) && one.start() == at) {
      String after = one.group(2).equals("null") ? null : one.group(2).substring(1, one.group(2).length() - 1);
      shards.put(one.group(1), new Shard(after, Boolean.parseBoolean(one.group(3))));
      at = one.end();
    }
    if (!body.substring(at).isBlank()) {
      throw new IllegalArgumentException("Not a DynamoDB stream position (at '" + body.substring(at) + "'): " + json);
    }
    return new StreamPosition(m.group(1), shards);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StreamPosition && streamArn.equals(((StreamPosition) o).streamArn)
        && shards.equals(((StreamPosition) o).shards);
  }

  @Override
  public int hashCode() {
    return Objects.hash(streamArn, shards);
  }

  @Override
  public String toString() {
    return json();
  }
}
