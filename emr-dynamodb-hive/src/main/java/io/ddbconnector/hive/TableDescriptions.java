package io.ddbconnector.hive;

import io.ddbconnector.table.TableInfo;
import io.ddbconnector.client.ClientSettings;
import io.ddbconnector.client.DynamoDBClientFactory;
import io.ddbconnector.conf.Settings;
import io.ddbconnector.throughput.ConnectorMetrics;
import io.ddbconnector.exceptions.DynamoDBConnectorException;
import io.ddbconnector.throughput.Retrier;
import io.ddbconnector.throughput.RetryPolicy;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * The full DescribeTable answer (key schema plus secondary indexes), which the core's {@code TableInfo}
 * does not carry: the Hive layer needs the indexes to plan Queries. Cached per JVM for a minute, so the
 * tasks of one query reading index Queries describe the table once rather than once per task.
 */
final class TableDescriptions {

  private static final long TTL_NANOS = 60_000_000_000L;
  private static final Map<String, Cached> CACHE = new ConcurrentHashMap<>();

  private record Cached(TableDescription table, long at) {}

  private TableDescriptions() {}

  /**
   * Describes {@code table} with the client settings of {@code settings}.
   *
   * @throws DynamoDBConnectorException naming the table, the property naming it and the endpoint when it is missing
   */
  static TableDescription describe(Settings settings, String table) {
    ClientSettings cs = ClientSettings.from(settings);
    String cacheKey = cs.describeTarget() + "|" + table;
    long now = System.nanoTime();
    Cached c = CACHE.get(cacheKey);
    if (c != null && now - c.at() < TTL_NANOS) {
      return c.table();
    }
    DynamoDbClient client = DynamoDBClientFactory.shared(cs);
    Retrier retrier = new Retrier(RetryPolicy.from(settings), new ConnectorMetrics());
    TableDescription d;
    try {
      d = retrier.call("DescribeTable of table '" + table + "' at " + cs.describeTarget(),
          () -> client.describeTable(b -> b.tableName(table)).table());
    } catch (DynamoDBConnectorException e) {
      if (e.getCause() instanceof ResourceNotFoundException) {
        throw new DynamoDBConnectorException("DynamoDB table '" + table + "' (table property '"
            + HiveTableProperties.TABLE_NAME + "') does not exist at " + cs.describeTarget() + ".", e.getCause());
      }
      throw e;
    }
    CACHE.put(cacheKey, new Cached(d, now));
    return d;
  }
}
