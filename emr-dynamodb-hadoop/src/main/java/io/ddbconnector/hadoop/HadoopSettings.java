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
