package io.ddbconnector.types;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Test corpora and an exact-equality assertion shared by the type and Hadoop tests. */
public final class TestItems {

  private TestItems() {}

  public static final List<String> TRICKY_NUMBERS =
      List.of(
          "12345678901234567890123456789012345678",
          "-12345678901234567890123456789012345678",
          "1E-130",
          "9.99E+125",
          "-0",
          "0",
          "0.000",
          "1.50",
          "-1e+5",
          "007");

  public static AttributeValue s(String s) {
    return AttributeValue.fromS(s);
  }

  public static AttributeValue n(String n) {
    return AttributeValue.fromN(n);
  }

  public static AttributeValue b(byte[] b) {
    return AttributeValue.fromB(SdkBytes.fromByteArray(b));
  }

  public static AttributeValue ss(String... members) {
    return AttributeValue.fromSs(List.of(members));
  }

  public static AttributeValue ns(String... members) {
    return AttributeValue.fromNs(List.of(members));
  }

  public static AttributeValue bs(byte[]... members) {
    List<SdkBytes> list = new ArrayList<>();
    for (byte[] m : members) {
      list.add(SdkBytes.fromByteArray(m));
    }
    return AttributeValue.fromBs(list);
  }

  public static byte[] allByteValues() {
    byte[] all = new byte[256];
    for (int i = 0; i < 256; i++) {
      all[i] = (byte) i;
    }
    return all;
  }

  /** An item with every type and the edge cases the brief lists. */
  public static Map<String, AttributeValue> kitchenSink() {
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    item.put("id", s("key-1"));
    item.put("zeta", s("attribute order is not alphabetical"));
    item.put("empty", s(""));
    item.put(
        "unicode",
        s("h\u00e9llo w\u00f6rld \u2713 \u65e5\u672c\u8a9e \uD83D\uDE00\uD83D\uDC4D\uD83C\uDFFD"
            + " \u0000\u0001\u001f\u007f \"quoted\" back\\slash /slash \n\r\t\b\f \u2028\u2029"));
    item.put("emoji\uD83D\uDE00\u540d\u524d", s("name with emoji and CJK"));
    item.put("lone surrogates", s("\uD800x\uDC00y\uDBFF"));
    for (int i = 0; i < TRICKY_NUMBERS.size(); i++) {
      item.put("n" + i, n(TRICKY_NUMBERS.get(i)));
    }
    item.put("allBytes", b(allByteValues()));
    item.put("emptyBinary", b(new byte[0]));
    item.put("ss", AttributeValue.fromSs(List.of("z", "a", "m", "\uD83D\uDE00", "")));
    item.put("ns", AttributeValue.fromNs(TRICKY_NUMBERS));
    item.put(
        "bs",
        AttributeValue.fromBs(
            List.of(
                SdkBytes.fromByteArray(new byte[] {(byte) 0xFF, 0}),
                SdkBytes.fromByteArray(allByteValues()),
                SdkBytes.fromByteArray(new byte[] {1}))));
    item.put("emptySS", AttributeValue.fromSs(List.of()));
    item.put("emptyM", AttributeValue.fromM(Map.of()));
    item.put("emptyL", AttributeValue.fromL(List.of()));
    Map<String, AttributeValue> m = new LinkedHashMap<>();
    m.put("b", AttributeValue.fromBool(true));
    m.put("a", AttributeValue.fromBool(false));
    m.put("", s("empty name"));
    m.put("nested list", AttributeValue.fromL(List.of(n("1"), s("two"), AttributeValue.fromNul(true))));
    item.put("m", AttributeValue.fromM(m));
    item.put(
        "l",
        AttributeValue.fromL(
            List.of(
                AttributeValue.fromM(Map.of()),
                AttributeValue.fromL(List.of()),
                b(new byte[] {0, 1, 2}),
                AttributeValue.fromSs(List.of("x")))));
    item.put("true", AttributeValue.fromBool(true));
    item.put("false", AttributeValue.fromBool(false));
    item.put("null", AttributeValue.fromNul(true));
    item.put("nullFalse", AttributeValue.fromNul(false));
    item.put("deep", nested(30));
    return item;
  }

  /** {@code levels} levels of alternating M and L around a string. */
  public static AttributeValue nested(int levels) {
    AttributeValue v = s("bottom");
    for (int i = 0; i < levels - 1; i++) {
      if (i % 2 == 0) {
        v = AttributeValue.fromL(List.of(n(Integer.toString(i)), v));
      } else {
        Map<String, AttributeValue> m = new LinkedHashMap<>();
        m.put("level" + i, v);
        m.put("z", AttributeValue.fromNul(true));
        v = AttributeValue.fromM(m);
      }
    }
    return v;
  }

  /** A string of {@code bytes} UTF-8 bytes mixing 1-, 2-, 3- and 4-byte characters. */
  public static String bigString(int bytes) {
    StringBuilder sb = new StringBuilder(bytes);
    String[] pieces = {"abcdefgh", "\u00e9", "\u65e5", "\uD83D\uDE00"};
    int size = 0;
    for (int i = 0; size < bytes - 8; i++) {
      String p = pieces[i % pieces.length];
      sb.append(p);
      size += (int) Utf8.length(p);
    }
    while (size < bytes) {
      sb.append('x');
      size++;
    }
    return sb.toString();
  }

  public static Map<String, AttributeValue> manyAttributes(int count) {
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    for (int i = count; i > 0; i--) {
      AttributeValue v;
      switch (i % 4) {
        case 0:
          v = s("value " + i);
          break;
        case 1:
          v = n(Integer.toString(i * 37));
          break;
        case 2:
          v = AttributeValue.fromBool(i % 3 == 0);
          break;
        default:
          v = AttributeValue.fromM(Map.of("k", n("-" + i)));
      }
      item.put("attr_" + i, v);
    }
    return item;
  }

