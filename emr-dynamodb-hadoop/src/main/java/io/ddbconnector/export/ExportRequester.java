package io.ddbconnector.export;

import io.ddbconnector.client.ClientSettings;
import io.ddbconnector.client.DynamoDBClientFactory;
import io.ddbconnector.conf.ConnectorOptions;
import io.ddbconnector.conf.Settings;
import io.ddbconnector.throughput.ConnectorMetrics;
import io.ddbconnector.throughput.Retrier;
import io.ddbconnector.throughput.RetryPolicy;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DescribeExportRequest;
import software.amazon.awssdk.services.dynamodb.model.ExportDescription;
import software.amazon.awssdk.services.dynamodb.model.ExportFormat;
import software.amazon.awssdk.services.dynamodb.model.ExportStatus;
import software.amazon.awssdk.services.dynamodb.model.ExportTableToPointInTimeRequest;

/**
 * Requests a point-in-time export of a table ({@code ExportTableToPointInTime}, {@code DYNAMODB_JSON}, full) and
 * waits for it, polling {@code DescribeExport} with doubling waits ({@link ConnectorOptions#EXPORT_REQUEST_POLL_MS}
 * up to 60 s) until it is {@code COMPLETED}: then the path to read is {@code <bucketUri>/<ExportManifest>} (the
 * export's {@code manifest-summary.json}). {@code FAILED} fails with the service's failure code and message; the
 * wait ends at {@link ConnectorOptions#EXPORT_REQUEST_TIMEOUT_MS}. The request carries a client token, so that a
 * retried request does not start a second export. Uses the connector's client ({@link DynamoDBClientFactory}) and
 * retries ({@link Retrier}: throttling, 5xx and connection errors, within {@code dynamodb.retry.*}).
 */
public final class ExportRequester {

  private static final Logger LOG = LoggerFactory.getLogger(ExportRequester.class);
  static final long MAX_POLL_MS = 60_000;

  /** Sleeps; replaced in tests. */
  public interface Sleeper {
    void sleep(long ms) throws InterruptedException;
  }

  private final DynamoDbClient client;
  private final Sleeper sleeper;

  public ExportRequester(DynamoDbClient client, Sleeper sleeper) {
    this.client = client;
    this.sleeper = sleeper;
  }

  /** True when the settings ask for an export to be requested (and no export path is given). */
  public static boolean requested(Settings settings) {
    return !settings.isSet(ConnectorOptions.EXPORT_PATH) && settings.isSet(ConnectorOptions.EXPORT_REQUEST_S3_BUCKET);
  }

  /** The export to read: {@code dynamodb.export.path}, or the path of a newly requested and completed export. */
  public static String exportPath(Settings settings) {
    if (settings.isSet(ConnectorOptions.EXPORT_PATH)) {
      return settings.get(ConnectorOptions.EXPORT_PATH);
    }
    if (!settings.isSet(ConnectorOptions.EXPORT_REQUEST_S3_BUCKET)) {
      throw new IllegalArgumentException("no export to read: set " + ConnectorOptions.EXPORT_PATH.name() + ", or "
          + ConnectorOptions.EXPORT_REQUEST_S3_BUCKET.name() + " to request one");
    }
    DynamoDbClient client = DynamoDBClientFactory.shared(ClientSettings.from(settings));
    return new ExportRequester(client, Thread::sleep).requestAndWait(settings);
  }

