package io.ddbconnector.hadoop;

import io.ddbconnector.conf.ConnectorOptions;
import io.ddbconnector.conf.Settings;
import io.ddbconnector.core.DynamoDBConnector;
import io.ddbconnector.export.ExportDataFile;
import io.ddbconnector.export.ExportItemReader;
import io.ddbconnector.export.ExportRequester;
import io.ddbconnector.export.TableExport;
import io.ddbconnector.table.TableInfo;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.Text;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What both Hadoop APIs' {@code DynamoDBExportInputFormat}s share: planning (find the export, or request one, and
 * make one split per data file) and the record loop of one split (items into reused key/value objects, the key
 * being the item's primary key as DynamoDB JSON when the table's key is known, else empty).
 */
public final class ExportReading implements ItemRecords {

  private final ExportItemReader reader;
  private final List<String> keyNames;

  public ExportReading(Configuration conf, ExportSplit split) {
    this.reader = ExportItemReader.open(new HadoopExportStore(conf), split.file());
    this.keyNames = split.keyNames();
  }

  /**
   * The splits of the export {@code dynamodb.export.path} names, or of one requested first
   * ({@code dynamodb.export.request.s3Bucket}). With {@code dynamodb.input.tableName} set the table is described
   * once (no read capacity) for its key attribute names; nothing else is asked of DynamoDB.
   */
  public static List<ExportSplit> splits(Configuration conf) throws IOException {
    HadoopSettings.markSecretsSensitive(conf);
    Settings settings = HadoopSettings.from(conf);
    String path = ExportRequester.exportPath(settings);
    TableExport export = TableExport.open(new HadoopExportStore(conf), path, ConnectorOptions.EXPORT_PATH.name());
    List<String> keyNames = DynamoDBConnector.describeNamedInput(settings).map(TableInfo::keyNames).orElse(List.of());
    List<ExportSplit> out = new ArrayList<>();
    for (ExportDataFile f : export.files()) {
      out.add(new ExportSplit(f, export.length(f), keyNames));
    }
    return out;
  }

  /** Fills {@code key} and {@code value} with the next item; false at the end of the file. */
  @Override
  public boolean next(Text key, DynamoDBItemWritable value) {
    if (!reader.hasNext()) {
      return false;
    }
    Map<String, AttributeValue> item = reader.next();
    value.setItem(item);
    if (key != null) {
      if (keyNames.isEmpty()) {
        key.clear();
      } else {
        SplitReading.setKey(key, item, keyNames);
      }
    }
    return true;
  }

  @Override
  public long position() {
    return reader.itemsRead();
  }

  @Override
  public float progress() {
    return reader.progress();
  }

  @Override
  public void close() {
    reader.close();
  }
}
