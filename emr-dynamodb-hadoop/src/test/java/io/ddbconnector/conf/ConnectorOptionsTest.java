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
  void badEndpointIsNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ClientSettings.from(Settings.of(Map.of("dynamodb.endpoint", "http://"))));
    assertTrue(e.getMessage().contains("dynamodb.endpoint"), e.getMessage());
  }

  /** The README's key table is generated from the registry; this fails when they drift. */
  @Test
  void readmeTableMatchesTheRegistry() throws Exception {
    Path readme = Paths.get(System.getProperty("ddb.project.root", "..")).resolve("README.md");
    String text = new String(Files.readAllBytes(readme), StandardCharsets.UTF_8);
    String begin = "<!-- config-table:begin -->\n";
    String end = "<!-- config-table:end -->";
    int b = text.indexOf(begin);
    int e = text.indexOf(end);
    assertTrue(b >= 0 && e > b, "README.md lacks the config-table markers");
    assertEquals(ConnectorOptions.markdownTable(), text.substring(b + begin.length(), e),
        "README.md's configuration table is stale: regenerate it with "
            + "`java -cp emr-dynamodb-hadoop/target/classes io.ddbconnector.conf.ConfigDoc README.md`");
  }
}
