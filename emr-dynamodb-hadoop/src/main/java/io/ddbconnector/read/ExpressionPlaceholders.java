package io.ddbconnector.read;

import io.ddbconnector.split.KeyQuery;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * ExpressionAttributeNames and ExpressionAttributeValues shared by the projection and the filter of one
 * read: {@code #p0, #p1, ...} for names (one per attribute, reused) and {@code :f0, :f1, ...} for values.
 * Placeholders avoid every clash with reserved words and special characters in attribute names. Key
 * conditions use their own {@code #q}/{@code :q} placeholders ({@link KeyQuery}). Shared by the engines
 * that translate predicates (Spark, Hive).
 */
public final class ExpressionPlaceholders {

  private final Map<String, String> nameToPlaceholder = new LinkedHashMap<>();
  private final Map<String, String> names = new LinkedHashMap<>();
  private final Map<String, AttributeValue> values = new LinkedHashMap<>();
  private final String namePrefix;
  private final String valuePrefix;

  public ExpressionPlaceholders(String namePrefix, String valuePrefix) {
    this.namePrefix = namePrefix;
    this.valuePrefix = valuePrefix;
  }

  public String name(String attribute) {
    return nameToPlaceholder.computeIfAbsent(attribute, a -> {
      String p = namePrefix + names.size();
      names.put(p, a);
      return p;
    });
  }

  public String value(AttributeValue v) {
    String p = valuePrefix + values.size();
    values.put(p, v);
    return p;
  }

  /** A position to {@link #reset} to. */
  public long mark() {
    return ((long) values.size() << 32) | names.size();
  }

  /** Forgets placeholders added since {@code mark} (a sub-expression that could not be translated). */
  public void reset(long mark) {
    int keepValues = (int) (mark >>> 32);
    int keepNames = (int) mark;
    while (values.size() > keepValues) {
      values.remove(valuePrefix + (values.size() - 1));
    }
    while (names.size() > keepNames) {
      String p = namePrefix + (names.size() - 1);
      nameToPlaceholder.remove(names.remove(p));
    }
  }

  public Map<String, String> names() {
    return Collections.unmodifiableMap(names);
  }

  public Map<String, AttributeValue> values() {
    return Collections.unmodifiableMap(values);
  }

  /**
   * True when the connector's {@code #n=name,...} settings format can carry the attribute name (no comma,
   * no surrounding blanks).
   */
  public static boolean safeName(String attribute) {
    return !attribute.isEmpty() && attribute.indexOf(',') < 0 && attribute.equals(attribute.trim());
  }

  /** The {@code dynamodb.read.expressionNames} form of a names map. */
  public static String format(Map<String, String> names) {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, String> e : names.entrySet()) {
      if (sb.length() > 0) {
        sb.append(',');
      }
      sb.append(e.getKey()).append('=').append(e.getValue());
    }
    return sb.toString();
  }
}
