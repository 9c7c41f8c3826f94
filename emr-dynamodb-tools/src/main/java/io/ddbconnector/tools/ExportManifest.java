package io.ddbconnector.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddbconnector.table.TableInfo;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * {@code manifest.json} of an export made by this tool: the source table, its key schema, and every data
 * file with its item count. Written last, so an export directory without it is incomplete.
 *
 * <pre>{@code
 * {"format":"ddbconnector-export","version":1,"table":"orders","exportTime":"2026-01-02T03:04:05Z",
 *  "keySchema":[{"name":"order_id","type":"S"}],"itemCount":100000,
 *  "files":[{"path":"part-00000.json.gz","itemCount":25012}, ...]}
 * }</pre>
 */
final class ExportManifest {

  static final String FILE_NAME = "manifest.json";
  static final String FORMAT = "ddbconnector-export";
  static final int VERSION = 1;
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** One data file: path relative to the export directory, and its item count. */
  static final class FileEntry {
    final String path;
    final long itemCount;

    FileEntry(String path, long itemCount) {
      this.path = path;
      this.itemCount = itemCount;
    }
  }

  final String table;
  final String exportTime;
  final List<TableInfo.KeyAttribute> keySchema;
  final List<FileEntry> files;

  ExportManifest(String table, String exportTime, List<TableInfo.KeyAttribute> keySchema, List<FileEntry> files) {
    this.table = table;
    this.exportTime = exportTime;
    this.keySchema = Collections.unmodifiableList(new ArrayList<>(keySchema));
    this.files = Collections.unmodifiableList(new ArrayList<>(files));
  }

  long itemCount() {
    long n = 0;
    for (FileEntry f : files) {
      n += f.itemCount;
    }
    return n;
  }

  String toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    root.put("version", VERSION);
    root.put("table", table);
    root.put("exportTime", exportTime);
    ArrayNode keys = root.putArray("keySchema");
    for (TableInfo.KeyAttribute k : keySchema) {
      keys.addObject().put("name", k.name()).put("type", k.type());
    }
    root.put("itemCount", itemCount());
    ArrayNode list = root.putArray("files");
    for (FileEntry f : files) {
      list.addObject().put("path", f.path).put("itemCount", f.itemCount);
    }
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Parses a manifest; {@code where} names the file in error messages. */
  static ExportManifest parse(String json, String where) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (IOException e) {
      throw new ToolException(where + " is not valid JSON: " + e.getMessage());
    }
    if (root == null || !FORMAT.equals(root.path("format").asText())) {
      throw new ToolException(where + " is not a manifest of this tool (\"format\" is not \"" + FORMAT + "\")");
    }
    if (root.path("version").asInt() != VERSION) {
      throw new ToolException(where + " has version " + root.path("version") + "; this tool reads version "
          + VERSION);
    }
    List<TableInfo.KeyAttribute> keys = new ArrayList<>();
    for (JsonNode k : root.path("keySchema")) {
      keys.add(new TableInfo.KeyAttribute(text(k, "name", where), text(k, "type", where)));
    }
    if (keys.isEmpty()) {
      throw new ToolException(where + " has no keySchema");
    }
    List<FileEntry> files = new ArrayList<>();
    for (JsonNode f : root.path("files")) {
      JsonNode count = f.get("itemCount");
      if (count == null || !count.canConvertToLong()) {
        throw new ToolException(where + ": file entry " + f + " has no itemCount");
      }
      files.add(new FileEntry(text(f, "path", where), count.asLong()));
    }
    return new ExportManifest(root.path("table").asText(null), root.path("exportTime").asText(null), keys, files);
  }

  private static String text(JsonNode node, String field, String where) {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual() || v.asText().isEmpty()) {
      throw new ToolException(where + ": entry " + node + " has no \"" + field + "\"");
    }
    return v.asText();
  }
}
