package io.ddbconnector.client;

import io.ddbconnector.exceptions.DynamoDBConnectorException;
import io.ddbconnector.table.TableInfo;
import io.ddbconnector.throughput.Retrier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
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
}
