package io.ddbconnector.spark.datasource;

import io.ddbconnector.conf.ConnectorOptions;
import io.ddbconnector.conf.Settings;
import io.ddbconnector.core.DynamoDBConnector;
import io.ddbconnector.read.ScanReader;
import io.ddbconnector.spark.SparkSettings;
import io.ddbconnector.split.ScanSplit;
import io.ddbconnector.table.TableInfo;
import io.ddbconnector.throughput.ConnectorMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Reads a sample of a table for schema inference: up to {@code schemaSampleSize} items, taken from the
 * start of up to {@value #SAMPLED_SPLITS} splits spread over the table's segments (so one odd region of
 * the key space does not decide the schema), through the core reader and its rate limiter.
 */
final class Sampler {

  static final int SAMPLED_SPLITS = 8;
  private static final Logger LOG = LoggerFactory.getLogger(Sampler.class);

  private Sampler() {}

  /** Key attributes of the table, then of the index read (never nullable there), inform the inference. */
  static StructType inferSchema(SparkSettings settings, TableInfo table) {
    List<TableInfo.KeyAttribute> keys = new ArrayList<>(table.keys());
    for (TableInfo.KeyAttribute k : table.readKeys(settings.core().get(ConnectorOptions.INDEX_NAME),
        ConnectorOptions.INDEX_NAME.name())) {
      if (!table.keyNames().contains(k.name())) {
        keys.add(k);
      }
    }
    List<Map<String, AttributeValue>> items = sample(settings.core(), settings.schemaSampleSize());
    StructType schema = SchemaInference.infer(items, keys);
    LOG.info("Inferred the schema of DynamoDB table '{}' from {} sampled items: {}", table.tableName(),
        items.size(), schema.simpleString());
    return schema;
  }

  static List<Map<String, AttributeValue>> sample(Settings settings, int size) {
    List<ScanSplit> splits = DynamoDBConnector.splits(settings, 1);
    int n = Math.min(SAMPLED_SPLITS, splits.size());
    int perSplit = (size + n - 1) / n;
    Settings s = settings.with(ConnectorOptions.PAGE_LIMIT.name(), Integer.toString(Math.min(perSplit,
        settings.find(ConnectorOptions.PAGE_LIMIT).orElse(Integer.MAX_VALUE))));
    List<Map<String, AttributeValue>> items = new ArrayList<>(size);
    ConnectorMetrics metrics = new ConnectorMetrics();
    for (int i = 0; i < n && items.size() < size; i++) {
      ScanSplit split = splits.get((int) ((long) i * splits.size() / n));
      try (ScanReader reader = DynamoDBConnector.openReader(s, split, metrics)) {
        for (int taken = 0; taken < perSplit && items.size() < size && reader.hasNext(); taken++) {
          items.add(reader.next());
        }
      }
    }
    return items;
  }
}
