package io.ddbconnector.spark.datasource;

import io.ddbconnector.core.DynamoDBConnector;
import io.ddbconnector.plan.ReadPlan;
import io.ddbconnector.plan.SplitPlanner;
import io.ddbconnector.read.ReadSettings;
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
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A planned read ({@link ReadPlan}): a parallel Scan of the table's segments, or one Query per pinned
 * hash-key value on the table or an index. The splits come from {@link DynamoDBConnector} (which also
 * divides the read budget); each becomes one input partition carrying the split and the read's settings.
 *
 * <p>Statistics for Spark's optimizer (e.g. to broadcast a small table in a join): the table's size and
 * item count from the core ({@link DynamoDBConnector#estimateSize}: DescribeTable, or a sampled segment when
 * it says 0; unknown when neither tells), the size scaled by the share of columns read when the read
 * projects. Under a pushed limit the rows are at most the limit per split; under a pushed count, one row
 * per split.
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
  /** The table's size once asked (empty: unknown). */
  private java.util.Optional<DynamoDBConnector.TableSize> size;

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
    List<String> columns = List.of(readSchema.fieldNames());
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
  public synchronized Statistics estimateStatistics() {
    if (size == null) {
      size = java.util.Optional.ofNullable(DynamoDBConnector.estimateSize(ReadSettings.from(settings.core()), table));
      LOG.info("Statistics of DynamoDB table '{}': {}", table.tableName(), size.map(Object::toString)
          .orElse("unknown (no broadcast)"));
    }
    if (size.isEmpty()) {
      return new Statistics() { // Spark's default: as large as can be
        @Override
        public OptionalLong sizeInBytes() {
          return OptionalLong.empty();
        }

        @Override
        public OptionalLong numRows() {
          return OptionalLong.empty();
        }
      };
    }
    long bytes = size.get().bytes();
    long items = size.get().items();
    boolean rowsKnown = items > 0 || bytes == 0; // dynamodb.table.size-bytes gives bytes only
    if (plan.expressions().projection() != null && !plan.countOnly()) {
      bytes = Math.max(1, (long) Math.ceil((double) bytes * Math.min(1.0,
          (double) Math.max(1, readSchema.size()) / tableColumns)));
    }
    if (plan.countOnly()) {
      items = planInputPartitions().length;
      bytes = items * 8L * Math.max(1, readSchema.size());
      rowsKnown = true;
    } else if (plan.hasLimit()) {
      long most = plan.limit() * planInputPartitions().length;
      if (!rowsKnown || most < items) {
        bytes = rowsKnown ? Math.max(1, (long) ((double) bytes / Math.max(1, items) * most)) : bytes;
        items = most;
        rowsKnown = true;
      }
    }
    long finalBytes = Math.max(1, bytes);
    OptionalLong finalItems = rowsKnown ? OptionalLong.of(Math.max(0, items)) : OptionalLong.empty();
    return new Statistics() {
      @Override
      public OptionalLong sizeInBytes() {
        return OptionalLong.of(finalBytes);
      }

      @Override
      public OptionalLong numRows() {
        return finalItems;
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
