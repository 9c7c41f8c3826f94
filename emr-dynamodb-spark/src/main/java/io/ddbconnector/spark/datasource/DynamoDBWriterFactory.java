package io.ddbconnector.spark.datasource;

import io.ddbconnector.table.TableInfo;
import io.ddbconnector.hadoop.HadoopWriteLedger;
import io.ddbconnector.spark.SparkSettings;
import io.ddbconnector.write.WriteLedger;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.write.DataWriter;
import org.apache.spark.sql.connector.write.DataWriterFactory;
import org.apache.spark.sql.connector.write.streaming.StreamingDataWriterFactory;
import org.apache.spark.sql.types.StructType;

/** Sent to the executors: creates each task's writer. */
final class DynamoDBWriterFactory implements DataWriterFactory, StreamingDataWriterFactory {
  private static final long serialVersionUID = 1L;

  private final StructType schema;
  private final SparkSettings settings;
  private final TableInfo table;
  private final int concurrentTasks;
  private final String group;
  private final String reports;

  /**
   * @param group this write's identity, under which its tasks share the write budget live
   * @param reports the location of the write's {@link io.ddbconnector.write.WriteLedger}, or null for none
   */
  DynamoDBWriterFactory(StructType schema, SparkSettings settings, TableInfo table, int concurrentTasks,
      String group, String reports) {
    this.group = group;
    this.reports = reports;
    this.schema = schema;
    this.settings = settings;
    this.table = table;
    this.concurrentTasks = concurrentTasks;
  }

  @Override
  public DataWriter<InternalRow> createWriter(int partitionId, long taskId) {
    return createWriter(partitionId, taskId, -1);
  }

  /** A streaming epoch's task (epoch -1: a batch write's). */
  @Override
  public DataWriter<InternalRow> createWriter(int partitionId, long taskId, long epochId) {
    WriteLedger.Store store = reports == null ? null : HadoopWriteLedger.at(reports);
    // attempts of one partition write the same rows; Spark's task id differs for every attempt
    String task = (epochId >= 0 ? "epoch-" + epochId + "-" : "") + "partition-" + partitionId;
    WriteLedger ledger = store == null ? null : new WriteLedger(store, task, task + "-task-" + taskId);
    return new DynamoDBDataWriter(new RowToItem(schema, table), settings, group, concurrentTasks, ledger);
  }
}
