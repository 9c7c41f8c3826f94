package io.ddbconnector.tools;

import io.ddbconnector.export.ExportDataFile;
import io.ddbconnector.export.ExportManifests;
import io.ddbconnector.export.InvalidExportException;
import io.ddbconnector.export.TableExport;
import io.ddbconnector.hadoop.HadoopExportStore;
import io.ddbconnector.table.TableInfo;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
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
      if (fs.exists(new Path(dir, ExportManifests.SUMMARY)) || fs.exists(new Path(dir, ExportManifests.STARTED))
          || fs.exists(new Path(dir, "AWSDynamoDB"))) {
        return nativeExport(fs, dir);
      }
      Path reference = new Path(dir, ReferenceFormat.MANIFEST);
      if (fs.isFile(reference) && ReferenceFormat.isManifest(FileSystems.readString(fs, reference))) {
        return referenceExport(fs, dir, reference);
      }
      throw new ToolException(dir + " is not an export: it has neither " + ExportManifest.FILE_NAME
          + " (an export of this tool), nor " + ExportManifests.SUMMARY + " (a DynamoDB export to S3), nor "
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

  /** DynamoDB's export, found and checked by the connector's reader of that layout ({@link TableExport}). */
  private static ImportSource nativeExport(FileSystem fs, Path dir) {
    TableExport export;
    try {
      export = TableExport.open(new HadoopExportStore(fs.getConf()), fs.makeQualified(dir).toString(), "--from");
    } catch (InvalidExportException e) {
      throw new ToolException(e.getMessage(), e);
    }
    List<DataFile> files = new ArrayList<>();
    for (ExportDataFile f : export.files()) {
      Path p = new Path(f.path());
      files.add(new DataFile(p, "data/" + p.getName(), f.itemCount()));
    }
    return new ImportSource(ExportLayout.DYNAMODB_EXPORT, new Path(export.dir()), files, null,
        export.summary().tableName());
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
}
