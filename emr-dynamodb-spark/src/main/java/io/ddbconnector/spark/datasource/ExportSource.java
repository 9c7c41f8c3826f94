package io.ddbconnector.spark.datasource;

import io.ddbconnector.conf.ConnectorOptions;
import io.ddbconnector.conf.Settings;
import io.ddbconnector.core.DynamoDBConnector;
import io.ddbconnector.export.ExportDataFile;
import io.ddbconnector.export.ExportItemReader;
import io.ddbconnector.export.ExportRequester;
import io.ddbconnector.export.TableExport;
import io.ddbconnector.hadoop.HadoopExportStore;
import io.ddbconnector.spark.SparkSettings;
import io.ddbconnector.table.TableInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The DataFrame source's reads of a DynamoDB table export (option {@code exportPath}, or an export requested with
 * {@code dynamodb.export.request.s3Bucket}): finding the export, the table's key when {@code tableName} is also
 * given (one {@code DescribeTable}: the export does not record the key schema), and the schema inferred from a
 * sample of the export's items by the same rules as a live read ({@link SchemaInference}). No Scan or Query.
 */
final class ExportSource {

  private static final Logger LOG = LoggerFactory.getLogger(ExportSource.class);
  /**
   * Exports requested while inferring a schema, for the {@code getTable} call of the same {@code load()} that
   * follows it, so one load requests one export.
   */
  private static final Map<Map<String, String>, String> REQUESTED = new ConcurrentHashMap<>();

  private ExportSource() {}

  static boolean isExportRead(SparkSettings settings) {
    Settings s = settings.core();
    return s.isSet(ConnectorOptions.EXPORT_PATH) || s.isSet(ConnectorOptions.EXPORT_REQUEST_S3_BUCKET);
  }

  /**
   * The options with the export's path set: a requested export is requested here (or taken from the schema
   * inference of the same load), once per {@code load()}.
   */
  static Map<String, String> withExportPath(SparkSettings settings, Map<String, String> options) {
    if (!ExportRequester.requested(settings.core())) {
      return options;
    }
    String path = REQUESTED.remove(options);
    if (path == null) {
      path = ExportRequester.exportPath(settings.core());
    }
    Map<String, String> out = new HashMap<>(options);
    out.put(ConnectorOptions.EXPORT_PATH.name(), path);
    return out;
  }

  static StructType inferSchema(SparkSettings settings, Map<String, String> options) {
    Settings core = settings.core();
    if (ExportRequester.requested(core)) {
      String path = ExportRequester.exportPath(core);
      REQUESTED.put(new HashMap<>(options), path);
      core = core.with(ConnectorOptions.EXPORT_PATH.name(), path);
    }
    TableExport export = open(core);
    List<TableInfo.KeyAttribute> keys = keys(core);
    List<Map<String, AttributeValue>> items = sample(export, hadoopConf(), settings.schemaSampleSize());
    StructType schema = SchemaInference.infer(items, keys);
    LOG.info("Inferred the schema of the DynamoDB export {} from {} sampled items: {}", export.dir(), items.size(),
        schema.simpleString());
    return schema;
  }

  static TableExport open(Settings core) {
    return TableExport.open(new HadoopExportStore(hadoopConf()), core.get(ConnectorOptions.EXPORT_PATH),
        ConnectorOptions.EXPORT_PATH.name());
  }

  /** The table's key when {@code tableName} names it (described once), else none. */
  static List<TableInfo.KeyAttribute> keys(Settings core) {
    return DynamoDBConnector.describeNamedInput(core).map(TableInfo::keys).orElse(List.of());
  }

  static Configuration hadoopConf() {
    return SparkSession.active().sessionState().newHadoopConf();
  }

  /** Up to {@code size} items from the start of up to {@link Sampler#SAMPLED_SPLITS} files spread over the export. */
  static List<Map<String, AttributeValue>> sample(TableExport export, Configuration conf, int size) {
    List<ExportDataFile> files = new ArrayList<>();
    for (ExportDataFile f : export.files()) {
      if (f.itemCount() > 0) {
        files.add(f);
      }
    }
    int n = Math.min(Sampler.SAMPLED_SPLITS, files.size());
    List<Map<String, AttributeValue>> items = new ArrayList<>(size);
    if (n == 0) {
      return items;
    }
    int perFile = (size + n - 1) / n;
    HadoopExportStore store = new HadoopExportStore(conf);
    for (int i = 0; i < n && items.size() < size; i++) {
      ExportDataFile f = files.get((int) ((long) i * files.size() / n));
      try (ExportItemReader r = new ExportItemReader(store.open(f.path()), f.path(), -1)) {
        for (int taken = 0; taken < perFile && items.size() < size && r.hasNext(); taken++) {
          items.add(r.next());
        }
      } catch (java.io.IOException e) {
        throw new io.ddbconnector.export.InvalidExportException("cannot read export data file " + f.path() + ": "
            + e, e);
      }
    }
    return items;
  }
}
