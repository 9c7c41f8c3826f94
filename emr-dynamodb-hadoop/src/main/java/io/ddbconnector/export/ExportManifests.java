package io.ddbconnector.export;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * Parses the two manifests of a DynamoDB export, as the DynamoDB developer guide documents them ("DynamoDB table
 * export output format"): {@code manifest-summary.json}, one JSON object ({@code version}, {@code exportArn},
 * {@code startTime}, {@code endTime}, {@code tableArn}, {@code tableId}, {@code exportTime}, {@code s3Bucket},
 * {@code s3Prefix}, {@code s3SseAlgorithm}, {@code s3SseKmsKeyId}, {@code manifestFilesS3Key},
 * {@code billedSizeBytes}, {@code itemCount}, {@code outputFormat}, and {@code exportType} on newer exports), and
 * {@code manifest-files.json}, one JSON object per line ({@code itemCount}, {@code md5Checksum}, {@code etag},
 * {@code dataFileS3Key}). Plain JSON is read with the AWS SDK's own JSON parser (already on the classpath).
 */
public final class ExportManifests {

  public static final String SUMMARY = "manifest-summary.json";
  public static final String FILES = "manifest-files.json";
  public static final String STARTED = "_started";

  private ExportManifests() {}

  /** What the connector uses of {@code manifest-summary.json}. */
  public static final class Summary {
    private final String exportArn;
    private final String tableArn;
    private final String exportTime;
    private final String manifestFilesS3Key;
    private final long itemCount;
    private final String outputFormat;
    private final String exportType;

    Summary(String exportArn, String tableArn, String exportTime, String manifestFilesS3Key, long itemCount,
        String outputFormat, String exportType) {
      this.exportArn = exportArn;
      this.tableArn = tableArn;
      this.exportTime = exportTime;
      this.manifestFilesS3Key = manifestFilesS3Key;
      this.itemCount = itemCount;
      this.outputFormat = outputFormat;
      this.exportType = exportType;
    }

    public String exportArn() { return exportArn; }
    public String tableArn() { return tableArn; }
    /** The point in time the export holds the table as of. */
    public String exportTime() { return exportTime; }
    public String manifestFilesS3Key() { return manifestFilesS3Key; }
    /** Items in the whole export, or -1 when not given. */
    public long itemCount() { return itemCount; }
    public String outputFormat() { return outputFormat; }
    public String exportType() { return exportType; }

    /** The table's name, from {@link #tableArn()} ({@code arn:...:table/NAME}), or null. */
    public String tableName() {
      if (tableArn == null) {
        return null;
      }
      int at = tableArn.indexOf(":table/");
      return at < 0 ? null : tableArn.substring(at + ":table/".length());
    }
  }

  /** One line of {@code manifest-files.json}. */
  public static final class FileEntry {
    private final String dataFileS3Key;
    private final long itemCount;

    FileEntry(String dataFileS3Key, long itemCount) {
      this.dataFileS3Key = dataFileS3Key;
      this.itemCount = itemCount;
    }

    public String dataFileS3Key() { return dataFileS3Key; }
    public long itemCount() { return itemCount; }
  }

  /**
   * Parses {@code manifest-summary.json}; {@code where} names the file in errors. Refuses what this connector
   * cannot read as items: {@code ION} output and incremental exports.
   */
  public static Summary parseSummary(String json, String where) {
    Map<String, JsonNode> o = object(json, where);
    String format = text(o, "outputFormat");
    if (format != null && !"DYNAMODB_JSON".equals(format)) {
      throw new InvalidExportException(where + ": outputFormat is " + format + "; only DYNAMODB_JSON exports can be"
          + " read (request the export with ExportFormat DYNAMODB_JSON)");
    }
    String type = text(o, "exportType");
    if (type != null && !"FULL_EXPORT".equals(type)) {
      throw new InvalidExportException(where + ": exportType is " + type + "; only full exports can be read (an"
          + " incremental export holds changes, not the table's items)");
    }
    return new Summary(text(o, "exportArn"), text(o, "tableArn"), text(o, "exportTime"),
        text(o, "manifestFilesS3Key"), count(o, "itemCount", where, false), format, type);
  }

  /** Parses {@code manifest-files.json}: one object per line, blank lines skipped; errors name the line. */
  public static List<FileEntry> parseFiles(String text, String where) {
    List<FileEntry> out = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty()) {
        continue;
      }
      String at = where + ", line " + (i + 1);
      Map<String, JsonNode> o = object(line, at);
      String key = text(o, "dataFileS3Key");
      if (key == null || key.isEmpty()) {
        throw new InvalidExportException(at + ": no \"dataFileS3Key\" in " + line);
      }
      out.add(new FileEntry(key, count(o, "itemCount", at, true)));
    }
    return Collections.unmodifiableList(out);
  }

  private static Map<String, JsonNode> object(String json, String where) {
    JsonNode node;
    try {
      node = JsonNode.parser().parse(json);
    } catch (RuntimeException e) {
      throw new InvalidExportException(where + " is not valid JSON: " + e.getMessage(), e);
    }
    if (node == null || !node.isObject()) {
      throw new InvalidExportException(where + " is not a JSON object");
    }
    return node.asObject();
  }

  private static String text(Map<String, JsonNode> o, String field) {
    JsonNode v = o.get(field);
    return v == null || v.isNull() ? null : v.isString() ? v.asString() : v.text();
  }

  private static long count(Map<String, JsonNode> o, String field, String where, boolean required) {
    JsonNode v = o.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        throw new InvalidExportException(where + ": no \"" + field + "\"");
      }
      return -1;
    }
    try {
      long n = Long.parseLong(v.isNumber() ? v.asNumber() : v.asString());
      if (n < 0) {
        throw new NumberFormatException("negative");
      }
      return n;
    } catch (RuntimeException e) {
      throw new InvalidExportException(where + ": \"" + field + "\" is not a count: " + v.text());
    }
  }
}
