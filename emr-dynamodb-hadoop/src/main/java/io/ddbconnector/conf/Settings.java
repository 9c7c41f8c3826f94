package io.ddbconnector.conf;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An immutable snapshot of the connector's raw settings (the {@code dynamodb.*} entries of a Hadoop
 * configuration, Spark options, or Hive table properties), read once. Each engine has a small adapter
 * that builds one; everything downstream reads typed values through {@link #get(ConfigKey)}.
 *
 * <p>Precedence, stated once: the engine adapter decides which source wins (Spark: DataFrame options over
 * {@code spark.hadoop.dynamodb.*} conf; Hive: table properties over the session conf) and hands the
 * merged map here; a key's own default applies only when the key is absent.
 */
public final class Settings {

  private final Map<String, String> raw;

  private Settings(Map<String, String> raw) {
    this.raw = Collections.unmodifiableMap(new TreeMap<>(raw));
  }

  public static Settings of(Map<String, String> raw) {
    return new Settings(Objects.requireNonNull(raw, "raw"));
  }

  /** The typed value, or the key's default (which may be null). */
  public <T> T get(ConfigKey<T> key) {
    String v = raw.get(key.name());
    if (v == null || v.trim().isEmpty()) {
      return key.defaultValue();
    }
    return key.parse(v);
  }

  public <T> Optional<T> find(ConfigKey<T> key) {
    return Optional.ofNullable(get(key));
  }

  /** The value, or an error naming the key when it is absent. */
  public <T> T require(ConfigKey<T> key) {
    T v = get(key);
    if (v == null) {
      throw new IllegalArgumentException("Missing required configuration key '" + key.name() + "': "
          + key.description());
    }
    return v;
  }

  /** Whether the key has a non-blank value (engines set absent keys to "", which reads as unset). */
  public boolean isSet(ConfigKey<?> key) {
    String v = raw.get(key.name());
    return v != null && !v.trim().isEmpty();
  }

  /**
   * The value of {@code key}, or of {@code alias} (another name for the same setting, e.g. the EMR connector's)
   * when only that is set, or the default; both set to different values is an error naming both.
   */
  public <T> T get(ConfigKey<T> key, ConfigKey<T> alias) {
    T a = get(alias);
    if (!isSet(key)) {
      return isSet(alias) ? a : key.defaultValue();
    }
    T k = get(key);
    if (isSet(alias) && !k.equals(a)) {
      throw new IllegalArgumentException("Configuration keys '" + key.name() + "' (" + shown(key) + ") and '"
          + alias.name() + "' (" + shown(alias) + ") conflict: '" + alias.name() + "' is another name for '"
          + key.name() + "'. Set one of them.");
    }
    return k;
  }

  private String shown(ConfigKey<?> key) {
    return "'" + Secrets.redact(key.name(), raw.get(key.name())) + "'";
  }

  public Map<String, String> raw() {
    return raw;
  }

  public Settings with(String key, String value) {
    Map<String, String> copy = new TreeMap<>(raw);
    copy.put(key, value);
    return new Settings(copy);
  }

  /**
   * Warnings for {@code dynamodb.*} keys that the connector does not know, with the likely intended key, and
   * the reports of the EMR connector's keys it does not need. Never throws: {@link #checkKeys()} is the check
   * that fails.
   */
  public List<String> unknownKeyWarnings() {
    KeyCheck c = KeyCheck.of(raw.keySet(), true);
    List<String> all = new java.util.ArrayList<>(c.warnings());
    all.addAll(c.reports());
    return all;
  }

  /**
   * Fails with the intended key when a {@code dynamodb.*} key is a near miss of a known one (unless
   * {@code dynamodb.config.allowUnknownKeys=true}); returns the warnings about the other unknown keys and the
   * reports of the EMR connector's keys the connector does not need.
   */
  public List<String> checkKeys() {
    KeyCheck c = KeyCheck.of(this).orThrow();
    List<String> all = new java.util.ArrayList<>(c.warnings());
    all.addAll(c.reports());
    return all;
  }

  /** Lists keys and values with every secret ({@link Secrets#isSecret}) masked: safe to log. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Settings{");
    boolean first = true;
    for (Map.Entry<String, String> e : raw.entrySet()) {
      if (!first) {
        sb.append(", ");
      }
      first = false;
      sb.append(e.getKey()).append('=').append(Secrets.redact(e.getKey(), e.getValue()));
    }
    return sb.append('}').toString();
  }

  /**
   * The value of an expression-names key ({@code dynamodb.read.expressionNames},
   * {@code dynamodb.write.condition.expressionNames}): {@code #n=name} entries separated by commas, in order.
   */
  public Map<String, String> expressionNames(ConfigKey<String> key) {
    String v = get(key);
    if (v == null || v.trim().isEmpty()) {
      return Collections.emptyMap();
    }
    Map<String, String> m = new java.util.LinkedHashMap<>();
    for (String part : v.split(",")) {
      String p = part.trim();
      int eq = p.indexOf('=');
      if (eq <= 0 || !p.startsWith("#") || eq == p.length() - 1) {
        throw new IllegalArgumentException("Invalid value '" + v + "' for configuration key '" + key.name()
            + "': expected entries like #n=name separated by commas, got '" + p + "'.");
      }
      m.put(p.substring(0, eq).trim(), p.substring(eq + 1).trim());
    }
    return Collections.unmodifiableMap(m);
  }
}
