package io.ddbconnector.spark.datasource;

import io.ddbconnector.core.DynamoDBConnector;
import io.ddbconnector.plan.ReadPlan;
import io.ddbconnector.plan.SplitPlanner;
import io.ddbconnector.spark.SparkSettings;
import io.ddbconnector.split.ScanSplit;
import io.ddbconnector.table.TableInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.OptionalLong;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.metric.CustomMetric;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.Statistics;
import org.apache.spark.sql.connector.read.SupportsReportStatistics;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A planned read ({@link ReadPlan}): a parallel Scan of the table's segments, or one Query per pinned
 * hash-key value on the table or an index. The splits come from {@link DynamoDBConnector} (which also
 * divides the read budget); each becomes one input partition carrying the split and the read's settings.
 *
 * <p>Statistics for Spark's optimizer (e.g. to broadcast a small table in a join): the table's size and
 * item count from DescribeTable, or, when it says 0 (statistics not computed yet), the estimate the split
 * planner made (a sampled page); the size scaled by the share of columns read when the read projects.
 * Under a pushed limit the rows are at most the limit per split; under a pushed count, one row per split.
 */
final class DynamoDBScan implements Scan, Batch, SupportsReportStatistics {

  private static final Logger LOG = LoggerFactory.getLogger(DynamoDBScan.class);

  private final StructType readSchema;
  private final SparkSettings settings;
  private final TableInfo table;
  private final ReadPlan plan;
  private final List<String> pushed;
  private final int tableColumns;
  private InputPartition[] partitions;

  /** @param tableColumns the number of columns of the table's schema (to scale the size by those read) */
  DynamoDBScan(StructType readSchema, SparkSettings settings, TableInfo table, ReadPlan plan, List<String> pushed,
      int tableColumns) {
    this.tableColumns = Math.max(1, tableColumns);
    this.readSchema = readSchema;
    this.settings = settings;
    this.table = table;
    this.plan = plan;
    this.pushed = List.copyOf(pushed);
  }

  @Override
  public StructType readSchema() {
    return readSchema;
  }

  /** Shown by {@code explain()}: table, index, Query or Scan, columns, pushed filters and the residual. */
  @Override
  public String description() {
    List<String> columns = new ArrayList<>();
    for (StructField f : readSchema.fields()) {
      columns.add(f.name());
    }
    return "DynamoDB table '" + table.tableName() + "'" + (plan.indexName() != null ? " index '" + plan.indexName()
        + "'" : "") + ": " + (plan.isQuery() ? "Query x" + plan.queries().size() + " [" + plan.keyCondition() + "]"
        : "Scan") + ", columns=" + (plan.countOnly() ? "[none]" : plan.expressions().projection() == null
        ? "[whole items]" : columns)
        + ", pushedFilters=" + pushed + (plan.filter() == null ? "" : ", FilterExpression=" + plan.filter())
        + ", residual=" + plan.residual() + pushdownText();
  }

  /** The limit or count part of the description, e.g. {@code , COUNT pushed: Select=COUNT (billed like ...)}. */
  private String pushdownText() {
    String s = plan.pushdown();
    return s.isEmpty() ? "" : ", " + s.substring(2).replace("; ", ", ");
  }

  @Override
  public Statistics estimateStatistics() {
    long bytes = table.sizeBytes();
    long items = table.itemCount();
    if (bytes <= 0 || items <= 0) { // DescribeTable has no figure yet: the split planner's estimate
      bytes = 0;
      items = 0;
      for (InputPartition p : planInputPartitions()) {
        ScanSplit split = ((DynamoDBInputPartition) p).split();
        bytes += split.estimatedBytes();
        items += split.estimatedItems();
      }
    }
    if (plan.expressions().projection() != null && !plan.countOnly()) {
      bytes = Math.max(1, (long) Math.ceil((double) bytes * Math.min(1.0,
          (double) Math.max(1, readSchema.size()) / tableColumns)));
    }
    if (plan.countOnly()) {
      items = planInputPartitions().length;
      bytes = items * 8L * Math.max(1, readSchema.size());
    } else if (plan.hasLimit()) {
      long most = plan.limit() * planInputPartitions().length;
      if (items <= 0 || most < items) {
        bytes = items <= 0 ? bytes : Math.max(1, bytes / items * most);
        items = most;
      }
    }
    long finalBytes = Math.max(1, bytes);
    long finalItems = Math.max(0, items);
    return new Statistics() {
      @Override
      public OptionalLong sizeInBytes() {
        return OptionalLong.of(finalBytes);
      }

      @Override
      public OptionalLong numRows() {
        return OptionalLong.of(finalItems);
      }
    };
  }

  @Override
  public Batch toBatch() {
    return this;
  }

  ReadPlan plan() {
    return plan;
  }

  @Override
  public synchronized InputPartition[] planInputPartitions() {
    if (partitions == null) {
      SplitPlanner.Plan splits = DynamoDBConnector.create(settings.core()).splits(table, plan,
          SparkSession.active().sparkContext().defaultParallelism());
      LOG.info("{} -> {}", description(), splits.explanation());
      List<InputPartition> out = new ArrayList<>();
      HashMap<String, String> raw = new HashMap<>(settings.core().raw());
      for (ScanSplit split : splits.splits()) {
        out.add(new DynamoDBInputPartition(split, raw));
      }
      partitions = out.toArray(new InputPartition[0]);
    }
    return partitions.clone();
  }

  @Override
  public PartitionReaderFactory createReaderFactory() {
    return new DynamoDBReaderFactory(readSchema, table.tableName(), table.keyNames(), settings.onTypeMismatch(),
        plan.countOnly());
  }

  @Override
  public CustomMetric[] supportedCustomMetrics() {
    return ReadMetrics.supported();
  }
}
