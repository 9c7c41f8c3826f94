package io.ddbconnector.bundletests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddbconnector.testkit.Backend;
import io.ddbconnector.testkit.DynamoDBBackendExtension;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * {@link io.ddbconnector.bundletests.child.SparkJob} submitted with {@code spark-submit --jars <Spark bundle>} to a
 * real standalone cluster on loopback: Spark's Master and one Worker in JVMs of their own, started from Spark's
 * Maven jars, the Worker's SPARK_HOME a {@code jars} folder of links to those same jars. The executors the Worker
 * starts (further JVMs) get the connector only from the bundle, which the driver serves them; the job's tables are
 * compared exactly as in {@link SparkBundleIT}.
 */
@ExtendWith(DynamoDBBackendExtension.class)
class SparkStandaloneIT {

  /** Write capacity of the hadoopRDD copy's target: 300 items at 1 WCU each take ~7 s at this rate. */
  static final int TARGET_WCU = 40;

  @Test
  void sparkSubmitWithJarsOnAStandaloneCluster(Backend backend) throws Exception {
    String source = backend.createTable("bundle_sa_src", "id", ScalarAttributeType.S);
    // the hadoopRDD copy's target has a small write capacity, enforced by a proxy that all the job's JVMs go
    // through: the job-wide rate is measured where the service would see it
    String rddTarget = backend.createTable("bundle_sa_rdd", "id", ScalarAttributeType.S, null, null, 1000,
        TARGET_WCU);
    String dfTarget = backend.createTable("bundle_sa_df", "id", ScalarAttributeType.S);
    List<Map<String, AttributeValue>> items = SparkBundleIT.sourceItems();
    backend.putAll(source, items);

    Path base = Paths.get("target", "bundle-tests", "standalone").toAbsolutePath();
    deleteRecursively(base);
    List<String> sparkJars = ChildJvm.engineClasspath("spark");
    Path sparkHome = base.resolve("spark-home");
    Files.createDirectories(sparkHome.resolve("jars"));
    Files.createDirectories(sparkHome.resolve("conf"));
    for (String jar : sparkJars) {
      Path j = Paths.get(jar);
      Files.createSymbolicLink(sparkHome.resolve("jars").resolve(j.getFileName()), j);
    }
    Path appJar = appJar(base.resolve("bundle-spark-job.jar"));
    Path work = Files.createDirectories(base.resolve("work"));

    int port = freePort();
    String master = "spark://127.0.0.1:" + port;
    // SPARK_SCALA_VERSION: a distribution's load-spark-env.sh sets it; without it the Worker's launcher looks for
    // Spark's build directories and fails ("Cannot find any build directories.")
    Map<String, String> env = Map.of("SPARK_HOME", sparkHome.toString(), "SPARK_SCALA_VERSION", "2.13",
        "SPARK_LOCAL_IP", "127.0.0.1", "SPARK_LOG_DIR", base.toString());
    List<String> daemonFlags = new ArrayList<>(ChildJvm.jvmFlags());
    daemonFlags.add("-Xmx256m");
    daemonFlags.add("-Dlog4j2.configurationFile=" + ChildJvm.childClasses().resolve("log4j2-daemons.properties").toUri());
    List<String> daemonCp = List.of(sparkHome.resolve("conf").toString(), sparkHome.resolve("jars") + "/*");
    Process masterJvm = null;
    Process workerJvm = null;
    io.ddbconnector.testkit.proxy.ThrottlingProxy proxy =
        io.ddbconnector.testkit.proxy.ThrottlingProxy.start(backend.endpoint());
    proxy.setCapacity(rddTarget, 1000, TARGET_WCU);
    try {
      masterJvm = ChildJvm.start(base, "master", daemonCp, daemonFlags, env,
          "org.apache.spark.deploy.master.Master",
          List.of("--host", "127.0.0.1", "--port", Integer.toString(port), "--webui-port", "0"));
      waitForPort(port, masterJvm, base.resolve("master.err"));
      workerJvm = ChildJvm.start(base, "worker", daemonCp, daemonFlags, env,
          "org.apache.spark.deploy.worker.Worker",
          List.of("--host", "127.0.0.1", "--cores", "2", "--memory", "1g", "--webui-port", "0",
              "--work-dir", work.toString(), master));
      waitForLog(base.resolve("worker.err"), "Successfully registered with master", workerJvm, 60);

      List<String> submitFlags = new ArrayList<>(ChildJvm.jvmFlags());
      submitFlags.add("-Xmx768m");
      ChildJvm.Outcome o = ChildJvm.run(base, "submit", sparkJars, submitFlags, env,
          "org.apache.spark.deploy.SparkSubmit",
          List.of("--master", master, "--deploy-mode", "client",
              "--class", "io.ddbconnector.bundletests.child.SparkJob",
              "--jars", ChildJvm.sparkBundle().toAbsolutePath().toString(),
              "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.driver.bindAddress=127.0.0.1",
              "--conf", "spark.executor.memory=512m", "--conf", "spark.cores.max=2",
              "--conf", "spark.ui.enabled=false",
              "--conf", "spark.driver.extraJavaOptions=-Dlog4j2.configurationFile="
                  + ChildJvm.childClasses().resolve("log4j2.properties").toUri(),
              appJar.toString(),
              proxy.endpoint().toString(), backend.region(), source, rddTarget, dfTarget), 300);
      System.out.println(o.describe());
      assertEquals(0, o.exitCode(), o.describe());
      Map<String, String> r = o.results();
      assertEquals("true", r.get("done"), o.describe());
      assertEquals(Integer.toString(SparkBundleIT.ITEMS), r.get("rdd.count"));
      assertEquals(Integer.toString(SparkBundleIT.ITEMS), r.get("df.count"));
      assertEquals(Integer.toString(SparkBundleIT.ITEMS / 3), r.get("df.selected"));
      assertTrue(r.get("connector.jar").contains(ChildJvm.sparkBundle().getFileName().toString()), r.toString());
      SparkBundleIT.assertTargets(backend, items, rddTarget, dfTarget);

      // the executors ran in the worker's JVMs and fetched the bundle from the driver (--jars)
      List<Path> fetched;
      try (Stream<Path> s = Files.walk(work)) {
        fetched = s.filter(p -> p.getFileName().toString().equals(ChildJvm.sparkBundle().getFileName().toString()))
            .toList();
      }
      assertTrue(!fetched.isEmpty(), "an executor directory under " + work + " holds the bundle");

      // the rate contract, across executors in other JVMs: the saveAsHadoopDataset write held the table's
      // write capacity (dynamodb.throughput.write.percent=1.0) with no throttle, and used most of it
      io.ddbconnector.testkit.proxy.RateReport rate =
          io.ddbconnector.testkit.proxy.RateReport.of(proxy, rddTarget, true, TARGET_WCU);
      System.out.println("standalone hadoopRDD write at the proxy: " + rate);
      assertEquals(0, rate.throttled(), "no throttle when the job's share fits: " + rate);
      assertTrue(rate.peak5OfTarget() <= 1.10, "5-second peak within 10% of the budget: " + rate);
      assertTrue(rate.budgetUse() >= 0.5, "the budget was used: " + rate);
    } finally {
      proxy.close();
      stop(workerJvm);
      stop(masterJvm);
    }
  }

