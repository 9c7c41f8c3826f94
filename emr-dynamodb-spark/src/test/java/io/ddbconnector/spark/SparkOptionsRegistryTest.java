package io.ddbconnector.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddbconnector.conf.ConfigKey;
import io.ddbconnector.conf.ConnectorOptions;
import io.ddbconnector.conf.SparkOption;
import io.ddbconnector.conf.SparkOptions;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The Spark options are defined once, in the core registry ({@link SparkOptions}), which generates their table in
 * docs/configuration.md: every option there does what it says here, and SparkSettings accepts no name it does not
 * list (besides the core keys, full or without their {@code dynamodb.} prefix).
 */
class SparkOptionsRegistryTest {

  @Test
  void everyAliasSetsItsKeys() {
    for (SparkOption o : SparkOptions.aliases()) {
      for (String name : o.names()) {
        String value = sample(o.keys().get(0));
        SparkSettings s = SparkSettings.from(Map.of(), Map.of(name, value), 2);
        for (ConfigKey<?> k : o.keys()) {
          assertEquals(value, s.coreMap().get(k.name()), "option " + name + " sets " + k.name());
        }
        assertEquals(o.keys().size(), s.coreMap().size(), "option " + name + " sets only " + o.keys());
        assertTrue(s.warnings().isEmpty(), name + ": " + s.warnings());
      }
    }
  }

  @Test
  void everySparkOnlyOptionIsRead() {
    for (SparkOption o : SparkOptions.sparkOnly()) {
      String name = o.name();
      if (o == SparkOptions.PATH) {
        SparkSettings s = SparkSettings.from(Map.of(), Map.of(name, "orders"), 2);
        assertEquals("orders", s.tableName());
        assertEquals("orders", s.outputTableName());
      } else if (o == SparkOptions.MODE) {
        assertTrue(SparkSettings.from(Map.of(), Map.of(name, "update"), 2).updateMode());
        assertEquals("delete", SparkSettings.from(Map.of(), Map.of(name, "delete"), 2).coreMap()
            .get(ConnectorOptions.WRITE_MODE.name()));
      } else {
        SparkSettings s = SparkSettings.from(Map.of(), Map.of(name, o.defaultValue()), 2);
        assertEquals(o.defaultValue(), s.sparkOnlyMap().get(name), "option " + name);
        assertTrue(s.warnings().isEmpty(), name + ": " + s.warnings());
      }
    }
    assertEquals(SparkOptions.SCHEMA_SAMPLE_SIZE_DEFAULT, SparkSettings.from(Map.of(), Map.of(), 2).schemaSampleSize());
    assertEquals(SparkOptions.MAX_KEY_QUERIES_DEFAULT, SparkSettings.from(Map.of(), Map.of(), 2).maxKeyQueries());
  }

  @Test
  void acceptsNoNameTheRegistryLacks() {
    Set<String> registry = new TreeSet<>();
    for (SparkOption o : SparkOptions.all()) {
      for (String n : o.names()) {
        registry.add(n.toLowerCase(Locale.ROOT));
      }
    }
    for (ConfigKey<?> k : ConnectorOptions.coreKeys()) {
      registry.add(k.name().substring(ConnectorOptions.PREFIX.length()).toLowerCase(Locale.ROOT));
    }
    assertEquals(registry, SparkSettings.acceptedNames());
  }

  @Test
  void suggestionsUseTheDocumentedSpelling() {
    assertEquals("readPercent", SparkSettings.suggest("readprecent").orElse(null));
    assertEquals("awsSecretAccessKey", SparkSettings.suggest("awssecretacesskey").orElse(null));
  }

  private static String sample(ConfigKey<?> k) {
    if (k.type() == Boolean.class) {
      return "true";
    }
    if (k.type() == String.class) {
      return "x";
    }
    return k.type() == Double.class ? "0.25" : "3";
  }
}
