package io.ddbconnector.export;

import io.ddbconnector.export.ExportStore.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A finished DynamoDB export found from the path a user gives: the export's directory
 * ({@code .../AWSDynamoDB/<export-id>/}), its {@code manifest-summary.json}, the directory holding
 * {@code AWSDynamoDB/} (the bucket or export prefix, when it holds exactly one finished export), or
 * {@code AWSDynamoDB/} itself. Opening reads both manifests and checks that every listed data file exists (one
 * listing of {@code data/}), so that a missing, unfinished or incomplete export fails before any task starts,
 * naming the path.
 */
public final class TableExport {

  private final String dir;
  private final ExportManifests.Summary summary;
  private final List<ExportDataFile> files;
  private final Map<String, Long> lengths;

  private TableExport(String dir, ExportManifests.Summary summary, List<ExportDataFile> files,
      Map<String, Long> lengths) {
    this.dir = dir;
    this.summary = summary;
    this.files = Collections.unmodifiableList(files);
    this.lengths = lengths;
  }

  /** The export's directory ({@code .../AWSDynamoDB/<export-id>}). */
  public String dir() {
    return dir;
  }

  public ExportManifests.Summary summary() {
    return summary;
  }

  /** The data files in the order of {@code manifest-files.json}. */
  public List<ExportDataFile> files() {
    return files;
  }

  /** The length in bytes of data file {@code f} of this export, as the listing of {@code data/} gave it. */
  public long length(ExportDataFile f) {
    return lengths.get(f.path());
  }

  /** Items in all data files, as the manifests say. */
  public long itemCount() {
    long n = 0;
    for (ExportDataFile f : files) {
      n += f.itemCount();
    }
    return n;
  }

  /** Finds and opens the export at {@code path}; {@code key} names the setting in errors. */
  public static TableExport open(ExportStore store, String path, String key) {
    try {
      return read(store, locate(store, path, key));
    } catch (IOException e) {
      throw new InvalidExportException("cannot read the DynamoDB export at " + path + " (" + key + "): " + e, e);
    }
  }

  static String locate(ExportStore store, String path, String key) throws IOException {
    Kind kind = store.kind(path);
    if (kind == Kind.MISSING) {
      throw new InvalidExportException("no DynamoDB export at " + path + " (" + key + "): no such file or directory");
    }
    if (kind == Kind.FILE) {
      if (!ExportManifests.SUMMARY.equals(store.name(path))) {
        throw new InvalidExportException(path + " (" + key + ") is a file but not a " + ExportManifests.SUMMARY
            + ": give the export's directory, its " + ExportManifests.SUMMARY + " or the prefix holding AWSDynamoDB/");
      }
      return store.parent(path);
    }
    String summary = store.child(path, ExportManifests.SUMMARY);
    if (store.kind(summary) == Kind.FILE) {
      return store.parent(summary); // the binding's normal form of the path
    }
    if (store.kind(store.child(path, ExportManifests.STARTED)) == Kind.FILE) {
      throw unfinished(path, key);
    }
    String exports = "AWSDynamoDB".equals(store.name(path)) ? path : store.child(path, "AWSDynamoDB");
    if (store.kind(exports) != Kind.DIRECTORY) {
      throw new InvalidExportException("no DynamoDB export at " + path + " (" + key + "): it has neither "
          + ExportManifests.SUMMARY + " nor an AWSDynamoDB/ directory");
    }
    List<String> finished = new ArrayList<>();
    List<String> started = new ArrayList<>();
    for (String d : store.list(exports).keySet()) {
      if (store.kind(store.child(d, ExportManifests.SUMMARY)) == Kind.FILE) {
        finished.add(d);
      } else if (store.kind(store.child(d, ExportManifests.STARTED)) == Kind.FILE) {
        started.add(d);
      }
    }
    if (finished.size() == 1) {
      return finished.get(0);
    }
    if (finished.size() > 1) {
      throw new InvalidExportException(path + " (" + key + ") holds " + finished.size() + " DynamoDB exports;"
          + " give the directory of one of them: " + finished);
    }
    if (!started.isEmpty()) {
      throw unfinished(started.get(0), key);
    }
    throw new InvalidExportException("no DynamoDB export at " + path + " (" + key + "): " + exports
        + " holds no export directory with a " + ExportManifests.SUMMARY);
  }

  private static InvalidExportException unfinished(String dir, String key) {
    return new InvalidExportException("the DynamoDB export at " + dir + " (" + key + ") is not finished: it has "
        + ExportManifests.STARTED + " but no " + ExportManifests.SUMMARY + " (the service writes the summary last;"
        + " wait until DescribeExport says COMPLETED, or the export failed)");
  }

  private static TableExport read(ExportStore store, String dir) throws IOException {
    String summaryPath = store.child(dir, ExportManifests.SUMMARY);
    ExportManifests.Summary summary = ExportManifests.parseSummary(readText(store, summaryPath), summaryPath);
    String filesKey = summary.manifestFilesS3Key() == null ? ExportManifests.FILES : summary.manifestFilesS3Key();
    String filesPath = store.child(dir, filesKey.substring(filesKey.lastIndexOf('/') + 1));
    if (store.kind(filesPath) != Kind.FILE) {
      throw new InvalidExportException("the DynamoDB export at " + dir + " is incomplete: " + summaryPath
          + " names " + filesKey + " but " + filesPath + " does not exist");
    }
    List<ExportManifests.FileEntry> entries = ExportManifests.parseFiles(readText(store, filesPath), filesPath);
    String dataDir = store.child(dir, "data");
    Map<String, Long> present = new HashMap<>(); // name -> length
    if (!entries.isEmpty()) {
      if (store.kind(dataDir) != Kind.DIRECTORY) {
        throw new InvalidExportException("the DynamoDB export at " + dir + " is incomplete: " + filesPath + " lists "
            + entries.size() + " data file(s) but " + dataDir + " does not exist");
      }
      store.list(dataDir).forEach((p, length) -> present.put(store.name(p), length));
    }
    List<ExportDataFile> files = new ArrayList<>();
    Map<String, Long> lengths = new HashMap<>();
    List<String> missing = new ArrayList<>();
    long total = 0;
    for (ExportManifests.FileEntry e : entries) {
      String name = e.dataFileS3Key().substring(e.dataFileS3Key().lastIndexOf('/') + 1);
      if (!present.containsKey(name)) {
        missing.add("data/" + name);
      }
      ExportDataFile f = new ExportDataFile(store.child(dataDir, name), e.dataFileS3Key(), e.itemCount());
      files.add(f);
      lengths.put(f.path(), present.get(name));
      total += e.itemCount();
    }
    if (!missing.isEmpty()) {
      throw new InvalidExportException("the DynamoDB export at " + dir + " is incomplete: " + filesPath + " lists "
          + missing.size() + " data file(s) that do not exist in " + dir + ": "
          + (missing.size() > 5 ? missing.subList(0, 5) + " ..." : missing));
    }
    if (summary.itemCount() >= 0 && summary.itemCount() != total) {
      throw new InvalidExportException("the DynamoDB export at " + dir + " is inconsistent: " + summaryPath
          + " says itemCount " + summary.itemCount() + " but the files of " + filesPath + " add up to " + total);
    }
    return new TableExport(dir, summary, files, lengths);
  }

  private static String readText(ExportStore store, String path) throws IOException {
    try (InputStream in = store.open(path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
