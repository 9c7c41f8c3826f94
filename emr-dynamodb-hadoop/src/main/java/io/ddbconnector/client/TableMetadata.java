package io.ddbconnector.client;

import io.ddbconnector.exceptions.DynamoDBConnectorException;
import io.ddbconnector.table.TableInfo;
import io.ddbconnector.throughput.Retrier;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.ListTablesResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/** DescribeTable, retried, with the named errors: the only place the connector describes a table. */
public final class TableMetadata {

  private TableMetadata() {}

  /**
   * Describes a table; a missing table fails with a message naming it, the endpoint and the key that
   * named it.
   */
  public static TableInfo describe(DynamoDbClient client, String table, String configKey, String target,
      Retrier retrier) {
    DescribeTableResponse r;
    try {
      r = retrier.call("DescribeTable of table '" + table + "' at " + target,
          () -> client.describeTable(b -> b.tableName(table)));
    } catch (DynamoDBConnectorException e) {
      if (e.getCause() instanceof ResourceNotFoundException) {
        throw new DynamoDBConnectorException("DynamoDB table '" + table + "' (configuration key '" + configKey
            + "') does not exist at " + target + ".", e.getCause());
      }
      throw e;
    }
    return TableInfo.from(r.table());
  }

  /**
   * The names of every table at the client's endpoint and region, in the service's order (by name): ListTables
   * page after page (up to 100 names each), each page retried.
   */
  public static List<String> listTables(DynamoDbClient client, String target, Retrier retrier) {
    return listTables(client, target, retrier, null);
  }

  /** {@link #listTables(DynamoDbClient, String, Retrier)} with pages of at most {@code pageSize} names (null: the service's 100). */
  static List<String> listTables(DynamoDbClient client, String target, Retrier retrier, Integer pageSize) {
    List<String> names = new ArrayList<>();
    String start = null;
    do {
      String from = start;
      ListTablesResponse r = retrier.call("ListTables at " + target
          + (from == null ? "" : " (after table '" + from + "')"),
          () -> client.listTables(b -> b.exclusiveStartTableName(from).limit(pageSize)));
      names.addAll(r.tableNames());
      start = r.lastEvaluatedTableName();
    } while (start != null && !start.isEmpty());
    return List.copyOf(names);
  }
}
