package io.ddbconnector.spark.datasource;

import io.ddbconnector.table.TableInfo;
import io.ddbconnector.core.DynamoDBConnector;
import io.ddbconnector.hadoop.HadoopWriteLedger;
import io.ddbconnector.spark.SparkSettings;
import io.ddbconnector.throughput.ConnectorMetrics;
import io.ddbconnector.write.WriteLedger;
import io.ddbconnector.write.WriteSettings;
import java.io.Serializable;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.write.BatchWrite;
import org.apache.spark.sql.connector.write.DataWriterFactory;
import org.apache.spark.sql.connector.write.PhysicalWriteInfo;
import org.apache.spark.sql.connector.write.WriterCommitMessage;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver side of a write. DynamoDB has no transactions across items: what a task wrote stays written
 * even when the job fails (a re-run of a put or update is idempotent), so commit and abort only report.
 */
final class DynamoDBBatchWrite implements BatchWrite {

  private static final Logger LOG = LoggerFactory.getLogger(DynamoDBBatchWrite.class);

  private final StructType schema;
  private final SparkSettings settings;
  /** Where the tasks record what they wrote; null for none. */
  private WriteLedger.Store reports;
  /** How long abort waits for attempts still writing ({@link HadoopWriteLedger#finishWaitMs}). */
  private long reportWaitMs;

  DynamoDBBatchWrite(StructType schema, SparkSettings settings) {
    this.schema = schema;
    this.settings = settings;
  }

  /** What a task reports when it committed. */
  static final class Written implements WriterCommitMessage, Serializable {
    private static final long serialVersionUID = 1L;
    final long items;
    /** Items the write condition refused. */
    final long rejected;

    Written(long items) {
      this(items, 0);
    }

    Written(long items, long rejected) {
      this.items = items;
      this.rejected = rejected;
    }
  }

  @Override
  public DataWriterFactory createBatchWriterFactory(PhysicalWriteInfo info) {
    TableInfo table = DynamoDBConnector.describeOutput(WriteSettings.from(settings.core()), new ConnectorMetrics());
    new RowToItem(schema, table); // fails here, on the driver, when a key column is missing
    int parallelism = SparkSession.active().sparkContext().defaultParallelism();
    int concurrentTasks = Math.max(1, Math.min(info.numPartitions(), parallelism));
    String group = "write-" + java.util.UUID.randomUUID();
    org.apache.hadoop.conf.Configuration conf =
        new org.apache.hadoop.conf.Configuration(SparkSession.active().sparkContext().hadoopConfiguration());
    settings.coreMap().forEach(conf::set); // dynamodb.write.reportDir may come as an option
    reports = HadoopWriteLedger.store(conf, group);
    reportWaitMs = HadoopWriteLedger.finishWaitMs(conf);
    return new DynamoDBWriterFactory(schema, settings, table, concurrentTasks, group,
        reports == null ? null : reports.location());
  }

  @Override
  public boolean useCommitCoordinator() {
    return false;
  }

  @Override
  public void commit(WriterCommitMessage[] messages) {
    commit(messages, null);
  }

  /** {@link #commit(WriterCommitMessage[])} of one part of a longer write (a streaming epoch), named in the log. */
  void commit(WriterCommitMessage[] messages, String part) {
    long rejected = rejected(messages);
    committedItems = total(messages);
    committedRejected = rejected;
    LOG.info("Wrote {} items to DynamoDB table '{}'{}{}", total(messages), settings.outputTableName(),
        part == null ? "" : " (" + part + ")", rejected == 0 && !conditional() ? ""
            : "; " + rejected + " items rejected by the write condition");
    if (reports != null) {
      try {
        reports.deleteAll();
      } catch (java.io.IOException | RuntimeException e) {
        LOG.warn("Could not remove the write reports in {}: {}", reports.location(), e.toString());
      }
    }
  }

  /**
   * Logs the job-wide figures of the failed write, summed from every task attempt's record (Spark drops the
   * metrics of failed attempts), and writes them with every key in doubt to the summary file. What was
   * written stays in the table: DynamoDB has no transaction across items.
   */
  @Override
  public void abort(WriterCommitMessage[] messages) {
    abort(messages, null);
  }

  /** {@link #abort(WriterCommitMessage[])} of one part of a longer write (a streaming epoch), named in the log. */
  void abort(WriterCommitMessage[] messages, String part) {
    WriteLedger.Summary s = reports == null ? null : WriteLedger.finish(reports, reportWaitMs);
    String what = part == null ? "" : " (" + part + ")";
    if (s == null) {
      LOG.error("Write to DynamoDB table '{}'{} failed; {} items of committed tasks (and some of the failed tasks)"
          + " were already written and stay in the table", settings.outputTableName(), what, total(messages));
    } else {
      LOG.error("Write to DynamoDB table '{}'{} failed. Job-wide: {}. What was written stays in the table. Summary"
          + " with every key in doubt or not written: {}/{}", settings.outputTableName(), what, s.describe(),
          reports.location(), WriteLedger.SUMMARY);
    }
  }

  /** Figures of the committed tasks, once committed: for {@code Write.reportDriverMetrics}. */
  private volatile long committedItems = -1;
  private volatile long committedRejected;

  org.apache.spark.sql.connector.metric.CustomTaskMetric[] driverMetrics() {
    if (committedItems < 0) {
      return new org.apache.spark.sql.connector.metric.CustomTaskMetric[0];
    }
    return WriteMetrics.committed(committedItems, committedRejected);
  }

  private boolean conditional() {
    return WriteSettings.from(settings.core()).condition() != null;
  }

  /** Items the write condition refused in the committed tasks. */
  static long rejected(WriterCommitMessage[] messages) {
    long n = 0;
    for (WriterCommitMessage m : messages) {
      if (m instanceof Written) {
        n += ((Written) m).rejected;
      }
    }
    return n;
  }

  static long total(WriterCommitMessage[] messages) {
    long n = 0;
    for (WriterCommitMessage m : messages) {
      if (m instanceof Written) {
        n += ((Written) m).items;
      }
    }
    return n;
  }
}
