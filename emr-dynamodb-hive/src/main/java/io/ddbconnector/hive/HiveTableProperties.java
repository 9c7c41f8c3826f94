package io.ddbconnector.hive;

import io.ddbconnector.conf.ConfigKey;
import io.ddbconnector.conf.ConnectorOptions;
import io.ddbconnector.conf.Settings;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;

/**
 * The table properties a Hive user writes in {@code TBLPROPERTIES}, and how they become the core's
 * {@code dynamodb.*} settings. Precedence (stated once): table properties over the session's
 * {@code SET dynamodb.*} values over the keys' defaults.
 *
 * <p>Each table's job properties resolve <em>every</em> core key (table property, else session value,
 * else empty, which the core reads as unset) and carry the Hive-only properties (table name, mappings,
 * switches) under {@link #JOB_PREFIX}. Hive copies a table's job properties into a task's configuration
 * unconditionally, but its plain table properties only when the configuration lacks them, and one job may
 * read several tables: so nothing of one table (its region, its column mapping) leaks into another's read.
 */
public final class HiveTableProperties {

  /** The DynamoDB table behind the Hive table. Required. */
  public static final String TABLE_NAME = "dynamodb.table.name";
  /** {@code hiveColumn:attribute,...}; unlisted columns map to the attribute of the same name. */
  public static final String COLUMN_MAPPING = "dynamodb.column.mapping";
  /** {@code hiveColumn:TYPE,...}: the DynamoDB type a column is written as (e.g. {@code tags:SS}). */
  public static final String TYPE_MAPPING = "dynamodb.type.mapping";
  /** {@code true}: a NULL column is written as the NULL type; default: the attribute is omitted. */
  public static final String NULL_SERIALIZATION = "dynamodb.null.serialization";
  /** {@code false} turns predicate pushdown (Query, index choice, FilterExpression) off. Default true. */
  public static final String FILTER_PUSHDOWN = "dynamodb.filter.pushdown";

  /** Where the Hive-only properties travel in a job's configuration. */
  public static final String JOB_PREFIX = "ddb.hive.";
  /** Hive's column names and types, copied per table into the job (see the class comment). */
  static final String JOB_COLUMNS = JOB_PREFIX + "columns";
  static final String JOB_COLUMN_TYPES = JOB_PREFIX + "columns.types";

  /** Hive-only properties: never passed to the core, which would warn about unknown keys. */
  public static final Set<String> HIVE_ONLY = Set.of(TABLE_NAME, COLUMN_MAPPING, TYPE_MAPPING,
      NULL_SERIALIZATION, FILTER_PUSHDOWN);

  private HiveTableProperties() {}

  /** The table properties that are core connector keys (endpoint, region, throughput, credentials...). */
  public static Map<String, String> coreKeys(Properties tableProperties) {
    Map<String, String> out = new TreeMap<>();
    for (String k : tableProperties.stringPropertyNames()) {
      if (k.startsWith(ConnectorOptions.PREFIX) && !HIVE_ONLY.contains(k)
          && !k.equals(ConnectorOptions.INPUT_TABLE_NAME.name())
          && !k.equals(ConnectorOptions.OUTPUT_TABLE_NAME.name())) {
        out.put(k, tableProperties.getProperty(k));
      }
    }
    return out;
  }

  /** The DynamoDB table name, or an error naming the property. */
  public static String tableName(Properties tableProperties, String hiveTable) {
    String t = tableProperties.getProperty(TABLE_NAME);
    if (t == null || t.trim().isEmpty()) {
      throw new IllegalArgumentException("Hive table '" + hiveTable + "' has no table property '" + TABLE_NAME
          + "': set TBLPROPERTIES (\"" + TABLE_NAME + "\" = \"<DynamoDB table>\").");
    }
    return t.trim();
  }

