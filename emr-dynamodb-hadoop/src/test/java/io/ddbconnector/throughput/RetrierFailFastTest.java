package io.ddbconnector.throughput;

import io.ddbconnector.exceptions.DynamoDBConnectorException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.MalformedURLException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;

/** Permanent errors fail at once; a dead backend fails a task within the window its message states. */
class RetrierFailFastTest {

  /** What the SDK throws when the HTTP client fails: the I/O error as the cause. */
  private static SdkClientException http(Throwable cause) {
    return SdkClientException.create("Unable to execute HTTP request: " + cause.getMessage(), cause);
  }

  private static SSLHandshakeException handshake(String message, Throwable cause) {
    SSLHandshakeException e = new SSLHandshakeException(message);
    e.initCause(cause);
    return e;
  }

  private static DynamoDbException serverError() {
    return (DynamoDbException) DynamoDbException.builder().statusCode(500).message("boom").build();
  }

  @Test
  void endpointErrorsArePermanent() {
    assertEquals(Retrier.Kind.FATAL, Retrier.classify(
        http(new UnknownHostException("nosuch.invalid: Name or service not known"))));
    assertEquals(Retrier.Kind.FATAL, Retrier.classify(
        http(new SSLException("Unsupported or unrecognized SSL message"))));
    assertEquals(Retrier.Kind.FATAL, Retrier.classify(
        http(handshake("PKIX path building failed", new CertificateException("no trusted certificate")))));
    assertEquals(Retrier.Kind.FATAL, Retrier.classify(http(new MalformedURLException("no protocol: x"))));
    // the SDK's unknown-host note wraps the client's exception; the cause chain still tells
    assertEquals(Retrier.Kind.FATAL, Retrier.classify(SdkClientException.create("Received an UnknownHostException",
        http(new UnknownHostException("nosuch.invalid")))));
  }

  @Test
  void connectionErrorsStayTransient() {
    assertEquals(Retrier.Kind.TRANSIENT, Retrier.classify(http(new ConnectException("Connection refused"))));
    assertEquals(Retrier.Kind.TRANSIENT, Retrier.classify(http(new SocketException("Connection reset"))));
    assertEquals(Retrier.Kind.TRANSIENT, Retrier.classify(http(new SocketTimeoutException("Read timed out"))));
    assertEquals(Retrier.Kind.TRANSIENT, Retrier.classify(http(new IOException("127.0.0.1:1 failed to respond"))));
    assertEquals(Retrier.Kind.TRANSIENT, Retrier.classify(ApiCallAttemptTimeoutException.create(2000)));
    // a TLS exchange cut by the network is the network's fault, not the endpoint's
    assertEquals(Retrier.Kind.TRANSIENT, Retrier.classify(http(handshake("Remote host terminated the handshake",
        new EOFException("SSL peer shut down incorrectly")))));
    SSLException reset = new SSLException("Connection reset", new SocketException("Connection reset"));
    assertEquals(Retrier.Kind.TRANSIENT, Retrier.classify(http(reset)));
    assertNull(Retrier.endpointProblem(http(reset)));
  }

  @Test
  void endpointProblemNamesTheHostAndThePlainPort() {
    String host = Retrier.endpointProblem(http(new UnknownHostException("db.nosuch.invalid: Name or service not known")));
    assertTrue(host.contains("unknown host 'db.nosuch.invalid'"), host);
    String tls = Retrier.endpointProblem(http(new SSLException("Unsupported or unrecognized SSL message")));
    assertTrue(tls.contains("http://"), tls);
  }

  @Test
  void permanentErrorFailsAfterOneAttemptNamingTheKey() {
    FakeTime t = new FakeTime();
    Retrier r = new Retrier(new RetryPolicy(30, 120_000, 50, 5_000), new ConnectorMetrics(), t, t);
    AtomicInteger calls = new AtomicInteger();
    DynamoDBConnectorException e = assertThrows(DynamoDBConnectorException.class, () -> r.call(
        "DescribeTable of table 't' at https://nosuch.invalid", () -> {
          calls.incrementAndGet();
          throw http(new UnknownHostException("nosuch.invalid: Name or service not known"));
        }));
    assertEquals(1, calls.get(), "not retried");
    assertEquals(0.0, t.seconds(), "no backoff");
    assertTrue(e.getMessage().contains("dynamodb.endpoint"), e.getMessage());
    assertTrue(e.getMessage().contains("unknown host 'nosuch.invalid'"), e.getMessage());
  }

