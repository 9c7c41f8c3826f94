package io.ddbconnector.types;

import static io.ddbconnector.types.TestItems.assertSameItem;
import static io.ddbconnector.types.TestItems.b;
import static io.ddbconnector.types.TestItems.n;
import static io.ddbconnector.types.TestItems.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class DynamoJsonTest {

  @Test
  void corpusRoundTrips() {
    for (Map<String, AttributeValue> item : TestItems.corpus()) {
      String json = DynamoJson.toJson(item);
      assertSameItem(item, DynamoJson.parseItem(json));
      assertSameItem(item, DynamoJson.parseItem(new TrickleReader(json, 7)));
      assertSameItem(item, DynamoJson.parseExportLine("{\"Item\":" + json + "}"));
    }
  }

  @Test
  void singleValuesRoundTrip() {
    for (Map<String, AttributeValue> item : TestItems.corpus()) {
      for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
        String json = DynamoJson.toJson(e.getValue());
        Map<String, AttributeValue> expected = new LinkedHashMap<>();
        expected.put(e.getKey(), e.getValue());
        Map<String, AttributeValue> actual = new LinkedHashMap<>();
        actual.put(e.getKey(), DynamoJson.parseValue(json));
        assertSameItem(expected, actual);
      }
    }
    assertEquals(n("1E-130"), DynamoJson.parseValue(" {\"N\": 1E-130} "), "a bare number token keeps its text");
  }

  /** The EMR connector's spelling of a Hive whole-item column's values, exactly, and read back in any case. */
  @Test
  void emrSpellingIsExactAndReadsBack() {
    Map<String, AttributeValue> nested = new LinkedHashMap<>();
    nested.put("k", TestItems.ss("a", "b"));
    nested.put("z", AttributeValue.fromNul(true));
    AttributeValue m = AttributeValue.fromM(nested);
    assertEquals("{\"s\":\"a\\\"b\\\\c\\n<&>\u00e9\"}", DynamoJson.toEmrJson(s("a\"b\\c\n<&>\u00e9")));
    assertEquals("{\"n\":\"-1.5E-130\"}", DynamoJson.toEmrJson(n("-1.5E-130")));
    assertEquals("{\"b\":\"AAH/\"}", DynamoJson.toEmrJson(b(new byte[] {0, 1, -1})));
    assertEquals("{\"nS\":[\"1\",\"2.5\"]}", DynamoJson.toEmrJson(TestItems.ns("1", "2.5")));
    assertEquals("{\"bS\":[\"AQ==\"]}", DynamoJson.toEmrJson(TestItems.bs(new byte[] {1})));
    assertEquals("{\"bOOL\":true}", DynamoJson.toEmrJson(AttributeValue.fromBool(true)));
    assertEquals("{\"nULL\":true}", DynamoJson.toEmrJson(AttributeValue.fromNul(true)));
    assertEquals("{\"m\":{\"k\":{\"sS\":[\"a\",\"b\"]},\"z\":{\"nULL\":true}}}", DynamoJson.toEmrJson(m));
    assertEquals("{\"l\":[{\"n\":\"1\"},{\"l\":[]},{\"m\":{}}]}", DynamoJson.toEmrJson(AttributeValue.fromL(
        List.of(n("1"), AttributeValue.fromL(List.of()), AttributeValue.fromM(Map.of())))));
    for (Map<String, AttributeValue> item : TestItems.corpus()) {
      Map<String, AttributeValue> back = new LinkedHashMap<>();
      item.forEach((k, v) -> back.put(k, DynamoJson.parseEmrValue(DynamoJson.toEmrJson(v))));
      assertSameItem(item, back);
    }
    assertEquals(m, DynamoJson.parseEmrValue(DynamoJson.toJson(m)), "the standard spelling too");
    assertEquals(AttributeValue.fromNul(true), DynamoJson.parseEmrValue("{\"nULLValue\":true}"), "SDK v1 releases");
    assertThrows(DynamoJson.ParseException.class, () -> DynamoJson.parseValue("{\"s\":\"a\"}"),
        "the standard parser stays strict");
  }

  @Test
  void singleValueErrorsCountOffsetsFromTheValue() {
    DynamoJson.ParseException e = assertThrows(DynamoJson.ParseException.class,
        () -> DynamoJson.parseValue("{\"X\":1}"));
    assertEquals(1, e.offset(), e.getMessage());
    e = assertThrows(DynamoJson.ParseException.class, () -> DynamoJson.parseValue("{\"S\":\"a\"} x"));
    assertTrue(e.getMessage().contains("end of input after the value"), e.getMessage());
    e = assertThrows(DynamoJson.ParseException.class, () -> DynamoJson.parseValue("{\"S\":\"a\",\"N\":\"1\"}"));
    assertTrue(e.getMessage().contains("exactly one type descriptor"), e.getMessage());
  }

  @Test
  void writesTheDocumentedShape() {
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    item.put("id", s("a"));
    item.put("n", n("1.5"));
    item.put("b", b(new byte[] {1, 2, (byte) 0xFF}));
    item.put("ss", AttributeValue.fromSs(List.of("x", "y")));
    item.put("ns", AttributeValue.fromNs(List.of("1", "-0")));
    item.put("bs", AttributeValue.fromBs(List.of(SdkBytes.fromByteArray(new byte[] {0}))));
    item.put("m", AttributeValue.fromM(Map.of("k", AttributeValue.fromNul(true))));
    item.put("l", AttributeValue.fromL(List.of(AttributeValue.fromBool(false))));
    item.put("t", AttributeValue.fromBool(true));
    item.put("z", AttributeValue.fromNul(true));
    item.put("e", AttributeValue.fromM(Map.of()));
    assertEquals(
        "{\"id\":{\"S\":\"a\"},\"n\":{\"N\":\"1.5\"},\"b\":{\"B\":\"AQL/\"},"
            + "\"ss\":{\"SS\":[\"x\",\"y\"]},\"ns\":{\"NS\":[\"1\",\"-0\"]},\"bs\":{\"BS\":[\"AA==\"]},"
            + "\"m\":{\"M\":{\"k\":{\"NULL\":true}}},\"l\":{\"L\":[{\"BOOL\":false}]},"
            + "\"t\":{\"BOOL\":true},\"z\":{\"NULL\":true},\"e\":{\"M\":{}}}",
        DynamoJson.toJson(item));
    assertEquals("{\"N\":\"9.99E+125\"}", DynamoJson.toJson(n("9.99E+125")));
  }

  @Test
  void escapesControlCharactersAndKeepsOtherTextAsIs() {
    String text = "q\"b\\s/\n\r\t\b\f\u0000\u001f\u007f\u00e9\uD83D\uDE00\u2028\uD800";
    String json = DynamoJson.toJson(s(text));
    assertEquals(
        "{\"S\":\"q\\\"b\\\\s/\\n\\r\\t\\b\\f\\u0000\\u001f\u007f\u00e9\uD83D\uDE00"
            + "\\u2028\\ud800\"}",
        json);
    assertEquals(text, DynamoJson.parseItem("{\"a\":" + json + "}").get("a").s());
  }

  @Test
  void parsesEscapesAndSurrogatePairs() {
    Map<String, AttributeValue> item =
        DynamoJson.parseItem(
            "{\"\\u00e9\\ud83d\\ude00\":{\"S\":\"\\uD83D\\uDE00 \\u00E9\\/\\\"\\\\\\b\\f\\n\\r\\t\"}}");
    assertEquals("\u00e9\uD83D\uDE00", item.keySet().iterator().next());
    assertEquals("\uD83D\uDE00 \u00e9/\"\\\b\f\n\r\t", item.get("\u00e9\uD83D\uDE00").s());
  }

  @Test
  void numbersKeepTheirTextWhetherStringOrToken() {
    Map<String, AttributeValue> item =
        DynamoJson.parseItem(
            " { \"a\" : { \"N\" : 1E-130 } , \"b\":{\"N\":-0},\"c\":{\"N\":\"9.99E+125\"},"
                + "\"d\":{\"N\":12345678901234567890123456789012345678},"
                + "\"e\":{\"NS\":[1.50,\"007\",-1e+5]} } ");
    assertEquals("1E-130", item.get("a").n());
    assertEquals("-0", item.get("b").n());
    assertEquals("9.99E+125", item.get("c").n());
    assertEquals("12345678901234567890123456789012345678", item.get("d").n());
    assertEquals(List.of("1.50", "007", "-1e+5"), item.get("e").ns());
  }

  @Test
  void exportLinesParseWrappedAndBare() {
    Map<String, AttributeValue> expected = new LinkedHashMap<>();
    expected.put("pk", s("user#1"));
    expected.put("n", n("42"));
    assertEquals(
        expected,
        DynamoJson.parseExportLine("{\"Item\":{\"pk\":{\"S\":\"user#1\"},\"n\":{\"N\":\"42\"}}}"));
    assertEquals(
        expected,
        DynamoJson.parseExportLine(
            "  {\n \"Item\" : { \"pk\":{\"S\":\"user#1\"}, \"n\":{\"N\":\"42\"} } }\r\n"));
    assertEquals(
        expected, DynamoJson.parseExportLine("{\"pk\":{\"S\":\"user#1\"},\"n\":{\"N\":\"42\"}}"));
    assertEquals(Map.of(), DynamoJson.parseExportLine("{\"Item\":{}}"));

    // Bare items that merely have an attribute called Item.
    assertEquals(
        Map.of("Item", s("x")), DynamoJson.parseExportLine("{\"Item\":{\"S\":\"x\"}}"));
    Map<String, AttributeValue> two = new LinkedHashMap<>();
    two.put("Item", AttributeValue.fromM(Map.of("a", s("b"))));
    two.put("other", n("1"));
    assertEquals(
        two,
        DynamoJson.parseExportLine(
            "{\"Item\":{\"M\":{\"a\":{\"S\":\"b\"}}},\"other\":{\"N\":\"1\"}}"));

    // The error of the wrapped form is reported when it got further.
    DynamoJson.ParseException e =
        assertThrows(
            DynamoJson.ParseException.class,
            () -> DynamoJson.parseExportLine("{\"Item\":{\"pk\":{\"S\":\"a\"},\"n\":{\"N\":1x}}}"));
    assertEquals(34, e.offset(), e.getMessage());
  }

  @Test
  void errorsNameTheOffsetAndWhatWasExpected() {
    assertError("", 0, "'{' to open the item", "end of input");
    assertError("[]", 0, "'{' to open the item", "'['");
    assertError("{\"a\":{\"S\":\"x\"},}", 15, "an attribute name string", "'}'");
    assertError("{\"a\":{\"S\":\"x\"}", 14, "',' or '}'", "end of input");
    assertError("{\"a\" {\"S\":\"x\"}}", 5, "':' after attribute name", "'{'");
    assertError("{\"a\":\"x\"}", 5, "'{' to open an attribute value", "'\"'");
    assertError("{\"a\":{}}", 6, "a type descriptor", "'}'");
    assertError("{\"a\":{\"Q\":\"x\"}}", 6, "a type descriptor", "\"Q\"");
    assertError("{\"a\":{\"S\":\"x\",\"N\":\"1\"}}", 13, "exactly one type descriptor", "");
    assertError("{\"a\":{\"S\":1}}", 10, "a JSON string for S", "'1'");
    assertError("{\"a\":{\"N\":true}}", 10, "a number", "'t'");
    assertError("{\"a\":{\"N\":1.}}", 12, "a digit", "'}'");
    assertError("{\"a\":{\"BOOL\":\"true\"}}", 13, "true or false for BOOL", "'\"'");
    assertError("{\"a\":{\"BOOL\":tru}}", 16, "true or false for BOOL", "'}'");
    assertError("{\"a\":{\"B\":\"not base64!\"}}", 10, "invalid base64", "");
    assertError("{\"a\":{\"SS\":[\"x\" \"y\"]}}", 16, "',' or ']' in the SS array", "'\"'");
    assertError("{\"a\":{\"L\":[1]}}", 11, "'{' to open an attribute value", "'1'");
    assertError("{\"a\":{\"S\":\"x\"}} x", 16, "end of input after the item", "'x'");
    assertError("{\"a\":{\"S\":\"x\"}}{}", 15, "end of input after the item", "'{'");
    assertError("{\"a\":{\"S\":\"unterminated}}", 25, "unterminated string starting at offset 10", "");
    assertError("{\"a\":{\"S\":\"bad \\x escape\"}}", 15, "one of \\\" \\\\", "'x'");
    assertError("{\"a\":{\"S\":\"\\u12G4\"}}", 15, "four hex digits", "'G'");
    assertError("{\"a\":{\"S\":\"raw\nnewline\"}}", 14, "escape for control character", "U+000A");
    assertError("{\"a\":{\"S\":\"x\"},\"a\":{\"S\":\"y\"}}", 15, "duplicate attribute name \"a\"", "");
  }

  @Test
  void readerErrorsCountOffsetsAcrossBufferRefills() {
    StringBuilder json = new StringBuilder("{\"a\":{\"S\":\"");
    json.append("x".repeat(20_000)).append("\"},\"b\":{\"Q\":1}}");
    int expected = json.indexOf("\"Q\"");
    DynamoJson.ParseException e =
        assertThrows(
            DynamoJson.ParseException.class,
            () -> DynamoJson.parseItem(new StringReader(json.toString())));
    assertEquals(expected, e.offset());
    e =
        assertThrows(
            DynamoJson.ParseException.class,
            () -> DynamoJson.parseItem(new TrickleReader(json.toString(), 3)));
    assertEquals(expected, e.offset());
  }

  @Test
  void hostileNestingIsAParseErrorNotAStackOverflow() {
    String json = "{\"a\":" + "{\"L\":[".repeat(100_000) + "]}".repeat(100_000) + "}";
    DynamoJson.ParseException e =
        assertThrows(DynamoJson.ParseException.class, () -> DynamoJson.parseItem(json));
    assertTrue(e.getMessage().contains("nested deeper than 64"), e.getMessage());
  }

  @Test
  void invalidValuesAreRejectedWithTheirPath() {
    Map<String, AttributeValue> item =
        Map.of(
            "m",
            AttributeValue.fromM(
                Map.of("l", AttributeValue.fromL(List.of(AttributeValue.builder().build())))));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> DynamoJson.toJson(item));
    assertTrue(e.getMessage().contains("'m.l[0]'"), e.getMessage());
  }

  @Test
  void writeJsonAppendsAndWrapsIoErrors() {
    StringWriter out = new StringWriter();
    out.write("prefix ");
    DynamoJson.writeJson(Map.of("a", s("b")), out);
    assertEquals("prefix {\"a\":{\"S\":\"b\"}}", out.toString());

    Writer failing =
        new Writer() {
          @Override
          public void write(char[] buf, int off, int len) throws IOException {
            throw new IOException("disk full");
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    assertThrows(
        UncheckedIOException.class, () -> DynamoJson.writeJson(Map.of("a", s("b")), failing));
  }

  private static void assertError(String json, long offset, String expected, String found) {
    DynamoJson.ParseException e =
        assertThrows(DynamoJson.ParseException.class, () -> DynamoJson.parseItem(json), json);
    String message = e.getMessage();
    assertEquals(offset, e.offset(), message);
    assertTrue(message.contains("at offset " + offset), message);
    assertTrue(message.contains(expected), message);
    assertTrue(message.contains(found), message);
    // The streaming parser reports the same error.
    DynamoJson.ParseException streamed =
        assertThrows(
            DynamoJson.ParseException.class,
            () -> DynamoJson.parseItem(new TrickleReader(json, 1)),
            json);
    assertEquals(message, streamed.getMessage());
  }

  /** A reader that hands out at most {@code chunk} chars per call, to stress buffer refills. */
  static final class TrickleReader extends Reader {
    private final String text;
    private final int chunk;
    private int pos;

    TrickleReader(String text, int chunk) {
      this.text = text;
      this.chunk = chunk;
    }

    @Override
    public int read(char[] buf, int off, int len) {
      if (pos >= text.length()) {
        return -1;
      }
      int n = Math.min(Math.min(len, chunk), text.length() - pos);
      text.getChars(pos, pos + n, buf, off);
      pos += n;
      return n;
    }

    @Override
    public void close() {}
  }
}
