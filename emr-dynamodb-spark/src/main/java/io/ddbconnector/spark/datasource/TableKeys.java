package io.ddbconnector.spark.datasource;

import io.ddbconnector.client.ClientSettings;
import io.ddbconnector.client.DynamoDBClientFactory;
import io.ddbconnector.table.TableInfo;
import io.ddbconnector.conf.ConnectorOptions;
import io.ddbconnector.conf.Settings;
import io.ddbconnector.core.DynamoDBConnector;
import io.ddbconnector.read.ReadSettings;
import io.ddbconnector.throughput.ConnectorMetrics;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * The key schema a read works with: the table's keys, and those of the index named by
 * {@code dynamodb.read.indexName} (a Query on an index uses the index's keys). Read once on the driver.
 */
final class TableKeys implements Serializable {
  private static final long serialVersionUID = 1L;

  final TableInfo table;
  final String indexName;
  /** The keys Queries use: the index's when reading one, else the table's; hash first. */
  final List<TableInfo.KeyAttribute> readKeys;

  private TableKeys(TableInfo table, String indexName, List<TableInfo.KeyAttribute> readKeys) {
    this.table = table;
    this.indexName = indexName;
    this.readKeys = List.copyOf(readKeys);
  }

  static TableKeys describe(Settings settings) {
    ReadSettings rs = ReadSettings.from(settings);
    TableInfo table = DynamoDBConnector.describeInput(rs, new ConnectorMetrics());
    String index = rs.indexName();
    if (index == null || index.isBlank()) {
      return new TableKeys(table, null, table.keys());
    }
    TableDescription d = DynamoDBClientFactory.shared(ClientSettings.from(settings))
        .describeTable(b -> b.tableName(rs.table())).table();
    List<KeySchemaElement> schema = null;
    for (GlobalSecondaryIndexDescription g : d.globalSecondaryIndexes()) {
      if (g.indexName().equals(index)) {
        schema = g.keySchema();
      }
    }
    for (LocalSecondaryIndexDescription l : d.localSecondaryIndexes()) {
      if (l.indexName().equals(index)) {
        schema = l.keySchema();
      }
    }
    if (schema == null) {
      List<String> names = new ArrayList<>();
      d.globalSecondaryIndexes().forEach(g -> names.add(g.indexName()));
      d.localSecondaryIndexes().forEach(l -> names.add(l.indexName()));
      throw new IllegalArgumentException("Table '" + rs.table() + "' has no index '" + index + "' (configuration key '"
          + ConnectorOptions.INDEX_NAME.name() + "'); its indexes: " + names + ".");
    }
    List<TableInfo.KeyAttribute> keys = new ArrayList<>();
    for (KeyType kt : new KeyType[] {KeyType.HASH, KeyType.RANGE}) {
      for (KeySchemaElement k : schema) {
        if (k.keyType() == kt) {
          String type = "S";
          for (AttributeDefinition a : d.attributeDefinitions()) {
            if (a.attributeName().equals(k.attributeName())) {
              type = a.attributeTypeAsString();
            }
          }
          keys.add(new TableInfo.KeyAttribute(k.attributeName(), type));
        }
      }
    }
    return new TableKeys(table, index, keys);
  }

  TableInfo.KeyAttribute hash() {
    return readKeys.get(0);
  }

  TableInfo.KeyAttribute range() {
    return readKeys.size() > 1 ? readKeys.get(1) : null;
  }

  /** Every key attribute of the table and the index. */
  Set<String> allKeyNames() {
    Set<String> s = new LinkedHashSet<>(table.keyNames());
    for (TableInfo.KeyAttribute k : readKeys) {
      s.add(k.name());
    }
    return s;
  }

  /** Key attributes of the table, then of the index (for inference: never nullable on a table read). */
  List<TableInfo.KeyAttribute> schemaKeys() {
    List<TableInfo.KeyAttribute> out = new ArrayList<>(table.keys());
    for (TableInfo.KeyAttribute k : readKeys) {
      if (!table.keyNames().contains(k.name())) {
        out.add(k);
      }
    }
    return out;
  }
}
