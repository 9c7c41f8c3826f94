package io.ddbconnector.hive;

import io.ddbconnector.conf.ConnectorOptions;
import io.ddbconnector.conf.Settings;
import io.ddbconnector.core.DynamoDBConnector;
import io.ddbconnector.hadoop.DynamoDBItemWritable;
import io.ddbconnector.hadoop.DynamoDBSplit;
import io.ddbconnector.hadoop.HadoopSettings;
import io.ddbconnector.mapred.DynamoDBInputFormat;
import io.ddbconnector.split.KeyQuery;
import io.ddbconnector.split.ScanSplit;
import io.ddbconnector.plan.SplitPlanner;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapred.FileInputFormat;
import org.apache.hadoop.mapred.InputSplit;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.mapred.RecordReader;
import org.apache.hadoop.mapred.Reporter;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * The core's {@code mapred} input format plus Hive's pushdown: when the pushed predicate pins the hash key
 * of the table or of a covering index, the splits are one Query per key value
 * ({@link DynamoDBConnector#planQuerySplits}); otherwise the core's scan splits
 * ({@link DynamoDBConnector#planSplits}). Each reader adds the projection of the columns Hive reads and a
 * FilterExpression of the other pushed conditions, then reads through the core. Splits are
 * {@link DynamoDBSplit}s whose path is the Hive table's location.
 */
public class HiveDynamoDBInputFormat extends DynamoDBInputFormat {

  private static final Logger LOG = Logger.getLogger(HiveDynamoDBInputFormat.class.getName());

  @Override
  public InputSplit[] getSplits(JobConf job, int numSplits) throws IOException {
    HadoopSettings.markSecretsSensitive(job);
    Settings settings = HiveTableProperties.settings(job);
    String table = settings.require(ConnectorOptions.INPUT_TABLE_NAME);
    Path[] dirs = FileInputFormat.getInputPaths(job);
    ScanPushdown pushdown = ScanPushdown.from(job, dirs.length > 0 ? dirs[0] : null);
    QueryPlanner.Plan queries = null;
    if (!pushdown.conjuncts().isEmpty() && settings.get(ConnectorOptions.INDEX_NAME) == null) {
      TableDescription d = TableDescriptions.describe(settings, table);
      queries = QueryPlanner.plan(pushdown.conjuncts(), d, pushdown.neededAttributes(),
          settings.get(ConnectorOptions.CONSISTENT_READ));
    }
    SplitPlanner.Plan plan;
    if (queries != null) {
      LOG.info("Table '" + table + "': " + queries.explanation());
      plan = DynamoDBConnector.planQuerySplits(settings, queries.queries());
    } else {
      plan = DynamoDBConnector.planSplits(settings, numSplits);
    }
    List<ScanSplit> splits = plan.splits();
    InputSplit[] out = new InputSplit[splits.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = new DynamoDBSplit(splits.get(i), dirs.length > 0 ? dirs[0] : DynamoDBSplit.defaultPath(table));
    }
    return out;
  }

  @Override
  public RecordReader<Text, DynamoDBItemWritable> getRecordReader(InputSplit split, JobConf job, Reporter reporter)
      throws IOException {
    if (!(split instanceof DynamoDBSplit)) {
      return super.getRecordReader(split, job, reporter); // fails with the core's message
    }
    ScanSplit scan = ((DynamoDBSplit) split).scanSplit();
    Settings settings = HiveTableProperties.settings(job);
    Settings read = ScanPushdown.from(job, ((DynamoDBSplit) split).getPath())
        .apply(settings, excludedFromFilter(settings, scan), scan.keyNames());
    JobConf conf = new JobConf(job);
    for (Map.Entry<String, String> e : read.raw().entrySet()) {
      conf.set(e.getKey(), e.getValue());
    }
    return super.getRecordReader(split, conf, reporter);
  }

  /** A Query's FilterExpression may not name the key attributes of the table or index it reads. */
  private static Set<String> excludedFromFilter(Settings settings, ScanSplit scan) {
    KeyQuery q = scan.query();
    if (q == null) {
      return Set.of();
    }
    Set<String> keys = new LinkedHashSet<>(scan.keyNames());
    keys.addAll(q.names().values());
    if (q.indexName() != null) {
      TableDescription d = TableDescriptions.describe(settings, scan.tableName());
      if (d.hasGlobalSecondaryIndexes()) {
        d.globalSecondaryIndexes().stream().filter(i -> i.indexName().equals(q.indexName()))
            .forEach(i -> addKeys(i.keySchema(), keys));
      }
      if (d.hasLocalSecondaryIndexes()) {
        d.localSecondaryIndexes().stream().filter(i -> i.indexName().equals(q.indexName()))
            .forEach(i -> addKeys(i.keySchema(), keys));
      }
    }
    return keys;
  }

  private static void addKeys(List<KeySchemaElement> schema, Set<String> keys) {
    for (KeySchemaElement k : schema) {
      keys.add(k.attributeName());
    }
  }
}
