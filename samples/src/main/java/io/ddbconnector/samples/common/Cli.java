package io.ddbconnector.samples.common;

import io.ddbconnector.conf.Suggestions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed command line: {@code --name value}, {@code --name=value}, {@code --flag} and positional
 * arguments. Each program declares the options it knows; anything else is a {@link UsageException}
 * naming the option, so a typo never silently changes what a program does.
 */
public final class Cli {

  private final Map<String, List<String>> values;
  private final Set<String> flags;
  private final List<String> positional;

  private Cli(Map<String, List<String>> values, Set<String> flags, List<String> positional) {
    this.values = values;
    this.flags = flags;
    this.positional = positional;
  }

  /**
   * Parses {@code args}.
   *
   * @param valueOptions options that take a value, e.g. {@code --items}
   * @param flagOptions options without a value, e.g. {@code --help}
   */
  public static Cli parse(String[] args, Set<String> valueOptions, Set<String> flagOptions) {
    Map<String, List<String>> values = new LinkedHashMap<>();
    Set<String> flags = new java.util.LinkedHashSet<>();
    List<String> positional = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--") || arg.equals("--")) {
        positional.add(arg);
        continue;
      }
      String name = arg;
      String inlineValue = null;
      int eq = arg.indexOf('=');
      if (eq > 0) {
        name = arg.substring(0, eq);
        inlineValue = arg.substring(eq + 1);
      }
      if (flagOptions.contains(name)) {
        if (inlineValue != null) {
          throw new UsageException("option " + name + " takes no value (got '" + arg + "')");
        }
        flags.add(name);
      } else if (valueOptions.contains(name)) {
        String value = inlineValue;
        if (value == null) {
          if (i + 1 >= args.length) {
            throw new UsageException("option " + name + " needs a value");
          }
          value = args[++i];
        }
        values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
      } else {
        throw new UsageException("unknown option '" + name + "'" + suggestion(name, valueOptions, flagOptions));
      }
    }
    return new Cli(values, flags, positional);
  }

  private static String suggestion(String name, Set<String> valueOptions, Set<String> flagOptions) {
    List<String> known = new ArrayList<>(valueOptions);
    known.addAll(flagOptions);
    return Suggestions.closest(name, known, 3).map(b -> " (did you mean " + b + "?)").orElse("");
  }

  public boolean has(String flag) {
    return flags.contains(flag) || values.containsKey(flag);
  }

  /** The last value given for {@code name}, or {@code null}. */
  public String get(String name) {
    List<String> v = values.get(name);
    return v == null ? null : v.get(v.size() - 1);
  }

  public String get(String name, String defaultValue) {
    String v = get(name);
    return v == null ? defaultValue : v;
  }

  /** Every value given for a repeatable option, in order. */
  public List<String> all(String name) {
    return values.getOrDefault(name, Collections.emptyList());
  }

  public String require(String name) {
    String v = get(name);
    if (v == null || v.isBlank()) {
      throw new UsageException("option " + name + " is required");
    }
    return v;
  }

  /** A whole number within [min, max]; {@code 100000}, {@code 100_000} and {@code 100k} are accepted. */
  public long longValue(String name, long defaultValue, long min, long max) {
    String raw = get(name);
    if (raw == null) {
      return defaultValue;
    }
    String s = raw.trim().replace("_", "").replace(",", "").toLowerCase(java.util.Locale.ROOT);
    long factor = 1;
    if (s.endsWith("k")) {
      factor = 1_000;
      s = s.substring(0, s.length() - 1);
    } else if (s.endsWith("m")) {
      factor = 1_000_000;
      s = s.substring(0, s.length() - 1);
    }
    long v;
    try {
      v = Math.multiplyExact(Long.parseLong(s), factor);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new UsageException("option " + name + " needs a whole number, got '" + raw + "'");
    }
    if (v < min || v > max) {
      throw new UsageException("option " + name + " must be between " + min + " and " + max + ", got " + v);
    }
    return v;
  }

  public int intValue(String name, int defaultValue, int min, int max) {
    return (int) longValue(name, defaultValue, min, max);
  }

  /** A fraction such as {@code 0.25} within (0, max]. */
  public Double fraction(String name, double max) {
    String raw = get(name);
    if (raw == null) {
      return null;
    }
    double v;
    try {
      v = Double.parseDouble(raw.trim());
    } catch (NumberFormatException e) {
      throw new UsageException("option " + name + " needs a number such as 0.5, got '" + raw + "'");
    }
    if (!(v > 0) || v > max) {
      throw new UsageException("option " + name + " must be greater than 0 and at most " + max + ", got " + raw);
    }
    return v;
  }

  public List<String> positional() {
    return positional;
  }
}
