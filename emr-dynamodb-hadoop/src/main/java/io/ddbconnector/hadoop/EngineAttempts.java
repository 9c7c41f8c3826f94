package io.ddbconnector.hadoop;

/**
 * How an engine that runs the Hadoop formats in tasks of its own says how often it runs the current task.
 *
 * <p>Spark runs the {@code mapred} formats ({@code hadoopRDD}, {@code saveAsHadoopDataset}) and the
 * {@code mapreduce} ones ({@code newAPIHadoopRDD}); the Hadoop configuration it hands them cannot tell how
 * many attempts Spark will make ({@code spark.task.maxFailures} and the master are in the SparkConf), and
 * this module must not depend on Spark. So an engine module registers an implementation with
 * {@link java.util.ServiceLoader} ({@code META-INF/services/io.ddbconnector.hadoop.EngineAttempts}), and
 * {@link HadoopSettings#engineAttempts} asks it first.
 */
public interface EngineAttempts {

  /**
   * The note for a failure of the task running on this thread, as made by
   * {@link io.ddbconnector.exceptions.DynamoDBConnectorException#engineAttempts}; null when this engine runs
   * no task on this thread (the next source is then asked).
   */
  String currentTaskNote();

  /**
   * Whether the engine is killing the task running on this thread (another task failed the job, or the job
   * was cancelled): its writer then stops instead of flushing what it holds. False when unknown.
   */
  default boolean currentTaskKilled() {
    return false;
  }
}
