package io.ddbconnector.bundletests.child;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.hive.conf.HiveConf;
import org.apache.hadoop.hive.ql.DriverFactory;
import org.apache.hadoop.hive.ql.IDriver;
import org.apache.hadoop.hive.ql.session.SessionState;

/**
 * An embedded Hive 4.1.0 session (the in-process Driver, metastore on Derby, MapReduce stages on the
 * LocalJobRunner; the settings of the Hive module's EmbeddedHive) running a script, in a JVM whose classpath is
 * Hive's and Hadoop's jars, the Hadoop/Hive bundle (as in Hive's auxlib / {@code HIVE_AUX_JARS_PATH}) and this
 * class only. Statements end with {@code ;} at the end of a line;
 * {@code SET k=v;} sets a session value. Each query's rows go to the output file under a {@code ## <n>} header,
 * columns separated by tabs; the process exits 1 on the first failed statement.
 *
 * <p>Arguments: workDir script output.
 */
public final class HiveScript {

  private HiveScript() {}

  public static void main(String[] args) throws Exception {
    Path dir = Paths.get(args[0]);
    List<String> statements = statements(Files.readString(Paths.get(args[1])));
    Path output = Paths.get(args[2]);
    HiveConf conf = start(dir);
    SessionState session = SessionState.start(conf);
    List<String> out = new ArrayList<>();
    int n = 0;
    try {
      for (String sql : statements) {
        n++;
        if (sql.regionMatches(true, 0, "SET ", 0, 4)) {
          String[] kv = sql.substring(4).split("=", 2);
          conf.set(kv[0].trim(), kv[1].trim());
          session.getConf().set(kv[0].trim(), kv[1].trim());
          continue;
        }
        out.add("## " + n);
        IDriver driver = DriverFactory.newDriver(conf);
        try {
          driver.run(sql);
          if (driver.getSchema() != null && driver.getSchema().getFieldSchemas() != null) {
            List<String> batch = new ArrayList<>();
            while (driver.getResults(batch)) {
              out.addAll(batch);
              batch.clear();
            }
          }
        } catch (Exception e) {
          System.err.println("FAILED statement " + n + ": " + sql);
          e.printStackTrace();
          Files.write(output, out, StandardCharsets.UTF_8);
          System.exit(1);
        } finally {
          driver.close();
        }
      }
      Files.write(output, out, StandardCharsets.UTF_8);
    } finally {
      session.close();
    }
    System.exit(0); // Hive leaves non-daemon threads behind
  }

  static List<String> statements(String script) {
    List<String> result = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : script.split("\n")) {
      if (line.isBlank() || line.startsWith("--")) {
        continue;
      }
      current.append(current.length() == 0 ? "" : "\n").append(line);
      if (line.stripTrailing().endsWith(";")) {
        String s = current.toString().strip();
        result.add(s.substring(0, s.length() - 1));
        current.setLength(0);
      }
    }
    return result;
  }

  private static HiveConf start(Path dir) throws IOException {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("javax.jdo.option.ConnectionURL",
        "jdbc:derby:;databaseName=" + dir.resolve("metastore_db") + ";create=true");
    settings.put("hive.metastore.uris", "");
    settings.put("hive.metastore.schema.verification", "false");
    settings.put("datanucleus.schema.autoCreateAll", "true");
    settings.put("hive.execution.engine", "mr");
    settings.put("mapreduce.framework.name", "local");
    settings.put("hive.exec.submitviachild", "false");
    settings.put("hive.exec.submit.local.task.via.child", "false");
    settings.put("hive.support.concurrency", "false");
    settings.put("hive.txn.manager", "org.apache.hadoop.hive.ql.lockmgr.DummyTxnManager");
    settings.put("hive.stats.autogather", "false");
    settings.put("hive.stats.column.autogather", "false");
    settings.put("hive.compute.query.using.stats", "false");
    settings.put("hive.security.authorization.enabled", "false");
    settings.put("hive.metastore.warehouse.dir", dir.resolve("warehouse").toUri().toString());
    settings.put("hive.metastore.warehouse.external.dir", dir.resolve("external").toUri().toString());
    settings.put("hive.exec.scratchdir", dir.resolve("scratch").toString());
    settings.put("hive.exec.local.scratchdir", dir.resolve("local_scratch").toString());
    settings.put("hive.downloaded.resources.dir", dir.resolve("resources").toString());
    settings.put("hive.querylog.location", dir.resolve("querylog").toString());
    settings.put("hive.server2.logging.operation.log.location", dir.resolve("operation_logs").toString());
    settings.put("hadoop.tmp.dir", dir.resolve("hadoop_tmp").toString());
    settings.put("mapreduce.jobtracker.staging.root.dir", dir.resolve("staging").toString());
    settings.put("hive.exec.mode.local.auto", "false");
    settings.put("hive.auto.convert.join", "true");
    settings.put("hive.mapred.mode", "nonstrict");
    // one map task at a time: Hive's ExecMapper keeps static state, parallel local maps lose rows
    settings.put("mapreduce.local.map.tasks.maximum", "1");
    for (String d : List.of("warehouse", "external", "scratch", "local_scratch", "resources", "querylog")) {
      Files.createDirectories(dir.resolve(d));
    }
    for (Map.Entry<String, String> e : settings.entrySet()) {
      System.setProperty(e.getKey(), e.getValue()); // some Hive code builds its own HiveConf
    }
    HiveConf conf = new HiveConf();
    settings.forEach(conf::set);
    return conf;
  }
}
