package io.ddbconnector.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddbconnector.conf.ConfigKey;
import io.ddbconnector.conf.ConnectorOptions;
import io.ddbconnector.conf.Settings;
import io.ddbconnector.core.DynamoDBConnector;
import io.ddbconnector.hadoop.HadoopSettings;
import io.ddbconnector.plan.SplitPlanner;
import io.ddbconnector.read.ReadSettings;
import io.ddbconnector.table.TableInfo;
import io.ddbconnector.testkit.LogCapture;
import io.ddbconnector.write.WriteSettings;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.http.apache.ProxyConfiguration;

/**
 * Every configuration key of the EMR connector (its {@code DynamoDBConstants}) is either honoured with that
 * connector's meaning (each key's case below asserts the effect) or accepted and reported once per job, with
 * why (the report is logged once however often a job's settings are checked). A key of neither kind fails.
 */
class ReferenceKeysTest {

  /** Settings any read and write can be built from, unique per call (reports are logged once per settings). */
  private static Map<String, String> base() {
    Map<String, String> m = new HashMap<>();
    m.put("dynamodb.input.tableName", "in-" + UUID.randomUUID());
    m.put("dynamodb.output.tableName", "out");
    m.put("dynamodb.endpoint", "http://127.0.0.1:1");
    return m;
  }

  private static Settings with(String... kv) {
    Map<String, String> m = base();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return Settings.of(m);
  }

  private static ClientSettings client(String... kv) {
    return ClientSettings.from(with(kv));
  }

