package io.ddbconnector.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddbconnector.testkit.Backend;
import io.ddbconnector.testkit.DynamoDBBackendExtension;
import io.ddbconnector.testkit.FakeCredentials;
import io.ddbconnector.testkit.ItemCorpus;
import io.ddbconnector.testkit.RecordGrep;
import io.ddbconnector.testkit.proxy.ThrottlingProxy;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Credentials given to Spark jobs (DataFrame options, RDD options through {@link DynamoDBSpark}, a
 * {@code spark.hadoop.dynamodb.*} setting, a Hadoop credential provider) reach the SDK, and no record the
 * jobs leave holds them: the event log, Spark's and the connector's logs, query plans, failures.
 */
@ExtendWith(DynamoDBBackendExtension.class)
class SparkSecretsIT {

  static final int ITEMS = 200;

  @Test
  void noRecordOfSparkJobsHoldsTheCredentials(Backend backend, @TempDir Path tmp) throws Exception {
    String source = backend.createTable("spark_sec_src", "id", ScalarAttributeType.S);
    backend.putAll(source, ItemCorpus.generated("id", ITEMS, 3));
    String target = backend.createTable("spark_sec_dst", "id", ScalarAttributeType.S);
    Path events = Files.createDirectories(tmp.resolve("events"));
    try (ThrottlingProxy proxy = ThrottlingProxy.start(backend.endpoint());
        RecordGrep grep = RecordGrep.start(FakeCredentials.values())) {
      SparkSession spark = SparkSession.builder().master("local[2]").appName("SparkSecretsIT")
          .config("spark.ui.enabled", "false")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1")
          .config("spark.sql.shuffle.partitions", "2")
          .config("spark.eventLog.enabled", "true")
          .config("spark.eventLog.dir", events.toUri().toString())
          .config("spark.eventLog.compress", "false")
          .config("spark.hadoop.dynamodb.awsSecretAccessKey", FakeCredentials.SECRET_ACCESS_KEY)
          .getOrCreate();
      try (Log4j2Lines log = new Log4j2Lines(grep)) {
        assertEquals("true", spark.sparkContext().getConf().get("spark.eventLog.enabled"), "a session of its own");
        Map<String, String> read = options(proxy, backend, source);
        Map<String, String> write = options(proxy, backend, target);

        Dataset<Row> df = spark.read().format("dynamodb").options(read).load();
        assertEquals(ITEMS, df.count());
        Dataset<Row> filtered = df.filter("id = 'item-000007'");
        assertEquals(1, filtered.count());
        grep.text("plan", "a filtered read", filtered.queryExecution().toString());
        df.write().format("dynamodb").options(write).mode("append").save();
        assertEquals(ITEMS, backend.count(target));

        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        JavaRDD<Map<String, AttributeValue>> items = DynamoDBSpark.readItems(jsc, read);
        assertEquals(ITEMS, items.count());
        DynamoDBSpark.writeItems(items, write);
        assertEquals(Set.of(FakeCredentials.ACCESS_KEY_ID), proxy.accessKeyIds(), "the options' key signs");
        assertEquals(Set.of(FakeCredentials.SESSION_TOKEN), proxy.sessionTokens());

        Map<String, String> missing = options(proxy, backend, "no_such_table");
        grep.throwable("read of a missing table",
            assertThrows(Exception.class, () -> spark.read().format("dynamodb").options(missing).load().count()));
        Map<String, String> typo = options(proxy, backend, source);
        typo.put("secretAcessKey", typo.remove("secretAccessKey"));
        Exception misspelt = assertThrows(Exception.class, () -> spark.read().format("dynamodb").options(typo).load());
        assertTrue(SparkTestSupport.messages(misspelt).contains("did you mean 'secretAccessKey'"),
            SparkTestSupport.messages(misspelt));
        grep.throwable("misspelt secret option", misspelt);

        // a credential provider in the Hadoop configuration supplies them without any option
        try (ThrottlingProxy own = ThrottlingProxy.start(backend.endpoint())) {
          spark.sparkContext().hadoopConfiguration().set("hadoop.security.credential.provider.path",
              FakeCredentials.writeStore(tmp.resolve("ddb.jceks")));
          Map<String, String> plain = SparkTestSupport.options(own.endpoint(), backend.region(), source);
          plain.remove("accessKeyId");
          plain.remove("secretAccessKey");
          assertEquals(ITEMS, spark.read().format("dynamodb").options(plain).load().count());
          assertEquals(Set.of(FakeCredentials.ACCESS_KEY_ID), own.accessKeyIds(), "the store's key signs");
          assertEquals(Set.of(FakeCredentials.SESSION_TOKEN), own.sessionTokens());
        } finally {
          spark.sparkContext().hadoopConfiguration().unset("hadoop.security.credential.provider.path");
        }
        assertTrue(log.lines > 0, "Spark's log was captured");
      } finally {
        spark.stop();
      }
      assertTrue(grep.tree("event log", events, f -> true) > 0, "an event log was written");
      grep.assertClean("event log", "plan", "exception");
    }
  }

  /** Options for a table through the proxy, with the fake credentials. */
  private static Map<String, String> options(ThrottlingProxy proxy, Backend backend, String table) {
    Map<String, String> o = new LinkedHashMap<>(SparkTestSupport.options(proxy.endpoint(), backend.region(), table));
    o.put("accessKeyId", FakeCredentials.ACCESS_KEY_ID);
    o.put("secretAccessKey", FakeCredentials.SECRET_ACCESS_KEY);
    o.put("sessionToken", FakeCredentials.SESSION_TOKEN);
    return o;
  }

  /** Log4j 2 output (Spark's, the connector's Spark classes') at INFO and above while open, into the grep. */
  static final class Log4j2Lines implements AutoCloseable {
    private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
    private final LoggerConfig root = context.getConfiguration().getRootLogger();
    private final Level before = root.getLevel();
    private final AbstractAppender appender;
    volatile int lines;

    Log4j2Lines(RecordGrep grep) {
      appender = new AbstractAppender("secrets-grep", null, null, true, Property.EMPTY_ARRAY) {
        @Override
        public void append(LogEvent event) {
          lines++;
          StringWriter w = new StringWriter();
          if (event.getThrown() != null) {
            event.getThrown().printStackTrace(new PrintWriter(w));
          }
          grep.log(event.getLoggerName() + ": " + event.getMessage().getFormattedMessage() + "\n" + w);
        }
      };
      appender.start();
      root.addAppender(appender, Level.INFO, null);
      root.setLevel(Level.INFO);
      context.updateLoggers();
    }

    @Override
    public void close() {
      root.removeAppender(appender.getName());
      root.setLevel(before);
      context.updateLoggers();
      appender.stop();
    }
  }
}
