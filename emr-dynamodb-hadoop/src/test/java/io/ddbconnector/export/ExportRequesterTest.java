package io.ddbconnector.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddbconnector.conf.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DescribeExportRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeExportResponse;
import software.amazon.awssdk.services.dynamodb.model.ExportDescription;
import software.amazon.awssdk.services.dynamodb.model.ExportStatus;
import software.amazon.awssdk.services.dynamodb.model.ExportTableToPointInTimeRequest;
import software.amazon.awssdk.services.dynamodb.model.ExportTableToPointInTimeResponse;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/** The wait for a requested export, with a scripted DescribeExport and a recording sleeper (no real waits). */
class ExportRequesterTest {

  private static final String ARN = "arn:aws:dynamodb:us-east-1:123456789012:table/t/export/01700000000000-aaaaaaaa";

  /** Answers IN_PROGRESS {@code inProgress} times, then {@code last}. */
  private static DynamoDbClient describing(int inProgress, ExportDescription last) {
    return new DynamoDbClient() {
      private int calls;

      @Override
      public DescribeExportResponse describeExport(DescribeExportRequest request) {
        assertEquals(ARN, request.exportArn());
        ExportDescription d = ++calls <= inProgress
            ? ExportDescription.builder().exportArn(ARN).exportStatus(ExportStatus.IN_PROGRESS).build() : last;
        return DescribeExportResponse.builder().exportDescription(d).build();
      }

      @Override
      public String serviceName() {
        return "dynamodb";
      }

      @Override
      public void close() {}
    };
  }

  private static ExportDescription started() {
    return ExportDescription.builder().exportArn(ARN).exportStatus(ExportStatus.IN_PROGRESS).build();
  }

  @Test
  void pollsWithDoublingWaitsCappedAtAMinuteUntilCompleted() {
    List<Long> waits = new ArrayList<>();
    ExportDescription done = ExportDescription.builder().exportArn(ARN).exportStatus(ExportStatus.COMPLETED)
        .exportManifest("p/AWSDynamoDB/01700000000000-aaaaaaaa/manifest-summary.json").build();
    ExportDescription d = new ExportRequester(describing(5, done), waits::add).await(started(), 10_000, 3_600_000);
    assertEquals(ExportStatus.COMPLETED, d.exportStatus());
    assertEquals(List.of(10_000L, 20_000L, 40_000L, 60_000L, 60_000L, 60_000L), waits);
  }

  @Test
  void aFailedExportNamesTheFailureCodeAndMessage() {
    ExportDescription failed = ExportDescription.builder().exportArn(ARN).exportStatus(ExportStatus.FAILED)
        .failureCode("PointInTimeRecoveryUnavailable").failureMessage("PITR is not enabled").build();
    InvalidExportException e = assertThrows(InvalidExportException.class,
        () -> new ExportRequester(describing(1, failed), ms -> { }).await(started(), 1, 3_600_000));
    assertTrue(e.getMessage().contains(ARN) && e.getMessage().contains("FAILED")
        && e.getMessage().contains("PointInTimeRecoveryUnavailable") && e.getMessage().contains("PITR is not enabled"),
        e.getMessage());
  }

  @Test
  void aThrottledRequestIsRetriedWithTheSameClientToken() {
    List<String> tokens = new ArrayList<>();
    ExportDescription done = ExportDescription.builder().exportArn(ARN).exportStatus(ExportStatus.COMPLETED)
        .exportManifest("p/AWSDynamoDB/01700000000000-aaaaaaaa/manifest-summary.json").build();
    DynamoDbClient describing = describing(0, done);
    DynamoDbClient client = new DynamoDbClient() {
      @Override
      public ExportTableToPointInTimeResponse exportTableToPointInTime(ExportTableToPointInTimeRequest request) {
        tokens.add(request.clientToken());
        if (tokens.size() == 1) {
          throw (DynamoDbException) DynamoDbException.builder().statusCode(400).awsErrorDetails(AwsErrorDetails
              .builder().errorCode("ThrottlingException").errorMessage("Rate exceeded").build()).build();
        }
        return ExportTableToPointInTimeResponse.builder().exportDescription(started()).build();
      }

      @Override
      public DescribeExportResponse describeExport(DescribeExportRequest request) {
        return describing.describeExport(request);
      }

      @Override
      public String serviceName() {
        return "dynamodb";
      }

      @Override
      public void close() {}
    };
    Settings s = Settings.of(Map.of("dynamodb.input.tableName", "arn:aws:dynamodb:us-east-1:123456789012:table/t",
        "dynamodb.export.request.s3Bucket", "b", "dynamodb.export.request.pollMs", "1",
        "dynamodb.retry.baseDelayMs", "1"));
    String path = new ExportRequester(client, ms -> { }).requestAndWait(s);
    assertEquals("s3a://b/p/AWSDynamoDB/01700000000000-aaaaaaaa/manifest-summary.json", path);
    assertEquals(2, tokens.size(), "retried once: " + tokens);
    assertEquals(tokens.get(0), tokens.get(1), "one client token, so the service starts one export");
  }
}
