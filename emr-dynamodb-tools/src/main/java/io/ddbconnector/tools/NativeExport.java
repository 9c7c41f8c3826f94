package io.ddbconnector.tools;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbconnector.conf.Settings;
import io.ddbconnector.export.ExportManifests;
import io.ddbconnector.table.TableInfo;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Locale;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Writes the layout of DynamoDB's native export to S3 ({@code DYNAMODB_JSON}), as the DynamoDB developer guide
 * describes it ("DynamoDB table export output format"), under {@code DIR/AWSDynamoDB/<export-id>/}:
 *
 * <ul>
 *   <li>{@code _started}, empty, written first;
 *   <li>{@code data/<id>.json.gz}: one {@code {"Item":{...}}} per line;
 *   <li>{@code manifest-files.json}: one JSON object per data file, {@code itemCount}, {@code md5Checksum}
 *       (base64), {@code etag} (hex MD5: the ETag of a single-part upload) and {@code dataFileS3Key};
 *   <li>{@code manifest-summary.json}, written last: {@code version}, {@code exportArn}, {@code startTime},
 *       {@code endTime}, {@code tableArn}, {@code tableId}, {@code exportTime}, {@code s3Bucket},
 *       {@code s3Prefix}, {@code s3SseAlgorithm}, {@code s3SseKmsKeyId}, {@code manifestFilesS3Key},
 *       {@code billedSizeBytes}, {@code itemCount}, {@code outputFormat}, {@code exportType}.
 * </ul>
 *
 * Keys are relative to DIR as the service's are to the bucket. What only the service knows is marked: the
 * account in the ARNs is {@code 000000000000}, {@code tableId} is null, {@code billedSizeBytes} is 0. The
 * {@code .checksum} files of the service are not written.
 */
final class NativeExport {

  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";
  private static final SecureRandom RANDOM = new SecureRandom();

  private NativeExport() {}

  static String randomName(int length) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return sb.toString();
  }

  static final class Writer implements ExportLayout.Writer {
    private final FileSystem fs;
    private final Path prefix;
    private final String exportId;
    private final Path exportDir;
    private final String relative;
    private final String startTime = Instant.now().toString();
    private final java.util.Map<Integer, String> names = new java.util.concurrent.ConcurrentHashMap<>();

    Writer(FileSystem fs, Path prefix) {
      this.fs = fs;
      this.prefix = prefix;
      this.exportId = String.format(Locale.ROOT, "%013d-%s", System.currentTimeMillis(),
          String.format(Locale.ROOT, "%08x", RANDOM.nextInt()));
      this.relative = "AWSDynamoDB/" + exportId + "/";
      this.exportDir = new Path(prefix, relative);
      try {
        fs.mkdirs(new Path(exportDir, "data"));
        FileSystems.writeString(fs, new Path(exportDir, "_started"), "");
      } catch (IOException e) {
        throw new ToolException("cannot write to " + exportDir + ": " + e.getMessage(), e);
      }
    }

    @Override
    public Path dataDir() {
      return exportDir;
    }

    @Override
    public Path file(int i) {
      return new Path(new Path(exportDir, "data"), names.computeIfAbsent(i, k -> randomName(26)) + ".json.gz");
    }

    @Override
    public String finish(TableInfo table, long[] counts, String exportStart, Settings settings) throws IOException {
      String tableArn = "arn:aws:dynamodb:" + ExportLayout.region(settings) + ":000000000000:table/"
          + table.tableName();
      StringBuilder files = new StringBuilder();
      long total = 0;
      for (int i = 0; i < counts.length; i++) {
        Path f = file(i);
        String[] md5 = ExportLayout.md5(fs, f);
        ObjectNode line = ExportLayout.object();
        line.put("itemCount", counts[i]);
        line.put("md5Checksum", md5[0]);
        line.put("etag", md5[1]);
        line.put("dataFileS3Key", relative + "data/" + f.getName());
        files.append(ExportLayout.JSON.writeValueAsString(line)).append('\n');
        total += counts[i];
      }
      FileSystems.writeString(fs, new Path(exportDir, ExportManifests.FILES), files.toString());
      ObjectNode s = ExportLayout.object();
      s.put("version", "2020-06-30");
      s.put("exportArn", tableArn + "/export/" + exportId);
      s.put("startTime", startTime);
      s.put("endTime", Instant.now().toString());
      s.put("tableArn", tableArn);
      s.putNull("tableId");
      s.put("exportTime", startTime);
      s.put("s3Bucket", prefix.toUri().getAuthority() == null ? prefix.toUri().getPath()
          : prefix.toUri().getAuthority());
      s.putNull("s3Prefix");
      s.put("s3SseAlgorithm", "AES256");
      s.putNull("s3SseKmsKeyId");
      s.put("manifestFilesS3Key", relative + ExportManifests.FILES);
      s.put("billedSizeBytes", 0);
      s.put("itemCount", total);
      s.put("outputFormat", "DYNAMODB_JSON");
      s.put("exportType", "FULL_EXPORT");
      Path summary = new Path(exportDir, ExportManifests.SUMMARY);
      FileSystems.writeString(fs, summary,
          ExportLayout.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(s) + "\n");
      return summary.toString();
    }
  }
}
