package io.ddbconnector.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ddbconnector.testkit.Backend;
import io.ddbconnector.testkit.DynamoDBBackendExtension;
import io.ddbconnector.testkit.ItemCorpus;
import io.ddbconnector.types.DynamoJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The runnable jar as a user runs it: {@code java -jar emr-dynamodb-tools-<v>-all.jar ...} in a JVM of its own
 * (the jar the build just shaded, {@code -Dtools.jar}), against the test backend. Round trips in each of the
 * three layouts reproduce every item exactly; exports written by the released reference connector
 * ({@code src/test/fixtures/reference-export}) import exactly, through this tool and through the reference's
 * class names.
 */
@ExtendWith(DynamoDBBackendExtension.class)
class ToolJarIT {

  static final Path FIXTURES = Paths.get("src/test/fixtures/reference-export");
  static String source;
  static List<Map<String, AttributeValue>> sourceItems;

  @BeforeAll
  static void load(Backend backend) {
    source = ToolsIT.table(backend, "jar_src", "id", ScalarAttributeType.S);
    List<Map<String, AttributeValue>> items = new ArrayList<>(ItemCorpus.tricky("id"));
    items.addAll(ItemCorpus.numbers("id"));
    items.addAll(ItemCorpus.generated("id", 300, 5));
    backend.putAll(source, items);
    sourceItems = backend.scanAll(source);
    assertEquals(items.size(), sourceItems.size());
  }

  static Path jar() {
    String jar = System.getProperty("tools.jar");
    assertTrue(jar != null && Files.isRegularFile(Paths.get(jar)), "the shaded jar (-Dtools.jar): " + jar);
    return Paths.get(jar);
  }

