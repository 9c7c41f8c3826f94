package io.ddbconnector.hive;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.hadoop.hive.conf.HiveConf;
import org.apache.hadoop.hive.ql.DriverFactory;
import org.apache.hadoop.hive.ql.IDriver;
import org.apache.hadoop.hive.ql.processors.CommandProcessorException;
import org.apache.hadoop.hive.ql.session.SessionState;
import org.apache.log4j.AppenderSkeleton;
import org.apache.log4j.Level;
import org.apache.log4j.Logger;
import org.apache.log4j.spi.LoggingEvent;

/**
 * Hive 4.1.0 in this JVM: the query Driver with an embedded metastore on Derby in a temporary directory and
 * MapReduce stages run by the LocalJobRunner (settings from /work/shared/stack.md). Starting it creates the
 * metastore schema (tens of seconds), so a test class starts one and shares it. Shared with other modules' tests
 * through this module's test jar.
 */
public final class EmbeddedHive implements AutoCloseable {

  private final HiveConf conf;
  private final SessionState session;
  /** Warnings and errors Hive and Hadoop log while a statement runs (a failed task's cause is only logged). */
  private final StringBuffer log = new StringBuffer();
  /** Receivers of every log line at INFO and above ({@link #logTo}). */
  private final List<Consumer<String>> sinks = new CopyOnWriteArrayList<>();
  private final AppenderSkeleton capture = new AppenderSkeleton() {
    @Override
    protected void append(LoggingEvent event) {
      for (Consumer<String> sink : sinks) {
        sink.accept(event.getLoggerName() + ": " + event.getRenderedMessage()
            + (event.getThrowableStrRep() == null ? "" : "\n" + String.join("\n", event.getThrowableStrRep())));
      }
      if (event.getLevel().isGreaterOrEqual(Level.WARN) && log.length() < 1_000_000) {
        log.append(event.getRenderedMessage()).append('\n');
        if (event.getThrowableInformation() != null) {
          for (Throwable t = event.getThrowableInformation().getThrowable(); t != null; t = t.getCause()) {
            log.append("  ").append(t).append('\n');
          }
        }
      }
    }

    @Override
    public void close() {
    }

    @Override
    public boolean requiresLayout() {
      return false;
    }
  };

  public EmbeddedHive(Path dir) throws Exception {
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
    conf = new HiveConf();
    for (Map.Entry<String, String> e : settings.entrySet()) {
      conf.set(e.getKey(), e.getValue());
    }
    Logger.getRootLogger().addAppender(capture);
    session = SessionState.start(conf);
  }

  /**
   * Hands every line Hive, Hadoop and the handler log through Log4j at INFO and above (the root logger is set
   * to INFO meanwhile; loggers set higher in log4j.properties stay there) to {@code sink}, until closed.
   */
  public AutoCloseable logTo(Consumer<String> sink) {
    Level before = Logger.getRootLogger().getLevel();
    Logger.getRootLogger().setLevel(Level.INFO);
    sinks.add(sink);
    return () -> {
      sinks.remove(sink);
      Logger.getRootLogger().setLevel(before);
    };
  }

  /** Sets a session setting for the following statements (what {@code SET key=value} does in the CLI). */
  public void set(String key, String value) {
    conf.set(key, value);
    session.getConf().set(key, value);
  }

  private IDriver driver() {
    return DriverFactory.newDriver(conf);
  }

  /** Runs a statement that returns nothing (DDL, INSERT). */
  public void execute(String sql) {
    IDriver driver = driver();
    try {
      driver.run(sql);
    } catch (CommandProcessorException e) {
      throw new AssertionError("Hive failed on: " + sql + "\n" + e.getMessage(), e);
    } finally {
      driver.close();
    }
  }

  /** Runs a query; each row is its columns as Hive prints them (NULL as "NULL", nested values as JSON). */
  public List<List<String>> query(String sql) {
    IDriver driver = driver();
    try {
      driver.run(sql);
      List<List<String>> rows = new ArrayList<>();
      if (driver.getSchema() == null || driver.getSchema().getFieldSchemas() == null) {
        return rows; // DDL: hasResultSet() throws NPE after DDL in Hive 4.1.0
      }
      List<String> batch = new ArrayList<>();
      while (driver.getResults(batch)) {
        for (String line : batch) {
          rows.add(Arrays.asList(line.split("\t", -1)));
        }
        batch.clear();
      }
      return rows;
    } catch (CommandProcessorException e) {
      throw new AssertionError("Hive failed on: " + sql + "\n" + e.getMessage(), e);
    } catch (java.io.IOException e) {
      throw new AssertionError("Fetching results of: " + sql, e);
    } finally {
      driver.close();
    }
  }

  /** Runs a statement that must fail; returns Hive's error message and the warnings logged meanwhile. */
  public String failure(String sql) {
    CommandProcessorException e = error(sql);
    StringBuilder sb = new StringBuilder(String.valueOf(e.getMessage())).append('\n').append(log);
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      sb.append("\n").append(t);
    }
    return sb.toString();
  }

  /** Runs a statement that must fail; returns the driver's exception, what a client is given. */
  public CommandProcessorException error(String sql) {
    log.setLength(0);
    IDriver driver = driver();
    try {
      driver.run(sql);
    } catch (CommandProcessorException e) {
      return e;
    } finally {
      driver.close();
    }
    throw new AssertionError("Hive accepted a statement that should fail: " + sql);
  }

  /** The warnings and errors logged since the last statement that had to fail began. */
  public String log() {
    return log.toString();
  }

  @Override
  public void close() throws java.io.IOException {
    Logger.getRootLogger().removeAppender(capture);
    session.close();
  }
}