  /** The corpus every round-trip test uses. */
  public static List<Map<String, AttributeValue>> corpus() {
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    items.add(kitchenSink());
    Map<String, AttributeValue> big = new LinkedHashMap<>();
    big.put("pk", s("big"));
    big.put("text", s(bigString(390 * 1024)));
    items.add(big);
    items.add(manyAttributes(500));
    Map<String, AttributeValue> wide = new LinkedHashMap<>();
    wide.put("map500", AttributeValue.fromM(manyAttributes(500)));
    items.add(wide);
    items.add(new LinkedHashMap<>());
    return items;
  }

  /** Equal by {@code AttributeValue.equals} and with the same attribute order at every level. */
  public static void assertSameItem(
      Map<String, AttributeValue> expected, Map<String, AttributeValue> actual) {
    assertEquals(expected, actual);
    assertInstanceOf(LinkedHashMap.class, actual);
    assertSameOrder(expected, actual);
  }

  private static void assertSameOrder(
      Map<String, AttributeValue> expected, Map<String, AttributeValue> actual) {
    assertEquals(List.copyOf(expected.keySet()), List.copyOf(actual.keySet()));
    for (Map.Entry<String, AttributeValue> e : expected.entrySet()) {
      assertSameOrder(e.getValue(), actual.get(e.getKey()));
    }
  }

  private static void assertSameOrder(AttributeValue expected, AttributeValue actual) {
    assertEquals(expected, actual);
    if (expected.type() == AttributeValue.Type.M) {
      assertSameOrder(expected.m(), actual.m());
    } else if (expected.type() == AttributeValue.Type.L) {
      for (int i = 0; i < expected.l().size(); i++) {
        assertSameOrder(expected.l().get(i), actual.l().get(i));
      }
    } else if (expected.type() == AttributeValue.Type.N) {
      assertEquals(expected.n(), actual.n());
    }
  }

  // ---------------------------------------------------------------- random generator

  /** Seeded generator of random items mixing every type with random nesting. */
  public static final class RandomItems {
    private final Random random;

    public RandomItems(long seed) {
      this.random = new Random(seed);
    }

    public Map<String, AttributeValue> item() {
      int n = random.nextInt(12);
      Map<String, AttributeValue> item = new LinkedHashMap<>();
      for (int i = 0; i < n; i++) {
        item.put(name(), value(1));
      }
      return item;
    }

    private String name() {
      return random.nextInt(4) == 0 ? string(1, 6) : "a" + random.nextInt(1000);
    }

    private AttributeValue value(int depth) {
      int choice = random.nextInt(depth > 6 ? 7 : 10);
      switch (choice) {
        case 0:
          return s(string(0, 40));
        case 1:
          return n(number());
        case 2:
          return b(bytes());
        case 3:
          {
            List<String> ss = new ArrayList<>();
            for (int i = random.nextInt(5); i > 0; i--) {
              ss.add(string(0, 10));
            }
            return AttributeValue.fromSs(ss);
          }
        case 4:
          {
            List<String> ns = new ArrayList<>();
            for (int i = random.nextInt(5); i > 0; i--) {
              ns.add(number());
            }
            return AttributeValue.fromNs(ns);
          }
        case 5:
          {
            List<SdkBytes> bs = new ArrayList<>();
            for (int i = random.nextInt(4); i > 0; i--) {
              bs.add(SdkBytes.fromByteArray(bytes()));
            }
            return AttributeValue.fromBs(bs);
          }
        case 6:
          return random.nextBoolean()
              ? AttributeValue.fromBool(random.nextBoolean())
              : AttributeValue.fromNul(true);
        case 7:
        case 8:
          {
            Map<String, AttributeValue> m = new LinkedHashMap<>();
            for (int i = random.nextInt(5); i > 0; i--) {
              m.put(name(), value(depth + 1));
            }
            return AttributeValue.fromM(m);
          }
        default:
          {
            List<AttributeValue> l = new ArrayList<>();
            for (int i = random.nextInt(5); i > 0; i--) {
              l.add(value(depth + 1));
            }
            return AttributeValue.fromL(l);
          }
      }
    }

    private byte[] bytes() {
      byte[] b = new byte[random.nextInt(20)];
      random.nextBytes(b);
      return b;
    }

    private String number() {
      StringBuilder sb = new StringBuilder();
      if (random.nextBoolean()) {
        sb.append('-');
      }
      int digits = 1 + random.nextInt(38);
      for (int i = 0; i < digits; i++) {
        sb.append((char) ('0' + random.nextInt(10)));
      }
      if (random.nextInt(3) == 0) {
        sb.insert(sb.length() - random.nextInt(digits), '.');
        if (sb.charAt(sb.length() - 1) == '.') {
          sb.append('0');
        }
      }
      if (random.nextInt(4) == 0) {
        sb.append(random.nextBoolean() ? 'E' : 'e');
        sb.append(random.nextBoolean() ? "-" : "+");
        sb.append(random.nextInt(130));
      }
      return sb.toString();
    }

    private static final String ALPHABET =
        "abcXYZ019 _-.:\"\\/\n\t\u0000\u001f\u007f\u00e9\u00df\u4e2d\u2028\uFFFD";

    private String string(int min, int max) {
      int n = min + random.nextInt(max - min + 1);
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < n; i++) {
        int r = random.nextInt(10);
        if (r == 0) {
          sb.appendCodePoint(0x10000 + random.nextInt(0x100000)); // supplementary: a pair
        } else if (r == 1) {
          sb.append((char) random.nextInt(0x10000)); // any char, lone surrogates included
        } else {
          sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
      }
      return sb.toString();
    }
  }
}
