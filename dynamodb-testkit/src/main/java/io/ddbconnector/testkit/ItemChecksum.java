package io.ddbconnector.testkit;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An exact, order-independent fingerprint of a collection of DynamoDB items.
 *
 * <p>Why: a read or write path is correct only if every item survives bit for bit, whatever order
 * the segments, splits or tasks produced them in. Each item is written in a canonical form
 * (attributes sorted by name, set members sorted, numbers normalised the way the server stores
 * them, so {@code 1.50} and {@code 1.5} are the same number), hashed with SHA-256, and the hashes
 * are added modulo 2<sup>256</sup>. Addition makes the result independent of order while still
 * counting duplicates, so two collections have the same checksum exactly when they hold the same
 * multiset of items (barring a SHA-256 collision).
 */
public final class ItemChecksum {

  private static final BigInteger MODULUS = BigInteger.ONE.shiftLeft(256);
  private static final int MAX_EXAMPLES = 5;
  private static final int MAX_EXAMPLE_CHARS = 300;

  private ItemChecksum() {}

  /**
   * Returns {@code "<item count>:<64 hex digits>"}, equal for two collections exactly when they
   * hold the same items the same number of times, in any order.
   */
  public static String of(Collection<Map<String, AttributeValue>> items) {
    MessageDigest sha256 = sha256();
    BigInteger sum = BigInteger.ZERO;
    for (Map<String, AttributeValue> item : items) {
      byte[] digest = sha256.digest(canonical(item).getBytes(StandardCharsets.UTF_8));
      sum = sum.add(new BigInteger(1, digest));
    }
    String hex = sum.mod(MODULUS).toString(16);
    return items.size() + ":" + "0".repeat(64 - hex.length()) + hex;
  }

  /**
   * The canonical text of one item, e.g. {@code {"id":S"a","n":N1.5,"tags":SS["x","y"]}}: equal for
   * two items exactly when DynamoDB would consider them the same item. Readable enough for
   * assertion messages.
   */
  public static String canonical(Map<String, AttributeValue> item) {
    StringBuilder out = new StringBuilder();
    appendMap(out, item);
    return out.toString();
  }

  /**
   * Asserts that both collections hold the same items (as a multiset, in any order).
   *
   * @throws AssertionError with both counts and up to five example items missing or unexpected
   */
  public static void assertSameItems(Collection<Map<String, AttributeValue>> expected,
      Collection<Map<String, AttributeValue>> actual) {
    assertSameItems(expected, actual, new String[0]);
  }

  /**
   * Like {@link #assertSameItems(Collection, Collection)}, but the examples in the failure message
   * name the items by the given key attributes, and an item whose key is present on both sides
   * is reported as changed rather than as one missing and one unexpected item.
   */
  public static void assertSameItems(Collection<Map<String, AttributeValue>> expected,
      Collection<Map<String, AttributeValue>> actual, String... keyAttributes) {
    Map<String, Integer> surplus = new HashMap<>();
    Map<String, Map<String, AttributeValue>> byCanonical = new HashMap<>();
    for (Map<String, AttributeValue> item : expected) {
      String text = canonical(item);
      surplus.merge(text, 1, Integer::sum);
      byCanonical.putIfAbsent(text, item);
    }
    for (Map<String, AttributeValue> item : actual) {
      String text = canonical(item);
      surplus.merge(text, -1, Integer::sum);
      byCanonical.putIfAbsent(text, item);
    }
    List<String> missing = new ArrayList<>();
    List<String> unexpected = new ArrayList<>();
    surplus.forEach((text, count) -> {
      for (int i = 0; i < Math.abs(count); i++) {
        (count > 0 ? missing : unexpected).add(text);
      }
    });
    if (missing.isEmpty() && unexpected.isEmpty()) {
      return;
    }
    missing.sort(null);
    unexpected.sort(null);
    StringBuilder message = new StringBuilder()
        .append("items differ: expected ").append(expected.size())
        .append(", actual ").append(actual.size())
        .append("; ").append(missing.size()).append(" missing, ")
        .append(unexpected.size()).append(" unexpected");
    if (keyAttributes.length > 0) {
      Map<String, String> unexpectedByKey = new LinkedHashMap<>();
      for (String text : unexpected) {
        unexpectedByKey.putIfAbsent(key(byCanonical.get(text), keyAttributes), text);
      }
      int shown = 0;
      for (String text : missing) {
        if (shown == MAX_EXAMPLES) {
          break;
        }
        shown++;
        String key = key(byCanonical.get(text), keyAttributes);
        String other = unexpectedByKey.remove(key);
        message.append(other == null ? "\n  missing " + key : "\n  changed " + key
            + ":\n    expected " + abbreviate(text) + "\n    actual   " + abbreviate(other));
      }
      for (String key : unexpectedByKey.keySet()) {
        if (shown == MAX_EXAMPLES) {
          break;
        }
        shown++;
        message.append("\n  unexpected ").append(key);
      }
    } else {
      appendExamples(message, "missing", missing);
      appendExamples(message, "unexpected", unexpected);
    }
    throw new AssertionError(message.toString());
  }

