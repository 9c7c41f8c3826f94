package io.ddbconnector.spark.datasource;

import io.ddbconnector.client.TableInfo;
import io.ddbconnector.spark.SparkSettings;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.write.DataWriter;
import org.apache.spark.sql.connector.write.DataWriterFactory;
import org.apache.spark.sql.types.StructType;

/** Sent to the executors: creates each task's writer. */
final class DynamoDBWriterFactory implements DataWriterFactory {
  private static final long serialVersionUID = 1L;

  private final StructType schema;
  private final SparkSettings settings;
  private final TableInfo table;
  private final int concurrentTasks;
  private final String group;

  /** @param group this write's identity, under which its tasks share the write budget live */
  DynamoDBWriterFactory(StructType schema, SparkSettings settings, TableInfo table, int concurrentTasks,
      String group) {
    this.group = group;
    this.schema = schema;
    this.settings = settings;
    this.table = table;
    this.concurrentTasks = concurrentTasks;
  }

  @Override
  public DataWriter<InternalRow> createWriter(int partitionId, long taskId) {
    return new DynamoDBDataWriter(new RowToItem(schema, table), settings, group, concurrentTasks);
  }
}