  @Test
  void giveUpMessageStatesWindowAndElapsedTime() {
    FakeTime t = new FakeTime();
    Retrier r = new Retrier(new RetryPolicy(1000, 3_000, 100, 500), new ConnectorMetrics(), t, t);
    DynamoDBConnectorException e = assertThrows(DynamoDBConnectorException.class, () -> r.call("Scan of table 'x'",
        () -> {
          t.advanceMillis(40);
          throw http(new ConnectException("Connection refused"));
        }));
    assertTrue(t.seconds() <= 3.0 + 0.04 + 1e-9, "the last attempt starts within the window: " + t.seconds());
    assertTrue(e.getMessage().contains("retry window of 3.0 s"), e.getMessage());
    assertTrue(e.getMessage().contains("dynamodb.retry.maxDurationMs=3000"), e.getMessage());
    assertTrue(e.getMessage().matches(".*failed after \\d+ attempts in 3\\.0 s.*"), e.getMessage());
  }

  /**
   * A capacity refresh that used up the window (and was ignored), then the scan: the scan gives up after
   * one attempt instead of a second window. The same holds for a writer's batches queued behind failed ones.
   */
  @Test
  void aCallAfterAnUnansweredOneDoesNotStartAWindowOfItsOwn() {
    FakeTime t = new FakeTime();
    Retrier r = new Retrier(new RetryPolicy(1000, 3_000, 100, 500), new ConnectorMetrics(), t, t);
    AtomicInteger calls = new AtomicInteger();
    assertThrows(DynamoDBConnectorException.class, () -> r.call("DescribeTable of table 'x'", () -> {
      t.advanceMillis(10);
      throw http(new ConnectException("Connection refused"));
    }));
    double first = t.seconds();
    DynamoDBConnectorException e = assertThrows(DynamoDBConnectorException.class, () -> r.call("Scan of table 'x'",
        () -> {
          calls.incrementAndGet();
          t.advanceMillis(10);
          throw serverError();
        }));
    assertEquals(1, calls.get(), "one more attempt, not another window");
    assertTrue(t.seconds() - first < 0.1, "took " + (t.seconds() - first) + " s more");
    assertTrue(e.getMessage().contains("no answer for 3.0 s"), e.getMessage());
  }

  @Test
  void anAnswerEndsTheOutage() {
    FakeTime t = new FakeTime();
    Retrier r = new Retrier(new RetryPolicy(1000, 3_000, 100, 500), new ConnectorMetrics(), t, t);
    assertThrows(DynamoDBConnectorException.class, () -> r.call("a", () -> {
      t.advanceMillis(10);
      throw http(new ConnectException("Connection refused"));
    }));
    assertEquals("ok", r.call("b", () -> "ok"));
    AtomicInteger calls = new AtomicInteger();
    assertEquals("ok", r.call("c", () -> {
      if (calls.incrementAndGet() < 5) {
        t.advanceMillis(10);
        throw http(new ConnectException("Connection refused"));
      }
      return "ok";
    }), "after a success a new outage gets a full window");
    assertEquals(5, calls.get());

    // a throttle is an answer too
    assertThrows(DynamoDBConnectorException.class, () -> r.call("d", () -> {
      t.advanceMillis(10);
      throw http(new ConnectException("Connection refused"));
    }));
    AtomicInteger throttled = new AtomicInteger();
    assertEquals("ok", r.call("e", () -> {
      if (throttled.incrementAndGet() < 4) {
        throw ProvisionedThroughputExceededException.builder().message("slow down").build();
      }
      return "ok";
    }));
    assertEquals(4, throttled.get());
  }

