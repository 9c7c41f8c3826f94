package io.ddbconnector.spark.datasource;

import io.ddbconnector.export.ExportDataFile;
import io.ddbconnector.export.TableExport;
import io.ddbconnector.spark.SparkSettings;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.types.StructType;

/** One input partition per data file of the export (gzip is not splittable); no request to DynamoDB. */
final class ExportScan implements Scan, Batch {

  private final StructType readSchema;
  private final SparkSettings settings;
  private final TableExport export;
  private final List<String> keyNames;

  ExportScan(StructType readSchema, SparkSettings settings, TableExport export, List<String> keyNames) {
    this.readSchema = readSchema;
    this.settings = settings;
    this.export = export;
    this.keyNames = List.copyOf(keyNames);
  }

  @Override
  public StructType readSchema() {
    return readSchema;
  }

  @Override
  public String description() {
    List<String> columns = List.of(readSchema.fieldNames());
    return "DynamoDB export " + export.dir() + " of " + export.summary().tableArn() + " as of "
        + export.summary().exportTime() + ": " + export.files().size() + " files, " + export.itemCount()
        + " items, no read capacity, columns=" + columns;
  }

  @Override
  public Batch toBatch() {
    return this;
  }

  @Override
  public InputPartition[] planInputPartitions() {
    List<InputPartition> out = new ArrayList<>();
    for (ExportDataFile f : export.files()) {
      out.add(new ExportInputPartition(f));
    }
    return out.toArray(new InputPartition[0]);
  }

  @Override
  public PartitionReaderFactory createReaderFactory() {
    Broadcast<SerializableHadoopConf> conf = JavaSparkContext.fromSparkContext(SparkSession.active().sparkContext())
        .broadcast(new SerializableHadoopConf(ExportSource.hadoopConf()));
    String label = export.summary().tableName() != null ? export.summary().tableName() : export.dir();
    return new ExportReaderFactory(readSchema, label, keyNames, settings.onTypeMismatch(), conf);
  }

  /** One data file. */
  static final class ExportInputPartition implements InputPartition {
    private static final long serialVersionUID = 1L;
    final ExportDataFile file;

    ExportInputPartition(ExportDataFile file) {
      this.file = file;
    }

    @Override
    public String toString() {
      return "ExportInputPartition{" + file + "}";
    }
  }
}
