package io.ddbconnector.it;

import io.ddbconnector.client.TableMetadata;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ddbconnector.client.ClientSettings;
import io.ddbconnector.client.DynamoDBClientFactory;
import io.ddbconnector.table.TableInfo;
import io.ddbconnector.conf.Settings;
import io.ddbconnector.core.DynamoDBConnector;
import io.ddbconnector.read.ScanReader;
import io.ddbconnector.split.ScanSplit;
import io.ddbconnector.testkit.Backend;
import io.ddbconnector.testkit.DynamoDBBackendExtension;
import io.ddbconnector.testkit.ItemCorpus;
import io.ddbconnector.testkit.proxy.ThrottlingProxy;
import io.ddbconnector.throughput.ConnectorMetrics;
import io.ddbconnector.throughput.Retrier;
import io.ddbconnector.throughput.RetryPolicy;
import io.ddbconnector.write.BatchWriter;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Issue 11, permanent errors fail fast: a wrong endpoint fails in seconds naming {@code dynamodb.endpoint},
 * and a backend that dies fails the task within the retry window its message states, not twice it.
 * Every case is a real client call; the default window (120 s, 30 attempts) would take a minute to retry
 * the endpoint errors, so the time limits here fail when they are retried.
 */
@ExtendWith(DynamoDBBackendExtension.class)
class FailFastIT {

  /** Limit for "at once" on a loaded 2-core machine: far below the ~60 s the default retries take. */
  private static final double AT_ONCE_SECONDS = 15;

  private static Map<String, String> base(String endpoint) {
    Map<String, String> m = new HashMap<>();
    m.put("dynamodb.endpoint", endpoint);
    m.put("dynamodb.region", "us-east-1");
    m.put("dynamodb.awsAccessKeyId", "dummy");
    m.put("dynamodb.awsSecretAccessKey", "dummy");
    return m;
  }

  /** DescribeTable through a client from the factory and the connector's retrier, as every task starts. */
  private static RuntimeException describeFails(Map<String, String> conf, ConnectorMetrics metrics) {
    Settings s = Settings.of(conf);
    ClientSettings cs = ClientSettings.from(s);
    try (DynamoDbClient client = DynamoDBClientFactory.create(cs)) {
      return assertThrows(RuntimeException.class, () -> TableMetadata.describe(client, "orders",
          "dynamodb.input.tableName", cs.describeTarget(), new Retrier(RetryPolicy.from(s), metrics)));
    }
  }

  private static double secondsSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /** For the test's output file: how long the failure took and what it said. */
  private static void report(String test, double secs, Throwable e) {
    System.err.printf(java.util.Locale.ROOT, "%s: failed after %.2f s: %s%n", test, secs, e.getMessage());
  }

  @Test
  void unknownHostFailsAtOnceNamingEndpointAndHost() {
    String endpoint = "http://dynamodb.nosuch-host.invalid:8000";
    ConnectorMetrics metrics = new ConnectorMetrics();
    long start = System.nanoTime();
    RuntimeException e = describeFails(base(endpoint), metrics);
    double secs = secondsSince(start);
    report("unknownHostFailsAtOnceNamingEndpointAndHost", secs, e);
    assertTrue(secs < AT_ONCE_SECONDS, "failed after " + secs + " s: " + e.getMessage());
    assertEquals(1, metrics.requests(), "not retried: " + e.getMessage());
    assertTrue(e.getMessage().contains("'dynamodb.endpoint' = '" + endpoint + "'"), e.getMessage());
    assertTrue(e.getMessage().contains("unknown host 'dynamodb.nosuch-host.invalid'"), e.getMessage());
    assertTrue(e.getMessage().contains("DescribeTable of table 'orders'"), e.getMessage());
  }

  @Test
  void tlsToThePlainHttpPortFailsAtOnce(Backend backend) {
    URI plain = backend.endpoint();
    assumeTrue("http".equals(plain.getScheme()), "the backend speaks plain HTTP");
    String https = "https://" + plain.getHost() + ":" + plain.getPort();
    String noScheme = plain.getHost() + ":" + plain.getPort(); // taken as https
    for (String endpoint : List.of(https, noScheme)) {
      ConnectorMetrics metrics = new ConnectorMetrics();
      long start = System.nanoTime();
      RuntimeException e = describeFails(base(endpoint), metrics);
      double secs = secondsSince(start);
      report("tlsToThePlainHttpPortFailsAtOnce", secs, e);
      assertTrue(secs < AT_ONCE_SECONDS, endpoint + " failed after " + secs + " s: " + e.getMessage());
      assertEquals(1, metrics.requests(), "not retried: " + e.getMessage());
      assertTrue(e.getMessage().contains("'dynamodb.endpoint' = '" + https + "'"), e.getMessage());
      assertTrue(e.getMessage().contains("TLS handshake failed"), e.getMessage());
      assertTrue(e.getMessage().contains("write the endpoint with http://"), e.getMessage());
    }
  }

