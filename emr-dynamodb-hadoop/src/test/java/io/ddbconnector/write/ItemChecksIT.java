package io.ddbconnector.write;

import static io.ddbconnector.types.TestItems.bs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddbconnector.conf.Settings;
import io.ddbconnector.core.DynamoDBConnector;
import io.ddbconnector.testkit.Backend;
import io.ddbconnector.testkit.DynamoDBBackendExtension;
import io.ddbconnector.throughput.ConnectorMetrics;
import io.ddbconnector.exceptions.DynamoDBConnectorException;
import io.ddbconnector.types.DynamoJson;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Each kind of value the service refuses, in a stream of good items through the real writer: the writer
 * refuses it naming the table, the item's key and the attribute path, and the good items around it are
 * written. The same item sent as it is shows what the backend says instead: dynalite refuses every one of
 * these kinds too, with a message that names neither the item nor the attribute.
 */
@ExtendWith(DynamoDBBackendExtension.class)
class ItemChecksIT {

  private static final int GOOD_BEFORE = 40;
  private static String table;

  @BeforeAll
  static void createTable(Backend backend) {
    table = backend.createTable("checks", "id", ScalarAttributeType.S, "n", ScalarAttributeType.N);
  }

  private static Settings settings(Backend backend, String... more) {
    Map<String, String> m = new HashMap<>(Map.of("dynamodb.output.tableName", table,
        "dynamodb.endpoint", backend.endpoint().toString(), "dynamodb.region", backend.region(),
        "dynamodb.awsAccessKeyId", "dummy", "dynamodb.awsSecretAccessKey", "dummy",
        "dynamodb.throughput.write", "100000"));
    for (int i = 0; i < more.length; i += 2) {
      m.put(more[i], more[i + 1]);
    }
    return Settings.of(m);
  }

  private static Map<String, AttributeValue> key(String id, String n) {
    Map<String, AttributeValue> key = new LinkedHashMap<>();
    key.put("id", AttributeValue.fromS(id));
    key.put("n", AttributeValue.fromN(n));
    return key;
  }

  private static Map<String, AttributeValue> item(String id, String n, String attribute, AttributeValue value) {
    Map<String, AttributeValue> item = key(id, n);
    item.put("note", AttributeValue.fromS("good"));
    item.put(attribute, value);
    return item;
  }

  /** One refused value: where it sits, what the message says of it. */
  record Bad(String kind, String attribute, AttributeValue value, String path, String says) {
    @Override
    public String toString() {
      return kind;
    }
  }

  private static AttributeValue nested(AttributeValue leaf) {
    return AttributeValue.fromM(Map.of("b", AttributeValue.fromL(List.of(AttributeValue.fromS("x"),
        AttributeValue.fromN("1"), AttributeValue.fromBool(true), leaf))));
  }

