package io.ddbconnector.types;

import static io.ddbconnector.types.TestItems.assertSameItem;
import static io.ddbconnector.types.TestItems.n;
import static io.ddbconnector.types.TestItems.s;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ItemCodecTest {

  @Test
  void corpusRoundTripsThroughBytes() throws IOException {
    for (Map<String, AttributeValue> item : TestItems.corpus()) {
      byte[] bytes = ItemCodec.toBytes(item);
      assertSameItem(item, ItemCodec.fromBytes(bytes));
    }
  }

  @Test
  void corpusRoundTripsThroughOneStream() throws IOException {
    List<Map<String, AttributeValue>> corpus = TestItems.corpus();
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(buffer);
    for (Map<String, AttributeValue> item : corpus) {
      ItemCodec.write(item, out);
    }
    out.writeInt(0xCAFEBABE); // the reader must consume exactly one item each time
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(buffer.toByteArray()));
    for (Map<String, AttributeValue> item : corpus) {
      assertSameItem(item, ItemCodec.read(in));
    }
    assertEquals(0xCAFEBABE, in.readInt());
    assertThrows(EOFException.class, () -> ItemCodec.read(in));
  }

  @Test
  void writeAndToBytesAgree() throws IOException {
    Map<String, AttributeValue> item = TestItems.kitchenSink();
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    ItemCodec.write(item, new DataOutputStream(buffer));
    assertArrayEquals(ItemCodec.toBytes(item), buffer.toByteArray());
  }

  @Test
  void numbersKeepTheirExactText() throws IOException {
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    for (String number : TestItems.TRICKY_NUMBERS) {
      item.put(number, n(number));
    }
    Map<String, AttributeValue> back = ItemCodec.fromBytes(ItemCodec.toBytes(item));
    for (String number : TestItems.TRICKY_NUMBERS) {
      assertEquals(number, back.get(number).n());
    }
  }

  @Test
  void largeStringHasNoWriteUtfLimit() throws IOException {
    String text = TestItems.bigString(400 * 1024);
    Map<String, AttributeValue> back =
        ItemCodec.fromBytes(ItemCodec.toBytes(Map.of("t", s(text))));
    assertEquals(text, back.get("t").s());
  }

  @Test
  void formatIsCompactAndStable() throws IOException {
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    item.put("a", s("x"));
    item.put("b", AttributeValue.fromBool(true));
    byte[] expected = {
      1, 9, // version, body length
      2, // attribute count
      1, 'a', 1, 1, 'x', // "a" S "x"
      1, 'b', 10 // "b" BOOL true
    };
    assertArrayEquals(expected, ItemCodec.toBytes(item));
  }

  // ------------------------------------------------------------------ corrupt input

  private static byte[] singleStringItem() {
    return ItemCodec.toBytes(Map.of("a", s("x")));
  }

  @Test
  void invalidTagIsNamed() {
    byte[] bytes = singleStringItem(); // 1 6 1 1 'a' TAG 1 'x'
    bytes[5] = 0x3F;
    IOException e = assertThrows(IOException.class, () -> ItemCodec.fromBytes(bytes));
    assertTrue(e.getMessage().contains("invalid value tag 0x3f"), e.getMessage());
    assertTrue(e.getMessage().contains("byte offset 5"), e.getMessage());
    assertTrue(e.getMessage().contains("attribute path 'a'"), e.getMessage());
  }

  @Test
  void invalidTagInsideNestedValueNamesThePath() {
    Map<String, AttributeValue> inner = new LinkedHashMap<>();
    inner.put("k", AttributeValue.fromL(List.of(n("1"), s("SENTINEL"))));
    byte[] bytes = ItemCodec.toBytes(Map.of("outer", AttributeValue.fromM(inner)));
    int at = indexOf(bytes, "SENTINEL".getBytes()) - 2; // tag, length, text
    bytes[at] = (byte) 0xEE;
    IOException e = assertThrows(IOException.class, () -> ItemCodec.fromBytes(bytes));
    assertTrue(e.getMessage().contains("0xee"), e.getMessage());
    assertTrue(e.getMessage().contains("outer.k[1]"), e.getMessage());
  }

  @Test
  void everyTruncationIsAnIOException() throws IOException {
    byte[] bytes = ItemCodec.toBytes(TestItems.kitchenSink());
    for (int length = 0; length < bytes.length; length++) {
      byte[] prefix = Arrays.copyOf(bytes, length);
      assertThrows(IOException.class, () -> ItemCodec.fromBytes(prefix), "prefix " + length);
      assertThrows(
          IOException.class,
          () -> ItemCodec.read(new DataInputStream(new ByteArrayInputStream(prefix))),
          "prefix " + length);
    }
  }

  @Test
  void truncatedStreamSaysTruncated() {
    byte[] bytes = ItemCodec.toBytes(TestItems.kitchenSink());
    byte[] prefix = Arrays.copyOf(bytes, bytes.length / 2);
    IOException e =
        assertThrows(
            IOException.class,
            () -> ItemCodec.read(new DataInputStream(new ByteArrayInputStream(prefix))));
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
  }

  @Test
  void hugeBogusLengthsFailFastWithoutAllocating() {
    // Declared body length Integer.MAX_VALUE.
    byte[] maxLength = {1, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07};
    IOException e = assertThrows(IOException.class, () -> ItemCodec.fromBytes(maxLength));
    assertTrue(e.getMessage().contains("exceeds the maximum"), e.getMessage());
    assertThrows(
        IOException.class,
        () -> ItemCodec.read(new DataInputStream(new ByteArrayInputStream(maxLength))));

    // A varint that does not fit in 31 bits.
    byte[] overlong = {1, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F};
    e = assertThrows(IOException.class, () -> ItemCodec.fromBytes(overlong));
    assertTrue(e.getMessage().contains("varint"), e.getMessage());

    // Exactly the maximum, but the stream ends: only a bounded chunk is ever allocated.
    byte[] maxBody = {1, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08, 0};
    e =
        assertThrows(
            IOException.class,
            () -> ItemCodec.read(new DataInputStream(new ByteArrayInputStream(maxBody))));
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());

    // Inside a body: a billion attributes, a 2 GB string, a 2 GB set.
    byte[] count = {1, 5, (byte) 0x80, (byte) 0x94, (byte) 0xEB, (byte) 0xDC, 0x03};
    e = assertThrows(IOException.class, () -> ItemCodec.fromBytes(count));
    assertTrue(e.getMessage().contains("attribute count 1000000000 exceeds"), e.getMessage());
    byte[] stringLength = {1, 7, 1, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07, 0};
    assertThrows(IOException.class, () -> ItemCodec.fromBytes(stringLength));
    byte[] setCount = {1, 9, 1, 1, 'a', 4, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07};
    e = assertThrows(IOException.class, () -> ItemCodec.fromBytes(setCount));
    assertTrue(e.getMessage().contains("SS member count"), e.getMessage());
  }

  @Test
  void hostileNestingIsAnIOExceptionNotAStackOverflow() {
    int levels = 200_000;
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(1); // one attribute
    body.write(1);
    body.write('a');
    for (int i = 0; i < levels; i++) {
      body.write(8); // L
      body.write(1); // with one element
    }
    body.write(11); // NULL
    byte[] bodyBytes = body.toByteArray();
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    all.write(1);
    int length = bodyBytes.length;
    while ((length & ~0x7F) != 0) {
      all.write((length & 0x7F) | 0x80);
      length >>>= 7;
    }
    all.write(length);
    all.writeBytes(bodyBytes);
    IOException e = assertThrows(IOException.class, () -> ItemCodec.fromBytes(all.toByteArray()));
    assertTrue(e.getMessage().contains("nested deeper"), e.getMessage());
  }

  @Test
  void otherCorruptionIsReported() {
    byte[] bytes = singleStringItem();
    byte[] badVersion = bytes.clone();
    badVersion[0] = 7;
    IOException e = assertThrows(IOException.class, () -> ItemCodec.fromBytes(badVersion));
    assertTrue(e.getMessage().contains("version byte 0x07"), e.getMessage());

    byte[] trailing = Arrays.copyOf(bytes, bytes.length + 2);
    e = assertThrows(IOException.class, () -> ItemCodec.fromBytes(trailing));
    assertTrue(e.getMessage().contains("2 trailing bytes"), e.getMessage());

    byte[] badUtf8 = bytes.clone();
    badUtf8[bytes.length - 1] = (byte) 0xC3; // lead byte without continuation
    e = assertThrows(IOException.class, () -> ItemCodec.fromBytes(badUtf8));
    assertTrue(e.getMessage().contains("malformed UTF-8 in S value"), e.getMessage());

    byte[] duplicate = {1, 7, 2, 1, 'a', 11, 1, 'a', 11};
    e = assertThrows(IOException.class, () -> ItemCodec.fromBytes(duplicate));
    assertTrue(e.getMessage().contains("duplicate attribute name 'a'"), e.getMessage());

    assertThrows(EOFException.class, () -> ItemCodec.fromBytes(new byte[0]));
  }

  @Test
  void randomCorruptionNeverEscapesAsAnythingButIOException() throws IOException {
    Random random = new Random(42);
    List<byte[]> samples = new ArrayList<>();
    samples.add(ItemCodec.toBytes(TestItems.kitchenSink()));
    TestItems.RandomItems items = new TestItems.RandomItems(7);
    for (int i = 0; i < 50; i++) {
      samples.add(ItemCodec.toBytes(items.item()));
    }
    int failures = 0;
    for (int round = 0; round < 20_000; round++) {
      byte[] sample = samples.get(random.nextInt(samples.size()));
      byte[] corrupt = sample.clone();
      int flips = 1 + random.nextInt(3);
      for (int f = 0; f < flips; f++) {
        corrupt[random.nextInt(corrupt.length)] = (byte) random.nextInt(256);
      }
      try {
        ItemCodec.fromBytes(corrupt);
      } catch (IOException expected) {
        failures++;
      } catch (RuntimeException | Error e) {
        fail("corrupt input escaped as " + e, e);
      }
    }
    assertTrue(failures > 1000, "most corruptions are detected: " + failures);
  }

  // ------------------------------------------------------------------ invalid items

  @Test
  void untypedValueIsRejectedWithItsPath() {
    Map<String, AttributeValue> inner = new LinkedHashMap<>();
    inner.put("ok", s("fine"));
    inner.put("list", AttributeValue.fromL(List.of(n("1"), AttributeValue.builder().build())));
    Map<String, AttributeValue> item = Map.of("outer", AttributeValue.fromM(inner));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ItemCodec.toBytes(item));
    assertTrue(e.getMessage().contains("no data type"), e.getMessage());
    assertTrue(e.getMessage().contains("'outer.list[1]'"), e.getMessage());

    AttributeValue twoTypes = AttributeValue.builder().s("a").n("1").build();
    e = assertThrows(IllegalArgumentException.class, () -> ItemCodec.toBytes(Map.of("x", twoTypes)));
    assertTrue(e.getMessage().contains("more than one data type"), e.getMessage());
    assertTrue(e.getMessage().contains("'x'"), e.getMessage());
  }

  @Test
  void nullsAndExcessiveDepthAreRejected() {
    List<String> withNull = new ArrayList<>(List.of("a"));
    withNull.add(null);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ItemCodec.toBytes(Map.of("set", AttributeValue.fromSs(withNull))));
    assertTrue(e.getMessage().contains("'set[1]'"), e.getMessage());

    Map<String, AttributeValue> nullValue = new LinkedHashMap<>();
    nullValue.put("v", null);
    assertThrows(IllegalArgumentException.class, () -> ItemCodec.toBytes(nullValue));

    AttributeValue tooDeep = s("x");
    for (int i = 0; i < 70; i++) {
      tooDeep = AttributeValue.fromL(List.of(tooDeep));
    }
    Map<String, AttributeValue> deepItem = Map.of("d", tooDeep);
    e = assertThrows(IllegalArgumentException.class, () -> ItemCodec.toBytes(deepItem));
    assertTrue(e.getMessage().contains("nested deeper"), e.getMessage());
  }

  @Test
  void nestingUpToTheLimitRoundTripsInBothFormats() throws IOException {
    Map<String, AttributeValue> deepest = Map.of("d", TestItems.nested(64));
    assertSameItem(deepest, ItemCodec.fromBytes(ItemCodec.toBytes(deepest)));
    assertSameItem(deepest, DynamoJson.parseItem(DynamoJson.toJson(deepest)));
    Map<String, AttributeValue> tooDeep = Map.of("d", TestItems.nested(65));
    assertThrows(IllegalArgumentException.class, () -> ItemCodec.toBytes(tooDeep));
    assertThrows(IllegalArgumentException.class, () -> DynamoJson.toJson(tooDeep));
  }

  @Test
  void invalidItemLeavesTheOutputUntouched() {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    item.put("good", s("written first"));
    item.put("bad", AttributeValue.builder().build());
    assertThrows(
        IllegalArgumentException.class, () -> ItemCodec.write(item, new DataOutputStream(buffer)));
    assertEquals(0, buffer.size());
  }

  @Test
  void decodedBinaryIsIndependentOfTheInputArray() throws IOException {
    byte[] bytes = ItemCodec.toBytes(Map.of("b", TestItems.b(new byte[] {1, 2, 3})));
    Map<String, AttributeValue> item = ItemCodec.fromBytes(bytes);
    Arrays.fill(bytes, (byte) 0);
    assertEquals(SdkBytes.fromByteArray(new byte[] {1, 2, 3}), item.get("b").b());
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("not found");
  }
}