  /** Job properties of a read of the table: every core key, the table to read and the Hive-only copies. */
  public static Map<String, String> inputJobProperties(Properties tableProperties, String hiveTable,
      Configuration session) {
    Map<String, String> out = coreJobProperties(tableProperties, session);
    out.put(ConnectorOptions.INPUT_TABLE_NAME.name(), tableName(tableProperties, hiveTable));
    copyHiveOnly(tableProperties, out);
    return out;
  }

  /** Job properties of a write to the table: every core key and the table to write. */
  public static Map<String, String> outputJobProperties(Properties tableProperties, String hiveTable,
      Configuration session) {
    Map<String, String> out = coreJobProperties(tableProperties, session);
    out.put(ConnectorOptions.OUTPUT_TABLE_NAME.name(), tableName(tableProperties, hiveTable));
    copyHiveOnly(tableProperties, out);
    return out;
  }

  /**
   * Every core key, resolved for this table: its table property, else the session's value, else empty
   * (which the core reads as "unset"). Setting all of them, rather than only the table's, keeps one table's
   * settings (say its region) from leaking to another table read in the same job.
   */
  private static Map<String, String> coreJobProperties(Properties tableProperties, Configuration session) {
    Map<String, String> out = new LinkedHashMap<>();
    for (ConfigKey<?> k : ConnectorOptions.all()) {
      if (k == ConnectorOptions.INPUT_TABLE_NAME || k == ConnectorOptions.OUTPUT_TABLE_NAME) {
        continue;
      }
      String v = tableProperties.getProperty(k.name());
      if (v == null && session != null) {
        v = session.get(k.name());
      }
      out.put(k.name(), v == null ? "" : v);
    }
    out.putAll(coreKeys(tableProperties)); // unknown dynamodb.* keys too, so the core warns about typos
    return out;
  }

  /** Every key is set, empty when the table lacks it, so no value of another table's job survives. */
  private static void copyHiveOnly(Properties tableProperties, Map<String, String> out) {
    for (String k : HIVE_ONLY) {
      out.put(JOB_PREFIX + k, tableProperties.getProperty(k, ""));
    }
    out.put(JOB_COLUMNS, tableProperties.getProperty("columns", ""));
    out.put(JOB_COLUMN_TYPES, tableProperties.getProperty("columns.types", ""));
  }

  /**
   * The core settings of a job's configuration: its {@code dynamodb.*} entries without the Hive-only
   * table properties Hive also copies there.
   */
  public static Settings settings(Configuration conf) {
    Map<String, String> raw = new TreeMap<>();
    for (Map.Entry<String, String> e : conf) {
      String k = e.getKey();
      if (k.startsWith(ConnectorOptions.PREFIX) && !HIVE_ONLY.contains(k)) {
        raw.put(k, conf.get(k));
      }
    }
    return Settings.of(raw);
  }

  /**
   * The Hive-only properties of the table a job reads, from the per-table job copies (falling back to
   * plain table properties Hive may have copied).
   */
  public static Properties hiveProperties(Configuration conf) {
    Properties p = new Properties();
    for (String k : HIVE_ONLY) {
      put(p, k, conf.get(JOB_PREFIX + k, conf.get(k)));
    }
    put(p, "columns", conf.get(JOB_COLUMNS, conf.get("columns")));
    put(p, "columns.types", conf.get(JOB_COLUMN_TYPES, conf.get("columns.types")));
    return p;
  }

  private static void put(Properties p, String key, String value) {
    if (value != null && !value.isEmpty()) {
      p.setProperty(key, value);
    }
  }

  static boolean flag(Properties p, String key, boolean dflt) {
    String v = p.getProperty(key);
    if (v == null || v.trim().isEmpty()) {
      return dflt;
    }
    String l = v.trim().toLowerCase(Locale.ROOT);
    if (l.equals("true") || l.equals("false")) {
      return Boolean.parseBoolean(l);
    }
    throw new IllegalArgumentException("Invalid value '" + v + "' for table property '" + key
        + "': expected true or false.");
  }
}