  static Stream<Bad> kinds() {
    return Stream.of(
        new Bad("39 digits", "a", nested(AttributeValue.fromN("123456789012345678901234567890123456789")),
            "a.b[3]", "has 39 significant digits; DynamoDB numbers have at most 38"),
        new Bad("overflow", "big", AttributeValue.fromN("1E+126"), "big", "'1E+126' is larger in magnitude"),
        new Bad("underflow", "tiny", AttributeValue.fromN("-1E-131"), "tiny", "'-1E-131' is smaller in magnitude"),
        new Bad("not a number", "price", AttributeValue.fromN("12,50"), "price", "N value '12,50' is not a number"),
        new Bad("NS member not a number", "tags", AttributeValue.fromNs(List.of("1", "NaN")), "tags",
            "NS member 'NaN' is not a number"),
        new Bad("empty SS", "tags", AttributeValue.fromSs(List.of()), "tags", "empty set (SS)"),
        new Bad("empty NS", "a", nested(AttributeValue.fromNs(List.of())), "a.b[3]", "empty set (NS)"),
        new Bad("empty BS", "tags", bs(), "tags", "empty set (BS)"),
        new Bad("duplicate SS", "tags", AttributeValue.fromSs(List.of("red", "blue", "red")), "tags",
            "the member 'red' twice"),
        new Bad("equal NS", "tags", AttributeValue.fromNs(List.of("1", "2", "1.0")), "tags",
            "equal members '1' and '1.0'"),
        new Bad("duplicate BS", "tags", bs(new byte[] {1}, new byte[] {1}), "tags", "the member base64 'AQ==' twice"),
        new Bad("no type", "a", nested(AttributeValue.builder().build()), "a.b[3]",
            "AttributeValue with no type set"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void theWriterRefusesNamingTableKeyAndPath(Bad bad, Backend backend) {
    String id = bad.kind.replace(' ', '-');
    Map<String, AttributeValue> item = item(id, "7", bad.attribute, bad.value);
    String message;
    BatchWriter w = DynamoDBConnector.openWriter(settings(backend), 1, new ConnectorMetrics());
    for (int i = 0; i < GOOD_BEFORE; i++) {
      w.put(item(id, Integer.toString(100 + i), bad.attribute, AttributeValue.fromN("1.5")));
    }
    w.flush();
    DynamoDBConnectorException e = assertThrows(DynamoDBConnectorException.class, () -> w.put(item));
    message = e.getMessage();
    assertTrue(message.contains("table '" + table + "'"), message);
    assertTrue(message.contains("key " + DynamoJson.toJson(key(id, "7"))), message);
    assertTrue(message.contains("has attribute '" + bad.path + "' "), message);
    assertTrue(message.contains(bad.says), message);
    assertTrue(message.contains(GOOD_BEFORE + " items confirmed written"), message);
    // the writer stopped at the bad item: what follows is refused, nothing more reaches the table
    assertThrows(DynamoDBConnectorException.class,
        () -> w.put(item(id, "200", bad.attribute, AttributeValue.fromS("fine"))));
    assertThrows(DynamoDBConnectorException.class, w::close);
    long written = backend.scanAll(table).stream().filter(i -> i.get("id").s().equals(id)).count();
    assertEquals(GOOD_BEFORE, written, "the good items before the bad one are written, nothing after");

    // What the backend says of the same item: a 400 that names no attribute.
    DynamoDbException refused = assertThrows(DynamoDbException.class,
        () -> backend.client().putItem(r -> r.tableName(table).item(item)), "dynalite refuses it too");
    assertEquals(400, refused.statusCode(), refused.getMessage());
    System.out.println(bad + ":\n  writer:  " + message + "\n  dynalite: " + refused.getMessage()); // the log

    assertFalse(refused.getMessage().contains("'" + bad.path + "'"), refused.getMessage());
  }

  @Test
  void boundaryNumbersAreWrittenAndReadBackAsGiven(Backend backend) {
    Map<String, AttributeValue> item = key("boundaries", "9.9999999999999999999999999999999999999E+125");
    item.put("digits38", AttributeValue.fromN("12345678901234567890123456789012345678"));
    item.put("padded", AttributeValue.fromN("000.12345678901234567890123456789012345678000"));
    item.put("smallest", AttributeValue.fromN("-1E-130"));
    item.put("zeros", AttributeValue.fromNs(List.of("0", "1", "-1", "10")));
    item.put("zeroFar", AttributeValue.fromN("0E-200"));
    item.put("minusZero", AttributeValue.fromN("-0"));
    item.put("emptyInSets", AttributeValue.fromSs(List.of("", "a")));
    try (BatchWriter w = DynamoDBConnector.openWriter(settings(backend), 1, new ConnectorMetrics())) {
      w.put(item);
    }
    Map<String, AttributeValue> got = backend.client().getItem(r -> r.tableName(table)
        .key(key("boundaries", "9.9999999999999999999999999999999999999E+125")).consistentRead(true)).item();
    assertEquals(item.keySet(), got.keySet(), got.toString());
  }

  /**
   * DynamoDB stores "+3" (ScyllaDB's Alternator suite, run against DynamoDB, writes it), so the checks pass
   * it; dynalite refuses it (big.js reads no leading '+'), and its message is what the writer reports.
   */
  @Test
  void aLeadingPlusPassesTheChecksAndDynaliteAloneRefusesIt(Backend backend) {
    Map<String, AttributeValue> item = item("plus", "1", "v", AttributeValue.fromN("+3"));
    assertNull(ItemChecks.valueProblem(item));
    BatchWriter w = DynamoDBConnector.openWriter(settings(backend, "dynamodb.retry.maxDurationMs", "2000"), 1,
        new ConnectorMetrics());
    w.put(item);
    RuntimeException e = assertThrows(RuntimeException.class, w::close);
    assertTrue(e.getMessage().contains("numeric value"), e.getMessage());
  }

  @Test
  void deletesCheckTheKey(Backend backend) {
    BatchWriter bad = DynamoDBConnector.openWriter(settings(backend, "dynamodb.write.mode", "delete"), 1,
        new ConnectorMetrics());
    DynamoDBConnectorException e = assertThrows(DynamoDBConnectorException.class,
        () -> bad.write(key("gone", "1e126")));
    assertTrue(e.getMessage().contains("key " + DynamoJson.toJson(key("gone", "1e126"))
        + " for table '" + table + "' has attribute 'n' whose N value '1e126' is larger"), e.getMessage());
    try (BatchWriter w = DynamoDBConnector.openWriter(settings(backend, "dynamodb.write.mode", "delete"), 1,
        new ConnectorMetrics())) {
      w.write(item("gone", "1", "ignored", AttributeValue.fromSs(List.of()))); // a delete sends only the key
    }
  }

  @Test
  void theUpdaterRefusesNamingTableKeyAndPath(Backend backend) {
    ItemUpdater u = DynamoDBConnector.openUpdater(settings(backend), 1, new ConnectorMetrics());
    u.update(key("upd", "1"), Map.of("v", AttributeValue.fromN("1")), List.of());
    u.flush();
    DynamoDBConnectorException e = assertThrows(DynamoDBConnectorException.class,
        () -> u.update(key("upd", "1"), Map.of("a", nested(AttributeValue.fromNs(List.of("5", "5.00")))),
            List.of()));
    assertTrue(e.getMessage().contains("Update of item " + DynamoJson.toJson(key("upd", "1")) + " in table '"
        + table + "'"), e.getMessage());
    assertTrue(e.getMessage().contains("'a.b[3]' that is a set (NS) with equal members '5' and '5.00'"),
        e.getMessage());
    assertTrue(e.getMessage().contains("1 updates confirmed applied"), e.getMessage());
    // the updater stopped: the next update is refused with the same report, and nothing is sent
    DynamoDBConnectorException again = assertThrows(DynamoDBConnectorException.class,
        () -> u.update(key("upd", "2"), Map.of("v", AttributeValue.fromN("2")), List.of()));
    assertEquals(e.getMessage(), again.getMessage());
    assertThrows(DynamoDBConnectorException.class, u::close);
    ItemUpdater other = DynamoDBConnector.openUpdater(settings(backend), 1, new ConnectorMetrics());
    e = assertThrows(DynamoDBConnectorException.class,
        () -> other.update(key("upd", "0.00001e-129"), Map.of("v", AttributeValue.fromN("2")), List.of()));
    assertTrue(e.getMessage().contains("'n' whose N value '0.00001e-129' is smaller"), e.getMessage());
    Map<String, AttributeValue> got = backend.client().getItem(r -> r.tableName(table).key(key("upd", "1"))
        .consistentRead(true)).item();
    assertEquals("1", got.get("v").n(), "the update before the refused one was applied");
    assertTrue(backend.client().getItem(r -> r.tableName(table).key(key("upd", "2")).consistentRead(true))
        .item().isEmpty(), "nothing after the refused update");
  }

}
