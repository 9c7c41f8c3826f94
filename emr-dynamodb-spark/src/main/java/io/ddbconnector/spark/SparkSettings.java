package io.ddbconnector.spark;

import io.ddbconnector.conf.Suggestions;
import io.ddbconnector.conf.ConfigKey;
import io.ddbconnector.conf.ConnectorOptions;
import io.ddbconnector.conf.Settings;
import io.ddbconnector.conf.SparkOption;
import io.ddbconnector.conf.SparkOptions;
import io.ddbconnector.hadoop.HadoopSettings;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The one place where Spark options and Spark configuration become the connector's {@link Settings}.
 *
 * <p>Precedence, highest first: DataFrame / RDD options (short names such as {@code tableName} or full
 * {@code dynamodb.*} keys), then {@code spark.dynamodb.*} session configuration, then
 * {@code spark.hadoop.dynamodb.*}. Option names are case-insensitive (Spark SQL's {@code OPTIONS (...)} may
 * lower-case them). The job-wide budget is shared live among the tasks running at the moment (the core's
 * {@code dynamodb.throughput.coordination}); {@code dynamodb.throughput.concurrency} stays an override.
 *
 * <p>Option names come from the core registry ({@link SparkOptions}): short names for core keys, and a few
 * options that exist only in Spark ({@link #SPARK_ONLY}): schema sampling, the type-mismatch policy, the update
 * write mode and switches for pushdown. Unknown option names that look like a typo of a known
 * one are reported by {@link #warnings()}.
 */
public final class SparkSettings implements Serializable {
  private static final long serialVersionUID = 1L;

  // Option names and defaults come from the core registry (SparkOptions), which also generates their table in
  // docs/configuration.md; these constants are kept for callers.
  /** Items sampled to infer a schema when none is given. */
  public static final String SCHEMA_SAMPLE_SIZE = SparkOptions.SCHEMA_SAMPLE_SIZE.name();
  public static final int SCHEMA_SAMPLE_SIZE_DEFAULT = SparkOptions.SCHEMA_SAMPLE_SIZE_DEFAULT;
  /** What a value of another type than its column gets: {@code fail} (default) or {@code null}. */
  public static final String ON_TYPE_MISMATCH = SparkOptions.ON_TYPE_MISMATCH.name();
  /** Write mode: {@code put} (default), {@code delete} or {@code update} (UpdateItem of the given columns). */
  public static final String MODE = SparkOptions.MODE.name();
  /** Update mode: REMOVE attributes whose column is null (default false: nulls leave the attribute as is). */
  public static final String REMOVE_NULLS = SparkOptions.REMOVE_NULLS.name();
  /** {@code false} turns filter pushdown off (columns are still pruned). */
  public static final String PUSHDOWN = SparkOptions.PUSHDOWN.name();
  /** Most hash-key values of an {@code IN} turned into Queries; more, and the read scans. */
  public static final String MAX_KEY_QUERIES = SparkOptions.MAX_KEY_QUERIES.name();
  public static final int MAX_KEY_QUERIES_DEFAULT = SparkOptions.MAX_KEY_QUERIES_DEFAULT;
  private static final String PATH = SparkOptions.PATH.name();

  /** The registry's Spark-only options but {@code path}, which Spark itself passes (handled in {@link #from}). */
  static final List<String> SPARK_ONLY = SparkOptions.sparkOnly().stream().map(SparkOption::name)
      .filter(n -> !n.equals(PATH)).collect(Collectors.toUnmodifiableList());

  /** Option names (lower case) and the keys they set (a name may set several). */
  private static final Map<String, List<String>> SHORT_NAMES = new LinkedHashMap<>();
  /** Option names as documented, by lower case name, for suggestions. */
  private static final Map<String, String> DISPLAY_NAMES = new LinkedHashMap<>();

  static {
    for (SparkOption o : SparkOptions.aliases()) {
      List<String> keys = o.keys().stream().map(ConfigKey::name).collect(Collectors.toUnmodifiableList());
      for (String n : o.names()) {
        SHORT_NAMES.put(n.toLowerCase(Locale.ROOT), keys);
        DISPLAY_NAMES.put(n.toLowerCase(Locale.ROOT), n);
      }
    }
    // every core key is also accepted without its "dynamodb." prefix, e.g. throughput.read.percent
    for (ConfigKey<?> k : ConnectorOptions.coreKeys()) {
      String bare = k.name().substring(ConnectorOptions.PREFIX.length());
      SHORT_NAMES.putIfAbsent(bare.toLowerCase(Locale.ROOT), List.of(k.name()));
      DISPLAY_NAMES.putIfAbsent(bare.toLowerCase(Locale.ROOT), bare);
    }
  }

  /**
   * Every option name this class accepts besides the full {@code dynamodb.*} keys (lower case): the registry's
   * short names and Spark-only options, {@code path}, and the core keys without their prefix.
   */
  static Set<String> acceptedNames() {
    Set<String> all = new TreeSet<>(SHORT_NAMES.keySet());
    for (String s : SPARK_ONLY) {
      all.add(s.toLowerCase(Locale.ROOT));
    }
    all.add(PATH);
    return all;
  }

  /** How a value of another type than its column is read. */
  public enum MismatchPolicy { FAIL, NULL }

  private final Map<String, String> core;
  private final Map<String, String> sparkOnly;
  private final List<String> warnings;

  private SparkSettings(Map<String, String> core, Map<String, String> sparkOnly, List<String> warnings) {
    this.core = Collections.unmodifiableMap(new TreeMap<>(core));
    this.sparkOnly = Collections.unmodifiableMap(new TreeMap<>(sparkOnly));
    this.warnings = List.copyOf(warnings);
  }

  /**
   * Merges configuration and options.
   *
   * @param conf the Spark (session) configuration; only {@code spark.dynamodb.*} and
   *     {@code spark.hadoop.dynamodb.*} entries are read
   * @param options DataFrame or RDD options
   * @param defaultParallelism Spark's {@code defaultParallelism} (no longer the budget's divisor: the
   *     share is live; kept for callers)
   */
  public static SparkSettings from(Map<String, String> conf, Map<String, String> options, int defaultParallelism) {
    Map<String, String> core = new TreeMap<>();
    Map<String, String> sparkOnly = new TreeMap<>();
    List<String> warnings = new ArrayList<>();
    // lowest precedence first; later puts win
    for (String prefix : new String[] {"spark.hadoop.", "spark."}) {
      for (Map.Entry<String, String> e : new TreeMap<>(conf).entrySet()) {
        String k = e.getKey();
        if (k.startsWith(prefix + ConnectorOptions.PREFIX)) {
          put(k.substring(prefix.length()), e.getValue(), core, sparkOnly, warnings, true);
        }
      }
    }
    for (Map.Entry<String, String> e : new TreeMap<>(options).entrySet()) {
      put(e.getKey(), e.getValue(), core, sparkOnly, warnings, false);
    }
    // load("orders") / save("orders"): Spark passes the argument as the option "path"
    String path = options.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(PATH))
        .map(Map.Entry::getValue).findFirst().orElse(null);
    if (path != null && !path.isBlank()) {
      core.putIfAbsent(ConnectorOptions.INPUT_TABLE_NAME.name(), path.trim());
      core.putIfAbsent(ConnectorOptions.OUTPUT_TABLE_NAME.name(), path.trim());
    }
    String mode = core.get(ConnectorOptions.WRITE_MODE.name());
    if (mode != null && mode.trim().equalsIgnoreCase("update")) {
      core.remove(ConnectorOptions.WRITE_MODE.name());
      sparkOnly.put(MODE, "update");
    }
    SparkSettings s = new SparkSettings(core, sparkOnly, warnings);
    s.validate();
    return s;
  }

  /**
   * From the active session's configuration (which includes the SparkConf) and {@code options}; the
   * credentials come from the Hadoop credential providers of the session's Hadoop configuration
   * ({@code spark.hadoop.hadoop.security.credential.provider.path}) when one holds them, as in
   * {@link HadoopSettings#withCredentialProviders}.
   */
  public static SparkSettings from(SparkSession session, Map<String, String> options) {
    Map<String, String> conf = new TreeMap<>(CollectionConverters.asJava(session.conf().getAll()));
    SparkSettings s = from(conf, options, session.sparkContext().defaultParallelism());
    return new SparkSettings(HadoopSettings.withCredentialProviders(session.sparkContext().hadoopConfiguration(),
        s.core), s.sparkOnly, s.warnings);
  }

  private static void put(String name, String value, Map<String, String> core, Map<String, String> sparkOnly,
      List<String> warnings, boolean fromConf) {
    if (value == null) {
      return;
    }
    String lower = name.trim().toLowerCase(Locale.ROOT);
    if (lower.startsWith(ConnectorOptions.PREFIX)) {
      String bare = lower.substring(ConnectorOptions.PREFIX.length());
      Optional<ConfigKey<?>> key = findIgnoreCase(lower);
      if (key.isPresent()) {
        core.put(key.get().name(), value);
      } else if (sparkOnlyName(bare).isPresent()) {
        sparkOnly.put(sparkOnlyName(bare).get(), value);
      } else {
        core.put(name.trim(), value); // the core warns about unknown dynamodb.* keys with a suggestion
      }
      return;
    }
    Optional<String> spark = sparkOnlyName(lower);
    if (spark.isPresent()) {
      if (spark.get().equals(MODE)) {
        String m = value.trim().toLowerCase(Locale.ROOT);
        if (m.equals("update")) {
          sparkOnly.put(MODE, m);
          core.remove(ConnectorOptions.WRITE_MODE.name());
        } else {
          sparkOnly.remove(MODE);
          core.put(ConnectorOptions.WRITE_MODE.name(), m);
        }
      } else {
        sparkOnly.put(spark.get(), value);
      }
      return;
    }
    List<String> keys = SHORT_NAMES.get(lower);
    if (keys != null) {
      for (String k : keys) {
        core.put(k, value);
      }
      return;
    }
    if (!fromConf && !lower.equals(PATH)) {
      Optional<String> suggestion = suggest(lower);
      suggestion.ifPresent(s -> warnings.add("Unknown DynamoDB option '" + name + "' (ignored); did you mean '"
          + s + "'?"));
    }
  }

  private static Optional<ConfigKey<?>> findIgnoreCase(String lowerName) {
    for (ConfigKey<?> k : ConnectorOptions.all()) {
      if (k.name().toLowerCase(Locale.ROOT).equals(lowerName)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }

  private static Optional<String> sparkOnlyName(String lower) {
    for (String s : SPARK_ONLY) {
      if (s.toLowerCase(Locale.ROOT).equals(lower)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  /** The closest known option name within two edits, if any. */
  static Optional<String> suggest(String lower) {
    List<String> known = new ArrayList<>(SPARK_ONLY);
    for (String k : SHORT_NAMES.keySet()) {
      known.add(displayName(k));
    }
    return Suggestions.closest(lower, known, 2);
  }

  private static String displayName(String lowerShortName) {
    return DISPLAY_NAMES.getOrDefault(lowerShortName, lowerShortName);
  }

  private void validate() {
    schemaSampleSize();
    onTypeMismatch();
    numbersAsStrings();
    maxKeyQueries();
    bool(REMOVE_NULLS, false);
    bool(PUSHDOWN, true);
  }

  /** The connector settings ({@code dynamodb.*} keys), ready for the core. */
  public Settings core() {
    return Settings.of(core);
  }

  /** The {@code dynamodb.*} entries, e.g. to copy into a Hadoop JobConf or ship to executors. */
  public Map<String, String> coreMap() {
    return core;
  }

  public Map<String, String> sparkOnlyMap() {
    return sparkOnly;
  }

  /** Typo warnings for options, plus the core's warnings for unknown {@code dynamodb.*} keys. */
  public List<String> warnings() {
    List<String> all = new ArrayList<>(warnings);
    all.addAll(core().unknownKeyWarnings());
    return all;
  }

  /**
   * Fails when an option is a near miss of a known one (e.g. {@code readPrecent}) or a {@code dynamodb.*} key
   * is a near miss of a known key, unless {@code dynamodb.config.allowUnknownKeys=true} (option
   * {@code config.allowUnknownKeys}): the misspelt setting would be ignored. Returns the warnings to log.
   */
  public List<String> checkKeys() {
    if (!warnings.isEmpty() && !core().get(ConnectorOptions.ALLOW_UNKNOWN_KEYS)) {
      throw new IllegalArgumentException(String.join(" ", warnings) + " A misspelt option is ignored, so this"
          + " would run without the setting you meant. Correct the name, or set option '"
          + ConnectorOptions.ALLOW_UNKNOWN_KEYS.name() + "' to true to accept unknown options with a warning.");
    }
    List<String> all = new ArrayList<>(warnings);
    all.addAll(core().checkKeys());
    return all;
  }

  public String tableName() {
    return core.get(ConnectorOptions.INPUT_TABLE_NAME.name());
  }

  public String outputTableName() {
    return core.get(ConnectorOptions.OUTPUT_TABLE_NAME.name());
  }

  public int schemaSampleSize() {
    return positiveInt(SCHEMA_SAMPLE_SIZE, SCHEMA_SAMPLE_SIZE_DEFAULT);
  }

  public int maxKeyQueries() {
    return positiveInt(MAX_KEY_QUERIES, MAX_KEY_QUERIES_DEFAULT);
  }

  public MismatchPolicy onTypeMismatch() {
    String v = sparkOnly.get(ON_TYPE_MISMATCH);
    if (v == null || v.isBlank() || v.trim().equalsIgnoreCase("fail")) {
      return MismatchPolicy.FAIL;
    }
    if (v.trim().equalsIgnoreCase("null")) {
      return MismatchPolicy.NULL;
    }
    throw new IllegalArgumentException("Invalid value '" + v + "' for option '" + ON_TYPE_MISMATCH
        + "': expected fail or null.");
  }

  /** Number columns read as their exact text ({@code dynamodb.read.numbersAsStrings}). */
  public boolean numbersAsStrings() {
    return core().get(ConnectorOptions.NUMBERS_AS_STRINGS);
  }

  public boolean updateMode() {
    return "update".equals(sparkOnly.get(MODE));
  }

  public boolean removeNulls() {
    return bool(REMOVE_NULLS, false);
  }

  public boolean pushdown() {
    return bool(PUSHDOWN, true);
  }

  /** {@code dynamodb-streams}: {@code TRIM_HORIZON} or {@code LATEST}. */
  public String startingPosition() {
    String v = sparkOnly.get(SparkOptions.STARTING_POSITION.name());
    String p = v == null || v.isBlank() ? SparkOptions.STARTING_POSITION.defaultValue() : v.trim().toUpperCase(Locale.ROOT);
    if (!p.equals("TRIM_HORIZON") && !p.equals("LATEST")) {
      throw new IllegalArgumentException("Invalid value '" + v + "' for option '" + SparkOptions.STARTING_POSITION.name()
          + "': expected TRIM_HORIZON or LATEST.");
    }
    return p;
  }

  /** {@code dynamodb-streams}: most records a micro-batch takes. */
  public int maxRecordsPerTrigger() {
    return positiveInt(SparkOptions.MAX_RECORDS_PER_TRIGGER.name(),
        Integer.parseInt(SparkOptions.MAX_RECORDS_PER_TRIGGER.defaultValue()));
  }

  /** {@code dynamodb-streams}: fail when a checkpointed position was trimmed. */
  public boolean failOnDataLoss() {
    return bool(SparkOptions.FAIL_ON_DATA_LOSS.name(), true);
  }

  private boolean bool(String name, boolean dflt) {
    String v = sparkOnly.get(name);
    if (v == null || v.isBlank()) {
      return dflt;
    }
    String l = v.trim().toLowerCase(Locale.ROOT);
    if (!l.equals("true") && !l.equals("false")) {
      throw new IllegalArgumentException("Invalid value '" + v + "' for option '" + name + "': expected true or false.");
    }
    return Boolean.parseBoolean(l);
  }

  private int positiveInt(String name, int dflt) {
    String v = sparkOnly.get(name);
    if (v == null || v.isBlank()) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(v.trim());
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw new IllegalArgumentException("Invalid value '" + v + "' for option '" + name + "': expected an integer >= 1.");
  }

  /** Settings with secrets masked, safe to log. */
  @Override
  public String toString() {
    return "SparkSettings{" + core() + ", " + sparkOnly + "}";
  }
}
