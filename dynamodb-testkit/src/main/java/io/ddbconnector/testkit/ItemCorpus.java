package io.ddbconnector.testkit;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Test items: a small corpus of awkward items and a generator of plain, realistic ones.
 *
 * <p>Why: a connector usually breaks on the edges of the data model (38-digit and 1E-130 numbers,
 * empty collections, every byte value, surrogate pairs, deep nesting, items near the 400 KB
 * limit), not on the happy path; and bulk tests need many ordinary items that are the same on
 * every run. Both are plain {@code Map<String, AttributeValue>} items keyed by a string hash key
 * whose name the caller chooses.
 */
public final class ItemCorpus {

  /** Depth of the deeply nested item (the service allows 32 levels). */
  public static final int NESTING_DEPTH = 30;
  /** Characters of ASCII payload in the large item: below 400 KB however it is counted. */
  public static final int LARGE_PAYLOAD_CHARS = 390 * 1024;

  private static final String[] ADJECTIVES = {
    "Sturdy", "Compact", "Deluxe", "Classic", "Rugged", "Smart", "Eco", "Portable"};
  private static final String[] NOUNS = {
    "Widget", "Lamp", "Kettle", "Backpack", "Notebook", "Speaker", "Chair", "Bottle", "Drill"};
  private static final String[] CATEGORIES = {
    "books", "electronics", "garden", "grocery", "sports", "toys"};
  private static final String[] TAGS = {
    "new", "sale", "popular", "gift", "eco",
    "limited", "bundle", "imported", "handmade", "clearance"};
  private static final long EPOCH_2024 = 1_704_067_200L;
  private static final String[] COUNTRIES = {"DE", "FR", "JP", "US", "BR", "IN", "KR"};

  private ItemCorpus() {}

