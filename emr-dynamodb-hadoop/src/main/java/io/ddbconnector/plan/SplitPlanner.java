package io.ddbconnector.plan;

import io.ddbconnector.split.ScanSplit;
import io.ddbconnector.table.TableInfo;
import io.ddbconnector.split.KeyQuery;
import io.ddbconnector.read.ReadSettings;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Decides how a table is cut for reading. Pure: everything it needs is passed in, so it is unit-tested
 * without a backend.
 *
 * <ul>
 *   <li>Segments: {@code dynamodb.scan.segments} when set; otherwise the table's bytes divided by
 *       {@code dynamodb.scan.bytesPerSegment}, at least {@code max(dynamodb.scan.minSegments, engine hint)}
 *       for a non-empty table, at most 1,000,000 (the service's limit). The bytes come from DescribeTable,
 *       or, when it says 0 (new table, statistics not computed yet), from a sampled estimate.</li>
 *   <li>Splits: one per segment, or segments dealt round-robin into {@code dynamodb.max.map.tasks} splits.</li>
 *   <li>Planned concurrency (the divisor of the job's rate when the live share is not used):
 *       min(splits, {@code dynamodb.throughput.concurrency}).</li>
 *   <li>Every split of one plan carries the same new job identity, so its tasks share the job's rate
 *       live, among those running, wherever the engine runs them.</li>
 * </ul>
 */
public final class SplitPlanner {

  static final int MAX_SEGMENTS = 1_000_000;

  private SplitPlanner() {}

  /** The plan's splits and a line saying why, for the job log. */
  public static final class Plan {
    private final List<ScanSplit> splits;
    private final String explanation;

    Plan(List<ScanSplit> splits, String explanation) {
      this.splits = Collections.unmodifiableList(splits);
      this.explanation = explanation;
    }

    public List<ScanSplit> splits() { return splits; }

    /** This plan's splits sending a read plan's projection and filter. */
    public Plan withExpressions(io.ddbconnector.split.ReadExpressions e) {
      List<ScanSplit> out = new ArrayList<>();
      splits.forEach(s -> out.add(s.withExpressions(e)));
      return new Plan(out, explanation);
    }
    public String explanation() { return explanation; }
  }

  /**
   * @param engineHint the engine's wish for the number of splits (Hadoop's numSplits, Spark's parallelism)
   * @param sampledBytes estimates the table's bytes when DescribeTable has no figure; called at most once
   */
  public static Plan plan(TableInfo table, ReadSettings rs, int engineHint, LongSupplier sampledBytes) {
    TableInfo pacing = table.forRead(rs.indexName());
    long bytes = table.sizeBytes();
    String source = "DescribeTable";
    if (rs.tableSizeBytes() != null) {
      bytes = rs.tableSizeBytes();
      source = "dynamodb.table.size-bytes";
    } else if (bytes <= 0 && rs.segments() == null && rs.sampleSize()) {
      bytes = Math.max(0, sampledBytes.getAsLong());
      source = "sampled estimate";
    }
    long items = table.itemCount();
    int segments;
    String why;
    if (rs.segments() != null) {
      segments = rs.segments();
      why = "dynamodb.scan.segments=" + segments;
    } else {
      long bySize = bytes <= 0 ? 0 : (bytes + rs.bytesPerSegment() - 1) / rs.bytesPerSegment();
      int floor = Math.max(rs.minSegments(), Math.max(1, engineHint));
      segments = (int) Math.min(MAX_SEGMENTS, Math.max(bySize, floor));
      why = "~" + bytes + " bytes (" + source + ") / " + rs.bytesPerSegment() + " bytes per segment = " + bySize
          + ", at least " + floor;
    }
    int splitCount = rs.maxMapTasks() == null ? segments : Math.min(segments, rs.maxMapTasks());
    int concurrency = rs.concurrency() == null ? splitCount : Math.min(splitCount, rs.concurrency());
    double jobRate = rs.budget().jobRate(pacing, false);
    String group = newGroup();

    List<List<Integer>> groups = new ArrayList<>();
    for (int i = 0; i < splitCount; i++) {
      groups.add(new ArrayList<>());
    }
    for (int s = 0; s < segments; s++) {
      groups.get(s % splitCount).add(s);
    }
    List<ScanSplit> splits = new ArrayList<>(splitCount);
    for (int i = 0; i < splitCount; i++) {
      List<Integer> g = groups.get(i);
      int[] segs = new int[g.size()];
      for (int j = 0; j < segs.length; j++) {
        segs[j] = g.get(j);
      }
      long splitBytes = Math.max(1, bytes * segs.length / segments);
      long splitItems = items > 0 ? items * segs.length / segments : 0;
      splits.add(new ScanSplit(table.tableName(), i, segs, segments, splitBytes, splitItems, concurrency,
          table.keyNames(), null, jobRate, group));
    }
    String explanation = "Table '" + table.tableName() + "'" + (rs.indexName() != null ? " index '"
        + rs.indexName() + "'" : "") + ": " + segments + " scan segments (" + why + ") in "
        + splitCount + " splits; " + budgetLine(pacing, rs, concurrency);
    return new Plan(splits, explanation);
  }

  private static String budgetLine(TableInfo table, ReadSettings rs, int concurrency) {
    return rs.budget().describe(table, false, concurrency, rs.share().coordinate());
  }

  /** A new job identity: the plan's splits share the job's rate under it. */
  static String newGroup() {
    return "plan-" + java.util.UUID.randomUUID();
  }

  /** One split per Query; the read budget is divided among those that run at once. */
  public static Plan planQueries(TableInfo table, ReadSettings rs, List<KeyQuery> queries) {
    if (queries.isEmpty()) {
      throw new IllegalArgumentException("no queries to plan for table '" + table.tableName() + "'");
    }
    int n = queries.size();
    int concurrency = rs.concurrency() == null ? n : Math.min(n, rs.concurrency());
    String index = queries.get(0).indexName() != null ? queries.get(0).indexName() : rs.indexName();
    TableInfo pacing = table.forRead(index); // a GSI's own capacity paces its Queries
    double jobRate = rs.budget().jobRate(pacing, false);
    String group = newGroup();
    List<ScanSplit> splits = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      splits.add(new ScanSplit(table.tableName(), i, new int[] {0}, 1, 1, 0, concurrency, table.keyNames(),
          queries.get(i), jobRate, group));
    }
    return new Plan(splits, "Table '" + table.tableName() + "'" + (index != null ? " index '" + index + "'" : "")
        + ": " + n + " key queries instead of a scan; " + budgetLine(pacing, rs, concurrency));
  }
}
