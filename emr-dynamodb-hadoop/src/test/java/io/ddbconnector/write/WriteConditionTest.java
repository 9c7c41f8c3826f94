package io.ddbconnector.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddbconnector.conf.Settings;
import io.ddbconnector.exceptions.DynamoDBConnectorException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Parsing and per-item binding of the write condition. */
class WriteConditionTest {

  private static WriteCondition condition(String... kv) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return WriteCondition.from(Settings.of(m));
  }

  private static final Map<String, AttributeValue> ITEM = Map.of("id", AttributeValue.fromS("a"),
      "version", AttributeValue.fromN("7"), "ts", AttributeValue.fromN("100"));
  private static final Map<String, AttributeValue> KEY = Map.of("id", AttributeValue.fromS("a"));

  @Test
  void noConditionByDefault() {
    assertNull(condition());
  }

  @Test
  void itemPlaceholdersAreRenamedAndBoundPerItem() {
    WriteCondition c = condition("dynamodb.write.condition", "attribute_not_exists(id) OR (ts < :item.ts AND"
        + " ts > :min AND :item.ts <> :item.version)", "dynamodb.write.condition.expressionValues",
        "{\":min\":{\"N\":\"1\"}}");
    assertEquals("attribute_not_exists(id) OR (ts < :item_0 AND ts > :min AND :item_0 <> :item_1)", c.expression());
    assertEquals(List.of("ts", "version"), c.itemAttributes());
    assertEquals(Map.of(":min", AttributeValue.fromN("1"), ":item_0", AttributeValue.fromN("100"),
        ":item_1", AttributeValue.fromN("7")), c.values(ITEM, KEY, "t"));
  }

  @Test
  void versionAttributeIsAndedWithTheExpressionAndTakesAnyName() {
    WriteCondition c = condition("dynamodb.write.condition", "attribute_exists(id)",
        "dynamodb.write.condition.versionAttribute", "rev.no");
    assertEquals("(attribute_exists(id)) AND (attribute_not_exists(#item_version) OR #item_version < :item_0)",
        c.expression());
    assertEquals(Map.of("#item_version", "rev.no"), c.names());
    Map<String, AttributeValue> item = Map.of("id", AttributeValue.fromS("a"), "rev.no", AttributeValue.fromN("3"));
    assertEquals(Map.of(":item_0", AttributeValue.fromN("3")), c.values(item, KEY, "t"));
  }

  @Test
  void anItemWithoutTheAttributeIsRefusedNamingKeyAttributeAndTable() {
    WriteCondition c = condition("dynamodb.write.condition.versionAttribute", "rev");
    DynamoDBConnectorException e = assertThrows(DynamoDBConnectorException.class, () -> c.values(ITEM, KEY, "orders"));
    assertTrue(e.getMessage().contains("{\"id\":{\"S\":\"a\"}}") && e.getMessage().contains("'rev'")
        && e.getMessage().contains("'orders'"), e.getMessage());
    Map<String, AttributeValue> nul = Map.of("id", AttributeValue.fromS("a"), "rev", AttributeValue.fromNul(true));
    assertThrows(DynamoDBConnectorException.class, () -> c.values(nul, KEY, "orders"));
  }

  @Test
  void badSettingsNameTheKey() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> condition(
        "dynamodb.write.condition.expressionNames", "#v=version")).getMessage()
        .contains("dynamodb.write.condition"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> condition("dynamodb.write.condition", "#v < :x",
        "dynamodb.write.condition.expressionNames", "v=version")).getMessage()
        .contains("dynamodb.write.condition.expressionNames"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> condition("dynamodb.write.condition", "a < :x",
        "dynamodb.write.condition.expressionValues", "{\":x\": oops")).getMessage()
        .contains("dynamodb.write.condition.expressionValues"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> condition("dynamodb.write.condition", "a < :x",
        "dynamodb.write.condition.expressionValues", "{\":x\":{\"N\":\"1\"},\":y\":{\"N\":\"2\"}}")).getMessage()
        .contains("':y'"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> condition("dynamodb.write.condition",
        "a < :item_x", "dynamodb.write.condition.expressionValues", "{\":item_x\":{\"N\":\"1\"}}")).getMessage()
        .contains("':item"));
  }

  @Test
  void survivesJavaSerialization() throws Exception {
    WriteCondition c = condition("dynamodb.write.condition", "a < :x AND b < :item.b",
        "dynamodb.write.condition.expressionValues", "{\":x\":{\"N\":\"1\"}}");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(c);
    }
    WriteCondition back;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      back = (WriteCondition) in.readObject();
    }
    assertEquals(c.expression(), back.expression());
    assertEquals(Map.of(":x", AttributeValue.fromN("1"), ":item_0", AttributeValue.fromN("2")),
        back.values(Map.of("b", AttributeValue.fromN("2")), KEY, "t"));
  }
}