  /**
   * About twenty items, each stressing one corner of the data model; their hash key values name
   * what they stress. The list is new on every call and its items may be modified.
   */
  public static List<Map<String, AttributeValue>> tricky(String hashKey) {
    List<Map<String, AttributeValue>> items = new ArrayList<>();

    items.add(item(hashKey, "all-types",
        "s", s("text"),
        "n", n("42"),
        "b", b(new byte[] {1, 2, 3}),
        "ss", ss("x", "y", "z"),
        "ns", ns("1", "2.5", "-3"),
        "bs", bs(new byte[] {0}, new byte[] {1, 2}),
        "m", m(Map.of("inner", s("value"))),
        "l", l(s("one"), n("2")),
        "bool", AttributeValue.fromBool(true),
        "null", AttributeValue.fromNul(true)));

    items.add(item(hashKey, "empty-collections",
        "emptyMap", m(Map.of()),
        "emptyList", l(),
        "nested", m(Map.of("map", m(Map.of()), "list", l(l())))));

    items.add(item(hashKey, "empty-string-and-binary",
        "emptyString", s(""),
        "emptyBinary", b(new byte[0]),
        "inList", l(s(""), b(new byte[0])),
        "inMap", m(Map.of("s", s(""), "b", b(new byte[0])))));

    AttributeValue nested = s("bottom");
    for (int level = NESTING_DEPTH - 1; level >= 1; level--) {
      nested = level % 2 == 0
          ? l(nested, n(Integer.toString(level)))
          : m(Map.of("level" + level, nested));
    }
    items.add(item(hashKey, "deep-nesting", "deep", nested));

    items.add(item(hashKey, "big-integers",
        "max38", n("99999999999999999999999999999999999999"),
        "negative38", n("-12345678901234567890123456789012345678"),
        "set", ns("99999999999999999999999999999999999999",
            "-12345678901234567890123456789012345678", "1")));

    items.add(item(hashKey, "extreme-magnitudes",
        "tiny", n("1E-130"),
        "huge", n("9.99E+125"),
        "negativeTiny", n("-1E-130"),
        "negativeHuge", n("-9.99E+125"),
        "smallFraction", n("0.000000000000000000000000000000000001"),
        "negativeZero", n("-0"),
        "longFraction", n("0.12345678901234567890123456789012345678")));

    items.add(item(hashKey, "number-normalisation",
        "trailingZero", n("1.50"),
        "integerWithZeros", n("100.000"),
        "exponent", n("5E+3"),
        "fraction", n("0.10"),
        "negativeZeroFraction", n("-0.0"),
        "set", ns("1.50", "2.000", "3E+1")));

    byte[] allBytes = new byte[256];
    for (int i = 0; i < 256; i++) {
      allBytes[i] = (byte) i;
    }
    items.add(item(hashKey, "binary-all-bytes",
        "bytes", b(allBytes),
        "set", bs(allBytes, new byte[] {0}, new byte[] {(byte) 0xff},
            new byte[] {(byte) 0x80, 0x7f})));

    items.add(item(hashKey, "unicode-values",
        "accented", s("Crème brûlée, à l'été, naïve façade, Ångström"),
        "cjk", s("東京都 北京市 서울특별시 ひらがな カタカナ"),
        "emoji", s("😀🎉👍🏽👨‍👩‍👧 flags 🇯🇵🇧🇷"),
        "surrogatePairs", s("𝄞 𠜎 𝕏 \uD83D\uDE00"),
        "combining", s("e\u0301 vs \u00e9"),
        "rtl", s("שלום עולם مرحبا"),
        "set", ss("\u00e9", "e\u0301", "東京", "😀", "𝄞", "Ñandú")));

    items.add(item(hashKey, "unicode-names",
        "名前", s("name in Japanese"),
        "émoji😀", s("accented and emoji name"),
        "Ключ", n("7"),
        "𝄞clef", l(s("surrogate pair in name")),
        "map", m(Map.of("東京", s("nested unicode name"), "😀", ss("ü", "ß")))));

    StringBuilder payload = new StringBuilder(LARGE_PAYLOAD_CHARS);
    for (int i = 0; payload.length() < LARGE_PAYLOAD_CHARS; i++) {
      payload.append("line ").append(i).append(": the quick brown fox jumps over the lazy dog\n");
    }
    payload.setLength(LARGE_PAYLOAD_CHARS);
    items.add(item(hashKey, "large-ascii", "payload", s(payload.toString())));

    Map<String, AttributeValue> wide = new LinkedHashMap<>();
    for (int i = 0; i < 500; i++) {
      wide.put(String.format("attr%03d", i), i % 3 == 0 ? n(Integer.toString(i * 7)) : s("v" + i));
    }
    items.add(item(hashKey, "wide-map", "wide", m(wide)));

    items.add(item(hashKey, "mixed-list",
        "list", l(
            s("string"), n("-1.25"), b(new byte[] {9, 8, 7}),
            ss("a", "b"), ns("1", "10"), bs(new byte[] {1}, new byte[] {2}),
            m(Map.of("k", s("v"))), l(n("1"), l()),
            AttributeValue.fromBool(false), AttributeValue.fromNul(true),
            s(""), m(Map.of()))));

    items.add(item(hashKey, "number-set",
        "set", ns("0", "-1", "3.14159", "1E-130", "9.99E+125", "-9.99E+125",
            "99999999999999999999999999999999999999", "0.000000000000000000000000000000000001")));

    items.add(item(hashKey, "string-set-ordering",
        "set", ss("b", "A", "a", "B", "aa", "Z", "10", "9", " leading space", "trailing space ")));

    items.add(item(hashKey, "special-characters",
        "quotes", s("she said \"hi\" and 'bye'"),
        "backslashes", s("C:\\path\\to\\file \\u0041 \\n"),
        "controls", s("tab\there\nnewline\r\nnul\u0000end\u001f"),
        "jsonLooking", s("{\"S\":\"not a type\",\"N\":\"1\"}"),
        "a.b", s("dot in name"),
        "#hash", s("hash in name"),
        ":colon", s("colon in name"),
        "list[0]", s("brackets in name"),
        "with space", s("space in name"),
        "dash-name", s("dash in name")));

    items.add(item(hashKey, "reserved-words",
        "name", s("n"), "size", n("1"), "count", n("2"), "status", s("ok"),
        "date", s("2024-01-01"), "timestamp", n("1700000000000"), "table", s("t"),
        "key", s("k"), "value", s("v"), "type", s("x")));

    items.add(item(hashKey, "booleans-and-nulls",
        "t", AttributeValue.fromBool(true),
        "f", AttributeValue.fromBool(false),
        "nothing", AttributeValue.fromNul(true),
        "map", m(Map.of("t", AttributeValue.fromBool(true), "n", AttributeValue.fromNul(true))),
        "list", l(AttributeValue.fromBool(false), AttributeValue.fromNul(true))));

    items.add(item(hashKey, "key with spaces / slashes # and : colons", "v", n("1")));

    items.add(item(hashKey, "ключ-ünïcødé-東京-😀", "v", s("unicode hash key")));

    items.add(item(hashKey, "long-attribute-name", "x".repeat(255), s("255-character name")));

    items.add(item(hashKey, "numbers-as-strings",
        "stringNumber", s("1.50"),
        "stringExponent", s("1E-130"),
        "realNumber", n("1.50")));

    return items;
  }

