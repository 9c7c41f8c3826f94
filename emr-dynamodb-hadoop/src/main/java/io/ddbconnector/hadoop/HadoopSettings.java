package io.ddbconnector.hadoop;

import io.ddbconnector.conf.ConfigKey;
import io.ddbconnector.conf.ConnectorOptions;
import io.ddbconnector.conf.Secrets;
import io.ddbconnector.conf.Settings;
import io.ddbconnector.exceptions.DynamoDBConnectorException;
import java.io.IOException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CommonConfigurationKeysPublic;
import org.apache.hadoop.mapreduce.MRJobConfig;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.TaskType;
import org.apache.hadoop.security.alias.CredentialProvider;
import org.apache.hadoop.security.alias.CredentialProviderFactory;
import org.apache.hadoop.util.StringUtils;

/**
 * Reads the connector's {@code dynamodb.*} entries of a Hadoop configuration into {@link Settings}, with the
 * credentials resolved through Hadoop's credential providers, and marks the connector's secrets sensitive in
 * a job's configuration.
 */
public final class HadoopSettings {

  /** Hadoop's switch for reading a credential from the configuration when no provider holds it. */
  static final String CLEAR_TEXT_FALLBACK = "hadoop.security.credential.clear-text-fallback";

  private HadoopSettings() {}

  /**
   * The {@code dynamodb.*} settings of {@code conf}; the credentials (access key id, secret key, session
   * token) come from the credential providers of {@code hadoop.security.credential.provider.path} when one
   * holds them ({@link #withCredentialProviders}).
   */
  public static Settings from(Configuration conf) {
    Map<String, String> raw = new TreeMap<>();
    for (Map.Entry<String, String> e : conf) {
      if (e.getKey().startsWith(ConnectorOptions.PREFIX)) {
        raw.put(e.getKey(), conf.get(e.getKey()));
      } else if (ConnectorOptions.reportedReferenceKeys().containsKey(e.getKey())
          && !e.getValue().trim().isEmpty()) {
        // the EMR connector's other keys (the S3 file system's credentials): only their presence, to report them
        raw.put(e.getKey(), "(set)");
      }
    }
    return Settings.of(withCredentialProviders(conf, raw));
  }

