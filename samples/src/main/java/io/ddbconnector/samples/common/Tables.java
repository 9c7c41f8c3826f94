package io.ddbconnector.samples.common;

import io.ddbconnector.client.ClientSettings;
import io.ddbconnector.client.DynamoDBClientFactory;
import io.ddbconnector.table.TableInfo;
import io.ddbconnector.conf.ConnectorOptions;
import io.ddbconnector.conf.Settings;
import io.ddbconnector.core.DynamoDBConnector;
import io.ddbconnector.read.ScanReader;
import io.ddbconnector.split.ScanSplit;
import io.ddbconnector.throughput.ConnectorMetrics;
import io.ddbconnector.write.WriteSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/** Table chores of the samples: does a table exist, create one and wait for it, read a small table. */
public final class Tables {

  private static final long CREATE_TIMEOUT_MS = 5 * 60_000;

  private Tables() {}

  /** The connector's shared client for these settings. */
  public static DynamoDbClient client(Settings settings) {
    return DynamoDBClientFactory.shared(ClientSettings.from(settings));
  }

  public static boolean exists(Settings settings, String table) {
    try {
      client(settings).describeTable(b -> b.tableName(table));
      return true;
    } catch (ResourceNotFoundException e) {
      return false;
    }
  }

  /**
   * Creates {@code table} with the given key (hash first) and waits until it is ACTIVE.
   *
   * @param capacity provisioned read and write units, or {@code null} for an on-demand table
   */
  public static void create(Settings settings, String table, List<TableInfo.KeyAttribute> keys, Long capacity) {
    List<KeySchemaElement> schema = new ArrayList<>();
    List<AttributeDefinition> definitions = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      TableInfo.KeyAttribute k = keys.get(i);
      schema.add(KeySchemaElement.builder().attributeName(k.name())
          .keyType(i == 0 ? KeyType.HASH : KeyType.RANGE).build());
      definitions.add(AttributeDefinition.builder().attributeName(k.name()).attributeType(k.type()).build());
    }
    CreateTableRequest.Builder request = CreateTableRequest.builder()
        .tableName(table).keySchema(schema).attributeDefinitions(definitions);
    if (capacity == null) {
      request.billingMode(BillingMode.PAY_PER_REQUEST);
    } else {
      request.billingMode(BillingMode.PROVISIONED)
          .provisionedThroughput(t -> t.readCapacityUnits(capacity).writeCapacityUnits(capacity));
    }
    DynamoDbClient client = client(settings);
    client.createTable(request.build());
    awaitActive(client, table);
  }

  /** Polls DescribeTable every 50 ms (the SDK waiter polls every 20 s: far too slow for a demo). */
  private static void awaitActive(DynamoDbClient client, String table) {
    long deadline = System.currentTimeMillis() + CREATE_TIMEOUT_MS;
    long pause = 50;
    while (System.currentTimeMillis() < deadline) {
      TableDescription d = client.describeTable(b -> b.tableName(table)).table();
      if (d.tableStatus() == TableStatus.ACTIVE) {
        return;
      }
      try {
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for table '" + table + "'", e);
      }
      pause = Math.min(2_000, pause * 2);
    }
    throw new IllegalStateException("table '" + table + "' is not ACTIVE " + CREATE_TIMEOUT_MS / 1000
        + " s after CreateTable");
  }

  /**
   * The key schema (hash first) of a table to read. Fails with a clear message when the table does not exist,
   * naming {@code dynamodb.input.tableName}.
   */
  public static TableInfo describe(Settings settings, String table) {
    return DynamoDBConnector.describeInput(
        io.ddbconnector.read.ReadSettings.from(settings.with(ConnectorOptions.INPUT_TABLE_NAME.name(), table)),
        new ConnectorMetrics());
  }

  /** {@link #describe} for a table to write: a missing one is named as {@code dynamodb.output.tableName}. */
  public static TableInfo describeTarget(Settings settings, String table) {
    return DynamoDBConnector.describeOutput(
        WriteSettings.from(settings.with(ConnectorOptions.OUTPUT_TABLE_NAME.name(), table)), new ConnectorMetrics());
  }

  /** Reads a (small) table through the connector, split by split. */
  public static List<Map<String, AttributeValue>> readAll(Settings settings, String table) {
    Settings s = settings.with(ConnectorOptions.INPUT_TABLE_NAME.name(), table);
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    ConnectorMetrics metrics = new ConnectorMetrics();
    for (ScanSplit split : DynamoDBConnector.splits(s, 1)) {
      try (ScanReader reader = DynamoDBConnector.openReader(s, split, metrics)) {
        reader.forEachRemaining(items::add);
      }
    }
    return items;
  }
}
