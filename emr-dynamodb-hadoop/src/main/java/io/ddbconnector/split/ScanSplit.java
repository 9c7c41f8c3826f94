package io.ddbconnector.split;

import io.ddbconnector.split.KeyQuery;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One unit of parallel reading: some segments of a parallel scan of one table. Immutable; serialisable
 * both by Java serialisation (Spark) and by {@link #write}/{@link #read} (Hadoop's Writable splits).
 *
 * <p>It carries what a task needs without asking the service again: the table's key attributes, the
 * job's whole read rate, the planned share of one task ({@code taskReadRate}, the job's rate divided by
 * the planned concurrency; used when the live share is off or unavailable), and the job's identity
 * ({@code group}, stamped at planning), under which the tasks of the job find each other to share the
 * rate among those running.
 */
public final class ScanSplit implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String tableName;
  private final int splitIndex;
  private final int[] segments;
  private final int totalSegments;
  private final long estimatedBytes;
  private final long estimatedItems;
  private final int concurrency;
  private final List<String> keyNames;
  private final KeyQuery query;
  private final double jobReadRate;
  private final String group;
  private final ReadExpressions expressions;

  /**
   * A split that runs {@code query} (a Query) instead of scanning segments when it is not null.
   *
   * @param jobReadRate the whole job's read rate (units/s)
   * @param group the job's identity for sharing the rate live, or null
   */
  public ScanSplit(String tableName, int splitIndex, int[] segments, int totalSegments, long estimatedBytes,
      long estimatedItems, int concurrency, List<String> keyNames, KeyQuery query, double jobReadRate,
      String group) {
    this(tableName, splitIndex, segments, totalSegments, estimatedBytes, estimatedItems, concurrency, keyNames, query,
        jobReadRate, group, null);
  }

  /** @param expressions the projection and filter the plan chose, or null to take them from the settings */
  public ScanSplit(String tableName, int splitIndex, int[] segments, int totalSegments, long estimatedBytes,
      long estimatedItems, int concurrency, List<String> keyNames, KeyQuery query, double jobReadRate,
      String group, ReadExpressions expressions) {
    this.expressions = expressions;
    this.tableName = Objects.requireNonNull(tableName);
    this.splitIndex = splitIndex;
    this.segments = segments.clone();
    this.totalSegments = totalSegments;
    this.estimatedBytes = estimatedBytes;
    this.estimatedItems = estimatedItems;
    this.concurrency = concurrency;
    this.keyNames = Collections.unmodifiableList(new ArrayList<>(keyNames));
    this.query = query;
    this.jobReadRate = jobReadRate;
    this.group = group;
    for (int s : segments) {
      if (s < 0 || s >= totalSegments) {
        throw new IllegalArgumentException("segment " + s + " out of range 0.." + (totalSegments - 1));
      }
    }
  }

  public String tableName() { return tableName; }
  public int splitIndex() { return splitIndex; }
  public int[] segments() { return segments.clone(); }
  public int segmentCount() { return segments.length; }
  public int segment(int i) { return segments[i]; }
  public int totalSegments() { return totalSegments; }
  /** Estimated table bytes in this split, at least 1 (schedulers dislike zero-length splits). */
  public long estimatedBytes() { return estimatedBytes; }
  public long estimatedItems() { return estimatedItems; }
  public int concurrency() { return concurrency; }
  /** The planned share of one task: the job's rate over the planned concurrency. */
  public double taskReadRate() { return jobReadRate / Math.max(1, concurrency); }
  public List<String> keyNames() { return keyNames; }
  /** The Query this split runs, or null for a scan of its segments. */
  public KeyQuery query() { return query; }
  /** The whole job's read rate, units per second. */
  public double jobReadRate() { return jobReadRate; }
  /** The job's identity for the live share, or null. */
  public String group() { return group; }
  /** The plan's projection and filter, or null: the read's settings say. */
  public ReadExpressions expressions() { return expressions; }

  /** This split sending the plan's projection and filter. */
  public ScanSplit withExpressions(ReadExpressions e) {
    return new ScanSplit(tableName, splitIndex, segments, totalSegments, estimatedBytes, estimatedItems, concurrency,
        keyNames, query, jobReadRate, group, e);
  }

  public void write(DataOutput out) throws IOException {
    out.writeUTF(tableName);
    out.writeInt(splitIndex);
    out.writeInt(segments.length);
    for (int s : segments) {
      out.writeInt(s);
    }
    out.writeInt(totalSegments);
    out.writeLong(estimatedBytes);
    out.writeLong(estimatedItems);
    out.writeInt(concurrency);
    out.writeInt(keyNames.size());
    for (String k : keyNames) {
      out.writeUTF(k);
    }
    out.writeBoolean(query != null);
    if (query != null) {
      query.write(out);
    }
    out.writeDouble(jobReadRate);
    out.writeBoolean(group != null);
    if (group != null) {
      out.writeUTF(group);
    }
    out.writeBoolean(expressions != null);
    if (expressions != null) {
      expressions.write(out);
    }
  }

  public static ScanSplit read(DataInput in) throws IOException {
    String table = in.readUTF();
    int index = in.readInt();
    int n = in.readInt();
    if (n < 0 || n > 1_000_000) {
      throw new IOException("corrupt split: " + n + " segments");
    }
    int[] segs = new int[n];
    for (int i = 0; i < n; i++) {
      segs[i] = in.readInt();
    }
    int total = in.readInt();
    long bytes = in.readLong();
    long items = in.readLong();
    int conc = in.readInt();
    int k = in.readInt();
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      keys.add(in.readUTF());
    }
    KeyQuery q = in.readBoolean() ? KeyQuery.read(in) : null;
    double jobRate = in.readDouble();
    String group = in.readBoolean() ? in.readUTF() : null;
    ReadExpressions e = in.readBoolean() ? ReadExpressions.read(in) : null;
    return new ScanSplit(table, index, segs, total, bytes, items, conc, keys, q, jobRate, group, e);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ScanSplit)) {
      return false;
    }
    ScanSplit s = (ScanSplit) o;
    return splitIndex == s.splitIndex && totalSegments == s.totalSegments && estimatedBytes == s.estimatedBytes
        && estimatedItems == s.estimatedItems && concurrency == s.concurrency
        && tableName.equals(s.tableName)
        && Arrays.equals(segments, s.segments) && keyNames.equals(s.keyNames)
        && Objects.equals(query, s.query) && Double.compare(jobReadRate, s.jobReadRate) == 0
        && Objects.equals(group, s.group) && Objects.equals(expressions, s.expressions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(tableName, splitIndex, Arrays.hashCode(segments), totalSegments, estimatedBytes,
        estimatedItems, concurrency, keyNames, query, jobReadRate, group, expressions);
  }

  @Override
  public String toString() {
    String segs = segments.length <= 8 ? Arrays.toString(segments)
        : "[" + segments[0] + ", " + segments[1] + ", ... (" + segments.length + ")]";
    String what = query != null ? query.toString() : "segments=" + segs + " of " + totalSegments;
    return "ScanSplit{table=" + tableName + ", split=" + splitIndex + ", " + what + " of " + totalSegments
        + ", ~" + estimatedBytes + " bytes, rate=" + String.format(java.util.Locale.ROOT, "%.1f", taskReadRate())
        + " RCU/s}";
  }
}
