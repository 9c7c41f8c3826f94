package io.ddbconnector.throughput;

import io.ddbconnector.exceptions.DynamoDBConnectorException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

class RetrierTest {

  private static DynamoDbException error(String code, int status) {
    return (DynamoDbException) DynamoDbException.builder().statusCode(status)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("msg " + code).build()).build();
  }

  @Test
  void classifiesNamedErrorsOnly() {
    assertEquals(Retrier.Kind.THROTTLE, Retrier.classify(ProvisionedThroughputExceededException.builder().build()));
    assertEquals(Retrier.Kind.THROTTLE, Retrier.classify(error("ThrottlingException", 400)));
    assertEquals(Retrier.Kind.THROTTLE, Retrier.classify(error("RequestLimitExceeded", 400)));
    assertEquals(Retrier.Kind.TRANSIENT, Retrier.classify(error("InternalServerError", 500)));
    assertEquals(Retrier.Kind.TRANSIENT, Retrier.classify(error("ServiceUnavailable", 503)));
    assertEquals(Retrier.Kind.TRANSIENT, Retrier.classify(
        SdkClientException.create("Unable to execute HTTP request", new IOException("Connection reset"))));
    assertEquals(Retrier.Kind.FATAL, Retrier.classify(error("ValidationException", 400)));
    assertEquals(Retrier.Kind.FATAL, Retrier.classify(ResourceNotFoundException.builder().build()));
    assertEquals(Retrier.Kind.FATAL, Retrier.classify(new IllegalStateException("bug")));
  }

  @Test
  void retriesUntilSuccessAndCounts() {
    FakeTime t = new FakeTime();
    ConnectorMetrics m = new ConnectorMetrics();
    Retrier r = new Retrier(new RetryPolicy(10, 60_000, 50, 1_000), m, t, t);
    AtomicInteger calls = new AtomicInteger();
    String out = r.call("Scan of table 't'", () -> {
      if (calls.incrementAndGet() < 4) {
        throw ProvisionedThroughputExceededException.builder().message("slow down").build();
      }
      return "ok";
    });
    assertEquals("ok", out);
    assertEquals(3, m.retries());
    assertEquals(3, m.throttleEvents());
    assertTrue(t.seconds() <= 0.05 + 0.1 + 0.2 + 1e-9, "full jitter stays below the ceilings");
  }

  @Test
  void fatalErrorFailsAtOnceWithTheServiceMessageAndWhat() {
    FakeTime t = new FakeTime();
    Retrier r = new Retrier(new RetryPolicy(10, 60_000, 50, 1_000), new ConnectorMetrics(), t, t);
    AtomicInteger calls = new AtomicInteger();
    DynamoDBConnectorException e = assertThrows(DynamoDBConnectorException.class, () -> r.call("Scan of table 'orders'",
        () -> {
          calls.incrementAndGet();
          throw error("ValidationException", 400);
        }));
    assertEquals(1, calls.get());
    assertTrue(e.getMessage().contains("Scan of table 'orders'"), e.getMessage());
    assertTrue(e.getMessage().contains("msg ValidationException"), e.getMessage());
  }

  @Test
  void givesUpAtTheTimeLimit() {
    FakeTime t = new FakeTime();
    Retrier r = new Retrier(new RetryPolicy(1000, 2_000, 100, 500), new ConnectorMetrics(), t, t);
    DynamoDBConnectorException e = assertThrows(DynamoDBConnectorException.class, () -> r.call("Scan of table 'x'",
        () -> {
          throw error("InternalServerError", 500);
        }));
    assertTrue(t.seconds() <= 2.0 + 1e-9, "stopped within the window: " + t.seconds());
    assertTrue(e.getMessage().contains("dynamodb.retry.maxDurationMs=2000"), e.getMessage());
  }
}
