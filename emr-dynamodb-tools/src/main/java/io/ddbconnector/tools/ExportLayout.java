package io.ddbconnector.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbconnector.conf.ConnectorOptions;
import io.ddbconnector.conf.Settings;
import io.ddbconnector.export.ExportManifests;
import io.ddbconnector.table.TableInfo;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The file layouts {@code export} writes and {@code import} reads: where the data files go, how an item
 * becomes a line, and the manifest written last.
 */
enum ExportLayout {
  /** This tool's: {@code part-NNNNN.json.gz} of DynamoDB JSON lines and {@code manifest.json}. */
  CONNECTOR("connector", "this tool's export (manifest.json)", ExportManifest.FILE_NAME, true),
  /**
   * DynamoDB's native export to S3 in {@code DYNAMODB_JSON}: {@code AWSDynamoDB/<export-id>/} holding
   * {@code manifest-summary.json}, {@code manifest-files.json} (a JSON object per line) and
   * {@code data/<id>.json.gz} with one {@code {"Item":{...}}} per line.
   */
  DYNAMODB_EXPORT("dynamodb-export", "DynamoDB export to S3, DYNAMODB_JSON (manifest-summary.json)",
      ExportManifests.SUMMARY, true),
  /** The EMR reference connector's ({@link ReferenceFormat}). */
  EMR("emr", "the EMR reference connector's export (manifest)", ReferenceFormat.MANIFEST, false);

  final String cliName;
  final String description;
  final String manifestName;
  final boolean gzip;

  ExportLayout(String cliName, String description, String manifestName, boolean gzip) {
    this.cliName = cliName;
    this.description = description;
    this.manifestName = manifestName;
    this.gzip = gzip;
  }

  static ExportLayout named(String name) {
    for (ExportLayout l : values()) {
      if (l.cliName.equalsIgnoreCase(name)) {
        return l;
      }
    }
    throw new UsageException("option --format must be connector, dynamodb-export or emr, got '" + name + "'");
  }

  void writeLine(Map<String, AttributeValue> item, java.io.Writer w) throws IOException {
    switch (this) {
      case EMR:
        ReferenceFormat.write(item, w);
        break;
      case DYNAMODB_EXPORT:
        ExportCommand.writeDynamoJson(item, w, true);
        break;
      default:
        ExportCommand.writeDynamoJson(item, w, false);
    }
  }

  /** Places the files of one export in {@code dir}. */
  Writer writer(FileSystem fs, Path dir) {
    switch (this) {
      case DYNAMODB_EXPORT:
        return new NativeExport.Writer(fs, dir);
      case EMR:
        return new EmrWriter(fs, dir);
      default:
        return new ConnectorWriter(fs, dir);
    }
  }

  /** Where the files of one export go, and its manifest. */
  interface Writer {
    /** The directory the data files go to. */
    Path dataDir();

    /** The data file of split {@code i}. */
    Path file(int i);

    /** Writes the manifest(s) once every file is complete; returns the manifest's path. */
    String finish(TableInfo table, long[] counts, String startTime, Settings settings) throws IOException;
  }

  private static final class ConnectorWriter implements Writer {
    private final FileSystem fs;
    private final Path dir;

    ConnectorWriter(FileSystem fs, Path dir) {
      this.fs = fs;
      this.dir = dir;
    }

    @Override
    public Path dataDir() {
      return dir;
    }

    @Override
    public Path file(int i) {
      return new Path(dir, ExportCommand.partName(i));
    }

    @Override
    public String finish(TableInfo table, long[] counts, String startTime, Settings settings) throws IOException {
      List<ExportManifest.FileEntry> files = new ArrayList<>();
      for (int i = 0; i < counts.length; i++) {
        files.add(new ExportManifest.FileEntry(ExportCommand.partName(i), counts[i]));
      }
      ExportManifest manifest = new ExportManifest(table.tableName(),
          Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString(), table.keys(), files);
      Path path = new Path(dir, ExportManifest.FILE_NAME);
      FileSystems.writeString(fs, path, manifest.toJson());
      return path.toString();
    }
  }

  /** As the reference's {@code DynamoDBExport} writes by default: uncompressed files, absolute URLs. */
  private static final class EmrWriter implements Writer {
    private final FileSystem fs;
    private final Path dir;
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    EmrWriter(FileSystem fs, Path dir) {
      this.fs = fs;
      this.dir = dir;
    }

    @Override
    public Path dataDir() {
      return dir;
    }

    @Override
    public Path file(int i) {
      return new Path(dir, String.format(Locale.ROOT, "%s-%05d", run, i));
    }

    @Override
    public String finish(TableInfo table, long[] counts, String startTime, Settings settings) throws IOException {
      List<String> urls = new ArrayList<>();
      for (int i = 0; i < counts.length; i++) {
        urls.add(fs.makeQualified(file(i)).toUri().toString());
      }
      Path path = new Path(dir, ReferenceFormat.MANIFEST);
      FileSystems.writeString(fs, path, ReferenceFormat.manifest(urls));
      return path.toString();
    }
  }

  /** MD5 of a file: {@code [base64, hex]}, as DynamoDB's manifest-files.json gives them. */
  static String[] md5(FileSystem fs, Path file) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    try (InputStream in = fs.open(file)) {
      byte[] buf = new byte[64 * 1024];
      int n;
      while ((n = in.read(buf)) > 0) {
        md.update(buf, 0, n);
      }
    }
    byte[] d = md.digest();
    return new String[] {Base64.getEncoder().encodeToString(d), HexFormat.of().formatHex(d)};
  }

  /** The region of the settings, for an ARN. */
  static String region(Settings settings) {
    return settings.find(ConnectorOptions.REGION).map(String::trim).filter(s -> !s.isEmpty()).orElse("us-east-1");
  }

  static final ObjectMapper JSON = new ObjectMapper();

  static ObjectNode object() {
    return JSON.createObjectNode();
  }
}