  @Test
  void anOutageLongAgoDoesNotShortenANewWindow() {
    FakeTime t = new FakeTime();
    Retrier r = new Retrier(new RetryPolicy(1000, 3_000, 100, 500), new ConnectorMetrics(), t, t);
    assertThrows(DynamoDBConnectorException.class, () -> r.call("a", () -> {
      t.advanceMillis(10);
      throw http(new ConnectException("Connection refused"));
    }));
    t.advanceMillis(10_000);
    AtomicInteger calls = new AtomicInteger();
    assertEquals("ok", r.call("b", () -> {
      if (calls.incrementAndGet() < 4) {
        throw http(new ConnectException("Connection refused"));
      }
      return "ok";
    }));
  }

  @Test
  void attemptsAreGivenWhatIsLeftOfTheWindow() {
    FakeTime t = new FakeTime();
    Retrier r = new Retrier(new RetryPolicy(1000, 10_000, 100, 500), new ConnectorMetrics(), t, t);
    assertFalse(Retrier.attemptTimeLimitMs().isPresent(), "no limit outside a call");
    List<Long> limits = new ArrayList<>();
    assertThrows(DynamoDBConnectorException.class, () -> r.call("x", () -> {
      OptionalLong l = Retrier.attemptTimeLimitMs();
      limits.add(l.getAsLong());
      t.advanceMillis(3_000);
      throw http(new SocketTimeoutException("Read timed out"));
    }));
    assertEquals(10_000L, limits.get(0));
    for (int i = 1; i < limits.size(); i++) {
      assertTrue(limits.get(i) < limits.get(i - 1) || limits.get(i) == Retrier.MIN_ATTEMPT_MS, limits.toString());
      assertTrue(limits.get(i) >= Retrier.MIN_ATTEMPT_MS, limits.toString());
    }
    assertTrue(t.seconds() <= 10.0 + 3.0 + 1e-9, "window plus one attempt at most: " + t.seconds());
    assertFalse(Retrier.attemptTimeLimitMs().isPresent(), "cleared after the call");
  }

  @Test
  void windowCanStartBeforeTheCall() {
    FakeTime t = new FakeTime();
    Retrier r = new Retrier(new RetryPolicy(1000, 3_000, 100, 500), new ConnectorMetrics(), t, t);
    long start = r.now();
    t.advanceMillis(2_900);
    assertThrows(DynamoDBConnectorException.class, () -> r.call("BatchWriteItem", start, () -> {
      t.advanceMillis(10);
      throw serverError();
    }));
    assertTrue(t.seconds() < 3.2, "kept the window begun before the call: " + t.seconds());
  }

  @Test
  void engineAttemptsNote() {
    assertEquals("task attempt 1 of 4 (mapreduce.map.maxattempts); the engine will retry it 3 more times",
        DynamoDBConnectorException.engineAttempts(1, 4, "mapreduce.map.maxattempts"));
    assertEquals("task attempt 3 of 4 (spark.task.maxFailures); the engine will retry it 1 more time",
        DynamoDBConnectorException.engineAttempts(3, 4, "spark.task.maxFailures"));
    assertTrue(DynamoDBConnectorException.engineAttempts(4, 4, "mapreduce.map.maxattempts")
        .endsWith("this was its last attempt, so the job fails"));

    IOException cause = new IOException("x");
    DynamoDBConnectorException e = new DynamoDBConnectorException("Scan of table 't' failed", cause);
    String note = DynamoDBConnectorException.engineAttempts(2, 4, "mapreduce.map.maxattempts");
    DynamoDBConnectorException noted = e.withEngineAttempts(note);
    assertEquals("Scan of table 't' failed [" + note + "]", noted.getMessage());
    assertSame(cause, noted.getCause());
    assertEquals(note, noted.engineNote());
    assertEquals(e.getStackTrace().length, noted.getStackTrace().length);
    assertSame(noted, noted.withEngineAttempts("again"), "noted once");
    assertNull(e.engineNote());
  }
}
