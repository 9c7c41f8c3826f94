package io.ddbconnector.spark.catalog;

import io.ddbconnector.conf.SparkOptions;
import io.ddbconnector.table.TableInfo;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The schemas pinned by catalog option {@code table.<name>.schema} (a Spark DDL string), by table name. A pin is
 * parsed and checked against the table's key attributes when the table is loaded: an error names the full
 * configuration key and the table.
 */
final class PinnedSchemas {

  private static final String PREFIX;
  private static final String SUFFIX;

  static {
    String n = SparkOptions.CATALOG_TABLE_SCHEMA.name();
    int at = n.indexOf(SparkOptions.CATALOG_TABLE_PLACEHOLDER);
    PREFIX = n.substring(0, at);
    SUFFIX = n.substring(at + SparkOptions.CATALOG_TABLE_PLACEHOLDER.length());
  }

  private final String catalog;
  private final Map<String, String> ddl;

  private PinnedSchemas(String catalog, Map<String, String> ddl) {
    this.catalog = catalog;
    this.ddl = Collections.unmodifiableMap(ddl);
  }

  /** The pins among {@code options} (the catalog's options, names as written). */
  static PinnedSchemas from(String catalog, Map<String, String> options) {
    Map<String, String> pins = new LinkedHashMap<>();
    options.forEach((k, v) -> tableOf(k).ifPresent(t -> pins.put(t, v)));
    return new PinnedSchemas(catalog, pins);
  }

  /**
   * The table an option pins the schema of: {@code table.<name>.schema} (prefix and suffix in any case; the name
   * as written, dots included).
   */
  static Optional<String> tableOf(String option) {
    String l = option.toLowerCase(Locale.ROOT);
    if (l.startsWith(PREFIX) && l.endsWith(SUFFIX) && option.length() > PREFIX.length() + SUFFIX.length()) {
      return Optional.of(option.substring(PREFIX.length(), option.length() - SUFFIX.length()));
    }
    return Optional.empty();
  }

  /** The full configuration key that pins {@code table}'s schema in this catalog. */
  String key(String table) {
    return "spark.sql.catalog." + catalog + "." + PREFIX + table + SUFFIX;
  }

  boolean has(String table) {
    return ddl.containsKey(table);
  }

  /**
   * The pinned schema of {@code table}, its key columns made NOT NULL.
   *
   * @throws IllegalArgumentException naming the key and the table when the DDL does not parse, or a key
   *     attribute has no column or a column of another type
   */
  StructType schema(TableInfo table) {
    String name = table.tableName();
    String text = ddl.get(name);
    StructType parsed;
    try {
      parsed = StructType.fromDDL(text);
    } catch (Exception e) { // Spark's ParseException is checked in Java's eyes
      throw new IllegalArgumentException(where(name) + " does not parse as a Spark DDL schema such as"
          + " 'id STRING, total DECIMAL(38,10)'. Schema given: " + text + ". Parser: " + e.getMessage(), e);
    }
    StructField[] fields = parsed.fields().clone();
    for (TableInfo.KeyAttribute k : table.keys()) {
      int i = indexOf(fields, k.name());
      if (i < 0) {
        Optional<StructField> near = java.util.Arrays.stream(fields)
            .filter(f -> f.name().equalsIgnoreCase(k.name())).findFirst();
        throw new IllegalArgumentException(where(name) + " has no column for the table's key attribute '" + k.name()
            + "' (" + k.type() + ")" + near.map(f -> "; column '" + f.name() + "' differs in case only, and"
                + " DynamoDB attribute names are case-sensitive").orElse("") + ". Schema given: " + text);
      }
      if (!fits(fields[i].dataType(), k.type())) {
        throw new IllegalArgumentException(where(name) + " gives the key attribute '" + k.name() + "' ("
            + k.type() + ") the type " + fields[i].dataType().simpleString() + "; expected " + expected(k.type())
            + ".");
      }
      fields[i] = new StructField(fields[i].name(), fields[i].dataType(), false, fields[i].metadata());
    }
    return new StructType(fields);
  }

  /** The words every error starts with: which key, which table. */
  String where(String table) {
    return "The schema pinned for DynamoDB table '" + table + "' by '" + key(table) + "'";
  }

  private static int indexOf(StructField[] fields, String name) {
    for (int i = 0; i < fields.length; i++) {
      if (fields[i].name().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  private static boolean fits(DataType t, String keyType) {
    switch (keyType) {
      case "S":
        return t instanceof StringType;
      case "B":
        return t instanceof BinaryType;
      case "N":
        return t instanceof LongType || t instanceof IntegerType || t instanceof ShortType || t instanceof ByteType
            || t instanceof DoubleType || t instanceof FloatType || t instanceof DecimalType;
      default:
        return true;
    }
  }

  private static String expected(String keyType) {
    switch (keyType) {
      case "S":
        return "STRING";
      case "B":
        return "BINARY";
      default:
        return "a number type (BIGINT, INT, SMALLINT, TINYINT, DOUBLE, FLOAT or DECIMAL)";
    }
  }
}
