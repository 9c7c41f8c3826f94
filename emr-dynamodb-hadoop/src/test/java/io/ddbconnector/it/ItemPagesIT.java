package io.ddbconnector.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddbconnector.client.ClientSettings;
import io.ddbconnector.client.DynamoDBClientFactory;
import io.ddbconnector.client.ItemPages;
import io.ddbconnector.conf.Settings;
import io.ddbconnector.core.DynamoDBConnector;
import io.ddbconnector.read.ScanReader;
import io.ddbconnector.split.ScanSplit;
import io.ddbconnector.testkit.Backend;
import io.ddbconnector.testkit.DynamoDBBackendExtension;
import io.ddbconnector.testkit.ItemChecksum;
import io.ddbconnector.testkit.ItemCorpus;
import io.ddbconnector.throughput.ConnectorMetrics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * The connector's own parsing of Scan and Query pages ({@link ItemPages}) against the backend: every item
 * of the tricky corpus (every type, nesting, large values, awkward strings) and the number corpus comes
 * out equal to what the SDK's unmarshaller makes of the same page, and the rest of the response (counts,
 * last key, consumed capacity) still reaches the SDK's response object.
 */
@ExtendWith(DynamoDBBackendExtension.class)
class ItemPagesIT {

  static String table;
  static List<Map<String, AttributeValue>> stored;

  @BeforeAll
  static void load(Backend backend) {
    table = backend.createTable("pages", "id", ScalarAttributeType.S);
    List<Map<String, AttributeValue>> items = new ArrayList<>(ItemCorpus.tricky("id"));
    items.addAll(ItemCorpus.numbers("id"));
    items.addAll(ItemCorpus.generated("id", 300, 7));
    backend.putAll(table, items);
    stored = backend.scanAll(table);
    assertEquals(items.size(), stored.size());
  }

  private static Map<String, String> conf(Backend backend) {
    Map<String, String> m = new HashMap<>();
    m.put("dynamodb.endpoint", backend.endpoint().toString());
    m.put("dynamodb.region", backend.region());
    m.put("dynamodb.awsAccessKeyId", "dummy");
    m.put("dynamodb.awsSecretAccessKey", "dummy");
    m.put("dynamodb.input.tableName", table);
    return m;
  }

  @Test
  void everyScanPageParsedByTheConnectorEqualsTheSdksParse(Backend backend) {
    try (DynamoDbClient client = DynamoDBClientFactory.create(ClientSettings.from(Settings.of(conf(backend))))) {
      Map<String, AttributeValue> start = null;
      int pages = 0;
      int items = 0;
      do {
        ItemPages.Slot slot = new ItemPages.Slot();
        ScanRequest plain = ScanRequest.builder().tableName(table).limit(37).exclusiveStartKey(start)
            .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
        ScanResponse sdk = client.scan(plain);
        ScanResponse mine = client.scan(plain.toBuilder().overrideConfiguration(ItemPages.into(slot)).build());
        assertTrue(slot.parsed(), "the connector parsed page " + pages);
        assertTrue(mine.items().isEmpty(), "the SDK saw an empty item list");
        assertEquals(sdk.items(), slot.itemsOr(List.of()), "page " + pages);
        assertEquals(sdk.count(), mine.count());
        assertEquals(sdk.scannedCount(), mine.scannedCount());
        assertEquals(sdk.lastEvaluatedKey(), mine.lastEvaluatedKey());
        assertEquals(sdk.consumedCapacity(), mine.consumedCapacity());
        items += slot.itemsOr(List.of()).size();
        start = sdk.hasLastEvaluatedKey() ? sdk.lastEvaluatedKey() : null;
        pages++;
      } while (start != null);
      assertEquals(stored.size(), items);
      assertTrue(pages > 5, "several pages: " + pages);
    }
  }

  @Test
  void queryPagesToo(Backend backend) {
    try (DynamoDbClient client = DynamoDBClientFactory.create(ClientSettings.from(Settings.of(conf(backend))))) {
      for (Map<String, AttributeValue> item : stored.subList(0, 40)) {
        ItemPages.Slot slot = new ItemPages.Slot();
        QueryRequest q = QueryRequest.builder().tableName(table).keyConditionExpression("id = :k")
            .expressionAttributeValues(Map.of(":k", item.get("id"))).build();
        QueryResponse mine = client.query(q.toBuilder().overrideConfiguration(ItemPages.into(slot)).build());
        assertTrue(slot.parsed());
        assertEquals(List.of(item), slot.itemsOr(List.of()));
        assertEquals(1, mine.count());
      }
    }
  }

  @Test
  void aReaderWithAndWithoutTheConnectorsParserReadsTheSameTable(Backend backend) {
    for (boolean sdk : new boolean[] {false, true}) {
      Map<String, String> m = conf(backend);
      m.put("dynamodb.read.sdkUnmarshalling", Boolean.toString(sdk));
      m.put("dynamodb.scan.segments", "3");
      Settings s = Settings.of(m);
      List<Map<String, AttributeValue>> got = new ArrayList<>();
      for (ScanSplit split : DynamoDBConnector.splits(s, 3)) {
        try (ScanReader r = DynamoDBConnector.openReader(s, split, new ConnectorMetrics())) {
          while (r.hasNext()) {
            got.add(r.next());
          }
        }
      }
      ItemChecksum.assertSameItems(stored, got);
    }
  }

  @Test
  void aClientBuiltElsewhereStillWorksWithASlot(Backend backend) {
    DynamoDbClient plain = backend.client(); // no connector interceptor: the slot stays empty
    ItemPages.Slot slot = new ItemPages.Slot();
    ScanResponse r = plain.scan(ScanRequest.builder().tableName(table).limit(5)
        .overrideConfiguration(ItemPages.into(slot)).build());
    assertFalse(slot.parsed());
    assertEquals(5, slot.itemsOr(r.items()).size());
  }
}
