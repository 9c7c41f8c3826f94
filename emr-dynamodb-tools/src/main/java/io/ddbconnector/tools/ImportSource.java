package io.ddbconnector.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ddbconnector.table.TableInfo;
import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import io.ddbconnector.types.DynamoJson;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.security.AccessControlException;

/**
 * The files an import reads, found from the directory it is given. Two layouts:
 *
 * <ul>
 *   <li>this tool's export: {@code manifest.json} listing {@code part-NNNNN.json.gz} files and the key schema;
 *   <li>DynamoDB's native export to S3 in {@code DYNAMODB_JSON} format: {@code manifest-summary.json},
 *       {@code manifest-files.json} (one JSON object per line naming a {@code dataFileS3Key} and its
 *       {@code itemCount}) and {@code data/*.json.gz} with one {@code {"Item":{...}}} per line. The directory
 *       may be {@code AWSDynamoDB/<export-id>/} or a prefix holding a single such export.
 *   <li>the EMR reference connector's export: a file named {@code manifest} listing the data files' URLs,
 *       items in its own encoding ({@link ReferenceFormat}).
 * </ul>
 *
 * Every listed file is checked to exist before anything is imported.
 */
final class ImportSource {

  static final String NATIVE_SUMMARY = "manifest-summary.json";
  static final String NATIVE_FILES = "manifest-files.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One data file; {@code expectedItems} is -1 when no manifest says. */
  static final class DataFile {
    final Path path;
    final String name;
    final long expectedItems;

    DataFile(Path path, String name, long expectedItems) {
      this.path = path;
      this.name = name;
      this.expectedItems = expectedItems;
    }
  }

  final ExportLayout layout;
  final Path dir;
  final List<DataFile> files;
  /** The exported table's key, or null when the layout does not record it (DynamoDB's export). */
  final List<TableInfo.KeyAttribute> keySchema;
  final String sourceTable;

  private ImportSource(ExportLayout layout, Path dir, List<DataFile> files, List<TableInfo.KeyAttribute> keySchema,
      String sourceTable) {
    this.layout = layout;
    this.dir = dir;
    this.files = Collections.unmodifiableList(files);
    this.keySchema = keySchema;
    this.sourceTable = sourceTable;
  }

  /** Total items the manifests promise, or -1 if some file's count is unknown. */
  long expectedItems() {
    long n = 0;
    for (DataFile f : files) {
      if (f.expectedItems < 0) {
        return -1;
      }
      n += f.expectedItems;
    }
    return n;
  }

  static ImportSource open(FileSystem fs, Path dir) {
    try {
      FileStatus status;
      try {
        status = fs.getFileStatus(dir);
      } catch (FileNotFoundException e) {
        throw new ToolException("cannot read " + dir + ": no such directory");
      }
      if (!status.isDirectory()) {
        throw new ToolException("cannot read " + dir + ": it is a file; give the export's directory");
      }
      if (fs.exists(new Path(dir, ExportManifest.FILE_NAME))) {
        return connectorExport(fs, dir);
      }
      if (fs.exists(new Path(dir, NATIVE_SUMMARY))) {
        return nativeExport(fs, dir);
      }
      Path exports = new Path(dir, "AWSDynamoDB");
      if (fs.exists(exports)) {
        List<Path> found = new ArrayList<>();
        for (FileStatus s : fs.listStatus(exports)) {
          if (s.isDirectory() && fs.exists(new Path(s.getPath(), NATIVE_SUMMARY))) {
            found.add(s.getPath());
          }
        }
        if (found.size() == 1) {
          return nativeExport(fs, found.get(0));
        }
        if (found.size() > 1) {
          throw new ToolException(dir + " holds " + found.size() + " DynamoDB exports; give one of them: " + found);
        }
      }
      Path reference = new Path(dir, ReferenceFormat.MANIFEST);
      if (fs.isFile(reference) && ReferenceFormat.isManifest(FileSystems.readString(fs, reference))) {
        return referenceExport(fs, dir, reference);
      }
      throw new ToolException(dir + " is not an export: it has neither " + ExportManifest.FILE_NAME
          + " (an export of this tool), nor " + NATIVE_SUMMARY + " (a DynamoDB export to S3), nor "
          + ReferenceFormat.MANIFEST + " (an export of the EMR reference connector)");
    } catch (AccessControlException e) {
      throw new ToolException("cannot read " + dir + ": permission denied (" + e.getMessage() + ")", e);
    } catch (IOException e) {
      throw new ToolException("cannot read " + dir + ": " + e.getMessage(), e);
    }
  }

  private static ImportSource connectorExport(FileSystem fs, Path dir) throws IOException {
    Path manifestPath = new Path(dir, ExportManifest.FILE_NAME);
    ExportManifest m = ExportManifest.parse(FileSystems.readString(fs, manifestPath), manifestPath.toString());
    List<DataFile> files = new ArrayList<>();
    for (ExportManifest.FileEntry f : m.files) {
      files.add(new DataFile(new Path(dir, f.path), f.path, f.itemCount));
    }
    checkExist(fs, files, manifestPath);
    return new ImportSource(ExportLayout.CONNECTOR, dir, files, m.keySchema, m.table);
  }

