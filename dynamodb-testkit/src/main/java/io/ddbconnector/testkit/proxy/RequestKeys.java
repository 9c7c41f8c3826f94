package io.ddbconnector.testkit.proxy;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the partition-key value a data-plane request addresses, as parsed DynamoDB JSON
 * ({@code {"S": "a"}}), or null when the request does not name one (the proxy then does not charge a
 * partition for it and lets the backend judge the request).
 */
final class RequestKeys {

  private static final Pattern AND = Pattern.compile("(?i)\\s+AND\\s+");
  private static final Pattern EQUALS = Pattern.compile(
      "^\\(*\\s*([#A-Za-z0-9_.\\-]+)\\s*=\\s*([#:A-Za-z0-9_.\\-]+)\\s*\\)*$");

  private RequestKeys() {
  }

  /** From a top-level member holding an item or a key ({@code Key} of GetItem, {@code Item} of PutItem). */
  static Object ofMember(byte[] body, Json.Members top, String member, String partitionKey) {
    Json.Span s = top.get(member);
    if (s == null) {
      return null;
    }
    Json.Members attributes = Json.members(body, s.valueStart, s.valueEnd);
    Json.Span a = attributes == null ? null : attributes.get(partitionKey);
    return a == null ? null : Json.parse(body, a.valueStart, a.valueEnd);
  }

  /** From a Query: the equality on the partition key in KeyConditionExpression (or legacy KeyConditions). */
  static Object ofQuery(byte[] body, Json.Members top, String partitionKey) {
    Object expression = parsed(body, top, "KeyConditionExpression");
    if (expression instanceof String) {
      Map<?, ?> names = asMap(parsed(body, top, "ExpressionAttributeNames"));
      Map<?, ?> values = asMap(parsed(body, top, "ExpressionAttributeValues"));
      for (String condition : AND.split(((String) expression).trim())) {
        Matcher m = EQUALS.matcher(condition.trim());
        if (!m.matches()) {
          continue;
        }
        String left = m.group(1);
        String right = m.group(2);
        if (partitionKey.equals(name(left, names)) && right.startsWith(":") && values != null) {
          return values.get(right);
        }
        if (partitionKey.equals(name(right, names)) && left.startsWith(":") && values != null) {
          return values.get(left);
        }
      }
      return null;
    }
    Map<?, ?> conditions = asMap(parsed(body, top, "KeyConditions"));
    Map<?, ?> condition = conditions == null ? null : asMap(conditions.get(partitionKey));
    if (condition != null && "EQ".equals(condition.get("ComparisonOperator"))
        && condition.get("AttributeValueList") instanceof List) {
      List<?> list = (List<?>) condition.get("AttributeValueList");
      return list.size() == 1 ? list.get(0) : null;
    }
    return null;
  }

  /**
   * From one entry of BatchWriteItem ({@code {"PutRequest": {"Item": …}}} or
   * {@code {"DeleteRequest": {"Key": …}}}).
   */
  static Object ofWriteRequest(Object request, String partitionKey) {
    Map<?, ?> r = asMap(request);
    if (r == null) {
      return null;
    }
    Map<?, ?> put = asMap(r.get("PutRequest"));
    if (put != null) {
      return ofKey(put.get("Item"), partitionKey);
    }
    Map<?, ?> delete = asMap(r.get("DeleteRequest"));
    return delete == null ? null : ofKey(delete.get("Key"), partitionKey);
  }

  /** From a key or an item (e.g. one of BatchGetItem's Keys, or a Scan's ExclusiveStartKey). */
  static Object ofKey(Object key, String partitionKey) {
    Map<?, ?> k = asMap(key);
    return k == null ? null : k.get(partitionKey);
  }

  private static String name(String token, Map<?, ?> names) {
    if (!token.startsWith("#")) {
      return token;
    }
    Object n = names == null ? null : names.get(token);
    return n instanceof String ? (String) n : null;
  }

  static Object parsed(byte[] body, Json.Members top, String member) {
    Json.Span s = top.get(member);
    return s == null ? null : Json.parse(body, s.valueStart, s.valueEnd);
  }

  private static Map<?, ?> asMap(Object o) {
    return o instanceof Map ? (Map<?, ?>) o : null;
  }
}
