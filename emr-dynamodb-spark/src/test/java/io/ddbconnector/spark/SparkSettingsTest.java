package io.ddbconnector.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddbconnector.conf.ConnectorOptions;
import io.ddbconnector.conf.Settings;
import io.ddbconnector.read.ReadSettings;
import io.ddbconnector.write.WriteSettings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SparkSettingsTest {

  @Test
  void shortNamesMapToConnectorKeys() {
    SparkSettings s = SparkSettings.from(Map.of(), Map.of("tableName", "orders", "endpoint", "http://127.0.0.1:1",
        "region", "eu-west-1", "readPercent", "0.25", "segments", "8", "consistentRead", "true",
        "accessKeyId", "AK", "secretAccessKey", "SK", "indexName", "byCategory"), 4);
    Settings c = s.core();
    assertEquals("orders", c.get(ConnectorOptions.INPUT_TABLE_NAME));
    assertEquals("orders", c.get(ConnectorOptions.OUTPUT_TABLE_NAME));
    assertEquals("http://127.0.0.1:1", c.get(ConnectorOptions.ENDPOINT));
    assertEquals("eu-west-1", c.get(ConnectorOptions.REGION));
    assertEquals(0.25, c.get(ConnectorOptions.READ_PERCENT));
    assertEquals(8, c.get(ConnectorOptions.SCAN_SEGMENTS));
    assertTrue(c.get(ConnectorOptions.CONSISTENT_READ));
    assertEquals("AK", c.get(ConnectorOptions.ACCESS_KEY_ID));
    assertEquals("byCategory", c.get(ConnectorOptions.INDEX_NAME));
    assertNull(c.get(ConnectorOptions.CONCURRENCY), "no fixed divisor unless given: the share is live");
    assertEquals("orders", ReadSettings.from(c).table());
    assertEquals("orders", WriteSettings.from(c).table());
    assertTrue(s.warnings().isEmpty(), s.warnings().toString());
  }

  @Test
  void fullKeysBareKeysAndCaseInsensitiveNames() {
    SparkSettings s = SparkSettings.from(Map.of(), Map.of("dynamodb.throughput.write.percent", "0.3",
        "throughput.read.percent", "0.2", "TABLENAME", "t", "dynamodb.retry.maxattempts", "7"), 2);
    assertEquals(0.3, s.core().get(ConnectorOptions.WRITE_PERCENT));
    assertEquals(0.2, s.core().get(ConnectorOptions.READ_PERCENT));
    assertEquals("t", s.tableName());
    assertEquals(7, s.core().get(ConnectorOptions.RETRY_MAX_ATTEMPTS));
  }

  @Test
  void optionsWinOverSparkDynamodbConfWhichWinsOverSparkHadoopConf() {
    Map<String, String> conf = Map.of(
        "spark.hadoop.dynamodb.region", "from-hadoop",
        "spark.hadoop.dynamodb.endpoint", "http://hadoop:1",
        "spark.hadoop.dynamodb.throughput.read.percent", "0.1",
        "spark.dynamodb.endpoint", "http://spark:1",
        "spark.dynamodb.throughput.read.percent", "0.2",
        "spark.executor.memory", "1g");
    SparkSettings s = SparkSettings.from(conf, Map.of("readPercent", "0.3", "tableName", "t"), 2);
    assertEquals("from-hadoop", s.core().get(ConnectorOptions.REGION));
    assertEquals("http://spark:1", s.core().get(ConnectorOptions.ENDPOINT));
    assertEquals(0.3, s.core().get(ConnectorOptions.READ_PERCENT));
    assertFalse(s.coreMap().containsKey("spark.executor.memory"));
  }

  @Test
  void loadPathIsTheTableNameUnlessOneIsGiven() {
    assertEquals("orders", SparkSettings.from(Map.of(), Map.of("path", "orders"), 2).tableName());
    assertEquals("orders", SparkSettings.from(Map.of(), Map.of("path", "orders"), 2).outputTableName());
    assertEquals("t", SparkSettings.from(Map.of(), Map.of("path", "orders", "tableName", "t"), 2).tableName());
  }

  @Test
  void userConcurrencyIsKept() {
    assertEquals(9, SparkSettings.from(Map.of(), Map.of("concurrency", "9"), 2).core()
        .get(ConnectorOptions.CONCURRENCY));
    assertEquals(5, SparkSettings.from(Map.of("spark.hadoop.dynamodb.throughput.concurrency", "5"), Map.of(), 2)
        .core().get(ConnectorOptions.CONCURRENCY));
  }

  @Test
  void typosWarnWithSuggestion() {
    SparkSettings s = SparkSettings.from(Map.of(), Map.of("tabelName", "t", "readPercnt", "0.2",
        "dynamodb.throughput.read.precent", "0.1", "somethingElseEntirely", "x"), 2);
    List<String> w = s.warnings();
    assertTrue(w.stream().anyMatch(x -> x.contains("'tabelName'") && x.contains("'tableName'")), w.toString());
    assertTrue(w.stream().anyMatch(x -> x.contains("'readPercnt'") && x.contains("'readPercent'")), w.toString());
    assertTrue(w.stream().anyMatch(x -> x.contains("dynamodb.throughput.read.precent")
        && x.contains("dynamodb.throughput.read.percent")), w.toString());
    assertEquals(3, w.size(), w.toString());
    assertNull(s.tableName(), "a misspelt option sets nothing");
  }

  @Test
  void nearMissOptionsFailTheSetUpUnlessAllowed() {
    SparkSettings s = SparkSettings.from(Map.of(), Map.of("tableName", "t", "readPrecent", "0.2"), 2);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, s::checkKeys);
    assertTrue(e.getMessage().contains("'readPrecent'") && e.getMessage().contains("'readPercent'"), e.getMessage());
    assertTrue(e.getMessage().contains("dynamodb.config.allowUnknownKeys"), e.getMessage());
    SparkSettings key = SparkSettings.from(Map.of("spark.hadoop.dynamodb.throughput.read.precent", "0.2"),
        Map.of("tableName", "t"), 2);
    assertTrue(assertThrows(IllegalArgumentException.class, key::checkKeys).getMessage()
        .contains("did you mean 'dynamodb.throughput.read.percent'"));
    SparkSettings allowed = SparkSettings.from(Map.of(), Map.of("tableName", "t", "readPrecent", "0.2",
        "config.allowUnknownKeys", "true"), 2);
    assertEquals(1, allowed.checkKeys().size(), allowed.checkKeys().toString());
  }

  @Test
  void writeModes() {
    SparkSettings update = SparkSettings.from(Map.of(), Map.of("tableName", "t", "mode", "update",
        "removeNulls", "true"), 2);
    assertTrue(update.updateMode());
    assertTrue(update.removeNulls());
    assertEquals(WriteSettings.Mode.PUT, WriteSettings.from(update.core()).mode());
    SparkSettings delete = SparkSettings.from(Map.of(), Map.of("tableName", "t", "mode", "delete"), 2);
    assertFalse(delete.updateMode());
    assertEquals(WriteSettings.Mode.DELETE, WriteSettings.from(delete.core()).mode());
    assertTrue(SparkSettings.from(Map.of(), Map.of("dynamodb.write.mode", "update"), 2).updateMode());
  }

  @Test
  void sparkOnlyOptionsAreValidated() {
    SparkSettings s = SparkSettings.from(Map.of("spark.dynamodb.schemaSampleSize", "50"),
        Map.of("onTypeMismatch", "NULL"), 2);
    assertEquals(50, s.schemaSampleSize());
    assertEquals(SparkSettings.MismatchPolicy.NULL, s.onTypeMismatch());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SparkSettings.from(Map.of(), Map.of("schemaSampleSize", "0"), 2));
    assertTrue(e.getMessage().contains("schemaSampleSize"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> SparkSettings.from(Map.of(), Map.of("onTypeMismatch", "ignore"), 2));
    assertTrue(e.getMessage().contains("onTypeMismatch"), e.getMessage());
  }

  @Test
  void numbersAsStringsIsARegisteredReadKey() {
    assertFalse(SparkSettings.from(Map.of(), Map.of(), 2).numbersAsStrings());
    assertTrue(SparkSettings.from(Map.of(), Map.of("numbersasstrings", "true"), 2).numbersAsStrings());
    assertTrue(SparkSettings.from(Map.of("spark.dynamodb.read.numbersAsStrings", "true"), Map.of(), 2)
        .numbersAsStrings());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SparkSettings.from(Map.of(), Map.of("numbersAsStrings", "yes"), 2));
    assertTrue(e.getMessage().contains("dynamodb.read.numbersAsStrings"), e.getMessage());
  }

  @Test
  void secretsAreMaskedInToString() {
    SparkSettings s = SparkSettings.from(Map.of(), Map.of("accessKeyId", "AKIDEXAMPLE",
        "secretAccessKey", "verysecret"), 2);
    assertFalse(s.toString().contains("verysecret"), s.toString());
    assertFalse(s.toString().contains("AKIDEXAMPLE"), s.toString());
  }
}