  private static ImportSource nativeExport(FileSystem fs, Path dir) throws IOException {
    Path summaryPath = new Path(dir, NATIVE_SUMMARY);
    JsonNode summary = readJson(FileSystems.readString(fs, summaryPath), summaryPath.toString());
    String format = summary.path("outputFormat").asText("DYNAMODB_JSON");
    if (!"DYNAMODB_JSON".equals(format)) {
      throw new ToolException(summaryPath + ": outputFormat is " + format + "; only DYNAMODB_JSON exports can be"
          + " imported (export the table again choosing the DynamoDB JSON format)");
    }
    String type = summary.path("exportType").asText("FULL_EXPORT");
    if (!"FULL_EXPORT".equals(type)) {
      throw new ToolException(summaryPath + ": exportType is " + type + "; only full exports can be imported"
          + " (an incremental export holds changes, not items)");
    }
    String table = tableName(summary.path("tableArn").asText(null));
    String filesKey = summary.path("manifestFilesS3Key").asText(NATIVE_FILES);
    Path filesManifest = new Path(dir, filesKey.substring(filesKey.lastIndexOf('/') + 1));
    List<DataFile> files = new ArrayList<>();
    if (fs.exists(filesManifest)) {
      int lineNo = 0;
      try (BufferedReader r = FileSystems.openLines(fs, filesManifest)) {
        String line;
        while ((line = r.readLine()) != null) {
          lineNo++;
          if (line.isBlank()) {
            continue;
          }
          String where = filesManifest + ":" + lineNo;
          JsonNode entry = readJson(line, where);
          String key = entry.path("dataFileS3Key").asText(null);
          if (key == null || key.isEmpty()) {
            throw new ToolException(where + ": no \"dataFileS3Key\" in " + line);
          }
          // The key is the object's full S3 key (prefix included); the file is data/<name> in this directory.
          String name = key.substring(key.lastIndexOf('/') + 1);
          JsonNode count = entry.get("itemCount");
          files.add(new DataFile(new Path(new Path(dir, "data"), name), "data/" + name,
              count != null && count.canConvertToLong() ? count.asLong() : -1));
        }
      }
      checkExist(fs, files, filesManifest);
    } else {
      Path data = new Path(dir, "data");
      if (!fs.exists(data)) {
        throw new ToolException(dir + " has " + NATIVE_SUMMARY + " but neither " + NATIVE_FILES + " nor a data/"
            + " directory");
      }
      FileStatus[] listed = fs.listStatus(data, p -> p.getName().endsWith(".json.gz"));
      Arrays.sort(listed);
      for (FileStatus s : listed) {
        files.add(new DataFile(s.getPath(), "data/" + s.getPath().getName(), -1));
      }
    }
    return new ImportSource(ExportLayout.DYNAMODB_EXPORT, dir, files, null, table);
  }

  /**
   * An export of the EMR reference connector. Its manifest lists absolute URLs; a file is read from the export
   * directory when it is there (the export was copied or moved), else from its URL on the same file system.
   */
  private static ImportSource referenceExport(FileSystem fs, Path dir, Path manifest) throws IOException {
    List<String> urls = ReferenceFormat.parseManifest(FileSystems.readString(fs, manifest), manifest.toString());
    List<DataFile> files = new ArrayList<>();
    for (String url : urls) {
      Path listed = new Path(url);
      Path beside = new Path(dir, listed.getName());
      Path path = beside;
      if (!fs.exists(beside)) {
        try {
          if (fs.exists(listed)) {
            path = listed;
          }
        } catch (IllegalArgumentException otherFileSystem) {
          // another scheme or bucket: only the copy beside the manifest can be read
        }
      }
      files.add(new DataFile(path, listed.getName(), -1));
    }
    checkExist(fs, files, manifest);
    return new ImportSource(ExportLayout.EMR, dir, files, null, null);
  }

  /** Parses one line of this source's data files. */
  Map<String, AttributeValue> parse(String line) {
    return layout == ExportLayout.EMR ? ReferenceFormat.parseLine(line) : DynamoJson.parseExportLine(line);
  }

  private static String tableName(String arn) {
    if (arn == null) {
      return null;
    }
    int slash = arn.indexOf(":table/");
    return slash < 0 ? arn : arn.substring(slash + ":table/".length());
  }

  private static void checkExist(FileSystem fs, List<DataFile> files, Path manifest) throws IOException {
    List<String> missing = new ArrayList<>();
    for (DataFile f : files) {
      if (!fs.exists(f.path)) {
        missing.add(f.name);
      }
    }
    if (!missing.isEmpty()) {
      throw new ToolException(manifest + " lists " + missing.size() + " file(s) that do not exist: "
          + (missing.size() > 5 ? missing.subList(0, 5) + " ..." : missing));
    }
  }

  private static JsonNode readJson(String text, String where) {
    try {
      JsonNode node = JSON.readTree(text);
      if (node == null || !node.isObject()) {
        throw new ToolException(where + " is not a JSON object");
      }
      return node;
    } catch (IOException e) {
      throw new ToolException(where + " is not valid JSON: " + e.getMessage());
    }
  }
}
