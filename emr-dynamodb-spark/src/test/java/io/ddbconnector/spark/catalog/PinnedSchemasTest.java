package io.ddbconnector.spark.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddbconnector.table.TableInfo;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Pins found among catalog options, parsed and checked against the table's keys; the description shown. */
class PinnedSchemasTest {

  static final TableInfo ORDERS = new TableInfo("sales.orders-eu", List.of(new TableInfo.KeyAttribute("id", "S"),
      new TableInfo.KeyAttribute("ts", "N")), List.of(new TableInfo.IndexInfo("byCustomer", true,
          List.of(new TableInfo.KeyAttribute("customer", "S")), "INCLUDE", List.of("total"), true, false, 5, 3)),
      12, 3456, false, 100, 50);

  @Test
  void findsPinsWhateverTheCaseOfPrefixAndSuffixKeepingTheName() {
    assertEquals(Optional.of("sales.orders-eu"), PinnedSchemas.tableOf("table.sales.orders-eu.schema"));
    assertEquals(Optional.of("Orders"), PinnedSchemas.tableOf("TABLE.Orders.Schema"));
    assertEquals(Optional.empty(), PinnedSchemas.tableOf("table..schema"));
    assertEquals(Optional.empty(), PinnedSchemas.tableOf("tableName"));
    assertEquals(Optional.empty(), PinnedSchemas.tableOf("schemaSampleSize"));
  }

  @Test
  void aPinIsParsedAndItsKeysMadeNotNull() {
    PinnedSchemas pins = PinnedSchemas.from("ddb", Map.of("table.sales.orders-eu.schema",
        "id STRING, ts BIGINT, total DECIMAL(38,10)", "region", "eu-west-1"));
    assertTrue(pins.has("sales.orders-eu"));
    assertFalse(pins.has("region"));
    StructType s = pins.schema(ORDERS);
    assertEquals(List.of("id", "ts", "total"), List.of(s.fieldNames()));
    assertFalse(s.apply("id").nullable());
    assertFalse(s.apply("ts").nullable());
    assertTrue(s.apply("total").nullable());
    assertEquals(DataTypes.createDecimalType(38, 10), s.apply("total").dataType());
  }

  @Test
  void badPinsFailNamingTheKeyAndTheTable() {
    String key = "'spark.sql.catalog.ddb.table.sales.orders-eu.schema'";
    String table = "DynamoDB table 'sales.orders-eu'";
    String parse = message("id STRING, total DECIMAL(38,");
    assertTrue(parse.contains(key) && parse.contains(table) && parse.contains("does not parse"), parse);
    String missing = message("id STRING, total DOUBLE");
    assertTrue(missing.contains(key) && missing.contains("no column for the table's key attribute 'ts' (N)"), missing);
    String cased = message("ID STRING, ts BIGINT");
    assertTrue(cased.contains("'ID' differs in case only"), cased);
    String type = message("id BIGINT, ts BIGINT");
    assertTrue(type.contains(key) && type.contains("gives the key attribute 'id' (S) the type bigint; expected STRING"),
        type);
    String numberAsText = message("id STRING, ts STRING");
    assertTrue(numberAsText.contains("'ts' (N) the type string; expected a number type"), numberAsText);
  }

  private static String message(String ddl) {
    PinnedSchemas pins = PinnedSchemas.from("ddb", Map.of("table.sales.orders-eu.schema", ddl));
    return assertThrows(IllegalArgumentException.class, () -> pins.schema(ORDERS)).getMessage();
  }

  @Test
  void theDescriptionShowsKeysIndexesAndCapacityAndMasksSecrets() {
    Map<String, String> p = TableDescription.of(ORDERS, "inferred", Map.of("region", "eu-west-1",
        "secretAccessKey", "s3cr3t", "dynamodb.awsAccessKeyId", "AKIA123"));
    assertEquals("dynamodb", p.get("provider"));
    assertEquals("id (S)", p.get("dynamodb.hashKey"));
    assertEquals("ts (N)", p.get("dynamodb.rangeKey"));
    assertEquals("PROVISIONED", p.get("dynamodb.capacityMode"));
    assertEquals("100 units/s", p.get("dynamodb.readCapacity"));
    assertEquals("50 units/s", p.get("dynamodb.writeCapacity"));
    assertEquals("byCustomer", p.get("dynamodb.indexes"));
    assertEquals("GSI, keys [customer (S)], projection INCLUDE [total], 5 RCU / 3 WCU", p.get("dynamodb.index.byCustomer"));
    assertEquals("12", p.get("dynamodb.itemCount"));
    assertEquals("3456", p.get("dynamodb.sizeBytes"));
    assertEquals("eu-west-1", p.get("option.region"));
    assertEquals("****", p.get("option.secretAccessKey"));
    assertEquals("****", p.get("option.dynamodb.awsAccessKeyId"));
    assertFalse(p.toString().contains("s3cr3t") || p.toString().contains("AKIA123"), p.toString());

    TableInfo onDemand = new TableInfo("t", List.of(new TableInfo.KeyAttribute("k", "B")), 0, 0, true, 0, 0);
    Map<String, String> q = TableDescription.of(onDemand, "pinned", Map.of());
    assertEquals("PAY_PER_REQUEST", q.get("dynamodb.capacityMode"));
    assertEquals("on demand", q.get("dynamodb.readCapacity"));
    assertEquals("none", q.get("dynamodb.indexes"));
    assertFalse(q.containsKey("dynamodb.rangeKey"));
  }
}
