package io.ddbconnector.testkit.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

  @Test
  void parsesEveryKindOfValue() {
    Object v = Json.parse(" {\"s\":\"a\\\"b\\\\c\\n\\u00e9\\ud83d\\ude00/\", \"n\":-12.5e3, \"i\":0, \"t\":true,"
        + " \"f\":false, \"z\":null, \"l\":[1,[],{}], \"u\":\"h\u00e9llo \u4e16\u754c\"} ");
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("s", "a\"b\\c\n\u00e9\ud83d\ude00/");
    expected.put("n", new BigDecimal("-12.5e3"));
    expected.put("i", BigDecimal.ZERO);
    expected.put("t", true);
    expected.put("f", false);
    expected.put("z", null);
    expected.put("l", Arrays.asList(BigDecimal.ONE, List.of(), Map.of()));
    expected.put("u", "h\u00e9llo \u4e16\u754c");
    assertEquals(expected, v);
  }

  @Test
  void writesWhatItParses() {
    String text = "{\"a\":[1,2.50,\"x\\u0001\\t\\\"\"],\"b\":{\"c\":null,\"d\":true},\"e\":\"\u00e9\"}";
    Object v = Json.parse(text);
    assertEquals("{\"a\":[1,2.50,\"x\\u0001\\t\\\"\"],\"b\":{\"c\":null,\"d\":true},\"e\":\"\u00e9\"}", Json.write(v));
    assertEquals(v, Json.parse(Json.write(v)));
    assertEquals("[1.5,7,\"q\"]", Json.write(List.of(1.5d, 7L, "q")));
  }

  @Test
  void rejectsMalformedText() {
    assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\":}"));
    assertThrows(IllegalArgumentException.class, () -> Json.parse("[1,2"));
    assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\":1} x"));
    assertThrows(IllegalArgumentException.class, () -> Json.parse("\"open"));
    assertThrows(IllegalArgumentException.class, () -> Json.parse("01x"));
  }

  @Test
  void locatesAndRemovesTopLevelMembers() {
    String text = "{ \"A\" : {\"x\":\"}\\\"{\"} , \"B\":[1,{\"y\":2}],\"C\":\"c\" }";
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    Json.Members m = Json.members(b, 0, b.length);
    assertEquals(3, m.size());
    Json.Span a = m.get("A");
    assertEquals(Map.of("x", "}\"{"), Json.parse(b, a.valueStart, a.valueEnd));
    Json.Span bSpan = m.get("B");
    assertEquals("[1,{\"y\":2}]", new String(b, bSpan.valueStart, bSpan.valueEnd - bSpan.valueStart,
        StandardCharsets.UTF_8));
    for (String name : List.of("A", "B", "C")) {
      int[] r = m.removalRange(m.get(name));
      String rest = text.substring(0, r[0]) + text.substring(r[1]);
      Map<?, ?> parsed = (Map<?, ?>) Json.parse(rest);
      assertEquals(2, parsed.size(), rest);
      assertNull(parsed.get(name));
    }
    byte[] single = "{\"only\":1}".getBytes(StandardCharsets.UTF_8);
    Json.Members one = Json.members(single, 0, single.length);
    int[] r = one.removalRange(one.get("only"));
    assertEquals("{}", new String(single, 0, r[0], StandardCharsets.UTF_8)
        + new String(single, r[1], single.length - r[1], StandardCharsets.UTF_8));
    assertNull(Json.members("[1]".getBytes(StandardCharsets.UTF_8), 0, 3));
    assertNull(Json.members("{\"a\":1".getBytes(StandardCharsets.UTF_8), 0, 6));
    assertEquals(0, Json.members("{ }".getBytes(StandardCharsets.UTF_8), 0, 3).size());
  }
}
