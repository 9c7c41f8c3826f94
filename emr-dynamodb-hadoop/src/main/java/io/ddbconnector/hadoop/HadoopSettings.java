package io.ddbconnector.hadoop;

import io.ddbconnector.conf.ConnectorOptions;
import io.ddbconnector.conf.Settings;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;

/** Reads the connector's {@code dynamodb.*} entries of a Hadoop configuration into {@link Settings}. */
public final class HadoopSettings {

  private HadoopSettings() {}

  public static Settings from(Configuration conf) {
    Map<String, String> raw = new TreeMap<>();
    for (Map.Entry<String, String> e : conf) {
      if (e.getKey().startsWith(ConnectorOptions.PREFIX)) {
        raw.put(e.getKey(), conf.get(e.getKey()));
      }
    }
    return Settings.of(raw);
  }

  /**
   * The identity under which this job's writing tasks share the write budget:
   * {@code dynamodb.throughput.coordination.group} when set (the output format stamps one when the job is
   * submitted), otherwise the engine's job id (MapReduce, Hive on MapReduce, Spark's
   * {@code saveAsHadoopDataset} all give every task of one job the same one); null when neither is known.
   */
  public static String jobGroup(Configuration conf) {
    String g = conf.get(ConnectorOptions.COORDINATION_GROUP.name());
    if (g != null && !g.trim().isEmpty()) {
      return g.trim();
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
    if (conf.get(ConnectorOptions.COORDINATION_GROUP.name()) == null) {
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
}
