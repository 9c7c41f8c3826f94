package io.ddbconnector.spark.datasource;

import io.ddbconnector.read.ExpressionPlaceholders;

import io.ddbconnector.split.KeyQuery;
import io.ddbconnector.spark.SparkSettings.MismatchPolicy;
import io.ddbconnector.types.DynamoNumbers;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.sources.And;
import org.apache.spark.sql.sources.EqualTo;
import org.apache.spark.sql.sources.Filter;
import org.apache.spark.sql.sources.GreaterThan;
import org.apache.spark.sql.sources.GreaterThanOrEqual;
import org.apache.spark.sql.sources.In;
import org.apache.spark.sql.sources.IsNotNull;
import org.apache.spark.sql.sources.IsNull;
import org.apache.spark.sql.sources.LessThan;
import org.apache.spark.sql.sources.LessThanOrEqual;
import org.apache.spark.sql.sources.Not;
import org.apache.spark.sql.sources.Or;
import org.apache.spark.sql.sources.StringStartsWith;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Turns Spark filters into a DynamoDB read: hash-key equality or {@code IN} becomes one Query per value
 * (with range-key comparisons as part of the key condition); the other supported filters on top-level
 * scalar columns become a FilterExpression.
 *
 * <p>Spark re-applies every filter after the scan, so correctness only needs each pushed expression to keep
 * at least the rows Spark keeps. That holds because a pushed comparison is only built for columns whose
 * values compare the same way in DynamoDB and Spark (string, integral and decimal numbers, and equality of
 * booleans and binaries; never double/float, whose rounding differs from DynamoDB's exact decimals) and,
 * under {@code NOT}, only for sub-expressions that are exact. Filters on {@code JSON} columns (mixed types),
 * on string columns of number text (metadata {@code dynamodb.type=N}) and on columns whose names the
 * settings format cannot carry are not pushed.
 */
final class FilterTranslator {

  /** DynamoDB allows at most 100 operands in {@code IN}. */
  static final int MAX_IN_VALUES = 100;

  /** A key attribute of the table or index the read targets. */
  static final class Key {
    final String name;
    final String type; // S, N, B

    Key(String name, String type) {
      this.name = name;
      this.type = type;
    }
  }

  /** What the filters became. */
  static final class Result {
    final List<KeyQuery> queries;
    final String filterExpression;
    final List<Filter> pushed;
    final List<String> keyConditions;

    Result(List<KeyQuery> queries, String filterExpression, List<Filter> pushed, List<String> keyConditions) {
      this.queries = Collections.unmodifiableList(queries);
      this.filterExpression = filterExpression;
      this.pushed = Collections.unmodifiableList(pushed);
      this.keyConditions = Collections.unmodifiableList(keyConditions);
    }
  }

  private enum Polarity { SUPERSET, SUBSET }

  private final StructType schema;
  private final Key hash;
  private final Key range;
  private final String indexName;
  private final Set<String> keyAttributes;
  private final MismatchPolicy policy;
  private final int maxQueries;

  /**
   * @param hash the hash key of the table, or of the index when reading one
   * @param range its range key, or null
   * @param keyAttributes every key attribute of the table and the index (never allowed in a Query's filter)
   */
  FilterTranslator(StructType schema, Key hash, Key range, String indexName, Set<String> keyAttributes,
      MismatchPolicy policy, int maxQueries) {
    this.schema = schema;
    this.hash = hash;
    this.range = range;
    this.indexName = indexName;
    this.keyAttributes = keyAttributes;
    this.policy = policy;
    this.maxQueries = maxQueries;
  }

  /** Translates {@code filters} (Spark's top-level conjuncts), adding placeholders to {@code p}. */
  Result translate(Filter[] filters, ExpressionPlaceholders p) {
    List<Filter> pushed = new ArrayList<>();
    List<KeyQuery> queries = new ArrayList<>();
    List<String> keyConditions = new ArrayList<>();

    List<AttributeValue> hashValues = null;
    Filter hashFilter = null;
    for (Filter f : filters) {
      List<AttributeValue> values = hashValues(f);
      if (values != null) {
        hashValues = values;
        hashFilter = f;
        break;
      }
    }
    boolean query = hashValues != null;
    Set<Filter> consumed = new LinkedHashSet<>();
    if (query) {
      consumed.add(hashFilter);
      pushed.add(hashFilter);
      Map<String, String> names = new LinkedHashMap<>();
      Map<String, AttributeValue> rangeValues = new LinkedHashMap<>();
      names.put("#qh", hash.name);
      String rangeCondition = range == null ? null : rangeCondition(filters, names, rangeValues, consumed, pushed);
      for (int i = 0; i < hashValues.size(); i++) {
        Map<String, AttributeValue> values = new LinkedHashMap<>(rangeValues);
        values.put(":qh", hashValues.get(i));
        String condition = "#qh = :qh" + (rangeCondition == null ? "" : " AND " + rangeCondition);
        queries.add(new KeyQuery(indexName, condition, names, values));
        if (i == 0) {
          keyConditions.add(condition);
        }
      }
    }

    List<String> conjuncts = new ArrayList<>();
    for (Filter f : filters) {
      if (consumed.contains(f) || (query && references(f, keyAttributes))) {
        continue;
      }
      long mark = p.mark();
      String e = translate(f, Polarity.SUPERSET, p);
      if (e != null) {
        conjuncts.add(e);
        pushed.add(f); // possibly in part (an AND of which one side could not be pushed)
      } else {
        p.reset(mark);
      }
    }
    String filter = conjuncts.isEmpty() ? null : conjuncts.size() == 1 ? conjuncts.get(0)
        : "(" + String.join(") AND (", conjuncts) + ")";
    return new Result(queries, filter, pushed, keyConditions);
  }

  /** The hash-key values of {@code hash = v} or {@code hash IN (...)}; null when {@code f} is neither. */
  private List<AttributeValue> hashValues(Filter f) {
    if (f instanceof EqualTo && ((EqualTo) f).attribute().equals(hash.name)) {
      AttributeValue v = keyValue(hash, ((EqualTo) f).value());
      return v == null ? null : List.of(v);
    }
    if (f instanceof In && ((In) f).attribute().equals(hash.name)) {
      Set<AttributeValue> out = new LinkedHashSet<>();
      for (Object o : ((In) f).values()) {
        if (o == null) {
          continue;
        }
        AttributeValue v = keyValue(hash, o);
        if (v == null) {
          return null;
        }
        out.add(v);
      }
      return out.isEmpty() || out.size() > maxQueries ? null : new ArrayList<>(out);
    }
    return null;
  }

  /** A literal as a key value of the key's type, or null when it cannot be one. */
  private AttributeValue keyValue(Key key, Object value) {
    StructField f = field(key.name);
    if (f == null || value == null) {
      return null;
    }
    AttributeValue v = literal(f, value);
    if (v == null) {
      return null;
    }
    return key.type.equals(SparkTypes.typeName(v)) ? v : null;
  }

  /** The range-key part of a key condition from the top-level filters, or null. */
  private String rangeCondition(Filter[] filters, Map<String, String> names, Map<String, AttributeValue> values,
      Set<Filter> consumed, List<Filter> pushed) {
    Filter eq = null;
    Filter prefix = null;
    Filter lower = null;
    Filter upper = null;
    for (Filter f : filters) {
      if (f instanceof EqualTo && attr(f).equals(range.name) && keyValue(range, ((EqualTo) f).value()) != null) {
        eq = eq == null ? f : eq;
      } else if (f instanceof StringStartsWith && attr(f).equals(range.name) && range.type.equals("S")) {
        prefix = prefix == null ? f : prefix;
      } else if ((f instanceof GreaterThan || f instanceof GreaterThanOrEqual) && attr(f).equals(range.name)
          && keyValue(range, value(f)) != null) {
        lower = lower == null ? f : lower;
      } else if ((f instanceof LessThan || f instanceof LessThanOrEqual) && attr(f).equals(range.name)
          && keyValue(range, value(f)) != null) {
        upper = upper == null ? f : upper;
      }
    }
    names.put("#qr", range.name);
    String cond;
    if (eq != null) {
      values.put(":qr", keyValue(range, ((EqualTo) eq).value()));
      cond = "#qr = :qr";
      use(eq, consumed, pushed);
    } else if (prefix != null) {
      values.put(":qr", AttributeValue.fromS(((StringStartsWith) prefix).value()));
      cond = "begins_with(#qr, :qr)";
      use(prefix, consumed, pushed);
    } else if (lower instanceof GreaterThanOrEqual && upper instanceof LessThanOrEqual) {
      values.put(":qr", keyValue(range, value(lower)));
      values.put(":qr2", keyValue(range, value(upper)));
      cond = "#qr BETWEEN :qr AND :qr2";
      use(lower, consumed, pushed);
      use(upper, consumed, pushed);
    } else if (lower != null || upper != null) {
      Filter f = lower != null ? lower : upper;
      values.put(":qr", keyValue(range, value(f)));
      cond = "#qr " + operator(f) + " :qr";
      use(f, consumed, pushed);
    } else {
      names.remove("#qr");
      return null;
    }
    return cond;
  }

  private static void use(Filter f, Set<Filter> consumed, List<Filter> pushed) {
    consumed.add(f);
    pushed.add(f);
  }

  private static String attr(Filter f) {
    if (f instanceof EqualTo) {
      return ((EqualTo) f).attribute();
    } else if (f instanceof GreaterThan) {
      return ((GreaterThan) f).attribute();
    } else if (f instanceof GreaterThanOrEqual) {
      return ((GreaterThanOrEqual) f).attribute();
    } else if (f instanceof LessThan) {
      return ((LessThan) f).attribute();
    } else if (f instanceof LessThanOrEqual) {
      return ((LessThanOrEqual) f).attribute();
    } else if (f instanceof StringStartsWith) {
      return ((StringStartsWith) f).attribute();
    } else if (f instanceof In) {
      return ((In) f).attribute();
    } else if (f instanceof IsNull) {
      return ((IsNull) f).attribute();
    } else if (f instanceof IsNotNull) {
      return ((IsNotNull) f).attribute();
    }
    return "";
  }

  private static Object value(Filter f) {
    if (f instanceof EqualTo) {
      return ((EqualTo) f).value();
    } else if (f instanceof GreaterThan) {
      return ((GreaterThan) f).value();
    } else if (f instanceof GreaterThanOrEqual) {
      return ((GreaterThanOrEqual) f).value();
    } else if (f instanceof LessThan) {
      return ((LessThan) f).value();
    } else if (f instanceof LessThanOrEqual) {
      return ((LessThanOrEqual) f).value();
    }
    return null;
  }

  private static String operator(Filter f) {
    if (f instanceof EqualTo) {
      return "=";
    } else if (f instanceof GreaterThan) {
      return ">";
    } else if (f instanceof GreaterThanOrEqual) {
      return ">=";
    } else if (f instanceof LessThan) {
      return "<";
    }
    return "<=";
  }

  private static boolean references(Filter f, Set<String> attributes) {
    for (String r : f.references()) {
      if (attributes.contains(r)) {
        return true;
      }
    }
    return false;
  }

  /** The expression, or null when {@code f} cannot be pushed with the given polarity. */
  private String translate(Filter f, Polarity polarity, ExpressionPlaceholders p) {
    if (f instanceof And) {
      long mark = p.mark();
      String l = translate(((And) f).left(), polarity, p);
      if (l == null) {
        p.reset(mark);
      }
      long mark2 = p.mark();
      String r = translate(((And) f).right(), polarity, p);
      if (r == null) {
        p.reset(mark2);
      }
      if (l != null && r != null) {
        return "(" + l + ") AND (" + r + ")";
      }
      // dropping a conjunct widens the result: fine for a superset, not for a subset
      return polarity == Polarity.SUPERSET ? (l != null ? l : r) : null;
    }
    if (f instanceof Or) {
      long mark = p.mark();
      String l = translate(((Or) f).left(), polarity, p);
      if (l == null) {
        p.reset(mark);
      }
      long mark2 = p.mark();
      String r = translate(((Or) f).right(), polarity, p);
      if (r == null) {
        p.reset(mark2);
      }
      if (l != null && r != null) {
        return "(" + l + ") OR (" + r + ")";
      }
      // dropping a disjunct narrows the result: fine for a subset only
      return polarity == Polarity.SUBSET ? (l != null ? l : r) : null;
    }
    if (f instanceof Not) {
      String c = translate(((Not) f).child(), polarity == Polarity.SUPERSET ? Polarity.SUBSET : Polarity.SUPERSET, p);
      return c == null ? null : "NOT (" + c + ")";
    }
    String attribute = attr(f);
    StructField field = field(attribute);
    if (field == null || !pushable(field)) {
      return null;
    }
    if (f instanceof IsNull) {
      if (polarity == Polarity.SUPERSET && policy == MismatchPolicy.NULL) {
        return null; // a value of another type reads as null, but DynamoDB sees a value
      }
      String n = p.name(attribute);
      return "attribute_not_exists(" + n + ") OR attribute_type(" + n + ", " + p.value(AttributeValue.fromS("NULL"))
          + ")";
    }
    if (f instanceof IsNotNull) {
      if (polarity == Polarity.SUBSET && policy == MismatchPolicy.NULL) {
        return null;
      }
      String n = p.name(attribute);
      return "attribute_exists(" + n + ") AND NOT attribute_type(" + n + ", "
          + p.value(AttributeValue.fromS("NULL")) + ")";
    }
    DataType t = field.dataType();
    if (f instanceof StringStartsWith) {
      if (!(t instanceof StringType)) {
        return null;
      }
      return "begins_with(" + p.name(attribute) + ", " + p.value(AttributeValue.fromS(((StringStartsWith) f).value()))
          + ")";
    }
    if (f instanceof In) {
      Object[] values = ((In) f).values();
      List<String> ps = new ArrayList<>();
      for (Object o : values) {
        if (o == null) {
          continue;
        }
        AttributeValue v = comparable(field, o, true);
        if (v == null) {
          return null;
        }
        ps.add(p.value(v));
      }
      if (ps.isEmpty() || ps.size() > MAX_IN_VALUES) {
        return null;
      }
      return p.name(attribute) + " IN (" + String.join(", ", ps) + ")";
    }
    Object value = value(f);
    if (value == null) {
      return null;
    }
    AttributeValue v = comparable(field, value, f instanceof EqualTo);
    if (v == null) {
      return null;
    }
    return p.name(attribute) + " " + operator(f) + " " + p.value(v);
  }

  private StructField field(String attribute) {
    if (attribute == null || attribute.isEmpty() || attribute.indexOf('.') >= 0 || attribute.indexOf('`') >= 0) {
      return null;
    }
    for (StructField f : schema.fields()) {
      if (f.name().equals(attribute)) {
        return f;
      }
    }
    return null;
  }

  /** Not JSON (mixed types) nor number text (Spark compares it as text, DynamoDB as numbers). */
  private static boolean pushable(StructField f) {
    return !SparkTypes.isJson(f) && !SparkTypes.isNumberText(f) && ExpressionPlaceholders.safeName(f.name());
  }

  /**
   * The literal as a value that compares in DynamoDB as it does in Spark, or null: strings, integral and
   * decimal numbers for every comparison; booleans and binaries for equality only.
   */
  private static AttributeValue comparable(StructField field, Object value, boolean equality) {
    DataType t = field.dataType();
    if (t instanceof BooleanType || t instanceof BinaryType) {
      return equality ? literal(field, value) : null;
    }
    return literal(field, value);
  }

  /** A Spark literal of a string/integral/decimal/boolean/binary column as a DynamoDB value, or null. */
  static AttributeValue literal(StructField field, Object value) {
    DataType t = field.dataType();
    if (t instanceof StringType && value instanceof String) {
      return AttributeValue.fromS((String) value);
    }
    if ((t instanceof LongType || t instanceof IntegerType || t instanceof ShortType || t instanceof ByteType)
        && (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte)) {
      return AttributeValue.fromN(value.toString());
    }
    if (t instanceof DecimalType) {
      BigDecimal bd = null;
      if (value instanceof BigDecimal) {
        bd = (BigDecimal) value;
      } else if (value instanceof scala.math.BigDecimal) {
        bd = ((scala.math.BigDecimal) value).bigDecimal();
      } else if (value instanceof Long || value instanceof Integer) {
        bd = BigDecimal.valueOf(((Number) value).longValue());
      }
      return bd == null ? null : AttributeValue.fromN(DynamoNumbers.format(bd));
    }
    if (t instanceof BooleanType && value instanceof Boolean) {
      return AttributeValue.fromBool((Boolean) value);
    }
    if (t instanceof BinaryType && value instanceof byte[]) {
      return AttributeValue.fromB(SdkBytes.fromByteArray((byte[]) value));
    }
    return null;
  }
}
