package io.ddbconnector.hive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddbconnector.hadoop.DynamoDBItemWritable;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Column mapping rules and the SerDe's item ↔ row conversion, without Hive running. */
class ColumnMappingTest {

  private static Properties props(String columns, String types, String... pairs) {
    Properties p = new Properties();
    p.setProperty("columns", columns);
    p.setProperty("columns.types", types);
    for (int i = 0; i < pairs.length; i += 2) {
      p.setProperty(pairs[i], pairs[i + 1]);
    }
    return p;
  }

  @Test
  void unlistedColumnsMapToTheirOwnNameAndAStringMapHoldsTheItem() {
    ColumnMapping m = ColumnMapping.from(props("id,full_name,item", "string:string:map<string,string>",
        HiveTableProperties.COLUMN_MAPPING, "full_name:Full Name"));
    assertEquals("id", m.column("id").attribute());
    assertEquals("Full Name", m.column("FULL_NAME").attribute());
    assertTrue(m.column("item").wholeItem());
    assertEquals("item", m.column("item").dynamoType());
    assertEquals(m.column("full_name"), m.byAttribute("Full Name"));
  }

  @Test
  void mistakesAreNamed() {
    assertMessage(props("id", "string", HiveTableProperties.COLUMN_MAPPING, "idx:id"),
        "names Hive column 'idx', which the table does not have (columns: id)");
    assertMessage(props("id", "string", HiveTableProperties.COLUMN_MAPPING, "id"),
        "Invalid entry 'id' in table property 'dynamodb.column.mapping'");
    assertMessage(props("a,b", "string:string", HiveTableProperties.COLUMN_MAPPING, "a:x,b:x"),
        "Hive columns 'a' and 'b' both map to DynamoDB attribute 'x'");
    assertMessage(props("a,b", "map<string,string>:map<string,string>"), "both unmapped map<string,string> columns");
    assertMessage(props("a", "int", HiveTableProperties.TYPE_MAPPING, "a:SS"), "does not fit Hive column 'a'");
    assertMessage(props("a", "int", HiveTableProperties.NULL_SERIALIZATION, "yes"),
        "Invalid value 'yes' for table property 'dynamodb.null.serialization'");
  }

  private static void assertMessage(Properties p, String expected) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ColumnMapping.from(p));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  @Test
  void serdeReadsAndWritesItems() throws Exception {
    DynamoDBSerDe serde = new DynamoDBSerDe();
    serde.initialize(new Configuration(false), props("id,qty,tags,item", "string:int:array<string>:map<string,string>",
        HiveTableProperties.COLUMN_MAPPING, "qty:Qty", HiveTableProperties.TYPE_MAPPING, "tags:SS"), null);
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    item.put("id", AttributeValue.fromS("a"));
    item.put("Qty", AttributeValue.fromN("3"));
    item.put("tags", AttributeValue.fromSs(List.of("x")));
    item.put("other", AttributeValue.fromNul(true));
    Object row = serde.deserialize(new DynamoDBItemWritable(item));
    assertEquals(Arrays.asList("a", 3, List.of("x"), Map.of("id", "{\"s\":\"a\"}", "Qty", "{\"n\":\"3\"}",
        "tags", "{\"sS\":[\"x\"]}", "other", "{\"nULL\":true}")), row, "each value as the EMR connector spells it");

    DynamoDBItemWritable back = (DynamoDBItemWritable) serde.serialize(row, serde.getObjectInspector());
    assertEquals(item, back.getItem(), "the whole item and the mapped columns agree: an exact copy");

    Object changed = Arrays.asList("a", null, List.of("y", "z"), Map.of("id", "{\"S\":\"a\"}", "note", "{\"s\":\"n\"}"));
    Map<String, AttributeValue> written =
        ((DynamoDBItemWritable) serde.serialize(changed, serde.getObjectInspector())).getItem();
    assertEquals(Map.of("id", AttributeValue.fromS("a"), "note", AttributeValue.fromS("n"),
        "tags", AttributeValue.fromSs(List.of("y", "z"))), written, "NULL columns are omitted; mapped columns win");
    assertNull(written.get("Qty"));

    Object bad = Arrays.asList("a", 1, null, Map.of("x", "not json"));
    Exception e = assertThrows(Exception.class, () -> serde.serialize(bad, serde.getObjectInspector()));
    assertTrue(e.getMessage().contains("Hive column 'item' holds the whole item")
        && e.getMessage().contains("attribute 'x'"), e.getMessage());
  }
}
