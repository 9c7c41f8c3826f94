package io.ddbconnector.yarn;

import io.ddbconnector.hadoop.DynamoDBItemWritable;
import io.ddbconnector.mapred.DynamoDBInputFormat;
import io.ddbconnector.mapred.DynamoDBOutputFormat;
import io.ddbconnector.throughput.ConnectorMetrics;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapred.Counters;
import org.apache.hadoop.mapred.JobClient;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.mapred.RunningJob;
import org.apache.hadoop.mapred.TaskReport;
import org.apache.hadoop.mapred.lib.IdentityMapper;
import org.apache.hadoop.mapred.lib.NullOutputFormat;
import org.apache.hadoop.mapreduce.v2.MiniMRYarnCluster;

/**
 * Not a test: the mini YARN rows of the rate benchmark ({@code benchmarks/run.sh rate}), run in a child JVM
 * on this module's test classpath (the unshaded {@code hadoop-minicluster} cannot share the benchmark's
 * Spark classpath). The benchmark owns the backend, the throttling proxy and the tables; this program starts
 * a two-NodeManager mini YARN cluster (the settings of {@link MiniYarnClusterIT}, /work/shared/stack.md)
 * and runs, through the proxy, a read job and a copy job with more maps than the cluster has containers,
 * no concurrency configured. The benchmark measures both from its proxy.
 *
 * <p>Arguments, {@code key=value}: {@code endpoint}, {@code region}, {@code maps}, {@code readTable},
 * {@code readCoordination}, {@code readPercent}, and optionally {@code copySource}, {@code copyTarget},
 * {@code copyCoordination}, {@code writePercent}. Prints one {@code RESULT <job> ...} line per job with the
 * job's wall time and its map tasks' first start to last finish (from the task reports).
 */
public final class YarnRateHarness {

  private YarnRateHarness() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> a = new LinkedHashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException("expected key=value, got " + arg);
      }
      a.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
    long started = System.nanoTime();
    MiniMRYarnCluster cluster = new MiniMRYarnCluster("ddb-rate-bench", 2);
    cluster.init(clusterConf());
    cluster.start();
    System.out.printf(Locale.ROOT, "yarn-harness: mini YARN cluster started in %.1f s%n",
        (System.nanoTime() - started) / 1e9);
    try {
      int maps = Integer.parseInt(a.get("maps"));
      JobConf read = jobConf(cluster, a, "bench-yarn-read", a.get("readCoordination"));
      read.set("dynamodb.input.tableName", a.get("readTable"));
      read.set("dynamodb.scan.segments", Integer.toString(maps));
      read.set("dynamodb.throughput.read.percent", a.get("readPercent"));
      read.setOutputFormat(NullOutputFormat.class);
      run(read, "read", ConnectorMetrics.Counter.ITEMS_READ);

      if (a.containsKey("copySource")) {
        JobConf copy = jobConf(cluster, a, "bench-yarn-copy", a.get("copyCoordination"));
        copy.set("dynamodb.input.tableName", a.get("copySource"));
        copy.set("dynamodb.output.tableName", a.get("copyTarget"));
        copy.set("dynamodb.scan.segments", Integer.toString(maps));
        copy.set("dynamodb.throughput.write.percent", a.get("writePercent"));
        copy.setOutputFormat(DynamoDBOutputFormat.class);
        run(copy, "copy", ConnectorMetrics.Counter.ITEMS_WRITTEN);
      }
    } finally {
      long stopping = System.nanoTime();
      cluster.stop();
      System.out.printf(Locale.ROOT, "yarn-harness: stopped in %.1f s%n", (System.nanoTime() - stopping) / 1e9);
    }
    System.exit(0);
  }

  /** The cluster settings verified on these machines (as in {@link MiniYarnClusterIT}). */
  private static Configuration clusterConf() {
    Configuration conf = new Configuration();
    conf.set("mapreduce.framework.name", "yarn");
    conf.setBoolean("yarn.nodemanager.vmem-check-enabled", false);
    conf.setBoolean("yarn.nodemanager.pmem-check-enabled", false);
    conf.setInt("yarn.nodemanager.resource.memory-mb", 2048);
    conf.setInt("yarn.nodemanager.resource.cpu-vcores", 4);
    conf.setInt("yarn.scheduler.minimum-allocation-mb", 128);
    conf.setInt("yarn.scheduler.maximum-allocation-mb", 2048);
    conf.setFloat("yarn.nodemanager.disk-health-checker.max-disk-utilization-per-disk-percentage", 99f);
    conf.setInt("yarn.app.mapreduce.am.resource.mb", 512);
    conf.set("yarn.app.mapreduce.am.command-opts", "-Xmx320m");
    conf.setInt("mapreduce.map.memory.mb", 384);
    conf.setInt("mapreduce.reduce.memory.mb", 384);
    conf.set("mapreduce.map.java.opts", "-Xmx256m");
    conf.set("mapreduce.reduce.java.opts", "-Xmx256m");
    conf.setBoolean("mapreduce.job.ubertask.enable", false);
    conf.setLong("yarn.nodemanager.process-kill-wait.ms", 500);
    conf.setLong("yarn.nodemanager.sleep-delay-before-sigkill.ms", 100);
    return conf;
  }

  private static JobConf jobConf(MiniMRYarnCluster cluster, Map<String, String> a, String name, String coordination) {
    JobConf conf = new JobConf(cluster.getConfig());
    conf.setJobName(name);
    conf.setJarByClass(YarnRateHarness.class);
    conf.set("dynamodb.endpoint", a.get("endpoint"));
    conf.set("dynamodb.region", a.get("region"));
    conf.set("dynamodb.awsAccessKeyId", "dummy");
    conf.set("dynamodb.awsSecretAccessKey", "dummy");
    conf.set("dynamodb.throughput.coordination.tableName", coordination);
    conf.setInt("mapreduce.map.maxattempts", 1);
    conf.setBoolean("mapreduce.map.speculative", false);
    conf.setInt("mapreduce.client.progressmonitor.pollinterval", 200);
    conf.setInputFormat(DynamoDBInputFormat.class);
    conf.setMapperClass(IdentityMapper.class);
    conf.setNumReduceTasks(0);
    conf.setOutputKeyClass(Text.class);
    conf.setOutputValueClass(DynamoDBItemWritable.class);
    return conf;
  }

  private static void run(JobConf conf, String label, ConnectorMetrics.Counter items) throws Exception {
    long start = System.nanoTime();
    JobClient client = new JobClient(conf);
    RunningJob job = client.submitJob(conf);
    job.waitForCompletion();
    double wall = (System.nanoTime() - start) / 1e9;
    if (!job.isSuccessful()) {
      throw new IllegalStateException("job " + conf.getJobName() + " failed: " + job.getFailureInfo());
    }
    long first = Long.MAX_VALUE;
    long last = 0;
    int tasks = 0;
    for (TaskReport r : client.getMapTaskReports(job.getID())) {
      first = Math.min(first, r.getStartTime());
      last = Math.max(last, r.getFinishTime());
      tasks++;
    }
    Counters c = job.getCounters();
    System.out.printf(Locale.ROOT, "RESULT %s seconds=%.1f maps=%d taskWindow=%.1f items=%d"
        + " coordinationRequests=%d coordinationUnits=%.1f%n", label, wall, tasks,
        tasks == 0 ? 0 : (last - first) / 1e3, c.getCounter(items),
        c.getCounter(ConnectorMetrics.Counter.COORDINATION_REQUESTS),
        c.getCounter(ConnectorMetrics.Counter.COORDINATION_UNITS_MILLI) / 1e3);
    client.close();
  }
}
