package io.ddbconnector.spark.datasource;

import io.ddbconnector.spark.SparkSettings.MismatchPolicy;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.types.StructType;

/**
 * Creates a task's reader; serialised to the executors with the read schema. Under a pushed count the
 * reader returns one row: the split's count in every column of the read schema (one per {@code count(*)}).
 */
final class DynamoDBReaderFactory implements PartitionReaderFactory {
  private static final long serialVersionUID = 1L;

  private final StructType schema;
  private final String table;
  private final ArrayList<String> keyNames;
  private final MismatchPolicy policy;
  private final boolean count;

  DynamoDBReaderFactory(StructType schema, String table, List<String> keyNames, MismatchPolicy policy,
      boolean count) {
    this.count = count;
    this.schema = schema;
    this.table = table;
    this.keyNames = new ArrayList<>(keyNames);
    this.policy = policy;
  }

  @Override
  public PartitionReader<InternalRow> createReader(InputPartition partition) {
    DynamoDBInputPartition p = (DynamoDBInputPartition) partition;
    if (count) {
      return new DynamoDBPartitionReader(p.settings(), p.split(), schema.size());
    }
    return new DynamoDBPartitionReader(p.settings(), p.split(), new ItemToRow(schema, table, keyNames, policy));
  }
}
