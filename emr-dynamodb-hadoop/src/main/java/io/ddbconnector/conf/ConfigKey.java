package io.ddbconnector.conf;

import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * One configuration key: its name, type, default, unit, scope and documentation, defined once in
 * {@link ConnectorOptions}. Parsing lives here so that every bad value produces the same kind of
 * error, naming the key and what was expected.
 */
public final class ConfigKey<T> {

  /**
   * Where a key is read. Documentation only, except {@link #HIVE}: a Hive table property, which the Hive
   * handler reads and never passes to the core.
   */
  public enum Scope { CLIENT, READ, WRITE, READ_WRITE, HIVE }

  private final String name;
  private final Class<T> type;
  private final T defaultValue;
  private final String unit;
  private final Scope scope;
  private final String description;
  private final boolean secret;
  private final Double min;
  private final Double max;

  private ConfigKey(Builder<T> b) {
    this.name = Objects.requireNonNull(b.name);
    this.type = Objects.requireNonNull(b.type);
    this.defaultValue = b.defaultValue;
    this.unit = b.unit;
    this.scope = Objects.requireNonNull(b.scope);
    this.description = Objects.requireNonNull(b.description);
    this.secret = b.secret;
    this.min = b.min;
    this.max = b.max;
  }

  public static Builder<String> string(String name) { return new Builder<>(name, String.class); }
  public static Builder<Integer> integer(String name) { return new Builder<>(name, Integer.class); }
  public static Builder<Long> longKey(String name) { return new Builder<>(name, Long.class); }
  public static Builder<Double> decimal(String name) { return new Builder<>(name, Double.class); }
  public static Builder<Boolean> bool(String name) { return new Builder<>(name, Boolean.class); }

  public String name() { return name; }
  public Class<T> type() { return type; }
  /** The default, or null when the key has none (meaning: unset, derived at run time). */
  public T defaultValue() { return defaultValue; }
  public String unit() { return unit; }
  public Scope scope() { return scope; }
  public String description() { return description; }
  public boolean isSecret() { return secret; }

  /** Parses a raw value; the error names the key, the bad value (unless secret) and what was expected. */
  public T parse(String raw) {
    String v = raw.trim();
    try {
      Object parsed;
      if (type == String.class) {
        parsed = raw;
      } else if (type == Integer.class) {
        parsed = Integer.valueOf(v);
      } else if (type == Long.class) {
        parsed = Long.valueOf(v);
      } else if (type == Double.class) {
        double d = Double.parseDouble(v);
        if (Double.isNaN(d) || Double.isInfinite(d)) {
          throw new NumberFormatException();
        }
        parsed = d;
      } else if (type == Boolean.class) {
        String l = v.toLowerCase(Locale.ROOT);
        if (!l.equals("true") && !l.equals("false")) {
          throw new NumberFormatException();
        }
        parsed = Boolean.valueOf(l);
      } else {
        throw new IllegalStateException("unsupported key type " + type);
      }
      checkRange(parsed);
      return type.cast(parsed);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Invalid value " + shown(raw) + " for configuration key '" + name
          + "': expected " + expected() + ".");
    }
  }

  private void checkRange(Object parsed) {
    if (!(parsed instanceof Number)) {
      return;
    }
    double d = ((Number) parsed).doubleValue();
    if ((min != null && d < min) || (max != null && d > max)) {
      throw new IllegalArgumentException("Invalid value " + parsed + " for configuration key '" + name
          + "': expected " + expected() + ".");
    }
  }

  private String shown(String raw) {
    return secret || Secrets.isSecret(name) ? "(hidden)" : "'" + raw + "'";
  }

  /** Human description of the accepted values, used in errors and the README table. */
  public String expected() {
    String kind;
    if (type == Integer.class || type == Long.class) {
      kind = "an integer";
    } else if (type == Double.class) {
      kind = "a number";
    } else if (type == Boolean.class) {
      kind = "true or false";
    } else {
      kind = "a string";
    }
    if (min != null && max != null) {
      return kind + " between " + fmt(min) + " and " + fmt(max);
    } else if (min != null) {
      return kind + " >= " + fmt(min);
    } else if (max != null) {
      return kind + " <= " + fmt(max);
    }
    return kind;
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }

  @Override
  public String toString() {
    return name;
  }

  /** Fluent builder; keys are only built in {@link ConnectorOptions}. */
  public static final class Builder<T> {
    private final String name;
    private final Class<T> type;
    private T defaultValue;
    private String unit = "";
    private Scope scope = Scope.READ_WRITE;
    private String description;
    private boolean secret;
    private Double min;
    private Double max;

    private Builder(String name, Class<T> type) {
      this.name = name;
      this.type = type;
    }

    public Builder<T> defaultValue(T value) { this.defaultValue = value; return this; }
    public Builder<T> unit(String value) { this.unit = value; return this; }
    public Builder<T> scope(Scope value) { this.scope = value; return this; }
    public Builder<T> secret() { this.secret = true; return this; }
    public Builder<T> min(double value) { this.min = value; return this; }
    public Builder<T> max(double value) { this.max = value; return this; }

    public ConfigKey<T> doc(String text) {
      this.description = text;
      return new ConfigKey<>(this);
    }
  }
}