  @Test
  void malformedEndpointFailsWhereItIsConfigured() {
    for (String endpoint : List.of("http//127.0.0.1:8000", "http:/127.0.0.1:8000", "ftp://127.0.0.1:8000",
        "http://:8000", "http://127.0.0.1:99999", "127.0.0.1:8000/x", "http://my_host:8000", "http://h:8000/?a=b")) {
      long start = System.nanoTime();
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> ClientSettings.from(Settings.of(base(endpoint))), endpoint);
      double secs = secondsSince(start);
      report("malformedEndpointFailsWhereItIsConfigured", secs, e);
      assertTrue(secs < AT_ONCE_SECONDS, endpoint + " failed after " + secs + " s");
      assertTrue(e.getMessage().contains("configuration key 'dynamodb.endpoint'"), e.getMessage());
      assertTrue(e.getMessage().contains("'" + endpoint + "'"), e.getMessage());
    }
    assertEquals("https://dynamodb.eu-west-1.amazonaws.com", ClientSettings.from(Settings.of(
        base("dynamodb.eu-west-1.amazonaws.com"))).endpoint(), "a bare host name, as the reference accepts");
    assertEquals("http://127.0.0.1:8000/", ClientSettings.from(Settings.of(base(" http://127.0.0.1:8000/ ")))
        .endpoint());
  }

  /** A local port where nothing answers: every connection is closed at once, or held without a reply. */
  private static final class DeadServer implements AutoCloseable {
    final ServerSocket socket;
    final List<Socket> held = new CopyOnWriteArrayList<>();
    final Thread acceptor;

    DeadServer(boolean hang) throws IOException {
      socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      acceptor = new Thread(() -> {
        while (!socket.isClosed()) {
          try {
            Socket s = socket.accept();
            if (hang) {
              held.add(s);
            } else {
              s.close();
            }
          } catch (IOException e) {
            return;
          }
        }
      }, "dead-server");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    String endpoint() {
      return "http://127.0.0.1:" + socket.getLocalPort();
    }

    @Override
    public void close() throws IOException {
      socket.close();
      for (Socket s : held) {
        s.close();
      }
    }
  }

  private static Map<String, String> window(Map<String, String> m, long windowMs) {
    m.put("dynamodb.retry.maxDurationMs", Long.toString(windowMs));
    m.put("dynamodb.retry.baseDelayMs", "50");
    m.put("dynamodb.retry.maxDelayMs", "500");
    return m;
  }

  @Test
  void backendThatClosesEveryConnectionIsRetriedForTheWindowThenFails() throws Exception {
    try (DeadServer dead = new DeadServer(false)) {
      ConnectorMetrics metrics = new ConnectorMetrics();
      long start = System.nanoTime();
      RuntimeException e = describeFails(window(base(dead.endpoint()), 3_000), metrics);
      double secs = secondsSince(start);
      report("backendThatClosesEveryConnectionIsRetriedForTheWindowThenFails", secs, e);
      assertTrue(metrics.retries() > 0, "a dead backend is retried: " + e.getMessage());
      assertTrue(secs >= 2.9, "retried for the window: " + secs + " s: " + e.getMessage());
      assertTrue(secs < 6, "failed after " + secs + " s, twice the window or more: " + e.getMessage());
      assertTrue(e.getMessage().contains("retry window of 3.0 s"), e.getMessage());
      assertTrue(e.getMessage().contains("dynamodb.retry.maxDurationMs=3000"), e.getMessage());
    }
  }

  /** Without the attempt cap the first attempt alone would wait dynamodb.client.requestTimeoutMs (30 s). */
  @Test
  void backendThatNeverAnswersFailsWithinTheWindowNotTheRequestTimeout() throws Exception {
    try (DeadServer dead = new DeadServer(true)) {
      Map<String, String> conf = window(base(dead.endpoint()), 3_000);
      conf.put("dynamodb.client.requestTimeoutMs", "30000");
      ConnectorMetrics metrics = new ConnectorMetrics();
      long start = System.nanoTime();
      RuntimeException e = describeFails(conf, metrics);
      double secs = secondsSince(start);
      report("backendThatNeverAnswersFailsWithinTheWindowNotTheRequestTimeout", secs, e);
      assertTrue(secs < 3 + Retrier.MIN_ATTEMPT_MS / 1000.0 + 3, "failed after " + secs + " s: " + e.getMessage());
      assertTrue(e.getMessage().contains("dynamodb.retry.maxDurationMs=3000"), e.getMessage());
      assertTrue(e.getMessage().contains("ApiCallAttemptTimeoutException"), e.getMessage());
    }
  }

  /**
   * Four batches in flight fail together at the end of the window; the batch the task queued behind them
   * must not start a window of its own (it did: the task then failed after twice its window).
   */
  @Test
  void writerWhoseBackendDiesFailsWithinOneWindow(Backend backend) throws Exception {
    String table = backend.createTable("fail_fast_write", "id", ScalarAttributeType.S);
    long windowMs = 4_000;
    try (ThrottlingProxy proxy = ThrottlingProxy.start(backend.endpoint())) {
      Map<String, String> m = window(base(proxy.endpoint().toString()), windowMs);
      m.put("dynamodb.output.tableName", table);
      m.put("dynamodb.write.batchesInFlight", "4");
      m.put("dynamodb.throughput.write", "100000");
      ConnectorMetrics metrics = new ConnectorMetrics();
      BatchWriter w = DynamoDBConnector.openWriter(Settings.of(m), 1, metrics);
      List<Map<String, AttributeValue>> items = ItemCorpus.generated("id", 5_000, 21);
      proxy.setDown(true);
      long start = System.nanoTime();
      RuntimeException e = assertThrows(RuntimeException.class, () -> {
        try {
          for (Map<String, AttributeValue> item : items) {
            w.write(item);
          }
        } finally {
          try {
            w.close(); // the engine closes the writer of a failed task too; it must not wait another window
          } catch (RuntimeException closing) {
            // the failure is already on its way
          }
        }
      });
      double secs = secondsSince(start);
      report("writerWhoseBackendDiesFailsWithinOneWindow", secs, e);
      assertTrue(secs < windowMs / 1000.0 * 1.6, "failed and closed after " + secs + " s: " + e.getMessage());
      assertTrue(e.getMessage().contains("dynamodb.retry.maxDurationMs=" + windowMs), e.getMessage());
    }
  }

  /** A reader re-reading capacity on every page: the refresh and the scan must not each take a window. */
  @Test
  void readerWhoseBackendDiesFailsWithinOneWindow(Backend backend) throws Exception {
    String table = backend.createTable("fail_fast_read", "id", ScalarAttributeType.S);
    backend.putAll(table, ItemCorpus.generated("id", 2_000, 22));
    long windowMs = 4_000;
    try (ThrottlingProxy proxy = ThrottlingProxy.start(backend.endpoint())) {
      Map<String, String> m = window(base(proxy.endpoint().toString()), windowMs);
      m.put("dynamodb.input.tableName", table);
      m.put("dynamodb.scan.segments", "1");
      m.put("dynamodb.read.pageLimit", "50");
      m.put("dynamodb.read.prefetchPages", "1");
      m.put("dynamodb.throughput.refreshIntervalMs", "1");
      Settings s = Settings.of(m);
      ScanSplit split = DynamoDBConnector.splits(s, 1).get(0);
      long[] downAt = {0};
      try (ScanReader r = DynamoDBConnector.openReader(s, split, new ConnectorMetrics())) {
        RuntimeException e = assertThrows(RuntimeException.class, () -> {
          long n = 0;
          while (r.hasNext()) {
            r.next();
            if (++n == 100) {
              proxy.setDown(true);
              downAt[0] = System.nanoTime();
            }
          }
        });
        double secs = secondsSince(downAt[0]);
        report("readerWhoseBackendDiesFailsWithinOneWindow", secs, e);
        assertTrue(secs < windowMs / 1000.0 * 1.6, "failed after " + secs + " s: " + e.getMessage());
        assertTrue(e.getMessage().contains("dynamodb.retry.maxDurationMs=" + windowMs), e.getMessage());
      }
    }
  }
}
