package io.ddbconnector.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ddbconnector.testkit.Backend;
import io.ddbconnector.testkit.DynamoDBBackendExtension;
import io.ddbconnector.testkit.ItemChecksum;
import io.ddbconnector.testkit.ItemCorpus;
import io.ddbconnector.testkit.proxy.ThrottlingProxy;
import io.ddbconnector.types.DynamoJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** export, import and copy against the test backend: round trips, DynamoDB's export layout, bad input. */
@ExtendWith(DynamoDBBackendExtension.class)
class ToolsIT {

  static final int GENERATED = 4_000;
  static String source;
  static List<Map<String, AttributeValue>> sourceItems;

  @BeforeAll
  static void load(Backend backend) {
    source = table(backend, "tool_src", "id", ScalarAttributeType.S);
    List<Map<String, AttributeValue>> items = new ArrayList<>(ItemCorpus.generated("id", GENERATED, 11));
    items.addAll(ItemCorpus.tricky("id"));
    backend.putAll(source, items);
    sourceItems = backend.scanAll(source);
    assertEquals(items.size(), sourceItems.size());
  }

  /**
   * A table with capacity to spare: the tools keep to a share of the table's capacity, and the test
   * backend's default of 1000 units would make them wait (as they should) rather than test anything.
   */
  static String table(Backend backend, String prefix, String hashKey, ScalarAttributeType type) {
    return backend.createTable(prefix, hashKey, type, null, null, 40_000, 40_000);
  }

  /** Runs the tool; returns (exit code, stdout, stderr). */
  static Outcome tool(Backend backend, String... args) {
    return tool(backend.endpoint().toString(), backend, args);
  }

  static Outcome tool(String endpoint, Backend backend, String... args) {
    List<String> all = new ArrayList<>(Arrays.asList(args));
    if (args.length > 0) {
      all.addAll(1, List.of("--endpoint", endpoint, "--region", backend.region(),
          "--conf", "dynamodb.awsAccessKeyId=dummy", "--conf", "dynamodb.awsSecretAccessKey=dummy"));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = DynamoDBTool.run(all.toArray(new String[0]), o, e);
    }
    Outcome outcome = new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    System.out.println("$ dynamodb-tool " + String.join(" ", args) + "\n" + outcome); // kept in the test's log
    return outcome;
  }

  static final class Outcome {
    final int code;
    final String out;
    final String err;

    Outcome(int code, String out, String err) {
      this.code = code;
      this.out = out;
      this.err = err;
    }

    @Override
    public String toString() {
      return "exit " + code + "\n--- stdout ---\n" + out + "\n--- stderr ---\n" + err;
    }
  }

  static Outcome ok(Outcome o) {
    assertEquals(0, o.code, o.toString());
    return o;
  }

  static Outcome fails(Outcome o, String... fragments) {
    assertEquals(1, o.code, o.toString());
    for (String f : fragments) {
      assertTrue(o.err.contains(f), "stderr should contain '" + f + "':\n" + o);
    }
    return o;
  }