  /**
   * Items that stress number fidelity: values no double holds (38 significant digits, the largest and
   * smallest magnitudes, with either sign) and attributes whose values need different Spark or Hive types
   * across items or inside one collection (integral beside fractional, 38 integer digits beside a fraction,
   * {@code 1E-130} beside {@code 1}), as scalars and inside sets, lists, maps and lists of sets. Kept apart
   * from {@link #tricky} so that tests built on that corpus keep their expectations. New on every call.
   */
  public static List<Map<String, AttributeValue>> numbers(String hashKey) {
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    String digits38 = "12345678901234567890123456789012345678";
    String max = "9.9999999999999999999999999999999999999E+125";

    items.add(item(hashKey, "num-extremes",
        "maxMagnitude", n(max),
        "negMaxMagnitude", n("-" + max),
        "minMagnitude", n("1E-130"),
        "negMinMagnitude", n("-1E-130"),
        "digits38Fraction", n("1.234567890123456789012345678901234567"),
        "mixed", n("7"),
        "mixedWide", n("1"),
        "amount", n("9223372036854775807")));

    items.add(item(hashKey, "num-sets",
        "nsWide", ns(digits38, "1.5", "-0.25"),
        "nsIntegral38", ns(digits38, "-99999999999999999999999999999999999999", "7"),
        "nsExtremes", ns(max, "-" + max, "1E-130", "-1E-130", "0"),
        "mixed", n("-2.5"),
        "mixedWide", n("1E-130"),
        "amount", n("-9223372036854775808")));

    items.add(item(hashKey, "num-collections",
        "numList", l(n("1"), n("0.5"), n(digits38), AttributeValue.fromNul(true)),
        "listOfLists", l(l(n("1E-130")), l(n("2"), n("-" + max))),
        "listOfSets", l(ns("1.5", digits38), ns("3")),
        "map", m(Map.of(
            "exact", n(max),
            "small", n("0.001"),
            "int", n("-5"),
            "ns", ns("1E-130", "1"),
            "inner", m(Map.of("deep", n("-" + digits38 + "E-50"))))),
        "mixed", n("12345678901234567890"),
        "amount", n("9223372036854775808")));

    items.add(item(hashKey, "num-negative-and-zero",
        "mixed", n("-0.000000000000000001"),
        "mixedWide", n("-99999999999999999999999999999999999999"),
        "zeros", l(n("0"), n("-0"), n("0.000")),
        "amount", n("-1")));
    return items;
  }

  /**
   * {@code count} ordinary items of about 150–250 bytes, the same for the same seed on every run,
   * and item {@code i} the same whatever {@code count} is. The key is {@code item-000000},
   * {@code item-000001}, ...; prices have exactly two decimals as sent (the server stores
   * {@code 12.50} as {@code 12.5}).
   */
  public static List<Map<String, AttributeValue>> generated(String hashKey, int count, long seed) {
    List<Map<String, AttributeValue>> items = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      SplittableRandom random = new SplittableRandom(seed ^ (i * 0x9E3779B97F4A7C15L));
      Map<String, AttributeValue> item = new LinkedHashMap<>();
      item.put(hashKey, s(String.format("item-%06d", i)));
      item.put("name", s(pick(random, ADJECTIVES) + " " + pick(random, NOUNS) + " "
          + (100 + random.nextInt(900))));
      item.put("category", s(pick(random, CATEGORIES)));
      item.put("quantity", n(Integer.toString(random.nextInt(1000))));
      item.put("price", n(BigDecimal.valueOf(random.nextLong(100, 100_000), 2).toPlainString()));
      item.put("inStock", AttributeValue.fromBool(random.nextBoolean()));
      TreeSet<String> tags = new TreeSet<>();
      int tagCount = 1 + random.nextInt(3);
      while (tags.size() < tagCount) {
        tags.add(pick(random, TAGS));
      }
      item.put("tags", AttributeValue.fromSs(new ArrayList<>(tags)));
      Map<String, AttributeValue> supplier = new LinkedHashMap<>();
      supplier.put("id", s(String.format("SUP-%05d", random.nextInt(100_000))));
      supplier.put("country", s(pick(random, COUNTRIES)));
      supplier.put("rating", n(Integer.toString(1 + random.nextInt(5))));
      item.put("supplier", m(supplier));
      item.put("sku", s(String.format("%08X-%04X", random.nextInt(), random.nextInt(0x10000))));
      item.put("createdAt", s(Instant.ofEpochSecond(EPOCH_2024 + random.nextInt(366 * 86_400))
          .toString()));
      items.add(item);
    }
    return items;
  }

  private static String pick(SplittableRandom random, String[] values) {
    return values[random.nextInt(values.length)];
  }

  private static Map<String, AttributeValue> item(String hashKey, String key, Object... rest) {
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    item.put(hashKey, s(key));
    for (int i = 0; i < rest.length; i += 2) {
      item.put((String) rest[i], (AttributeValue) rest[i + 1]);
    }
    return item;
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  private static AttributeValue n(String value) {
    return AttributeValue.fromN(value);
  }

  private static AttributeValue b(byte[] value) {
    return AttributeValue.fromB(SdkBytes.fromByteArray(value));
  }

  private static AttributeValue ss(String... values) {
    return AttributeValue.fromSs(List.of(values));
  }

  private static AttributeValue ns(String... values) {
    return AttributeValue.fromNs(List.of(values));
  }

  private static AttributeValue bs(byte[]... values) {
    List<SdkBytes> bytes = new ArrayList<>();
    for (byte[] value : values) {
      bytes.add(SdkBytes.fromByteArray(value));
    }
    return AttributeValue.fromBs(bytes);
  }

  private static AttributeValue m(Map<String, AttributeValue> value) {
    return AttributeValue.fromM(value);
  }

  private static AttributeValue l(AttributeValue... values) {
    return AttributeValue.fromL(List.of(values));
  }
}
