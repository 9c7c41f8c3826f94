package io.ddbconnector.testkit.proxy;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;

/**
 * A stub of DynamoDB's export API, served by {@link ThrottlingProxy#enableExports}: {@code ExportTableToPointInTime}
 * and {@code DescribeExport}, with the request and response shapes of the DynamoDB API reference, since the
 * backend (dynalite) has no export API. A local directory stands for S3: bucket {@code B} is
 * {@code <root>/B}, and an export goes where the service puts it, {@code <root>/B/<S3Prefix>/AWSDynamoDB/<id>/}, in
 * the layout of the developer guide ("DynamoDB table export output format"): {@code _started}, then
 * {@code data/<26 chars>.json.gz} (gzip of {@code {"Item":{...}}} lines, written from the backend's Scan pages as
 * they come, so numbers keep their exact text), {@code manifest-files.json} (one line per data file:
 * {@code itemCount}, {@code md5Checksum}, {@code etag}, {@code dataFileS3Key}) and, last, when the export completes,
 * {@code manifest-summary.json}. The items are spread over {@value #DATA_FILES} files, one of them left empty as the
 * service's file for an empty partition.
 *
 * <p>Modelled: the export's life: {@code IN_PROGRESS} for as many {@code DescribeExport} calls as
 * {@link #setDescribesInProgress} says (the summary is written only on completion, so an export still in progress
 * reads as unfinished), then {@code COMPLETED} with {@code ExportManifest}, {@code ItemCount} and
 * {@code BilledSizeBytes}; {@link #failNextExport} makes the next export end {@code FAILED} with the given
 * {@code FailureCode} and {@code FailureMessage} (no summary written); a repeated {@code ClientToken} returns the
 * same export; unknown tables ({@code TableNotFoundException}) and export ARNs ({@code ExportNotFoundException});
 * a missing {@code TableArn} or {@code S3Bucket} ({@code ValidationException}).
 *
 * <p>Not modelled: point-in-time recovery (the service refuses tables without it; dynalite has no
 * {@code DescribeContinuousBackups}), the point in time itself (the items are those of a Scan made when the request
 * arrives, not a snapshot at {@code ExportTime}), {@code ION} output and incremental exports (refused with a
 * {@code ValidationException}), S3 permissions, bucket owners and encryption ({@code S3SseAlgorithm} is echoed),
 * the {@code .checksum} files, {@code ListExports}, export pricing and throughput (the Scan is neither metered nor
 * counted by the proxy).
 */
public final class ExportApi {

  static final Set<String> OPERATIONS = Set.of("ExportTableToPointInTime", "DescribeExport");
  static final int DATA_FILES = 3;
  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";

  private final Path root;
  private final Map<String, Export> byArn = new ConcurrentHashMap<>();
  private final Map<String, Export> byToken = new ConcurrentHashMap<>();
  private final AtomicInteger requested = new AtomicInteger();
  private volatile int describesInProgress = 1;
  private volatile String[] nextFailure;

  ExportApi(Path root) {
    this.root = root;
  }

  /** The directory standing for S3: bucket {@code B} is its subdirectory {@code B}. */
  public Path root() {
    return root;
  }

  /** How many {@code DescribeExport} calls of each new export answer {@code IN_PROGRESS} before it completes. */
  public void setDescribesInProgress(int calls) {
    describesInProgress = Math.max(0, calls);
  }

  /** The next export requested ends {@code FAILED} with this code and message. */
  public void failNextExport(String failureCode, String failureMessage) {
    nextFailure = new String[] {failureCode, failureMessage};
  }

  /** Exports requested so far (a repeated client token not counted). */
  public int exportsRequested() {
    return requested.get();
  }

  private static final class Export {
    final Map<String, Object> description = new LinkedHashMap<>();
    final Path dir;
    final String[] failure;
    final long itemCount;
    final long bytes;
    final String summary;
    int describes;

    Export(Path dir, String[] failure, long itemCount, long bytes, String summary) {
      this.dir = dir;
      this.failure = failure;
      this.itemCount = itemCount;
      this.bytes = bytes;
      this.summary = summary;
    }
  }

