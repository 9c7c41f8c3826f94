package io.ddbconnector.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

@ExtendWith(DynamoDBBackendExtension.class)
class BackendIT {

  private final Backend backend;

  BackendIT(Backend backend) {
    this.backend = backend;
  }

  @Test
  void injectsTheSameBackendEverywhere(Backend parameter) {
    assertSame(Backend.shared().client(), parameter.client());
    assertSame(backend.client(), parameter.client());
    assertEquals("us-east-1", parameter.region());
  }

  @Test
  void bulkLoadAndScanAgree() {
    String table = backend.createTable("bulk", "id", ScalarAttributeType.S);
    List<Map<String, AttributeValue>> items = new ArrayList<>(ItemCorpus.generated("id", 2000, 7));
    items.addAll(ItemCorpus.tricky("id"));

    backend.putAll(table, items);

    List<Map<String, AttributeValue>> scanned = backend.scanAll(table);
    assertEquals(ItemChecksum.of(items), ItemChecksum.of(scanned));
    ItemChecksum.assertSameItems(items, scanned, "id");
    assertEquals(items.size(), backend.count(table));
  }

  @Test
  void trickyCorpusRoundTripsExactly() {
    String table = backend.createTable("tricky", "pk", ScalarAttributeType.S);
    List<Map<String, AttributeValue>> tricky = ItemCorpus.tricky("pk");
    backend.putAll(table, tricky);
    for (Map<String, AttributeValue> item : tricky) {
      Map<String, AttributeValue> read = backend.client().getItem(r -> r.tableName(table)
          .key(Map.of("pk", item.get("pk"))).consistentRead(true)).item();
      assertEquals(ItemChecksum.canonical(item), ItemChecksum.canonical(read),
          () -> "item " + item.get("pk").s());
    }
  }

  @Test
  void createsTableVariantsThatAreActive() {
    String ranged = backend.createTable("ranged", "h", ScalarAttributeType.S,
        "r", ScalarAttributeType.N);
    TableDescription description = describe(ranged);
    assertEquals(TableStatus.ACTIVE, description.tableStatus());
    assertEquals(2, description.keySchema().size());
    assertEquals(1000L, description.provisionedThroughput().readCapacityUnits());

    String small = backend.createTable("small", "h", ScalarAttributeType.B, null, null, 5, 7);
    assertEquals(7L, describe(small).provisionedThroughput().writeCapacityUnits());

    String onDemand = backend.createPayPerRequestTable("ondemand", "h", ScalarAttributeType.S,
        null, null);
    assertEquals(BillingMode.PAY_PER_REQUEST,
        describe(onDemand).billingModeSummary().billingMode());

    backend.deleteTable(small);
    assertThrows(ResourceNotFoundException.class, () -> describe(small));
    backend.deleteTable(small); // already gone: no error
  }

  @Test
  void uniqueTableNamesAreValidAndDistinct() {
    String a = backend.uniqueTableName("my table/ü");
    String b = backend.uniqueTableName("my table/ü");
    assertNotEquals(a, b);
    assertTrue(a.matches("[A-Za-z0-9_.-]{3,255}"), a);
    assertNotNull(backend.uniqueTableName(""));
  }

  @Test
  void emptyTableScansEmpty() {
    String table = backend.createTable("empty", "id", ScalarAttributeType.S);
    assertTrue(backend.scanAll(table).isEmpty());
    assertEquals(0, backend.count(table));
  }

  private TableDescription describe(String table) {
    return backend.client().describeTable(r -> r.tableName(table)).table();
  }
}