  private static void conflict(Settings s, String a, String b) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> {
      ReadSettings.from(s);
      WriteSettings.from(s);
    });
    assertTrue(e.getMessage().contains("'" + a + "'") && e.getMessage().contains("'" + b + "'"), e.getMessage());
  }

  /** One case per honoured key: what the key does. */
  private static final Map<String, Runnable> HONOURED = new LinkedHashMap<>();

  private static void honoured(String key, Runnable check) {
    HONOURED.put(key, check);
  }

  /** A Hive table property: honoured by the Hive handler (its tests), known here with the Hive scope. */
  private static void hiveProperty(String key) {
    honoured(key, () -> assertEquals(ConfigKey.Scope.HIVE, ConnectorOptions.find(key).orElseThrow().scope(), key));
  }

  static {
    honoured("dynamodb.awsAccessKeyId", () -> {
      AwsSessionCredentials c = (AwsSessionCredentials) DynamoDBClientFactory.credentials(client(
          "dynamodb.awsAccessKeyId", "AKID-1", "dynamodb.awsSecretAccessKey", "SECRET-1",
          "dynamodb.awsSessionToken", "TOKEN-1")).resolveCredentials();
      assertEquals("AKID-1", c.accessKeyId());
    });
    honoured("dynamodb.awsSecretAccessKey", () -> assertEquals("SECRET-2", DynamoDBClientFactory.credentials(client(
        "dynamodb.awsAccessKeyId", "AKID-2", "dynamodb.awsSecretAccessKey", "SECRET-2")).resolveCredentials()
        .secretAccessKey()));
    honoured("dynamodb.awsSessionToken", () -> assertEquals("TOKEN-3", ((AwsSessionCredentials) DynamoDBClientFactory
        .credentials(client("dynamodb.awsAccessKeyId", "AKID-3", "dynamodb.awsSecretAccessKey", "SECRET-3",
            "dynamodb.awsSessionToken", "TOKEN-3")).resolveCredentials()).sessionToken()));
    honoured("dynamodb.customAWSCredentialsProvider", () -> assertInstanceOf(AnonymousCredentialsProvider.class,
        DynamoDBClientFactory.credentials(client("dynamodb.customAWSCredentialsProvider",
            AnonymousCredentialsProvider.class.getName()))));
    hiveProperty("dynamodb.column.mapping");
    hiveProperty("dynamodb.type.mapping");
    hiveProperty("dynamodb.null.serialization");
    hiveProperty("dynamodb.filter.pushdown");
    hiveProperty("dynamodb.table.name");
    honoured("dynamodb.endpoint", () -> assertEquals("http://10.0.0.1:8000",
        client("dynamodb.endpoint", "http://10.0.0.1:8000").endpoint()));
    honoured("dynamodb.region", () -> assertEquals("eu-west-1", client("dynamodb.region", "eu-west-1").region()));
    honoured("dynamodb.regionid", () -> {
      assertEquals("ap-south-1", client("dynamodb.regionid", "ap-south-1").region());
      assertEquals("ap-south-1", client("dynamodb.regionid", "ap-south-1", "dynamodb.region", "ap-south-1").region());
      conflict(with("dynamodb.regionid", "ap-south-1", "dynamodb.region", "eu-west-1"), "dynamodb.region",
          "dynamodb.regionid");
    });
    honoured("dynamodb.proxy.hostname", () -> {
      ProxyConfiguration p = DynamoDBClientFactory.proxy(client("dynamodb.proxy.hostname", "proxy.example",
          "dynamodb.proxy.port", "3128"));
      assertEquals("proxy.example", p.host());
      conflict(with("dynamodb.proxy.hostname", "proxy.example"), "dynamodb.proxy.hostname", "dynamodb.proxy.port");
    });
    honoured("dynamodb.proxy.port", () -> assertEquals(3129, DynamoDBClientFactory.proxy(client(
        "dynamodb.proxy.hostname", "proxy.example", "dynamodb.proxy.port", "3129")).port()));
    honoured("dynamodb.proxy.username", () -> {
      ProxyConfiguration p = DynamoDBClientFactory.proxy(client("dynamodb.proxy.hostname", "proxy.example",
          "dynamodb.proxy.port", "3128", "dynamodb.proxy.username", "user1", "dynamodb.proxy.password", "PROXY-PW-1"));
      assertEquals("user1", p.username());
      conflict(with("dynamodb.proxy.username", "user1"), "dynamodb.proxy.username", "dynamodb.proxy.password");
    });
    honoured("dynamodb.proxy.password", () -> {
      ClientSettings c = client("dynamodb.proxy.hostname", "proxy.example", "dynamodb.proxy.port", "3128",
          "dynamodb.proxy.username", "user1", "dynamodb.proxy.password", "PROXY-PW-2");
      assertEquals("PROXY-PW-2", DynamoDBClientFactory.proxy(c).password());
      assertFalse(c.toString().contains("PROXY-PW-2"), c.toString());
    });
    honoured("dynamodb.output.tableName", () -> assertEquals("t-out",
        WriteSettings.from(with("dynamodb.output.tableName", "t-out")).table()));
    honoured("dynamodb.input.tableName", () -> assertEquals("t-in",
        ReadSettings.from(with("dynamodb.input.tableName", "t-in")).table()));
    honoured("dynamodb.throughput.write.percent", () -> assertEquals(0.25,
        WriteSettings.from(with("dynamodb.throughput.write.percent", "0.25")).budget().percent()));
    honoured("dynamodb.throughput.read.percent", () -> assertEquals(0.75,
        ReadSettings.from(with("dynamodb.throughput.read.percent", "0.75")).budget().percent()));
    TableInfo table = new TableInfo("t", List.of(new TableInfo.KeyAttribute("id", "S")), 0, 0, false, 400, 300);
    honoured("dynamodb.throughput.read", () -> assertEquals(50.0,
        ReadSettings.from(with("dynamodb.throughput.read", "50")).budget().capacity(table, false)));
    honoured("dynamodb.throughput.write", () -> assertEquals(60.0,
        WriteSettings.from(with("dynamodb.throughput.write", "60")).budget().capacity(table, true)));
    honoured("dynamodb.throughput.read.autoscaling", () -> {
      assertEquals(400.0, ReadSettings.from(with("dynamodb.throughput.read", "50",
          "dynamodb.throughput.read.autoscaling", "true")).budget().capacity(table, false));
      assertEquals(50.0, ReadSettings.from(with("dynamodb.throughput.read", "50",
          "dynamodb.throughput.read.autoscaling", "false")).budget().capacity(table, false));
    });
    honoured("dynamodb.throughput.write.autoscaling", () -> {
      assertEquals(300.0, WriteSettings.from(with("dynamodb.throughput.write", "60",
          "dynamodb.throughput.write.autoscaling", "true")).budget().capacity(table, true));
      assertEquals(60.0, WriteSettings.from(with("dynamodb.throughput.write", "60",
          "dynamodb.throughput.write.autoscaling", "false")).budget().capacity(table, true));
    });
    honoured("dynamodb.table.size-bytes", () -> {
      ReadSettings rs = ReadSettings.from(with("dynamodb.table.size-bytes", String.valueOf(10L * (64L << 20))));
      SplitPlanner.Plan plan = SplitPlanner.plan(table, rs, 1, () -> {
        throw new AssertionError("no sample when the size is configured");
      });
      assertEquals(10, plan.splits().stream().mapToInt(s -> s.totalSegments()).max().orElseThrow(),
          plan.explanation());
    });
    honoured("dynamodb.max.map.tasks", () -> assertEquals(3,
        ReadSettings.from(with("dynamodb.max.map.tasks", "3")).maxMapTasks()));
    honoured("dynamodb.scan.segments", () -> assertEquals(7,
        ReadSettings.from(with("dynamodb.scan.segments", "7")).segments()));
    honoured("dynamodb.max.batch.items", () -> {
      assertEquals(10, WriteSettings.from(with("dynamodb.max.batch.items", "10")).batchSize());
      conflict(with("dynamodb.max.batch.items", "10", "dynamodb.write.batchSize", "20"), "dynamodb.write.batchSize",
          "dynamodb.max.batch.items");
      conflict(with("dynamodb.max.batch.items", "30"), "dynamodb.max.batch.items", "dynamodb.max.batch.items");
    });
    honoured("dynamodb.deletion.mode", () -> {
      assertEquals(WriteSettings.Mode.DELETE, WriteSettings.from(with("dynamodb.deletion.mode", "true")).mode());
      assertEquals(WriteSettings.Mode.PUT, WriteSettings.from(with("dynamodb.deletion.mode", "false")).mode());
      assertEquals(WriteSettings.Mode.DELETE, WriteSettings.from(with("dynamodb.deletion.mode", "true",
          "dynamodb.write.mode", "delete")).mode());
      conflict(with("dynamodb.deletion.mode", "true", "dynamodb.write.mode", "put"), "dynamodb.write.mode",
          "dynamodb.deletion.mode");
    });
  }

  static List<String> referenceKeys() {
    return ConnectorOptions.referenceKeys();
  }

  @ParameterizedTest
  @MethodSource("referenceKeys")
  void eachKeyIsHonouredOrReportedOnce(String key) {
    boolean reported = ConnectorOptions.reportedReferenceKeys().containsKey(key);
    Runnable honour = HONOURED.get(key);
    assertTrue(reported != (honour != null), key + " must be either honoured (with a case here) or reported");
    if (honour != null) {
      assertTrue(ConnectorOptions.find(key).isPresent(), key + " is a registry key");
      honour.run();
    }
    List<String> lines = logged(settingsHaving(key), 3);
    List<String> about = lines.stream().filter(l -> l.contains("'" + key + "'")).collect(Collectors.toList());
    if (reported) {
      assertEquals(1, about.size(), key + " is reported exactly once: " + lines);
      assertTrue(about.get(0).contains("not needed") && about.get(0).startsWith("WARN"), about.get(0));
    } else {
      assertEquals(List.of(), about, key + " is honoured: nothing to report");
    }
  }

  /** Settings holding {@code key}, with a value it accepts, as a Hadoop job would give them. */
  private static Settings settingsHaving(String key) {
    Configuration conf = new Configuration(false);
    base().forEach(conf::set);
    String value = key.contains("percent") ? "0.5" : key.contains("autoscaling") || key.contains("mode")
        || key.contains("pushdown") || key.contains("serialization") || key.contains("enabled") ? "true"
        : key.contains("port") || key.contains("items") || key.contains("tasks") || key.contains("segments")
        || key.contains("size") || key.contains("count") || key.contains("version") || key.endsWith(".read")
        || key.endsWith(".write") ? "5" : key.contains("proxy.hostname") ? "proxy.example" : "value-" + key;
    conf.set(key, value);
    return HadoopSettings.from(conf);
  }

  /** What checking the keys of {@code s} {@code times} times (the driver's and each task's) logs. */
  private static List<String> logged(Settings s, int times) {
    List<String> lines = new ArrayList<>();
    Consumer<String> sink = l -> {
      synchronized (lines) {
        lines.add(l);
      }
    };
    try (LogCapture c = LogCapture.start(sink)) {
      for (int i = 0; i < times; i++) {
        DynamoDBConnector.create(s).checkKeys();
      }
    }
    return lines;
  }

  @Test
  void everyHonouredCaseIsAReferenceKey() {
    for (String k : HONOURED.keySet()) {
      assertTrue(ConnectorOptions.referenceKeys().contains(k), k);
    }
    assertNotNull(ConnectorOptions.referenceKeyTable());
    assertNull(ConnectorOptions.reportedReferenceKeys().get("dynamodb.regionid"));
  }
}