  static List<String> gunzipLines(Path file) throws IOException {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return text.isEmpty() ? List.of() : Arrays.asList(text.split("\n"));
    }
  }

  static void gzip(Path file, List<String> lines) throws IOException {
    Files.createDirectories(file.getParent());
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      for (String l : lines) {
        out.write((l + "\n").getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  private static long writtenCount(String err) {
    Matcher m = Pattern.compile("([0-9,]+) items confirmed written, 0 in doubt,").matcher(err);
    assertTrue(m.find(), "the failure says how many items were written:\n" + err);
    return Long.parseLong(m.group(1).replace(",", ""));
  }

  /** The figure of the last line of the progress display labelled {@code label} in {@code out}. */
  static long lastProgress(String out, String label) {
    Matcher m = Pattern.compile("(?m)^" + label + "\\s+(?:\\d+%\\s+)?([0-9,]+)(?:/[0-9,]+)? items").matcher(out);
    Long last = null;
    while (m.find()) {
      last = Long.parseLong(m.group(1).replace(",", ""));
    }
    assertTrue(last != null, "a progress line '" + label + " ...':\n" + out);
    return last;
  }

  // ------------------------------------------------------------------------------------------ round trips

  @Test
  void exportThenImportReproducesTheTableItemForItem(Backend backend, @TempDir Path tmp) throws IOException {
    Path dir = tmp.resolve("export");
    Outcome export = ok(tool(backend, "export", "--table", source, "--to", dir.toString(), "--segments", "6",
        "--threads", "3"));
    assertTrue(export.out.contains("Exported " + String.format("%,d", sourceItems.size()) + " items"), export.out);

    // The manifest lists every file with its item count and the key schema; each line is a DynamoDB JSON item.
    JsonNode manifest = new ObjectMapper().readTree(dir.resolve("manifest.json").toFile());
    assertEquals("ddbconnector-export", manifest.get("format").asText());
    assertEquals(source, manifest.get("table").asText());
    assertEquals("id", manifest.get("keySchema").get(0).get("name").asText());
    assertEquals("S", manifest.get("keySchema").get(0).get("type").asText());
    assertEquals(6, manifest.get("files").size());
    assertEquals(sourceItems.size(), manifest.get("itemCount").asLong());
    List<Map<String, AttributeValue>> fromFiles = new ArrayList<>();
    for (JsonNode f : manifest.get("files")) {
      List<String> lines = gunzipLines(dir.resolve(f.get("path").asText()));
      assertEquals(f.get("itemCount").asLong(), lines.size(), f.toString());
      for (String line : lines) {
        fromFiles.add(DynamoJson.parseItem(line));
      }
    }
    ItemChecksum.assertSameItems(sourceItems, fromFiles);

    String target = table(backend, "tool_import", "id", ScalarAttributeType.S);
    Path reports = tmp.resolve("reports");
    Outcome imported = ok(tool(backend, "import", "--from", dir.toString(), "--table", target, "--threads", "3",
        "--conf", "dynamodb.write.reportDir=" + reports));
    assertTrue(imported.out.contains("Imported " + String.format("%,d", sourceItems.size()) + " items"),
        imported.out);
    assertEquals(backend.count(target), lastProgress(imported.out, "Importing"), "the progress display ends at"
        + " what the table holds");
    assertEquals(List.of(), ToolFailureIT.runDirs(reports), "a run that succeeded leaves no write reports");
    ItemChecksum.assertSameItems(sourceItems, backend.scanAll(target));
    assertEquals(ItemChecksum.of(sourceItems), ItemChecksum.of(backend.scanAll(target)));
  }

  @Test
  void copyReproducesTheTable(Backend backend) {
    String target = table(backend, "tool_copy", "id", ScalarAttributeType.S);
    Outcome o = ok(tool(backend, "copy", "--source", source, "--target", target, "--segments", "4"));
    assertTrue(o.out.contains("Copied " + String.format("%,d", sourceItems.size()) + " items"), o.out);
    assertEquals(backend.count(target), lastProgress(o.out, "Copying"), "the progress display ends at what the"
        + " table holds");
    ItemChecksum.assertSameItems(sourceItems, backend.scanAll(target));
  }

  /**
   * {@code copy --conf dynamodb.write.condition=attribute_not_exists(id)} into a table that holds some of the
   * keys already: those stay as they were, the others are copied, the run succeeds and its last line says how
   * many items the condition rejected; {@code dynamodb.write.rejected.path} keeps them.
   */
  @Test
  void aConditionalCopyKeepsExistingItemsAndSaysHowManyItRejected(Backend backend, @TempDir Path tmp)
      throws IOException {
    String from = table(backend, "tool_cond_src", "id", ScalarAttributeType.S);
    backend.putAll(from, ItemCorpus.generated("id", 300, 17));
    List<Map<String, AttributeValue>> items = backend.scanAll(from); // as the service holds them (numbers normalised)
    String target = table(backend, "tool_cond_dst", "id", ScalarAttributeType.S);
    Map<String, Map<String, AttributeValue>> existing = new LinkedHashMap<>();
    for (int i = 0; i < items.size(); i += 3) { // every third key is already in the target, with other values
      Map<String, AttributeValue> item = Map.of("id", items.get(i).get("id"), "note", AttributeValue.fromS("kept"));
      existing.put(item.get("id").s(), item);
    }
    backend.putAll(target, new ArrayList<>(existing.values()));
    Path rejected = tmp.resolve("rejected");

    Outcome o = ok(tool(backend, "copy", "--source", from, "--target", target, "--segments", "2", "--threads", "2",
        "--conf", "dynamodb.write.condition=attribute_not_exists(id)",
        "--conf", "dynamodb.write.rejected.path=" + rejected));

    assertTrue(o.out.contains("Copied 200 items"), o.out);
    assertTrue(o.out.contains("Rejected 100 items by the write condition 'attribute_not_exists(id)': not written;"
        + " they are in " + rejected), o.out);
    Map<String, Map<String, AttributeValue>> now = new LinkedHashMap<>();
    backend.scanAll(target).forEach(i -> now.put(i.get("id").s(), i));
    assertEquals(300, now.size());
    for (Map<String, AttributeValue> item : items) {
      String id = item.get("id").s();
      assertEquals(existing.containsKey(id) ? existing.get(id) : item, now.get(id), id);
    }
    List<String> recorded = new ArrayList<>();
    try (java.util.stream.Stream<Path> files = Files.list(rejected)) {
      for (Path f : files.filter(f -> f.getFileName().toString().startsWith("rejected-")).toList()) {
        for (String line : Files.readAllLines(f)) {
          recorded.add(DynamoJson.parseItem(line).get("id").s());
        }
      }
    }
    assertEquals(existing.keySet(), new java.util.HashSet<>(recorded), "the rejected items are the keys the target"
        + " held");
    assertEquals(100, recorded.size(), "each once: " + recorded);

    // without a condition the run says nothing of rejections
    String plain = table(backend, "tool_cond_plain", "id", ScalarAttributeType.S);
    Outcome p = ok(tool(backend, "copy", "--source", from, "--target", plain));
    assertFalse(p.out.contains("Rejected"), p.out);

    // an import under the condition into a table that holds every key: all rejected, the line says so
    Path export = tmp.resolve("export");
    ok(tool(backend, "export", "--table", from, "--to", export.toString()));
    Outcome i = ok(tool(backend, "import", "--from", export.toString(), "--table", plain,
        "--conf", "dynamodb.write.condition=attribute_not_exists(id)"));
    assertTrue(i.out.contains("Imported 0 items"), i.out);
    assertTrue(i.out.contains("Rejected 300 items by the write condition 'attribute_not_exists(id)': not written"
        + " (--conf dynamodb.write.rejected.path=DIR keeps them)."), i.out);
  }

  // ------------------------------------------------------------------------------- DynamoDB's export layout

  /**
   * Writes a DynamoDB export to S3 as the service lays it out: {@code AWSDynamoDB/<id>/manifest-summary.json},
   * {@code manifest-files.json} (keys with the bucket prefix) and {@code data/*.json.gz} of {@code {"Item":...}}.
   */
  static Path nativeExport(Path prefix, List<Map<String, AttributeValue>> items, int files) throws IOException {
    String id = "01700000000000-a1b2c3d4";
    Path dir = prefix.resolve("AWSDynamoDB").resolve(id);
    StringBuilder manifestFiles = new StringBuilder();
    for (int f = 0; f < files; f++) {
      List<String> lines = new ArrayList<>();
      for (int i = f; i < items.size(); i += files) {
        lines.add("{\"Item\":" + DynamoJson.toJson(items.get(i)) + "}");
      }
      String name = "x" + f + "abcdefghijklmnopqr.json.gz";
      gzip(dir.resolve("data").resolve(name), lines);
      manifestFiles.append("{\"itemCount\":").append(lines.size())
          .append(",\"md5Checksum\":\"AAAA\",\"etag\":\"abc-1\",\"dataFileS3Key\":\"exports/AWSDynamoDB/")
          .append(id).append("/data/").append(name).append("\"}\n");
    }
    Files.writeString(dir.resolve("manifest-files.json"), manifestFiles.toString());
    Files.writeString(dir.resolve("manifest-summary.json"), "{\"version\":\"2020-06-30\","
        + "\"exportArn\":\"arn:aws:dynamodb:us-east-1:123456789012:table/Source/export/" + id + "\","
        + "\"startTime\":\"2024-05-01T10:00:00.000Z\",\"endTime\":\"2024-05-01T10:05:00.000Z\","
        + "\"tableArn\":\"arn:aws:dynamodb:us-east-1:123456789012:table/Source\",\"tableId\":\"t-1\","
        + "\"exportTime\":\"2024-05-01T10:00:00.000Z\",\"s3Bucket\":\"bucket\",\"s3Prefix\":\"exports\","
        + "\"s3SseAlgorithm\":\"AES256\",\"s3SseKmsKeyId\":null,\"manifestFilesS3Key\":\"exports/AWSDynamoDB/" + id
        + "/manifest-files.json\",\"billedSizeBytes\":0,\"itemCount\":" + items.size()
        + ",\"outputFormat\":\"DYNAMODB_JSON\",\"exportType\":\"FULL_EXPORT\"}");
    Files.writeString(dir.resolve("_started"), "");
    return dir;
  }

  @Test
  void importsDynamoDbsNativeExportWithoutReadingTheTable(Backend backend, @TempDir Path tmp) throws IOException {
    Path exportDir = nativeExport(tmp.resolve("bucket").resolve("exports"), sourceItems, 3);
    String target = table(backend, "tool_native", "id", ScalarAttributeType.S);
    try (ThrottlingProxy proxy = ThrottlingProxy.start(backend.endpoint())) {
      ok(tool(proxy.endpoint().toString(), backend, "import", "--from", exportDir.toString(), "--table", target));
      assertEquals(0, proxy.requests(target, "Scan"), "no scan of the table");
      assertEquals(0, proxy.requests(target, "Query"));
      assertEquals(0, proxy.requests(target, "GetItem") + proxy.requests(target, "BatchGetItem"));
      assertEquals(0.0, proxy.consumed(target, false), "no read capacity consumed");
      assertTrue(proxy.requests(target, "BatchWriteItem") > 0);
    }
    ItemChecksum.assertSameItems(sourceItems, backend.scanAll(target));

    // The prefix that holds the single export works too.
    String again = table(backend, "tool_native2", "id", ScalarAttributeType.S);
    ok(tool(backend, "import", "--from", tmp.resolve("bucket").resolve("exports").toString(), "--table", again));
    assertEquals(sourceItems.size(), backend.count(again));
  }

  // ------------------------------------------------------------------------------------------- bad input

  @Test
  void unknownTablesAreNamed(Backend backend, @TempDir Path tmp) throws IOException {
    fails(tool(backend, "export", "--table", "no_such_table", "--to", tmp.resolve("e").toString()),
        "no_such_table", "does not exist");
    assertFalse(Files.exists(tmp.resolve("e").resolve("manifest.json")));

    Path dir = nativeExport(tmp.resolve("n"), sourceItems.subList(0, 10), 1);
    // The table written is named by the write's key, not the read's.
    Outcome imported = fails(tool(backend, "import", "--from", dir.toString(), "--table", "no_such_target"),
        "target table 'no_such_target'", "does not exist", "'dynamodb.output.tableName'");
    assertFalse(imported.err.contains("dynamodb.input.tableName"), imported.toString());
    Outcome copied = fails(tool(backend, "copy", "--source", source, "--target", "no_such_target"),
        "target table 'no_such_target'", "does not exist", "'dynamodb.output.tableName'");
    assertFalse(copied.err.contains("dynamodb.input.tableName"), copied.toString());
    fails(tool(backend, "copy", "--source", "no_such_source", "--target", source), "source table 'no_such_source'",
        "'dynamodb.input.tableName'");
  }

  @Test
  void unreadablePathsAreNamed(Backend backend, @TempDir Path tmp) throws IOException {
    String target = table(backend, "tool_paths", "id", ScalarAttributeType.S);
    Path missing = tmp.resolve("nowhere");
    fails(tool(backend, "import", "--from", missing.toString(), "--table", target), "cannot read",
        "nowhere", "no such directory");
    Files.createDirectories(tmp.resolve("empty"));
    fails(tool(backend, "import", "--from", tmp.resolve("empty").toString(), "--table", target),
        "is not an export", "manifest.json", "manifest-summary.json");
    Path file = Files.writeString(tmp.resolve("file.txt"), "x");
    fails(tool(backend, "export", "--table", source, "--to", file.toString()), "is a file");

    // A manifest listing a file that is gone: nothing is written.
    Path dir = nativeExport(tmp.resolve("gone"), sourceItems.subList(0, 30), 3);
    Files.delete(dir.resolve("data").resolve("x1abcdefghijklmnopqr.json.gz"));
    fails(tool(backend, "import", "--from", dir.toString(), "--table", target), "do not exist",
        "data/x1abcdefghijklmnopqr.json.gz");
    assertEquals(0, backend.count(target));

    // An export directory that is not empty is not overwritten by accident.
    Path used = tmp.resolve("used");
    Files.createDirectories(used);
    Files.writeString(used.resolve("keep.txt"), "precious");
    fails(tool(backend, "export", "--table", source, "--to", used.toString()), "not empty", "--overwrite");
    assertTrue(Files.exists(used.resolve("keep.txt")));
  }

  @Test
  void aCorruptLineFailsNamingFileAndLineOrIsSkippedAndCounted(Backend backend, @TempDir Path tmp)
      throws IOException {
    Path dir = tmp.resolve("export");
    ok(tool(backend, "export", "--table", source, "--to", dir.toString(), "--segments", "2", "--threads", "1"));
    Path part = dir.resolve("part-00001.json.gz");
    List<String> lines = new ArrayList<>(gunzipLines(part));
    int corruptLine = lines.size() - 5; // 1-based line number of the damaged line
    String damaged = lines.get(corruptLine - 1);
    lines.set(corruptLine - 1, damaged.substring(0, damaged.length() / 2));
    gzip(part, lines);

    String target = table(backend, "tool_corrupt", "id", ScalarAttributeType.S);
    Outcome failed = fails(tool(backend, "import", "--from", dir.toString(), "--table", target, "--threads", "1",
        "--conf", "dynamodb.write.reportDir=" + tmp.resolve("reports")),
        "part-00001.json.gz:" + corruptLine + ": corrupt line", "--skip-bad-lines");
    long written = writtenCount(failed.err);
    assertEquals(backend.count(target), written, "the message says exactly how far it got");
    assertTrue(written > 0, "part-00000 was imported before the failure");

    String skipped = table(backend, "tool_skip", "id", ScalarAttributeType.S);
    Outcome ok = ok(tool(backend, "import", "--from", dir.toString(), "--table", skipped, "--skip-bad-lines"));
    assertTrue(ok.out.contains("Skipped 1 bad line(s)"), ok.out);
    assertTrue(ok.out.contains("part-00001.json.gz:" + corruptLine + ": corrupt line"), ok.out);
    Map<String, AttributeValue> lost = DynamoJson.parseItem(damaged);
    List<Map<String, AttributeValue>> expected = new ArrayList<>(sourceItems);
    expected.removeIf(i -> i.get("id").equals(lost.get("id")));
    assertEquals(sourceItems.size() - 1, expected.size());
    ItemChecksum.assertSameItems(expected, backend.scanAll(skipped));
  }

  @Test
  void aCorruptFirstLineFailsBeforeAnythingIsWritten(Backend backend, @TempDir Path tmp) throws IOException {
    Path dir = nativeExport(tmp, sourceItems.subList(0, 50), 1);
    Path data = Files.list(dir.resolve("data")).findFirst().orElseThrow();
    List<String> lines = new ArrayList<>(gunzipLines(data));
    lines.set(0, "{\"Item\":{\"id\":{\"S\":\"x\"},\"n\":{\"N\":}}");
    gzip(data, lines);
    String target = table(backend, "tool_first", "id", ScalarAttributeType.S);
    fails(tool(backend, "import", "--from", dir.toString(), "--table", target),
        "data/" + data.getFileName() + ":1: corrupt line", "Nothing was imported");
    assertEquals(0, backend.count(target));
  }

  @Test
  void aValueTheServiceRefusesFailsNamingFileLineAndAttributeOrIsSkipped(Backend backend, @TempDir Path tmp)
      throws IOException {
    List<Map<String, AttributeValue>> items = new ArrayList<>(sourceItems.subList(0, 30));
    Map<String, AttributeValue> bad = new LinkedHashMap<>(items.get(20));
    bad.put("price", AttributeValue.fromM(Map.of("amounts", AttributeValue.fromNs(List.of("1", "1.00")))));
    items.set(20, bad);
    Path dir = nativeExport(tmp, items, 1);
    Path data = Files.list(dir.resolve("data")).findFirst().orElseThrow();

    String target = table(backend, "tool_bad_value", "id", ScalarAttributeType.S);
    fails(tool(backend, "import", "--from", dir.toString(), "--table", target, "--conf",
        "dynamodb.write.reportDir=" + tmp.resolve("reports")), "data/" + data.getFileName()
        + ":21: item has attribute 'price.amounts' that is a set (NS) with equal members '1' and '1.00'",
        "--skip-bad-lines");

    String skipped = table(backend, "tool_bad_value_skip", "id", ScalarAttributeType.S);
    Outcome ok = ok(tool(backend, "import", "--from", dir.toString(), "--table", skipped, "--skip-bad-lines"));
    assertTrue(ok.out.contains("Skipped 1 bad line(s)"), ok.out);
    assertEquals(items.size() - 1, backend.count(skipped));
  }

  @Test
  void keySchemaMismatchIsRefusedBeforeWriting(Backend backend, @TempDir Path tmp) throws IOException {
    String other = backend.createTable("tool_other_key", "pk", ScalarAttributeType.S, "sk", ScalarAttributeType.N);
    Path dir = tmp.resolve("export");
    ok(tool(backend, "export", "--table", source, "--to", dir.toString(), "--segments", "2"));
    fails(tool(backend, "import", "--from", dir.toString(), "--table", other), "key schema mismatch",
        "id S (hash)", "pk S (hash), sk N (range)");
    // DynamoDB's layout records no key: the first item is checked against the table.
    Path nat = nativeExport(tmp.resolve("native"), sourceItems.subList(0, 20), 2);
    fails(tool(backend, "import", "--from", nat.toString(), "--table", other), "key schema mismatch",
        "has no key attribute 'pk'");
    fails(tool(backend, "copy", "--source", source, "--target", other), "key schema mismatch");
    // Same name, other type.
    String numeric = table(backend, "tool_numeric_key", "id", ScalarAttributeType.N);
    fails(tool(backend, "import", "--from", nat.toString(), "--table", numeric), "key schema mismatch",
        "has key attribute 'id' that must be of type N but is S");
    assertEquals(0, backend.count(other));
    assertEquals(0, backend.count(numeric));
  }

  @Test
  void dryRunChecksEverythingAndWritesNothing(Backend backend, @TempDir Path tmp) throws IOException {
    Path dir = nativeExport(tmp, sourceItems, 2);
    String target = table(backend, "tool_dry", "id", ScalarAttributeType.S);
    Outcome o = ok(tool(backend, "import", "--from", dir.toString(), "--table", target, "--dry-run"));
    assertTrue(o.out.contains("Dry run: " + String.format("%,d", sourceItems.size()) + " items"), o.out);
    assertEquals(0, backend.count(target));
  }

  @Test
  void helpAndUsageErrors(Backend backend) {
    for (String command : List.of("export", "import", "copy")) {
      Outcome help = ok(tool(backend, command, "--help"));
      assertTrue(help.out.startsWith("Usage: dynamodb-tool " + command), help.out);
    }
    Outcome top = DynamoDBToolTestSupport.run("--help");
    assertEquals(0, top.code);
    assertTrue(top.out.contains("export") && top.out.contains("import") && top.out.contains("copy"), top.out);
    Outcome unknown = DynamoDBToolTestSupport.run("transmogrify");
    assertEquals(2, unknown.code);
    assertTrue(unknown.err.contains("unknown command 'transmogrify'"), unknown.toString());
    Outcome typo = tool(backend, "export", "--tabel", source, "--to", "/tmp/x");
    assertEquals(2, typo.code, typo.toString());
    assertTrue(typo.err.contains("unknown option '--tabel' (did you mean --table?)"), typo.toString());
    Outcome missing = tool(backend, "import", "--table", source);
    assertEquals(2, missing.code, missing.toString());
    assertTrue(missing.err.contains("option --from is required"), missing.toString());
    Outcome percent = tool(backend, "copy", "--source", source, "--target", "x", "--read-percent", "0");
    assertEquals(2, percent.code, percent.toString());
    assertTrue(percent.err.contains("--read-percent must be greater than 0"), percent.toString());
  }

  /** Runs the tool without connection options. */
  static final class DynamoDBToolTestSupport {
    static Outcome run(String... args) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int code;
      try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
          PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
        code = DynamoDBTool.run(args, o, e);
      }
      return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
  }
}