  /**
   * {@code raw} with its credentials taken from Hadoop's credential providers (Hadoop's
   * {@code Configuration.getPassword} rules): when {@code hadoop.security.credential.provider.path} lists
   * providers (e.g. {@code jceks://hdfs@nn/user/me/ddb.jceks}, made with {@code hadoop credential create
   * dynamodb.awsSecretAccessKey -provider ...}), a provider's entry named like the key wins over the value in
   * {@code raw}; a key no provider holds keeps its value in {@code raw}, unless
   * {@code hadoop.security.credential.clear-text-fallback=false}. Only the providers' path travels in the
   * job's configuration, so the secrets stay out of {@code job.xml} and the job history.
   */
  public static Map<String, String> withCredentialProviders(Configuration conf, Map<String, String> raw) {
    String path = conf.getTrimmed(CredentialProviderFactory.CREDENTIAL_PROVIDER_PATH);
    if (path == null || path.isEmpty()) {
      return raw;
    }
    Map<String, String> out = new TreeMap<>(raw);
    boolean clearTextFallback = conf.getBoolean(CLEAR_TEXT_FALLBACK, true);
    try {
      List<CredentialProvider> providers = CredentialProviderFactory.getProviders(conf);
      for (ConfigKey<String> k : ConnectorOptions.credentialKeys()) {
        char[] v = lookUp(providers, k.name());
        if (v != null) {
          out.put(k.name(), new String(v));
        } else if (!clearTextFallback) {
          out.remove(k.name());
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("Cannot read the credentials from the credential providers of '"
          + CredentialProviderFactory.CREDENTIAL_PROVIDER_PATH + "' (" + path + "): " + e.getMessage(), e);
    }
    return out;
  }

  private static char[] lookUp(List<CredentialProvider> providers, String alias) throws IOException {
    for (CredentialProvider p : providers) {
      CredentialProvider.CredentialEntry e = p.getCredentialEntry(alias);
      if (e != null && e.getCredential() != null && e.getCredential().length > 0) {
        return e.getCredential();
      }
    }
    return null;
  }

  /**
   * Marks the connector's secret keys sensitive in the configuration of a job being set up, so that Hadoop
   * redacts them where it redacts anything: appends a pattern per secret key to
   * {@code hadoop.security.sensitive-config-keys} (keeping the patterns there, Hadoop's defaults when unset,
   * which match none of these names; read by Hadoop's {@code ConfigRedactor}), and the secret keys present to
   * {@code mapreduce.job.redacted-properties} (the MapReduce application master writes the job configuration
   * for the history server, and shows it in its web UI, with these values replaced). The secret keys are the
   * registry's and any {@code dynamodb.*} key that looks like one ({@link Secrets#isSecret}).
   *
   * <p>Neither changes the {@code job.xml} a job is submitted with: its tasks read their settings from it, so
   * a secret set in the configuration is there in clear. A credential provider
   * ({@link #withCredentialProviders}) or the SDK's default chain keeps secrets out of it.
   */
  public static void markSecretsSensitive(Configuration conf) {
    Set<String> secret = new TreeSet<>(ConnectorOptions.secretNames());
    Set<String> present = new TreeSet<>();
    for (Map.Entry<String, String> e : conf) {
      String k = e.getKey();
      if (k.startsWith(ConnectorOptions.PREFIX) && Secrets.isSecret(k)) {
        secret.add(k);
        present.add(k);
      }
    }
    String sensitive = CommonConfigurationKeysPublic.HADOOP_SECURITY_SENSITIVE_CONFIG_KEYS;
    Set<String> patterns = new LinkedHashSet<>(List.of(StringUtils.getTrimmedStrings(conf.get(sensitive,
        CommonConfigurationKeysPublic.HADOOP_SECURITY_SENSITIVE_CONFIG_KEYS_DEFAULT))));
    boolean added = false;
    for (String k : secret) {
      added |= patterns.add("^" + k.replaceAll("([^A-Za-z0-9_])", "\\\\$1") + "$");
    }
    if (added) {
      conf.set(sensitive, String.join(",", patterns));
    }
    Set<String> redacted = new LinkedHashSet<>(conf.getTrimmedStringCollection(MRJobConfig.MR_JOB_REDACTED_PROPERTIES));
    if (redacted.addAll(present)) {
      conf.set(MRJobConfig.MR_JOB_REDACTED_PROPERTIES, String.join(",", redacted));
    }
  }

  /**
   * The identity under which this job's writing tasks share the write budget:
   * {@code dynamodb.throughput.coordination.group} when set (the output format stamps one when the job is
   * submitted), otherwise Hive's query id ({@code hive.query.id}: Hive on MapReduce and Tez), otherwise the
   * engine's job id (MapReduce, Spark's
   * {@code saveAsHadoopDataset} all give every task of one job the same one); null when neither is known.
   */
  public static String jobGroup(Configuration conf) {
    String g = conf.get(ConnectorOptions.COORDINATION_GROUP.name());
    if (g != null && !g.trim().isEmpty()) {
      return g.trim();
    }
    // Hive gives every task of a query its id, on MapReduce and on Tez alike
    String hiveQuery = conf.get("hive.query.id");
    if (hiveQuery != null && !hiveQuery.isEmpty()) {
      return "hive-" + hiveQuery;
    }
    for (String k : new String[] {"mapreduce.job.id", "mapred.job.id"}) {
      String v = conf.get(k);
      if (v != null && !v.isEmpty()) {
        return "job-" + v;
      }
    }
    for (String k : new String[] {"mapreduce.task.attempt.id", "mapred.task.id"}) {
      String v = conf.get(k);
      if (v != null && !v.isEmpty()) {
        try {
          return "job-" + org.apache.hadoop.mapreduce.TaskAttemptID.forName(v).getJobID();
        } catch (IllegalArgumentException e) {
          // not a Hadoop attempt id
        }
      }
    }
    return null;
  }

  /**
   * Stamps a new job identity into a job's configuration when it is set up on the client, unless one is
   * there (a user's, or from an earlier job that reused this configuration object).
   */
  public static void stampJobGroup(Configuration conf) {
    String g = conf.get(ConnectorOptions.COORDINATION_GROUP.name());
    if (g == null || g.trim().isEmpty()) {
      conf.set(ConnectorOptions.COORDINATION_GROUP.name(), "submit-" + java.util.UUID.randomUUID());
    }
  }

  /** How many tasks of this job write at once: reducers, or maps of a map-only job. */
  public static int writingTasks(Configuration conf) {
    int reduces = conf.getInt("mapreduce.job.reduces", 1);
    int tasks = reduces > 0 ? reduces : conf.getInt("mapreduce.job.maps", 1);
    if ("local".equals(conf.get("mapreduce.framework.name", "local"))) {
      int slots = reduces > 0 ? conf.getInt("mapreduce.local.reduce.tasks.maximum", 1)
          : conf.getInt("mapreduce.local.map.tasks.maximum", 1);
      tasks = Math.min(tasks, slots);
    }
    return Math.max(1, tasks);
  }

  /** MapReduce's default of {@code mapreduce.map.maxattempts}, {@code mapreduce.reduce.maxattempts}, Tez's too. */
  static final int DEFAULT_MAX_ATTEMPTS = 4;

  /** The start of the job tracker part of the attempt ids Spark makes (HadoopRDD, SparkHadoopWriter). */
  private static final DateTimeFormatter SPARK_JOB_TRACKER_TIME =
      DateTimeFormatter.ofPattern("uuuuMMddHHmmss").withResolverStyle(ResolverStyle.STRICT);

  /** Whether an engine says it is killing the task running on this thread ({@link EngineAttempts}). */
  public static boolean currentTaskKilled() {
    for (EngineAttempts engine : Engines.LOADED) {
      try {
        if (engine.currentTaskKilled()) {
          return true;
        }
      } catch (LinkageError e) {
        // the engine's module is here but the engine is not
      }
    }
    return false;
  }

  /**
   * The note a failed task adds to its {@link DynamoDBConnectorException}
   * ({@link DynamoDBConnectorException#withEngineAttempts}) so that the user reads which attempt failed and
   * how many more the engine makes; null when {@code conf} belongs to no task attempt (e.g. on the client).
   *
   * <p>The first source that answers:
   * <ol>
   *   <li>an {@link EngineAttempts} an engine module registers: the Spark module's reads Spark's own
   *       TaskContext and SparkConf, so {@code hadoopRDD}, {@code newAPIHadoopRDD} and
   *       {@code saveAsHadoopDataset} get Spark's exact numbers;
   *   <li>the attempt id ({@code mapreduce.task.attempt.id}, or the old {@code mapred.task.id}): its 0-based
   *       number plus one, out of {@code mapreduce.map.maxattempts} for a map and
   *       {@code mapreduce.reduce.maxattempts} for a reduce (default 4); Hive on Tez
   *       ({@code hive.execution.engine=tez}, or {@code mapreduce.framework.name=yarn-tez}) retries up to
   *       {@code tez.am.task.max.failed.attempts} (default 4); the LocalJobRunner
   *       ({@code mapreduce.framework.name=local}) never retries, so there it is always 1 of 1.
   * </ol>
   *
   * <p>Spark without the Spark module on the class path (the Hadoop jar alone with {@code sc.hadoopRDD}):
   * the attempt id is one Spark made, recognised by its job tracker part, which is the time
   * ({@code yyyyMMddHHmmss}, then random digits for writers; YARN's is the 13-digit cluster start in
   * milliseconds, the LocalJobRunner's starts with "local"). Its attempt number is Spark's (writers put the
   * stage attempt in the bits above 16), but the limit is Spark's {@code spark.task.maxFailures} or its
   * master, which this configuration does not hold: {@code mapreduce.map.maxattempts} would be a wrong
   * count, and so would "local", the default {@code mapreduce.framework.name} Spark leaves in place
   * whatever the master. The note then gives the attempt and names Spark's setting without a count.
   * Spark's {@code newAPIHadoopRDD} sets no attempt id: no note there without the Spark module.
   */
  public static String engineAttempts(Configuration conf) {
    for (EngineAttempts engine : Engines.LOADED) {
      try {
        String note = engine.currentTaskNote();
        if (note != null) {
          return note;
        }
      } catch (LinkageError e) {
        // the engine's module is here but the engine is not: not its task
      }
    }
    TaskAttemptID id = attemptId(conf);
    if (id == null) {
      return null;
    }
    if (isSparkJobTracker(id.getJobID().getJtIdentifier())) {
      return "task attempt " + ((id.getId() & 0xFFFF) + 1) + ", run by Spark: spark.task.maxFailures"
          + " (default " + DEFAULT_MAX_ATTEMPTS + "; 1 under a local master unless it is local[N,F])"
          + " limits its attempts";
    }
    int attempt = id.getId() + 1;
    String framework = conf.get("mapreduce.framework.name", "local");
    if ("tez".equalsIgnoreCase(conf.get("hive.execution.engine", "")) || "yarn-tez".equals(framework)) {
      String key = "tez.am.task.max.failed.attempts";
      return DynamoDBConnectorException.engineAttempts(attempt, maxAttempts(conf, key), key);
    }
    if ("local".equals(framework)) {
      return DynamoDBConnectorException.engineAttempts(attempt, 1, "mapreduce.framework.name=local");
    }
    String key = id.getTaskType() == TaskType.REDUCE
        ? "mapreduce.reduce.maxattempts" : "mapreduce.map.maxattempts";
    return DynamoDBConnectorException.engineAttempts(attempt, maxAttempts(conf, key), key);
  }

  private static TaskAttemptID attemptId(Configuration conf) {
    for (String k : new String[] {"mapreduce.task.attempt.id", "mapred.task.id"}) {
      String v = conf.get(k);
      if (v != null && !v.isEmpty()) {
        try {
          return TaskAttemptID.forName(v.trim());
        } catch (IllegalArgumentException e) {
          // not a Hadoop attempt id: try the other key
        }
      }
    }
    return null;
  }

  private static int maxAttempts(Configuration conf, String key) {
    try {
      return Math.max(1, conf.getInt(key, DEFAULT_MAX_ATTEMPTS));
    } catch (NumberFormatException e) {
      return DEFAULT_MAX_ATTEMPTS;
    }
  }

  static boolean isSparkJobTracker(String jt) {
    if (jt == null || jt.length() < 14) {
      return false;
    }
    try {
      LocalDateTime.parse(jt.substring(0, 14), SPARK_JOB_TRACKER_TIME);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  /** The registered engines, loaded once. */
  private static final class Engines {
    static final List<EngineAttempts> LOADED = load();

    private static List<EngineAttempts> load() {
      List<EngineAttempts> out = new ArrayList<>();
      Iterator<EngineAttempts> it =
          ServiceLoader.load(EngineAttempts.class, HadoopSettings.class.getClassLoader()).iterator();
      for (int failures = 0; failures < 8; ) {
        try {
          if (!it.hasNext()) {
            break;
          }
          out.add(it.next());
        } catch (ServiceConfigurationError | LinkageError e) {
          failures++; // an engine module without its engine: skip it, the attempt id answers
        }
      }
      return List.copyOf(out);
    }
  }
}
