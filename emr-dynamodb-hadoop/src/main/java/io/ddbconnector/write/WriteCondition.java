package io.ddbconnector.write;

import static io.ddbconnector.conf.ConnectorOptions.WRITE_CONDITION;
import static io.ddbconnector.conf.ConnectorOptions.WRITE_CONDITION_NAMES;
import static io.ddbconnector.conf.ConnectorOptions.WRITE_CONDITION_VALUES;
import static io.ddbconnector.conf.ConnectorOptions.WRITE_CONDITION_VERSION;

import io.ddbconnector.conf.Settings;
import io.ddbconnector.exceptions.DynamoDBConnectorException;
import io.ddbconnector.types.DynamoJson;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The condition every item of a write must meet ({@code dynamodb.write.condition} with its names and values,
 * and {@code dynamodb.write.condition.versionAttribute}), parsed and checked once. A condition can compare
 * the stored item with the one being written: {@code :item.<attribute>} placeholders are bound, for each
 * item, to that item's attribute ({@link #bind}). BatchWriteItem takes no condition, so a write with one goes
 * item by item. Immutable.
 */
public final class WriteCondition implements Serializable {
  private static final long serialVersionUID = 1L;

  /** {@code :item.<attribute>}: the attribute of the item being written. */
  private static final Pattern ITEM_VALUE = Pattern.compile(":item\\.([A-Za-z0-9_]+)");
  private static final String ITEM_PLACEHOLDER = ":item_";
  private static final String VERSION_NAME = "#item_version";

  private final String expression;
  private final Map<String, String> names;
  private final String valuesJson;
  /** Attribute of the written item bound to {@code :item_<i>}, by index i. */
  private final List<String> itemAttributes;
  private transient Map<String, AttributeValue> values;

  private WriteCondition(String expression, Map<String, String> names, String valuesJson,
      List<String> itemAttributes) {
    this.expression = expression;
    this.names = names;
    this.valuesJson = valuesJson;
    this.itemAttributes = itemAttributes;
  }

  /** The settings' condition, or null when the write has none. */
  public static WriteCondition from(Settings s) {
    String user = trimmed(s.get(WRITE_CONDITION));
    String version = trimmed(s.get(WRITE_CONDITION_VERSION));
    Map<String, String> names = new LinkedHashMap<>(s.expressionNames(WRITE_CONDITION_NAMES));
    String valuesJson = s.get(WRITE_CONDITION_VALUES);
    Map<String, AttributeValue> values = parseValues(valuesJson);
    if (user == null && version == null) {
      if (!names.isEmpty() || !values.isEmpty()) {
        throw new IllegalArgumentException("Configuration keys '" + WRITE_CONDITION_NAMES.name() + "' and '"
            + WRITE_CONDITION_VALUES.name() + "' need a condition: set '" + WRITE_CONDITION.name() + "' (or '"
            + WRITE_CONDITION_VERSION.name() + "').");
      }
      return null;
    }
    for (String v : values.keySet()) {
      if (v.startsWith(":item")) {
        throw new IllegalArgumentException("Invalid value for configuration key '" + WRITE_CONDITION_VALUES.name()
            + "': placeholder '" + v + "' starts with ':item', which names the written item's attributes"
            + " (':item.<attribute>'); choose another name.");
      }
    }
    List<String> parts = new ArrayList<>();
    if (user != null) {
      parts.add(user);
    }
    if (version != null) {
      if (names.containsKey(VERSION_NAME)) {
        throw new IllegalArgumentException("Invalid value for configuration key '" + WRITE_CONDITION_NAMES.name()
            + "': '" + VERSION_NAME + "' is used by '" + WRITE_CONDITION_VERSION.name() + "'.");
      }
      names.put(VERSION_NAME, version);
      parts.add("attribute_not_exists(" + VERSION_NAME + ") OR " + VERSION_NAME + " < " + ITEM_PLACEHOLDER + "v");
    }
    List<String> attributes = new ArrayList<>();
    StringBuilder rewritten = new StringBuilder();
    for (int i = 0; i < parts.size(); i++) {
      String part = parts.get(i);
      String bound;
      if (i == parts.size() - 1 && version != null) {
        // the version part refers to its attribute by name, which may hold any character
        attributes.add(version);
        bound = part.replace(ITEM_PLACEHOLDER + "v", ITEM_PLACEHOLDER + (attributes.size() - 1));
      } else {
        bound = bindItemPlaceholders(part, attributes);
      }
      rewritten.append(parts.size() > 1 ? "(" + bound + ")" : bound);
      if (i < parts.size() - 1) {
        rewritten.append(" AND ");
      }
    }
    for (String n : names.keySet()) {
      if (!rewritten.toString().contains(n)) {
        throw new IllegalArgumentException("Configuration key '" + WRITE_CONDITION_NAMES.name() + "' defines '" + n
            + "', which the write condition '" + rewritten + "' does not use (DynamoDB refuses unused names).");
      }
    }
    for (String v : values.keySet()) {
      if (!Pattern.compile(Pattern.quote(v) + "(?![A-Za-z0-9_])").matcher(rewritten).find()) {
        throw new IllegalArgumentException("Configuration key '" + WRITE_CONDITION_VALUES.name() + "' defines '" + v
            + "', which the write condition '" + rewritten + "' does not use (DynamoDB refuses unused values).");
      }
    }
    WriteCondition c = new WriteCondition(rewritten.toString(), Collections.unmodifiableMap(names), valuesJson,
        Collections.unmodifiableList(attributes));
    c.values = values;
    return c;
  }