  /** Requests the export the settings describe, waits for it and returns the path of its summary. */
  public String requestAndWait(Settings settings) {
    String table = settings.find(ConnectorOptions.INPUT_TABLE_NAME).orElseThrow(() -> new IllegalArgumentException(
        ConnectorOptions.EXPORT_REQUEST_S3_BUCKET.name() + " is set: " + ConnectorOptions.INPUT_TABLE_NAME.name()
            + " must name the table (or give its ARN) to export"));
    String bucket = settings.get(ConnectorOptions.EXPORT_REQUEST_S3_BUCKET);
    Retrier retrier = new Retrier(RetryPolicy.from(settings), new ConnectorMetrics());
    String tableArn = table.startsWith("arn:") ? table : retrier.call("DescribeTable of table '" + table + "'",
        () -> client.describeTable(b -> b.tableName(table)).table().tableArn());
    ExportTableToPointInTimeRequest.Builder rq = ExportTableToPointInTimeRequest.builder().tableArn(tableArn)
        .s3Bucket(bucket).exportFormat(ExportFormat.DYNAMODB_JSON).clientToken(UUID.randomUUID().toString());
    settings.find(ConnectorOptions.EXPORT_REQUEST_S3_PREFIX).ifPresent(rq::s3Prefix);
    settings.find(ConnectorOptions.EXPORT_REQUEST_EXPORT_TIME).ifPresent(t -> rq.exportTime(instant(t)));
    ExportTableToPointInTimeRequest request = rq.build(); // one client token for every attempt
    ExportDescription d = retrier.call("ExportTableToPointInTime of " + tableArn,
        () -> client.exportTableToPointInTime(request).exportDescription());
    LOG.info("Requested export {} of {} to s3://{}/{}", d.exportArn(), tableArn, bucket,
        settings.find(ConnectorOptions.EXPORT_REQUEST_S3_PREFIX).orElse(""));
    d = await(d, settings.get(ConnectorOptions.EXPORT_REQUEST_POLL_MS),
        settings.get(ConnectorOptions.EXPORT_REQUEST_TIMEOUT_MS));
    String root = settings.find(ConnectorOptions.EXPORT_REQUEST_BUCKET_URI).orElse("s3a://" + bucket);
    String manifest = d.exportManifest();
    if (manifest == null || manifest.isEmpty()) {
      throw new InvalidExportException("export " + d.exportArn() + " is COMPLETED but DescribeExport names no"
          + " ExportManifest");
    }
    return (root.endsWith("/") ? root : root + "/") + manifest;
  }

  /** Polls until the export leaves IN_PROGRESS; returns the COMPLETED description. */
  ExportDescription await(ExportDescription first, long pollMs, long timeoutMs) {
    long start = System.nanoTime();
    long wait = pollMs;
    ExportDescription d = first;
    while (d.exportStatus() == ExportStatus.IN_PROGRESS || d.exportStatus() == null) {
      long elapsed = (System.nanoTime() - start) / 1_000_000;
      if (elapsed >= timeoutMs) {
        throw new InvalidExportException("export " + d.exportArn() + " is still IN_PROGRESS after " + elapsed
            + " ms (" + ConnectorOptions.EXPORT_REQUEST_TIMEOUT_MS.name() + " = " + timeoutMs + "); it goes on:"
            + " read it later with " + ConnectorOptions.EXPORT_PATH.name());
      }
      try {
        sleeper.sleep(Math.min(wait, timeoutMs - elapsed));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InvalidExportException("interrupted while waiting for export " + d.exportArn(), e);
      }
      wait = Math.min(MAX_POLL_MS, wait * 2);
      String arn = d.exportArn();
      try {
        d = client.describeExport(DescribeExportRequest.builder().exportArn(arn).build()).exportDescription();
      } catch (SdkException e) {
        if (!e.retryable()) {
          throw e;
        }
        LOG.warn("DescribeExport of {} failed, asking again: {}", arn, e.toString());
      }
    }
    if (d.exportStatus() == ExportStatus.FAILED) {
      throw new InvalidExportException("export " + d.exportArn() + " FAILED: " + d.failureCode() + ": "
          + d.failureMessage());
    }
    if (d.exportStatus() != ExportStatus.COMPLETED) {
      throw new InvalidExportException("export " + d.exportArn() + " is " + d.exportStatusAsString());
    }
    LOG.info("Export {} COMPLETED: {} items as of {}", d.exportArn(), d.itemCount(), d.exportTime());
    return d;
  }

  private static Instant instant(String text) {
    try {
      return Instant.parse(text.trim());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(ConnectorOptions.EXPORT_REQUEST_EXPORT_TIME.name() + " must be an ISO-8601"
          + " instant such as 2026-01-02T03:04:05Z, got '" + text + "'", e);
    }
  }
}
