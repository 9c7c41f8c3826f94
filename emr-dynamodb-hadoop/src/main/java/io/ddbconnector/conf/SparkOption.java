package io.ddbconnector.conf;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One option of the Spark data source and RDD helpers, defined once in {@link SparkOptions}: either a short
 * name for one or more core keys ({@code tableName} sets {@code dynamodb.input.tableName} and
 * {@code dynamodb.output.tableName}), or an option only the Spark layer reads ({@code schemaSampleSize}).
 * Engine-neutral on purpose: the core holds the names so that the reference doc is generated from one
 * registry, and {@code SparkSettings} (in the Spark module) only reads them.
 */
public final class SparkOption {
  private final String name;
  private final List<String> alternates;
  private final List<ConfigKey<?>> keys;
  private final String defaultValue;
  private final String description;

  private SparkOption(String name, List<String> alternates, List<ConfigKey<?>> keys, String defaultValue,
      String description) {
    this.name = Objects.requireNonNull(name);
    this.alternates = List.copyOf(alternates);
    this.keys = List.copyOf(keys);
    this.defaultValue = defaultValue;
    this.description = description == null ? "" : description;
  }

  /** A short name for core keys; {@code note} (may be null) adds what the keys' own descriptions do not say. */
  static SparkOption alias(String name, List<String> alternates, String note, ConfigKey<?>... keys) {
    if (keys.length == 0) {
      throw new IllegalArgumentException("alias " + name + " names no key");
    }
    return new SparkOption(name, alternates, List.of(keys), null, note);
  }

  /** An option read by the Spark layer only. */
  static SparkOption own(String name, String defaultValue, String description) {
    return new SparkOption(name, List.of(), List.of(), defaultValue, Objects.requireNonNull(description));
  }

  /** The name as documented (options are matched ignoring case). */
  public String name() { return name; }

  /** Other names accepted for the same option, e.g. {@code table} for {@code tableName}. */
  public List<String> alternates() { return alternates; }

  /** {@link #name()} then {@link #alternates()}. */
  public List<String> names() {
    List<String> all = new ArrayList<>();
    all.add(name);
    all.addAll(alternates);
    return List.copyOf(all);
  }

  /** The core keys this option sets; empty for an option only the Spark layer reads. */
  public List<ConfigKey<?>> keys() { return keys; }

  public boolean sparkOnly() { return keys.isEmpty(); }

  /** The default of a Spark-only option, or null (an alias's default is its keys'). */
  public String defaultValue() { return defaultValue; }

  public String description() { return description; }

  /** Whether {@code option} is one of this option's names, ignoring case. */
  public boolean matches(String option) {
    String l = option.trim().toLowerCase(Locale.ROOT);
    for (String n : names()) {
      if (n.toLowerCase(Locale.ROOT).equals(l)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return name;
  }
}