  /** {@code java -jar <jar> args}; the connection options go right after the command. */
  static ToolsIT.Outcome javaJar(Backend backend, String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of("-jar", jar().toString()));
    all.addAll(withConnection(backend, args));
    return java(all);
  }

  /** {@code java -cp <jar> mainClass args}: the reference's class names and command lines. */
  static ToolsIT.Outcome javaMain(String mainClass, String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of("-cp", jar().toString(), mainClass));
    all.addAll(List.of(args));
    return java(all);
  }

  static List<String> withConnection(Backend backend, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    if (args.length > 0 && !args[0].startsWith("-") && !args[args.length - 1].equals("--help")) {
      all.addAll(1, List.of("--endpoint", backend.endpoint().toString(), "--region", backend.region(),
          "--conf", "dynamodb.awsAccessKeyId=dummy", "--conf", "dynamodb.awsSecretAccessKey=dummy"));
    }
    return all;
  }

  static ToolsIT.Outcome java(List<String> args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(args);
    Path out = Files.createTempFile("tool-out", ".txt");
    Path err = Files.createTempFile("tool-err", ".txt");
    try {
      Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the tool finished within 2 minutes: " + command);
      ToolsIT.Outcome o = new ToolsIT.Outcome(p.exitValue(), Files.readString(out), Files.readString(err));
      System.out.println("$ " + String.join(" ", command) + "\n" + o); // kept in the test's log
      return o;
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  static void assertSameItems(List<Map<String, AttributeValue>> expected, List<Map<String, AttributeValue>> actual) {
    Map<AttributeValue, Map<String, AttributeValue>> byId = new HashMap<>();
    for (Map<String, AttributeValue> item : actual) {
      byId.put(item.get("id"), item);
    }
    assertEquals(expected.size(), actual.size(), "item count");
    for (Map<String, AttributeValue> item : expected) {
      assertEquals(item, byId.get(item.get("id")), "item " + item.get("id"));
    }
  }

  @Test
  void helpOfEachCommandAndVersion(Backend backend) throws Exception {
    for (String command : List.of("export", "import", "copy")) {
      ToolsIT.Outcome help = ToolsIT.ok(javaJar(backend, command, "--help"));
      assertTrue(help.out.startsWith("Usage: dynamodb-tool " + command), help.out);
      assertTrue(help.out.contains("--endpoint=URL"), help.out);
    }
    ToolsIT.Outcome export = javaJar(backend, "export", "--help");
    assertTrue(export.out.contains("--format=FORMAT") && export.out.contains("dynamodb-export"), export.out);
    ToolsIT.Outcome version = ToolsIT.ok(javaJar(backend, "--version"));
    assertTrue(version.out.matches("(?s)dynamodb-tool \\(emr-dynamodb-tools\\) \\d+\\.\\d+\\.\\d+.*"), version.out);
    ToolsIT.Outcome typo = javaJar(backend, "export", "--tabel", source, "--to", "/tmp/x");
    assertEquals(2, typo.code, typo.toString());
    assertTrue(typo.err.contains("unknown option '--tabel' (did you mean --table?)"), typo.toString());
  }

  @Test
  void exportImportRoundTripInEachLayoutIsExact(Backend backend, @TempDir Path tmp) throws Exception {
    for (String format : List.of("connector", "dynamodb-export", "emr")) {
      Path dir = tmp.resolve(format);
      ToolsIT.ok(javaJar(backend, "export", "--table", source, "--to", dir.toString(), "--format", format,
          "--segments", "3"));
      String target = ToolsIT.table(backend, "jar_" + format.replace('-', '_'), "id", ScalarAttributeType.S);
      ToolsIT.Outcome imported = ToolsIT.ok(javaJar(backend, "import", "--from", dir.toString(), "--table", target));
      assertTrue(imported.out.contains("Imported " + String.format("%,d", sourceItems.size()) + " items"),
          imported.out);
      assertSameItems(sourceItems, backend.scanAll(target));
    }
  }

  @Test
  void nativeLayoutHasTheServicesManifestsAndItemLines(Backend backend, @TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("native");
    ToolsIT.ok(javaJar(backend, "export", "--table", source, "--to", dir.toString(), "--format", "dynamodb-export",
        "--segments", "2"));
    List<Path> exports;
    try (Stream<Path> s = Files.list(dir.resolve("AWSDynamoDB"))) {
      exports = s.collect(Collectors.toList());
    }
    assertEquals(1, exports.size(), "one export id under AWSDynamoDB/");
    Path export = exports.get(0);
    assertTrue(export.getFileName().toString().matches("\\d{13}-[0-9a-f]{8}"), export.toString());
    assertTrue(Files.exists(export.resolve("_started")));
    ObjectMapper json = new ObjectMapper();
    JsonNode summary = json.readTree(export.resolve("manifest-summary.json").toFile());
    for (String field : List.of("version", "exportArn", "startTime", "endTime", "tableArn", "exportTime", "s3Bucket",
        "manifestFilesS3Key", "billedSizeBytes", "itemCount", "outputFormat", "exportType")) {
      assertTrue(summary.has(field), "manifest-summary.json has " + field + ": " + summary);
    }
    assertEquals("DYNAMODB_JSON", summary.get("outputFormat").asText());
    assertEquals(sourceItems.size(), summary.get("itemCount").asLong());
    assertTrue(summary.get("tableArn").asText().endsWith(":table/" + source), summary.toString());
    List<String> files = Files.readAllLines(export.resolve("manifest-files.json"));
    assertEquals(2, files.size(), "one line per data file");
    long total = 0;
    for (String line : files) {
      JsonNode f = json.readTree(line);
      String key = f.get("dataFileS3Key").asText();
      assertTrue(key.matches("AWSDynamoDB/" + export.getFileName() + "/data/[a-z2-7]{26}\\.json\\.gz"), key);
      Path data = dir.resolve(key);
      String[] md5 = ExportLayout.md5(org.apache.hadoop.fs.FileSystem.getLocal(
          new org.apache.hadoop.conf.Configuration()).getRaw(), new org.apache.hadoop.fs.Path(data.toUri()));
      assertEquals(md5[0], f.get("md5Checksum").asText());
      assertEquals(md5[1], f.get("etag").asText());
      List<String> lines = ToolsIT.gunzipLines(data);
      assertEquals(f.get("itemCount").asLong(), lines.size());
      for (String l : lines) {
        assertTrue(l.startsWith("{\"Item\":{"), l);
      }
      total += lines.size();
    }
    assertEquals(sourceItems.size(), total);
  }

  /** The reference's exports, as its released jar wrote them (see the fixture's README), import exactly. */
  @Test
  void importsTheReleasedReferencesExportExactly(Backend backend, @TempDir Path tmp) throws Exception {
    // what the table held when the reference exported it: the same items, put through the SDK
    String expectedTable = ToolsIT.table(backend, "ref_expected", "id", ScalarAttributeType.S);
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    for (String line : Files.readAllLines(FIXTURES.resolve("items.jsonl"), StandardCharsets.UTF_8)) {
      if (!line.isBlank()) {
        items.add(DynamoJson.parseItem(line));
      }
    }
    backend.putAll(expectedTable, items);
    List<Map<String, AttributeValue>> expected = backend.scanAll(expectedTable);

    // the export moved: its manifest's absolute URLs point elsewhere, the files sit beside it
    Path moved = tmp.resolve("moved-export");
    copy(FIXTURES.resolve("export"), moved);

    String viaTool = ToolsIT.table(backend, "ref_tool", "id", ScalarAttributeType.S);
    ToolsIT.Outcome o = ToolsIT.ok(javaJar(backend, "import", "--from", moved.toString(), "--table", viaTool));
    assertTrue(o.out.contains("EMR reference connector"), o.out);
    assertSameItems(expected, backend.scanAll(viaTool));

    String viaReferenceName = ToolsIT.table(backend, "ref_compat", "id", ScalarAttributeType.S);
    ToolsIT.ok(javaMain("org.apache.hadoop.dynamodb.tools.DynamoDBImport",
        "-D", "dynamodb.endpoint=" + backend.endpoint(), "-Ddynamodb.region=" + backend.region(),
        "-D", "dynamodb.awsAccessKeyId=dummy", "-D", "dynamodb.awsSecretAccessKey=dummy",
        moved.toString(), viaReferenceName, "0.5"));
    assertSameItems(expected, backend.scanAll(viaReferenceName));
  }

  /** The reference's DynamoDBExport command line writes the reference's layout; DynamoDBImport reads it back. */
  @Test
  void referenceClassNamesRoundTrip(Backend backend, @TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("emr");
    String[] connection = {"-D", "dynamodb.endpoint=" + backend.endpoint(), "-D", "dynamodb.region=" + backend.region(),
        "-D", "dynamodb.awsAccessKeyId=dummy", "-D", "dynamodb.awsSecretAccessKey=dummy"};
    List<String> export = new ArrayList<>(List.of(connection));
    export.addAll(List.of(dir.toString(), source, "0.5", "2"));
    ToolsIT.ok(javaMain("org.apache.hadoop.dynamodb.tools.DynamoDBExport", export.toArray(new String[0])));
    assertTrue(Files.readString(dir.resolve("manifest")).startsWith("{\"name\":\"DynamoDB-export\",\"version\":3,"));
    String target = ToolsIT.table(backend, "ref_rt", "id", ScalarAttributeType.S);
    List<String> imp = new ArrayList<>(List.of(connection));
    imp.addAll(List.of(dir.toString(), target));
    ToolsIT.ok(javaMain("org.apache.hadoop.dynamodb.tools.DynamoDBImport", imp.toArray(new String[0])));
    assertSameItems(sourceItems, backend.scanAll(target));
    ToolsIT.Outcome usage = javaMain("org.apache.hadoop.dynamodb.tools.DynamoDBExport", dir.toString());
    assertEquals(2, usage.code, usage.toString());
    assertTrue(usage.err.contains("Usage: DynamoDBExport [-D key=value ...] <path> <table-name>"), usage.toString());
  }

  private static void copy(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> s = Files.list(from)) {
      for (Path p : s.sorted(Comparator.naturalOrder()).collect(Collectors.toList())) {
        Files.copy(p, to.resolve(p.getFileName()));
      }
    }
  }
}