  Http.Message serve(String op, byte[] body, StreamsEmulator.BackendCall backend) throws IOException {
    Object parsed = Json.parse(body, 0, body.length);
    if (!(parsed instanceof Map)) {
      return ThrottlingProxy.error(400, "SerializationException", "the request body is not a JSON object");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> rq = (Map<String, Object>) parsed;
    return op.equals("DescribeExport") ? describe(rq) : export(rq, backend);
  }

  private synchronized Http.Message describe(Map<String, Object> rq) throws IOException {
    Object arn = rq.get("ExportArn");
    Export e = arn == null ? null : byArn.get(arn.toString());
    if (e == null) {
      return ThrottlingProxy.error(400, "ExportNotFoundException", "Export not found: " + arn);
    }
    if ("IN_PROGRESS".equals(e.description.get("ExportStatus")) && ++e.describes > describesInProgress) {
      complete(e);
    }
    return StreamsApi.ok(Map.of("ExportDescription", e.description));
  }

  private synchronized Http.Message export(Map<String, Object> rq, StreamsEmulator.BackendCall backend)
      throws IOException {
    Object token = rq.get("ClientToken");
    if (token != null && byToken.containsKey(token.toString())) {
      return StreamsApi.ok(Map.of("ExportDescription", byToken.get(token.toString()).description));
    }
    Object tableArn = rq.get("TableArn");
    Object bucket = rq.get("S3Bucket");
    if (tableArn == null || bucket == null) {
      return ThrottlingProxy.error(400, "ValidationException", "TableArn and S3Bucket are required");
    }
    Object format = rq.getOrDefault("ExportFormat", "DYNAMODB_JSON");
    Object type = rq.getOrDefault("ExportType", "FULL_EXPORT");
    if (!"DYNAMODB_JSON".equals(format) || !"FULL_EXPORT".equals(type)) {
      return ThrottlingProxy.error(400, "ValidationException", "this stub writes only FULL_EXPORT in DYNAMODB_JSON,"
          + " got " + type + " in " + format);
    }
    String arn = tableArn.toString();
    int at = arn.indexOf(":table/");
    String table = at < 0 ? arn : arn.substring(at + ":table/".length());
    Instant start = Instant.now();
    String id = String.format(Locale.ROOT, "%013d-%08x", start.toEpochMilli(), ThreadLocalRandom.current().nextInt());
    String prefix = rq.get("S3Prefix") == null ? "" : rq.get("S3Prefix").toString();
    String relative = (prefix.isEmpty() ? "" : (prefix.endsWith("/") ? prefix : prefix + "/")) + "AWSDynamoDB/" + id
        + "/";
    Path dir = root.resolve(bucket.toString()).resolve(relative);
    Files.createDirectories(dir.resolve("data"));
    Files.write(dir.resolve("_started"), new byte[0]);

    String[] names = new String[DATA_FILES];
    List<OutputStream> outs = new ArrayList<>();
    for (int i = 0; i < DATA_FILES; i++) {
      names[i] = randomName();
      outs.add(new GZIPOutputStream(Files.newOutputStream(dir.resolve("data").resolve(names[i] + ".json.gz"))));
    }
    long[] counts = new long[DATA_FILES];
    long bytes = 0;
    Object startKey = null;
    try {
      do {
        Map<String, Object> scan = new LinkedHashMap<>();
        scan.put("TableName", table);
        if (startKey != null) {
          scan.put("ExclusiveStartKey", startKey);
        }
        Http.Message page = backend.call("Scan", scan);
        if (page == null || !"200".equals(page.second)) {
          String text = page == null ? "no answer" : new String(page.body, StandardCharsets.UTF_8);
          for (OutputStream o : outs) {
            o.close();
          }
          if (text.contains("ResourceNotFoundException")) {
            return ThrottlingProxy.error(400, "TableNotFoundException", "Table not found: " + arn);
          }
          return ThrottlingProxy.error(500, "InternalServerError", "export stub: Scan failed: " + text);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) Json.parse(page.body, 0, page.body.length);
        @SuppressWarnings("unchecked")
        List<Object> items = (List<Object>) result.getOrDefault("Items", List.of());
        for (Object item : items) {
          int f = (int) ((counts[0] + counts[1] + counts[2]) % (DATA_FILES - 1)); // the last file stays empty
          byte[] line = (Json.write(Map.of("Item", item)) + "\n").getBytes(StandardCharsets.UTF_8);
          outs.get(f).write(line);
          counts[f]++;
          bytes += line.length;
        }
        startKey = result.get("LastEvaluatedKey");
      } while (startKey != null);
    } finally {
      for (OutputStream o : outs) {
        o.close();
      }
    }
    StringBuilder files = new StringBuilder();
    long total = 0;
    for (int i = 0; i < DATA_FILES; i++) {
      Path f = dir.resolve("data").resolve(names[i] + ".json.gz");
      byte[] md5 = md5(Files.readAllBytes(f));
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("itemCount", counts[i]);
      line.put("md5Checksum", Base64.getEncoder().encodeToString(md5));
      line.put("etag", HexFormat.of().formatHex(md5));
      line.put("dataFileS3Key", relative + "data/" + names[i] + ".json.gz");
      files.append(Json.write(line)).append('\n');
      total += counts[i];
    }
    Files.writeString(dir.resolve("manifest-files.json"), files.toString());

    String exportArn = arn + "/export/" + id;
    BigDecimal exportTime = rq.get("ExportTime") instanceof BigDecimal ? (BigDecimal) rq.get("ExportTime")
        : epoch(start);
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("version", "2020-06-30");
    summary.put("exportArn", exportArn);
    summary.put("startTime", start.toString());
    summary.put("endTime", null);
    summary.put("tableArn", arn);
    summary.put("tableId", null);
    summary.put("exportTime", Instant.ofEpochMilli(exportTime.movePointRight(3).longValue()).toString());
    summary.put("s3Bucket", bucket.toString());
    summary.put("s3Prefix", prefix.isEmpty() ? null : prefix);
    summary.put("s3SseAlgorithm", rq.getOrDefault("S3SseAlgorithm", "AES256"));
    summary.put("s3SseKmsKeyId", null);
    summary.put("manifestFilesS3Key", relative + "manifest-files.json");
    summary.put("billedSizeBytes", bytes);
    summary.put("itemCount", total);
    summary.put("outputFormat", "DYNAMODB_JSON");
    summary.put("exportType", "FULL_EXPORT");

    String[] failure = nextFailure;
    nextFailure = null;
    Export e = new Export(dir, failure, total, bytes, Json.write(summary));
    Map<String, Object> d = e.description;
    d.put("ExportArn", exportArn);
    d.put("ExportStatus", "IN_PROGRESS");
    d.put("StartTime", epoch(start));
    d.put("TableArn", arn);
    d.put("ExportTime", exportTime);
    if (token != null) {
      d.put("ClientToken", token.toString());
    }
    d.put("S3Bucket", bucket.toString());
    if (!prefix.isEmpty()) {
      d.put("S3Prefix", prefix);
    }
    d.put("S3SseAlgorithm", rq.getOrDefault("S3SseAlgorithm", "AES256"));
    d.put("ExportFormat", "DYNAMODB_JSON");
    d.put("ExportType", "FULL_EXPORT");
    byArn.put(exportArn, e);
    if (token != null) {
      byToken.put(token.toString(), e);
    }
    requested.incrementAndGet();
    if (describesInProgress == 0) {
      complete(e);
    }
    return StreamsApi.ok(Map.of("ExportDescription", d));
  }

  private void complete(Export e) throws IOException {
    Map<String, Object> d = e.description;
    d.put("EndTime", epoch(Instant.now()));
    if (e.failure != null) {
      d.put("ExportStatus", "FAILED");
      d.put("FailureCode", e.failure[0]);
      d.put("FailureMessage", e.failure[1]);
      return;
    }
    String summary = e.summary.replace("\"endTime\":null", "\"endTime\":" + Json.write(Instant.now().toString()));
    Files.writeString(e.dir.resolve("manifest-summary.json"), summary);
    d.put("ExportStatus", "COMPLETED");
    String manifestKey = root.resolve(d.get("S3Bucket").toString()).relativize(e.dir.resolve("manifest-summary.json"))
        .toString().replace('\\', '/');
    d.put("ExportManifest", manifestKey);
    d.put("ItemCount", e.itemCount);
    d.put("BilledSizeBytes", e.bytes);
  }

  private static BigDecimal epoch(Instant t) {
    return BigDecimal.valueOf(t.toEpochMilli()).movePointLeft(3);
  }

  private static String randomName() {
    StringBuilder sb = new StringBuilder(26);
    for (int i = 0; i < 26; i++) {
      sb.append(ALPHABET.charAt(ThreadLocalRandom.current().nextInt(ALPHABET.length())));
    }
    return sb.toString();
  }

  private static byte[] md5(byte[] bytes) {
    try {
      return MessageDigest.getInstance("MD5").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new UncheckedIOException(new IOException(e));
    }
  }
}
