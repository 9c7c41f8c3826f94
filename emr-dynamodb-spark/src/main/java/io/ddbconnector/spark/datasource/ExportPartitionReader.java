package io.ddbconnector.spark.datasource;

import io.ddbconnector.export.ExportDataFile;
import io.ddbconnector.export.ExportItemReader;
import io.ddbconnector.hadoop.HadoopExportStore;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.PartitionReader;

/**
 * Streams one export data file through the core's reader ({@link ExportItemReader}: exact numbers, the file's
 * item count checked at its end) and converts each item as a live read does ({@link ItemToRow}).
 */
final class ExportPartitionReader implements PartitionReader<InternalRow> {

  private final ExportItemReader reader;
  private final ItemToRow converter;
  private InternalRow current;

  ExportPartitionReader(Configuration conf, ExportDataFile file, ItemToRow converter) {
    this.reader = ExportItemReader.open(new HadoopExportStore(conf), file);
    this.converter = converter;
  }

  @Override
  public boolean next() {
    if (!reader.hasNext()) {
      return false;
    }
    current = converter.convert(reader.next());
    return true;
  }

  @Override
  public InternalRow get() {
    return current;
  }

  @Override
  public void close() {
    reader.close();
  }
}
