package io.ddbconnector.spark;

import io.ddbconnector.hadoop.EngineAttempts;
import io.ddbconnector.exceptions.DynamoDBConnectorException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;

/**
 * Which attempt of its Spark task a failing reader or writer was, and how many more Spark makes: the note
 * {@link DynamoDBConnectorException#withEngineAttempts} appends. The DataFrame source asks it directly; the
 * Hadoop formats under {@code hadoopRDD} / {@code saveAsHadoopDataset} find it as an {@link EngineAttempts}
 * service, since the Hadoop configuration Spark gives them does not hold Spark's limit.
 *
 * <p>Spark's rule ({@code SparkContext.createTaskScheduler}): a master of {@code local} or
 * {@code local[N]} / {@code local[*]} runs every task once; {@code local[N,F]} up to F times; every other
 * master (including {@code local-cluster[...]}) up to {@code spark.task.maxFailures} (default 4) times.
 */
public final class SparkTaskAttempts implements EngineAttempts {

  static final String MAX_FAILURES = "spark.task.maxFailures";
  static final int MAX_FAILURES_DEFAULT = 4;

  private static final Pattern LOCAL_N = Pattern.compile("local\\[([0-9]+|\\*)\\]");
  private static final Pattern LOCAL_N_FAILURES = Pattern.compile("local\\[([0-9]+|\\*)\\s*,\\s*([0-9]+)\\]");

  /** For {@link java.util.ServiceLoader}. */
  public SparkTaskAttempts() {}

  @Override
  public String currentTaskNote() {
    return note();
  }

  @Override
  public boolean currentTaskKilled() {
    TaskContext task = TaskContext.get();
    return task != null && task.isInterrupted();
  }

  /** The note for the Spark task running on this thread; null outside a task. */
  public static String note() {
    TaskContext task = TaskContext.get();
    if (task == null) {
      return null;
    }
    SparkEnv env = SparkEnv.get();
    SparkConf conf = env == null ? null : env.conf();
    Limit limit = limit(conf == null ? null : conf.get("spark.master", null),
        conf == null ? null : conf.get(MAX_FAILURES, null));
    return DynamoDBConnectorException.engineAttempts(task.attemptNumber() + 1, limit.maxAttempts, limit.key);
  }

  /** How many times Spark runs a task, and the setting that says so. */
  static final class Limit {
    final int maxAttempts;
    final String key;

    Limit(int maxAttempts, String key) {
      this.maxAttempts = maxAttempts;
      this.key = key;
    }

    @Override
    public String toString() {
      return maxAttempts + " (" + key + ")";
    }
  }

  /**
   * @param master {@code spark.master}, or null when unknown
   * @param maxFailures {@code spark.task.maxFailures} as set, or null
   */
  static Limit limit(String master, String maxFailures) {
    if (master != null) {
      String m = master.trim();
      if (m.equals("local") || LOCAL_N.matcher(m).matches()) {
        return new Limit(1, "spark.master=" + m);
      }
      Matcher f = LOCAL_N_FAILURES.matcher(m);
      if (f.matches()) {
        return new Limit(positive(f.group(2), 1), "spark.master=" + m);
      }
    }
    return new Limit(maxFailures == null ? MAX_FAILURES_DEFAULT : positive(maxFailures, MAX_FAILURES_DEFAULT),
        MAX_FAILURES);
  }

  private static int positive(String v, int otherwise) {
    try {
      return Math.max(1, Integer.parseInt(v.trim()));
    } catch (NumberFormatException e) {
      return otherwise; // Spark refuses to start with it; the note must not fail the task instead
    }
  }
}
