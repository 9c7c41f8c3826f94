package io.ddbconnector.hive;

import io.ddbconnector.conf.ConfigKey;
import io.ddbconnector.conf.ConnectorOptions;
import io.ddbconnector.conf.Secrets;
import io.ddbconnector.conf.Settings;
import io.ddbconnector.hadoop.HadoopSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 *
 * <p>The Hive-only properties are defined, with their documentation, in the connector's key registry
 * ({@link ConnectorOptions}, scope {@code HIVE}), so a misspelt one is caught like any other key. Secrets are
 * refused as table properties ({@link DynamoDBMetaHook}); a table that holds them from before still works,
 * with a warning ({@link #secretProperties}).
 */
public final class HiveTableProperties {

  private static final Logger LOG = LoggerFactory.getLogger(HiveTableProperties.class);

  /** The DynamoDB table behind the Hive table. Required. */
  public static final String TABLE_NAME = ConnectorOptions.HIVE_TABLE_NAME.name();
  /** {@code hiveColumn:attribute,...}; unlisted columns map to the attribute of the same name. */
  public static final String COLUMN_MAPPING = ConnectorOptions.HIVE_COLUMN_MAPPING.name();
  /** {@code hiveColumn:TYPE,...}: the DynamoDB type a column is written as (e.g. {@code tags:SS}). */
  public static final String TYPE_MAPPING = ConnectorOptions.HIVE_TYPE_MAPPING.name();
  /** {@code true}: a NULL column is written as the NULL type; default: the attribute is omitted. */
  public static final String NULL_SERIALIZATION = ConnectorOptions.HIVE_NULL_SERIALIZATION.name();
  /** {@code false} turns predicate pushdown (Query, index choice, FilterExpression) off. Default true. */
  public static final String FILTER_PUSHDOWN = ConnectorOptions.HIVE_FILTER_PUSHDOWN.name();

  /** Where the Hive-only properties travel in a job's configuration. */
  public static final String JOB_PREFIX = "ddb.hive.";
  /** Hive's column names and types, copied per table into the job (see the class comment). */
  static final String JOB_COLUMNS = JOB_PREFIX + "columns";
  static final String JOB_COLUMN_TYPES = JOB_PREFIX + "columns.types";

  /** Hive-only properties: never passed to the core. */
  public static final Set<String> HIVE_ONLY = ConnectorOptions.hiveKeys().stream().map(ConfigKey::name)
      .collect(Collectors.toUnmodifiableSet());

  /** The Hive tables whose secret table properties were warned about, in this JVM. */
  private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

  private HiveTableProperties() {}

  /** The names of the table's {@code dynamodb.*} properties that hold a secret ({@link Secrets#isSecret}). */
  public static List<String> secretProperties(Properties tableProperties) {
    List<String> out = new ArrayList<>();
    for (String k : new java.util.TreeSet<>(tableProperties.stringPropertyNames())) {
      String v = tableProperties.getProperty(k);
      if (k.startsWith(ConnectorOptions.PREFIX) && v != null && !v.isBlank() && Secrets.isSecret(k)) {
        out.add(k);
      }
    }
    return out;
  }

  /**
   * Warns once per table and JVM when a table keeps secrets in its properties (created before they were
   * refused): they work, but the metastore holds them in clear text and {@code DESCRIBE} shows them.
   */
  static void warnAboutSecrets(Properties tableProperties, String hiveTable) {
    List<String> secrets = secretProperties(tableProperties);
    if (!secrets.isEmpty() && WARNED.add(hiveTable)) {
      String quoted = secrets.stream().map(k -> "'" + k + "'").collect(Collectors.joining(", "));
      LOG.warn("Hive table '" + hiveTable + "' keeps " + quoted + " in its table properties: the metastore"
          + " holds the value in clear text and DESCRIBE shows it. It still works. Move it to a Hadoop"
          + " credential provider ('hadoop.security.credential.provider.path') or the session (SET), then run"
          + " ALTER TABLE " + hiveTable + " UNSET TBLPROPERTIES (" + quoted + ").");
    }
  }

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
    warnAboutSecrets(tableProperties, hiveTable);
    Map<String, String> out = coreJobProperties(tableProperties, session);
    out.put(ConnectorOptions.INPUT_TABLE_NAME.name(), tableName(tableProperties, hiveTable));
    copyHiveOnly(tableProperties, out);
    return out;
  }

  /** Job properties of a write to the table: every core key and the table to write. */
  public static Map<String, String> outputJobProperties(Properties tableProperties, String hiveTable,
      Configuration session) {
    warnAboutSecrets(tableProperties, hiveTable);
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
    for (ConfigKey<?> k : ConnectorOptions.coreKeys()) {
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
   * table properties Hive also copies there, with the credentials read through Hadoop's credential
   * providers ({@link HadoopSettings#from}).
   */
  public static Settings settings(Configuration conf) {
    Map<String, String> raw = new TreeMap<>(HadoopSettings.from(conf).raw());
    raw.keySet().removeAll(HIVE_ONLY);
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