  private static Path appJar(Path jar) throws IOException {
    Path classes = ChildJvm.childClasses();
    Path child = classes.resolve("io/ddbconnector/bundletests/child");
    try (OutputStream os = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(os);
        Stream<Path> files = Files.walk(child)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
        Files.copy(f, out);
        out.closeEntry();
      }
    }
    return jar;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static void waitForPort(int port, Process p, Path log) throws Exception {
    for (int i = 0; i < 600; i++) {
      try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
        return;
      } catch (IOException e) {
        assertTrue(p.isAlive(), "the master died:\n" + ChildJvm.read(log));
        Thread.sleep(100);
      }
    }
    throw new AssertionError("the master did not listen on " + port + ":\n" + ChildJvm.read(log));
  }

  private static void waitForLog(Path log, String text, Process p, int seconds) throws Exception {
    for (int i = 0; i < seconds * 10; i++) {
      if (ChildJvm.read(log).contains(text)) {
        return;
      }
      assertTrue(p.isAlive(), "the process died:\n" + ChildJvm.read(log));
      Thread.sleep(100);
    }
    throw new AssertionError("no '" + text + "' in " + log + ":\n" + ChildJvm.read(log));
  }

  private static void stop(Process p) throws InterruptedException {
    if (p == null) {
      return;
    }
    List<ProcessHandle> children = p.descendants().toList();
    p.destroy();
    if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor();
    }
    children.forEach(ProcessHandle::destroyForcibly);
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