  private static void appendExamples(StringBuilder message, String label, List<String> texts) {
    for (String text : texts.subList(0, Math.min(MAX_EXAMPLES, texts.size()))) {
      message.append("\n  ").append(label).append(' ').append(abbreviate(text));
    }
  }

  private static String key(Map<String, AttributeValue> item, String[] keyAttributes) {
    Map<String, AttributeValue> key = new LinkedHashMap<>();
    for (String name : keyAttributes) {
      AttributeValue value = item.get(name);
      if (value != null) {
        key.put(name, value);
      }
    }
    return canonical(key);
  }

  private static String abbreviate(String text) {
    return text.length() <= MAX_EXAMPLE_CHARS
        ? text
        : text.substring(0, MAX_EXAMPLE_CHARS) + "...(" + text.length() + " chars)";
  }

  private static void appendMap(StringBuilder out, Map<String, AttributeValue> map) {
    out.append('{');
    boolean first = true;
    for (Map.Entry<String, AttributeValue> entry : new TreeMap<>(map).entrySet()) {
      if (!first) {
        out.append(',');
      }
      first = false;
      appendString(out, entry.getKey());
      out.append(':');
      appendValue(out, entry.getValue());
    }
    out.append('}');
  }

  private static void appendValue(StringBuilder out, AttributeValue value) {
    switch (value.type()) {
      case S -> appendString(out.append('S'), value.s());
      case N -> out.append('N').append(number(value.n()));
      case B -> out.append('B').append(binary(value.b()));
      case BOOL -> out.append("BOOL:").append(value.bool());
      case NUL -> out.append("NULL");
      case M -> appendMap(out.append('M'), value.m());
      case L -> {
        out.append("L[");
        for (int i = 0; i < value.l().size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          appendValue(out, value.l().get(i));
        }
        out.append(']');
      }
      case SS -> appendSet(out, "SS", value.ss().stream().map(ItemChecksum::quoted).toList());
      case NS -> appendSet(out, "NS", value.ns().stream().map(ItemChecksum::number).toList());
      case BS -> appendSet(out, "BS", value.bs().stream().map(ItemChecksum::binary).toList());
      default -> throw new IllegalArgumentException("attribute value of unknown type: " + value);
    }
  }

  private static void appendSet(StringBuilder out, String type, List<String> members) {
    List<String> sorted = new ArrayList<>(members);
    sorted.sort(null);
    out.append(type).append('[').append(String.join(",", sorted)).append(']');
  }

  /** Exact normal form of a DynamoDB number: no exponent, no trailing zeros, {@code -0 = 0}. */
  private static String number(String n) {
    try {
      return new BigDecimal(n).stripTrailingZeros().toPlainString();
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a DynamoDB number: '" + n + "'", e);
    }
  }

  private static String binary(SdkBytes bytes) {
    return Base64.getEncoder().encodeToString(bytes.asByteArrayUnsafe());
  }

  private static String quoted(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2);
    appendString(out, s);
    return out.toString();
  }

  /** JSON-style quoting, so no string can be confused with the surrounding syntax. */
  private static void appendString(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    out.append('"');
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
