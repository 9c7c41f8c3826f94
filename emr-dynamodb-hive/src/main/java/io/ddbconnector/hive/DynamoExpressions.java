package io.ddbconnector.hive;

import io.ddbconnector.hive.PredicateTranslator.And;
import io.ddbconnector.hive.PredicateTranslator.Condition;
import io.ddbconnector.hive.PredicateTranslator.Node;
import io.ddbconnector.hive.PredicateTranslator.Or;
import io.ddbconnector.read.ExpressionPlaceholders;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Renders translated predicates as DynamoDB expressions with placeholders for every name and value, so
 * reserved words and odd characters in attribute names never matter. Each instance numbers its
 * placeholders from its own prefixes: {@code #f}/{@code :f} for filters, {@code #p} for projections,
 * {@code #q}/{@code :q} for key conditions, so the three never clash in one request.
 */
final class DynamoExpressions {

  /** DynamoDB's limit on one expression is 4 KB; stay below it and leave the rest to Hive. */
  static final int MAX_EXPRESSION_CHARS = 4000;
  /** The IN operator takes at most 100 values; longer lists become an OR of INs. */
  private static final int MAX_IN_VALUES = 100;

  private final ExpressionPlaceholders placeholders;

  DynamoExpressions(String prefix) {
    this.placeholders = new ExpressionPlaceholders("#" + prefix, ":" + prefix);
  }

  /** ExpressionAttributeNames used so far: placeholder → attribute. */
  Map<String, String> names() {
    return placeholders.names();
  }

  /** ExpressionAttributeValues used so far. */
  Map<String, AttributeValue> values() {
    return placeholders.values();
  }

  String name(String attribute) {
    return placeholders.name(attribute);
  }

  String value(AttributeValue v) {
    return placeholders.value(v);
  }

  /** A ProjectionExpression of the attributes. */
  String projection(Collection<String> attributes) {
    List<String> parts = new ArrayList<>();
    for (String a : attributes) {
      parts.add(name(a));
    }
    return String.join(", ", parts);
  }

  /**
   * A FilterExpression: the AND of the nodes that fit in the expression size limit (dropping one only
   * widens the filter, and Hive re-applies the whole predicate); null when none fits.
   */
  String filter(List<Node> nodes) {
    List<String> parts = new ArrayList<>();
    int length = 0;
    for (Node n : nodes) {
      long mark = placeholders.mark();
      String text = render(n);
      if (length + text.length() + 9 > MAX_EXPRESSION_CHARS) {
        placeholders.reset(mark);
        continue;
      }
      parts.add(parts.isEmpty() && nodes.size() == 1 ? text : "(" + text + ")");
      length += text.length() + 9;
    }
    return parts.isEmpty() ? null : String.join(" AND ", parts);
  }

  String render(Node n) {
    if (n instanceof And) {
      return join(((And) n).parts(), " AND ");
    }
    if (n instanceof Or) {
      return join(((Or) n).parts(), " OR ");
    }
    return condition((Condition) n);
  }

  private String join(List<Node> parts, String op) {
    List<String> out = new ArrayList<>();
    for (Node p : parts) {
      out.add("(" + render(p) + ")");
    }
    return String.join(op, out);
  }

  /** One condition; also used for key conditions, which take the same syntax. */
  String condition(Condition c) {
    String a = name(c.attribute());
    List<AttributeValue> v = c.values();
    switch (c.op()) {
      case NOT_NULL:
        return "attribute_exists(" + a + ")";
      case BETWEEN:
        return a + " BETWEEN " + value(v.get(0)) + " AND " + value(v.get(1));
      case IN: {
        if (v.size() == 1) {
          return a + " = " + value(v.get(0));
        }
        List<String> groups = new ArrayList<>();
        for (int from = 0; from < v.size(); from += MAX_IN_VALUES) {
          List<String> ps = new ArrayList<>();
          for (AttributeValue x : v.subList(from, Math.min(v.size(), from + MAX_IN_VALUES))) {
            ps.add(value(x));
          }
          groups.add(a + " IN (" + String.join(", ", ps) + ")");
        }
        return groups.size() == 1 ? groups.get(0) : "(" + String.join(") OR (", groups) + ")";
      }
      default:
        return a + " " + c.op().symbol + " " + value(v.get(0));
    }
  }

  /** Whether an attribute name survives the core's {@code #n=name,...} text form of expression names. */
  static boolean encodable(String attribute) {
    return ExpressionPlaceholders.safeName(attribute);
  }

  /** The core's text form of ExpressionAttributeNames ({@code dynamodb.read.expressionNames}). */
  static String namesText(Map<String, String> names) {
    return ExpressionPlaceholders.format(names);
  }
}
