package io.ddbconnector.spark.datasource;

import io.ddbconnector.client.TableInfo;
import io.ddbconnector.core.DynamoDBConnector;
import io.ddbconnector.spark.SparkSettings;
import io.ddbconnector.throughput.ConnectorMetrics;
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

  DynamoDBBatchWrite(StructType schema, SparkSettings settings) {
    this.schema = schema;
    this.settings = settings;
  }

  /** What a task reports when it committed. */
  static final class Written implements WriterCommitMessage, Serializable {
    private static final long serialVersionUID = 1L;
    final long items;

    Written(long items) {
      this.items = items;
    }
  }

  @Override
  public DataWriterFactory createBatchWriterFactory(PhysicalWriteInfo info) {
    TableInfo table = DynamoDBConnector.describeOutput(WriteSettings.from(settings.core()), new ConnectorMetrics());
    new RowToItem(schema, table); // fails here, on the driver, when a key column is missing
    int parallelism = SparkSession.active().sparkContext().defaultParallelism();
    int concurrentTasks = Math.max(1, Math.min(info.numPartitions(), parallelism));
    return new DynamoDBWriterFactory(schema, settings, table, concurrentTasks, "write-" + java.util.UUID.randomUUID());
  }

  @Override
  public boolean useCommitCoordinator() {
    return false;
  }

  @Override
  public void commit(WriterCommitMessage[] messages) {
    LOG.info("Wrote {} items to DynamoDB table '{}'", total(messages), settings.outputTableName());
  }

  @Override
  public void abort(WriterCommitMessage[] messages) {
    LOG.warn("Write to DynamoDB table '{}' failed; {} items of committed tasks (and some of the failed tasks) were"
        + " already written and stay in the table", settings.outputTableName(), total(messages));
  }

  private static long total(WriterCommitMessage[] messages) {
    long n = 0;
    for (WriterCommitMessage m : messages) {
      if (m instanceof Written) {
        n += ((Written) m).items;
      }
    }
    return n;
  }
}
