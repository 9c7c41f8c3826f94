package io.ddbconnector.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddbconnector.client.ClientSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectorOptionsTest {

  @Test
  void badValuesNameTheKey() {
    Settings s = Settings.of(Map.of("dynamodb.throughput.read.percent", "half", "dynamodb.scan.segments", "0"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> s.get(ConnectorOptions.READ_PERCENT));
    assertTrue(e.getMessage().contains("'dynamodb.throughput.read.percent'"), e.getMessage());
    assertTrue(e.getMessage().contains("'half'"), e.getMessage());
    IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class,
        () -> s.get(ConnectorOptions.SCAN_SEGMENTS));
    assertTrue(e2.getMessage().contains("between 1 and 1000000"), e2.getMessage());
  }

  @Test
  void missingRequiredKeyIsNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Settings.of(Map.of()).require(ConnectorOptions.INPUT_TABLE_NAME));
    assertTrue(e.getMessage().contains("dynamodb.input.tableName"), e.getMessage());
  }

  @Test
  void defaultsApply() {
    Settings s = Settings.of(Map.of());
    assertEquals(0.5, s.get(ConnectorOptions.READ_PERCENT));
    assertEquals(null, s.get(ConnectorOptions.SCAN_SEGMENTS));
  }

  @Test
  void unknownKeysGetASuggestion() {
    List<String> w = Settings.of(Map.of("dynamodb.throughput.read.percnt", "0.3", "dynamodb.input.tableName", "t"))
        .unknownKeyWarnings();
    assertEquals(1, w.size());
    assertTrue(w.get(0).contains("did you mean 'dynamodb.throughput.read.percent'"), w.get(0));
  }

  @Test
  void secretsNeverShown() {
    Settings s = Settings.of(Map.of("dynamodb.awsAccessKeyId", "AKIDEXAMPLE", "dynamodb.awsSecretAccessKey",
        "s3cr3t-value", "dynamodb.awsSessionToken", "tok3n-value"));
    assertFalse(s.toString().contains("s3cr3t-value"), s.toString());
    assertFalse(s.toString().contains("tok3n-value"), s.toString());
    String c = ClientSettings.from(s).toString();
    assertFalse(c.contains("s3cr3t-value") || c.contains("AKIDEXAMPLE") || c.contains("tok3n-value"), c);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClientSettings.from(
        Settings.of(Map.of("dynamodb.awsSecretAccessKey", "s3cr3t-value"))));
    assertFalse(e.getMessage().contains("s3cr3t-value"), e.getMessage());
  }

  @Test
  void nearMissesFailNamingTheKeyMeantUnlessAllowed() {
    Settings s = Settings.of(Map.of("dynamodb.throughput.read.precent", "0.1", "dynamodb.Region", "eu-west-1",
        "dynamodb.input.tableName", "t"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, s::checkKeys);
    assertTrue(e.getMessage().contains("'dynamodb.throughput.read.precent' (did you mean"
        + " 'dynamodb.throughput.read.percent'?)"), e.getMessage());
    assertTrue(e.getMessage().contains("'dynamodb.Region' (did you mean 'dynamodb.region'?)"), e.getMessage());
    assertTrue(e.getMessage().contains("dynamodb.config.allowUnknownKeys=true"), e.getMessage());
    assertFalse(e.getMessage().contains("0.1") || e.getMessage().contains("eu-west-1"), "no values: " + e.getMessage());
    List<String> allowed = s.with("dynamodb.config.allowUnknownKeys", "true").checkKeys();
    assertEquals(2, allowed.size(), allowed.toString());
    assertTrue(allowed.get(1).contains("did you mean 'dynamodb.throughput.read.percent'"), allowed.toString());
    IllegalArgumentException hive = assertThrows(IllegalArgumentException.class,
        () -> Settings.of(Map.of("dynamodb.colum.mapping", "a:b")).checkKeys());
    assertTrue(hive.getMessage().contains("did you mean 'dynamodb.column.mapping'"), hive.getMessage());
  }

  @Test
  void farUnknownKeysWarnAndTheReferenceConnectorsUnneededKeysAreReported() {
    Settings s = Settings.of(Map.of("dynamodb.regionid", "eu-west-1", "dynamodb.proxy.password", "pw",
        "dynamodb.throughput.read.autoscaling", "true", "dynamodb.item.count", "5",
        "dynamodb.somethingElse.entirely", "x", "dynamodb.yarn.enabled", "true"));
    List<String> w = s.checkKeys();
    assertEquals(3, w.size(), w.toString());
    assertTrue(w.stream().anyMatch(x -> x.contains("'dynamodb.item.count'") && x.contains("not needed")), w.toString());
    assertTrue(w.stream().anyMatch(x -> x.contains("'dynamodb.yarn.enabled'") && x.contains("not needed")), w.toString());
    assertTrue(w.stream().anyMatch(x -> x.contains("'dynamodb.somethingElse.entirely'")), w.toString());
    // a typo of a key the EMR connector named and this one honours is a near miss like any other
    assertThrows(IllegalArgumentException.class,
        () -> Settings.of(Map.of("dynamodb.max.batch.item", "5")).checkKeys());
    // every key of the reference connector is known: honoured or reported, never a near miss or unknown
    assertEquals(List.of("dynamodb.input.tableName", "dynamodb.output.tableName", "dynamodb.endpoint",
        "dynamodb.region", "dynamodb.regionid", "dynamodb.awsAccessKeyId", "dynamodb.awsSecretAccessKey",
        "dynamodb.awsSessionToken", "dynamodb.customAWSCredentialsProvider", "dynamodb.proxy.hostname",
        "dynamodb.proxy.port", "dynamodb.proxy.username", "dynamodb.proxy.password", "dynamodb.table.name",
        "dynamodb.column.mapping", "dynamodb.type.mapping", "dynamodb.null.serialization",
        "dynamodb.filter.pushdown", "dynamodb.table.keyNames", "dynamodb.throughput.read",
        "dynamodb.throughput.write", "dynamodb.throughput.read.percent", "dynamodb.throughput.write.percent",
        "dynamodb.throughput.read.autoscaling", "dynamodb.throughput.write.autoscaling", "dynamodb.item.average.size",
        "dynamodb.item.count", "dynamodb.table.size-bytes", "dynamodb.max.map.tasks", "dynamodb.max.item.size",
        "dynamodb.max.batch.size", "dynamodb.max.batch.items", "dynamodb.deletion.mode", "dynamodb.split.size",
        "dynamodb.yarn.enabled", "dynamodb.scan.segments", "dynamodb.export.format.version",
        "fs.s3.awsAccessKeyId", "fs.s3.awsSecretAccessKey").stream().sorted().toList(),
        ConnectorOptions.referenceKeys().stream().sorted().toList());
    for (String k : ConnectorOptions.referenceKeys()) {
      assertEquals(List.of(), KeyCheck.of(List.of(k), false).errors(), k);
      assertEquals(List.of(), KeyCheck.of(List.of(k), false).unknownKeys(), k);
    }
  }

  @Test
  void secretNamesAreRecognisedByTheirLooksAndMisspellings() {
    for (String k : List.of("dynamodb.awsAccessKeyId", "dynamodb.awsSecretAccessKey", "dynamodb.awsSessionToken",
        "dynamodb.awsSecretAccesKey", "dynamodb.awsAcessKeyId", "dynamodb.awsSessionTokn", "dynamodb.awsaccesskeyid",
        "dynamodb.proxy.password", "dynamodb.other.password", "dynamodb.sts.credentials", "dynamodb.kms.key",
        "secretAccessKey", "accessKeyId", "sessionToken", "dynamodb.api_key")) {
      assertTrue(Secrets.isSecret(k), k);
    }
    for (String k : List.of("dynamodb.table.name", "dynamodb.table.keyNames", "dynamodb.customAWSCredentialsProvider",
        "dynamodb.input.tableName", "dynamodb.region", "dynamodb.endpoint", "dynamodb.throughput.read.percent",
        "dynamodb.read.pageLimit", "dynamodb.hash.key", "dynamodb.column.mapping", "dynamodb.proxy.username")) {
      assertFalse(Secrets.isSecret(k), k);
    }
    String shown = Settings.of(Map.of("dynamodb.awsSecretAccesKey", "MISSPELT-SECRET", "dynamodb.region", "r1"))
        .toString();
    assertFalse(shown.contains("MISSPELT-SECRET"), shown);
    assertTrue(shown.contains("r1"), shown);
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
        () -> ConfigKey.integer("dynamodb.x.token").doc("t").parse("NOT-A-NUMBER-SECRET"));
    assertFalse(bad.getMessage().contains("NOT-A-NUMBER-SECRET"), bad.getMessage());
  }

  @Test
  void badEndpointIsNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ClientSettings.from(Settings.of(Map.of("dynamodb.endpoint", "http://"))));
    assertTrue(e.getMessage().contains("dynamodb.endpoint"), e.getMessage());
  }

  /**
   * The tables of docs/ are generated from the registry (core keys, Spark options, Hive table properties, the
   * reference connector's keys); this fails when any drifts, naming the file and the command that fixes it.
   */
  @Test
  void docsTablesMatchTheRegistry() throws Exception {
    Path docs = Paths.get(System.getProperty("ddb.project.root", "..")).resolve("docs");
    Map<String, Path> found = new java.util.LinkedHashMap<>();
    for (Path f : ConfigDoc.markdownFiles(List.of(docs))) {
      String text = new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
      assertEquals(ConfigDoc.regenerate(f, text, found), text, f + " has a stale generated table: regenerate"
          + " with `java -cp emr-dynamodb-hadoop/target/classes io.ddbconnector.conf.ConfigDoc docs`");
    }
    assertEquals(ConfigDoc.tables().keySet(), found.keySet(), "generated tables found in docs/: " + found);
    assertEquals(docs.resolve("configuration.md"), found.get(ConfigDoc.CONFIG_TABLE));
    assertEquals(docs.resolve("configuration.md"), found.get(ConfigDoc.SPARK_OPTIONS));
    assertEquals(docs.resolve("configuration.md"), found.get(ConfigDoc.CATALOG_OPTIONS));
    assertEquals(docs.resolve("configuration.md"), found.get(ConfigDoc.HIVE_PROPERTIES));
    assertEquals(docs.resolve("migration.md"), found.get(ConfigDoc.REFERENCE_KEYS));
  }

  /** Every key is in exactly one generated table: the core's or the Hive properties'. */
  @Test
  void everyKeyIsInOneTable() {
    for (ConfigKey<?> k : ConnectorOptions.all()) {
      String row = "| `" + k.name() + "` |";
      boolean core = ConnectorOptions.markdownTable().contains(row);
      boolean hive = ConnectorOptions.hivePropertyTable().contains(row);
      assertTrue(core ^ hive, k.name() + ": in the core table " + core + ", in the Hive table " + hive);
    }
  }

  /** Spark options: unique names (ignoring case), no name that is also a core key's, keys all registered. */
  @Test
  void sparkOptionsAreWellFormed() {
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (SparkOption o : SparkOptions.all()) {
      for (String n : o.names()) {
        assertTrue(seen.add(n.toLowerCase(java.util.Locale.ROOT)), "option name used twice: " + n);
        assertTrue(ConnectorOptions.find(n).isEmpty(), n + " is also a core key");
      }
      for (ConfigKey<?> k : o.keys()) {
        assertEquals(k, ConnectorOptions.find(k.name()).orElse(null), o + " sets an unregistered key");
      }
      assertTrue(SparkOptions.markdownTable().contains("| `" + o.name() + "`"), o + " not in the table");
    }
  }
}
