package io.ddbconnector.spark.datasource;

import io.ddbconnector.spark.SparkSettings.MismatchPolicy;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.types.StructType;

/** Creates a task's reader of one export data file, with the live read's item-to-row conversion. */
final class ExportReaderFactory implements PartitionReaderFactory {
  private static final long serialVersionUID = 1L;

  private final StructType schema;
  private final String table;
  private final ArrayList<String> keyNames;
  private final MismatchPolicy policy;
  private final Broadcast<SerializableHadoopConf> conf;

  ExportReaderFactory(StructType schema, String table, List<String> keyNames, MismatchPolicy policy,
      Broadcast<SerializableHadoopConf> conf) {
    this.schema = schema;
    this.table = table;
    this.keyNames = new ArrayList<>(keyNames);
    this.policy = policy;
    this.conf = conf;
  }

  @Override
  public PartitionReader<InternalRow> createReader(InputPartition partition) {
    return new ExportPartitionReader(conf.value().get(), ((ExportScan.ExportInputPartition) partition).file,
        new ItemToRow(schema, table, keyNames, policy));
  }
}
