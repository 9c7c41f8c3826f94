package io.ddbconnector.hive;

import io.ddbconnector.conf.ConnectorOptions;
import io.ddbconnector.conf.Settings;
import io.ddbconnector.core.DynamoDBConnector;
import io.ddbconnector.hadoop.DynamoDBSplit;
import io.ddbconnector.hadoop.HadoopSettings;
import io.ddbconnector.hive.ColumnMapping.Column;
import io.ddbconnector.mapred.DynamoDBInputFormat;
import io.ddbconnector.plan.Predicate;
import io.ddbconnector.plan.ReadRequest;
import io.ddbconnector.split.ScanSplit;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hive.ql.exec.SerializationUtilities;
import org.apache.hadoop.hive.ql.exec.Utilities;
import org.apache.hadoop.hive.ql.plan.MapWork;
import org.apache.hadoop.hive.ql.plan.TableScanDesc;
import org.apache.hadoop.hive.serde2.ColumnProjectionUtils;
import org.apache.hadoop.mapred.FileInputFormat;
import org.apache.hadoop.mapred.InputSplit;
import org.apache.hadoop.mapred.JobConf;

/**
 * The core's {@code mapred} input format plus Hive's pushdown: the pushed predicate
 * ({@code hive.io.filter.expr.serialized}) and the columns read ({@code hive.io.file.readcolumn.names}) are
 * translated ({@link PredicateTranslator}) and the core plans the read ({@link DynamoDBConnector#planRead}):
 * Queries on the table or an index, or a Scan, with the projection and filter. Each split carries the
 * plan's expressions, so a task reads without describing the table or planning again. Splits are
 * {@link DynamoDBSplit}s whose path is the Hive table's location.
 */
public class HiveDynamoDBInputFormat extends DynamoDBInputFormat {

  private static final Logger LOG = LoggerFactory.getLogger(HiveDynamoDBInputFormat.class);

  @Override
  public InputSplit[] getSplits(JobConf job, int numSplits) throws IOException {
    HadoopSettings.markSecretsSensitive(job);
    Settings settings = HiveTableProperties.settings(job);
    String table = settings.require(ConnectorOptions.INPUT_TABLE_NAME);
    Path[] dirs = FileInputFormat.getInputPaths(job);
    Path location = dirs.length > 0 ? dirs[0] : DynamoDBSplit.defaultPath(table);
    DynamoDBConnector.PlannedRead read = DynamoDBConnector.create(settings)
        .planRead(request(job, dirs.length > 0 ? dirs[0] : null), numSplits);
    LOG.info("Table '" + table + "': " + read.plan().summary());
    List<ScanSplit> splits = read.splits().splits();
    InputSplit[] out = new InputSplit[splits.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = new DynamoDBSplit(splits.get(i), location);
    }
    return out;
  }

  /**
   * What Hive asks of the scan.
   *
   * @param location the Hive table's location; when Hive's map plan reads it for several aliases (a
   *     self-join in one MapReduce stage), the configuration holds one alias's predicate while the rows feed
   *     every alias, so no predicate is used
   */
  static ReadRequest request(Configuration conf, Path location) {
    Properties hive = HiveTableProperties.hiveProperties(conf);
    ColumnMapping mapping = ColumnMapping.from(hive);
    List<Predicate> conjuncts = new ArrayList<>();
    String serialized = conf.get(TableScanDesc.FILTER_EXPR_CONF_STR);
    if (serialized != null && !serialized.isEmpty()
        && HiveTableProperties.flag(hive, HiveTableProperties.FILTER_PUSHDOWN, true)
        && (location == null || aliasesReading(conf, location) <= 1)) {
      new PredicateTranslator(mapping).conjuncts(SerializationUtilities.deserializeExpression(serialized))
          .forEach(c -> conjuncts.add(c.predicate()));
    }
    // Hive reads a value of another type as null; with several scans in one map stage (a join) the columns
    // read at planning may be another table's: read whole items
    Set<String> required = scans(conf) > 1 ? null : needed(conf, mapping);
    return ReadRequest.of(conjuncts, required, true, ReadRequest.DEFAULT_MAX_QUERIES);
  }

  /** How many table scans Hive's map plan runs (0 when there is no map plan, e.g. a fetch). */
  static int scans(Configuration conf) {
    MapWork work = mapWork(conf);
    return work == null || work.getAliasToWork() == null ? 0 : work.getAliasToWork().size();
  }

  private static MapWork mapWork(Configuration conf) {
    try {
      return Utilities.getMapWork(conf);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** How many aliases of Hive's map plan read the location (0 when there is no map plan, e.g. a fetch). */
  static int aliasesReading(Configuration conf, Path location) {
    MapWork work = mapWork(conf);
    if (work == null || work.getPathToAliases() == null) {
      return 0;
    }
    Path bare = Path.getPathWithoutSchemeAndAuthority(location);
    for (Map.Entry<Path, List<String>> e : work.getPathToAliases().entrySet()) {
      if (e.getKey().equals(location) || Path.getPathWithoutSchemeAndAuthority(e.getKey()).equals(bare)) {
        return e.getValue() == null ? 0 : e.getValue().size();
      }
    }
    return 0;
  }

  /** The attributes of the columns Hive reads; null when it reads all of them (or the whole item). */
  static Set<String> needed(Configuration conf, ColumnMapping mapping) {
    if (ColumnProjectionUtils.isReadAllColumns(conf)) {
      return null;
    }
    Set<String> out = new LinkedHashSet<>();
    for (String name : ColumnProjectionUtils.getReadColumnNames(conf)) {
      Column c = name.isEmpty() ? null : mapping.column(name);
      if (c != null && c.wholeItem()) {
        return null;
      }
      if (c != null) { // else a virtual column
        out.add(c.attribute());
      }
    }
    return out;
  }
}
