package io.ddbconnector.hadoop;

import static io.ddbconnector.types.TestItems.assertSameItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddbconnector.types.DynamoJson;
import io.ddbconnector.types.ItemCodec;
import io.ddbconnector.types.ItemSize;
import io.ddbconnector.types.TestItems;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.io.DataInputBuffer;
import org.apache.hadoop.io.DataOutputBuffer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class DynamoDBItemWritableTest {

  private static Map<String, AttributeValue> previousItem() {
    Map<String, AttributeValue> old = new LinkedHashMap<>();
    old.put("stale", AttributeValue.fromS("must disappear"));
    old.put("id", AttributeValue.fromN("-1"));
    return old;
  }

  @Test
  void corpusRoundTripsThroughWritableIntoAReusedInstance() throws IOException {
    List<Map<String, AttributeValue>> corpus = TestItems.corpus();
    DataOutputBuffer out = new DataOutputBuffer();
    for (Map<String, AttributeValue> item : corpus) {
      new DynamoDBItemWritable(item).write(out);
    }
    DataInputBuffer in = new DataInputBuffer();
    in.reset(out.getData(), out.getLength());
    DynamoDBItemWritable reused = new DynamoDBItemWritable(previousItem());
    for (Map<String, AttributeValue> item : corpus) {
      reused.readFields(in);
      assertSameItem(item, reused.getItem());
      assertFalse(reused.getItem().containsKey("stale"));
    }
    assertEquals(out.getLength(), in.getPosition());
  }

  @Test
  void readFieldsReplacesEvenWithAnEmptyItem() throws IOException {
    DataOutputBuffer out = new DataOutputBuffer();
    new DynamoDBItemWritable().write(out);
    DataInputBuffer in = new DataInputBuffer();
    in.reset(out.getData(), out.getLength());
    DynamoDBItemWritable reused = new DynamoDBItemWritable(previousItem());
    Map<String, AttributeValue> before = reused.getItem();
    reused.readFields(in);
    assertTrue(reused.getItem().isEmpty());
    assertEquals(2, before.size(), "the previous map is not modified, only replaced");
  }

  @Test
  void corruptInputIsAnIOException() {
    byte[] bytes = ItemCodec.toBytes(Map.of("a", AttributeValue.fromS("x")));
    bytes[5] = 0x55;
    DataInputBuffer in = new DataInputBuffer();
    in.reset(bytes, bytes.length);
    IOException e = assertThrows(IOException.class, () -> new DynamoDBItemWritable().readFields(in));
    assertTrue(e.getMessage().contains("0x55"), e.getMessage());
  }

  @Test
  void corpusRoundTripsThroughJavaSerialization() throws Exception {
    for (Map<String, AttributeValue> item : TestItems.corpus()) {
      DynamoDBItemWritable copy = javaRoundTrip(new DynamoDBItemWritable(item));
      assertSameItem(item, copy.getItem());
      assertEquals(new DynamoDBItemWritable(item), copy);
    }
  }

  @Test
  void itemFieldIsTransient() {
    boolean found = false;
    for (Field f : DynamoDBItemWritable.class.getDeclaredFields()) {
      if (Map.class.isAssignableFrom(f.getType())) {
        assertTrue(Modifier.isTransient(f.getModifiers()), f.getName());
        found = true;
      }
    }
    assertTrue(found);
  }

  @Test
  void equalsAndHashCodeCompareContent() {
    Map<String, AttributeValue> a = new LinkedHashMap<>();
    a.put("x", AttributeValue.fromN("1"));
    a.put("y", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {1, 2})));
    Map<String, AttributeValue> b = new LinkedHashMap<>();
    b.put("y", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {1, 2})));
    b.put("x", AttributeValue.fromN("1"));
    assertEquals(new DynamoDBItemWritable(a), new DynamoDBItemWritable(b));
    assertEquals(new DynamoDBItemWritable(a).hashCode(), new DynamoDBItemWritable(b).hashCode());
    // Numbers compare as text, as DynamoDB JSON does: 1 and 1.0 are different items here.
    assertNotEquals(
        new DynamoDBItemWritable(Map.of("x", AttributeValue.fromN("1"))),
        new DynamoDBItemWritable(Map.of("x", AttributeValue.fromN("1.0"))));
    assertNotEquals(new DynamoDBItemWritable(a), null);
    assertEquals(new DynamoDBItemWritable(), new DynamoDBItemWritable(new LinkedHashMap<>()));
  }

  @Test
  void toStringIsDynamoJson() {
    Map<String, AttributeValue> item = TestItems.kitchenSink();
    DynamoDBItemWritable w = new DynamoDBItemWritable(item);
    assertEquals(DynamoJson.toJson(item), w.toString());
    assertSameItem(item, DynamoJson.parseItem(w.toString()));
  }

  @Test
  void setItemAndGetItem() {
    DynamoDBItemWritable w = new DynamoDBItemWritable();
    assertTrue(w.getItem().isEmpty());
    Map<String, AttributeValue> item = previousItem();
    w.setItem(item);
    assertTrue(w.getItem() == item, "set/get do not copy");
    assertThrows(NullPointerException.class, () -> w.setItem(null));
  }

  /** Prints the encoded size of a typical ~200-byte item next to its DynamoDB JSON length. */
  @Test
  void typicalItemEncodesMoreCompactlyThanJson() {
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    item.put("pk", AttributeValue.fromS("customer#000123456"));
    item.put("sk", AttributeValue.fromS("order#2024-06-11T09:15:00Z"));
    item.put("status", AttributeValue.fromS("SHIPPED"));
    item.put("total", AttributeValue.fromN("149.99"));
    item.put("quantity", AttributeValue.fromN("3"));
    item.put("created", AttributeValue.fromN("1718097300"));
    item.put("express", AttributeValue.fromBool(true));
    item.put("tags", AttributeValue.fromSs(List.of("gift", "priority")));
    Map<String, AttributeValue> address = new LinkedHashMap<>();
    address.put("street", AttributeValue.fromS("12 Example Road"));
    address.put("city", AttributeValue.fromS("Springfield"));
    address.put("zip", AttributeValue.fromS("12345"));
    item.put("address", AttributeValue.fromM(address));
    item.put("items", AttributeValue.fromL(List.of(AttributeValue.fromS("sku-1"), AttributeValue.fromS("sku-2"))));
    long size = ItemSize.bytes(item);
    int encoded = ItemCodec.toBytes(item).length;
    int json = DynamoJson.toJson(item).length();
    System.out.printf(
        "typical item: ItemSize=%d bytes, ItemCodec=%d bytes, DynamoJson=%d chars%n",
        size, encoded, json);
    assertTrue(size >= 180 && size <= 220, "typical item is about 200 bytes: " + size);
    assertTrue(encoded < json);
  }

  private static DynamoDBItemWritable javaRoundTrip(DynamoDBItemWritable w) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(w);
      out.writeObject("after"); // the stream stays aligned after the custom data
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      DynamoDBItemWritable copy = (DynamoDBItemWritable) in.readObject();
      assertEquals("after", in.readObject());
      return copy;
    }
  }
}