  private static String bindItemPlaceholders(String expression, List<String> attributes) {
    Matcher m = ITEM_VALUE.matcher(expression);
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      int i = attributes.indexOf(m.group(1));
      if (i < 0) {
        attributes.add(m.group(1));
        i = attributes.size() - 1;
      }
      m.appendReplacement(b, ITEM_PLACEHOLDER + i);
    }
    m.appendTail(b);
    return b.toString();
  }

  /** The ConditionExpression sent, with {@code :item.<attribute>} placeholders renamed {@code :item_<i>}. */
  public String expression() {
    return expression;
  }

  /** ExpressionAttributeNames of the condition. */
  public Map<String, String> names() {
    return names;
  }

  /** The condition's values for {@code item}: the configured ones and the item's own attributes it refers to. */
  public Map<String, AttributeValue> values(Map<String, AttributeValue> item, Map<String, AttributeValue> key,
      String table) {
    Map<String, AttributeValue> configured = values;
    if (configured == null) {
      configured = parseValues(valuesJson);
      values = configured;
    }
    Map<String, AttributeValue> all = new LinkedHashMap<>(configured);
    for (int i = 0; i < itemAttributes.size(); i++) {
      String a = itemAttributes.get(i);
      AttributeValue v = item.get(a);
      if (v == null || Boolean.TRUE.equals(v.nul())) {
        throw new DynamoDBConnectorException("Item with key " + DynamoJson.toJson(key) + " for table '" + table
            + "' has no attribute '" + a + "', which the write condition compares with the stored item ('"
            + WRITE_CONDITION.name() + "' / '" + WRITE_CONDITION_VERSION.name() + "').");
      }
      all.put(ITEM_PLACEHOLDER + i, v);
    }
    return all;
  }

  /** The condition's value placeholders: the configured ones and those bound to the written item. */
  public java.util.Set<String> valuePlaceholders() {
    Map<String, AttributeValue> configured = values != null ? values : parseValues(valuesJson);
    java.util.Set<String> all = new java.util.LinkedHashSet<>(configured.keySet());
    for (int i = 0; i < itemAttributes.size(); i++) {
      all.add(ITEM_PLACEHOLDER + i);
    }
    return all;
  }

  /** The attributes of the written item the condition refers to. */
  public List<String> itemAttributes() {
    return itemAttributes;
  }

  @Override
  public String toString() {
    return expression;
  }

  private static String trimmed(String s) {
    return s == null || s.trim().isEmpty() ? null : s.trim();
  }

  private static Map<String, AttributeValue> parseValues(String json) {
    return DynamoJson.parseSetting(json, WRITE_CONDITION_VALUES.name());
  }

}
