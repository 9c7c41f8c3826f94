package io.ddbconnector.read;

import static io.ddbconnector.conf.ConnectorOptions.*;

import io.ddbconnector.client.ClientSettings;
import io.ddbconnector.conf.ConnectorOptions;
import io.ddbconnector.conf.Settings;
import io.ddbconnector.throughput.RetryPolicy;
import io.ddbconnector.throughput.ShareSettings;
import io.ddbconnector.throughput.ThroughputBudget;
import io.ddbconnector.types.DynamoJson;
import java.io.Serializable;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Everything a read needs, parsed and checked once from {@link Settings}. Immutable. */
public final class ReadSettings implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String table;
  private final ClientSettings client;
  private final ThroughputBudget budget;
  private final RetryPolicy retry;
  private final ShareSettings share;
  private final Integer segments;
  private final Integer maxMapTasks;
  private final long bytesPerSegment;
  private final int minSegments;
  private final boolean sampleSize;
  private final Long tableSizeBytes;
  private final Integer concurrency;
  private final boolean consistent;
  private final String indexName;
  private final String projection;
  private final String filter;
  private final Map<String, String> names;
  private final String valuesJson;
  private final Integer pageLimit;
  private final int prefetchPages;
  private final boolean sdkUnmarshalling;

  private ReadSettings(Settings s) {
    this.table = s.require(INPUT_TABLE_NAME);
    this.client = ClientSettings.from(s);
    // the EMR connector's autoscaling switch: follow the table's capacity, not a configured one
    Long capacity = s.get(ConnectorOptions.READ_AUTOSCALING) ? null : s.get(READ_CAPACITY);
    this.budget = new ThroughputBudget(s.get(READ_PERCENT), capacity, s.get(ON_DEMAND_READ_CAPACITY),
        s.get(BURST_SECONDS), s.get(CAPACITY_REFRESH_MS));
    this.retry = RetryPolicy.from(s);
    this.share = ShareSettings.from(s);
    this.segments = s.get(SCAN_SEGMENTS);
    this.maxMapTasks = s.get(MAX_MAP_TASKS);
    this.bytesPerSegment = s.get(BYTES_PER_SEGMENT);
    this.minSegments = s.get(MIN_SEGMENTS);
    this.sampleSize = s.get(SAMPLE_SIZE);
    this.tableSizeBytes = s.get(ConnectorOptions.TABLE_SIZE_BYTES);
    this.concurrency = s.get(CONCURRENCY);
    this.consistent = s.get(CONSISTENT_READ);
    this.indexName = s.get(INDEX_NAME);
    this.projection = s.get(PROJECTION);
    this.filter = s.get(FILTER);
    this.names = s.expressionNames(EXPRESSION_NAMES);
    this.valuesJson = s.get(EXPRESSION_VALUES);
    values(); // validate early
    this.pageLimit = s.get(PAGE_LIMIT);
    this.prefetchPages = s.get(PREFETCH_PAGES);
    this.sdkUnmarshalling = s.get(SDK_UNMARSHALLING);
  }

  public static ReadSettings from(Settings s) {
    return new ReadSettings(s);
  }

  public String table() { return table; }
  public ClientSettings client() { return client; }
  public ThroughputBudget budget() { return budget; }
  public RetryPolicy retry() { return retry; }
  /** How the job's tasks share its budget. */
  public ShareSettings share() { return share; }
  public Integer segments() { return segments; }
  public Integer maxMapTasks() { return maxMapTasks; }
  public long bytesPerSegment() { return bytesPerSegment; }
  public int minSegments() { return minSegments; }
  public boolean sampleSize() { return sampleSize; }
  /** The table size configured to plan with ({@code dynamodb.table.size-bytes}), or null: DescribeTable's. */
  public Long tableSizeBytes() { return tableSizeBytes; }
  public Integer concurrency() { return concurrency; }
  public boolean consistent() { return consistent; }
  /** Whether the SDK, not the connector, parses the items of a page ({@code dynamodb.read.sdkUnmarshalling}). */
  public boolean sdkUnmarshalling() { return sdkUnmarshalling; }
  public String indexName() { return indexName; }
  public String projection() { return projection; }
  public String filter() { return filter; }
  public Map<String, String> names() { return names; }
  public Integer pageLimit() { return pageLimit; }
  public int prefetchPages() { return prefetchPages; }

  /** ExpressionAttributeValues, parsed from DynamoDB JSON. */
  public Map<String, AttributeValue> values() {
    return DynamoJson.parseSetting(valuesJson, EXPRESSION_VALUES.name());
  }
}
