package io.ddbconnector.conf;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The verdict on the {@code dynamodb.*} key names of a job's settings or a Hive table's properties. A key the
 * connector does not know is ignored, so a misspelt one silently drops what the user meant (a throughput cap,
 * a column mapping): an unknown key that is a near miss of a known one ({@link ConnectorOptions#nearMiss}) is
 * an error, unless {@code dynamodb.config.allowUnknownKeys=true}. Other unknown keys are warnings; the EMR
 * connector's keys this one accepts without needing them are reports ({@link #reports()}), which the caller
 * logs once per job. Never shows a value.
 */
public final class KeyCheck {

  private final List<String> errors;
  private final List<String> warnings;
  private final List<String> unknownKeys;
  private final List<String> reports;

  private KeyCheck(List<String> errors, List<String> warnings, List<String> unknownKeys, List<String> reports) {
    this.errors = List.copyOf(errors);
    this.warnings = List.copyOf(warnings);
    this.unknownKeys = List.copyOf(unknownKeys);
    this.reports = List.copyOf(reports);
  }

  /** Checks the settings' key names; {@code dynamodb.config.allowUnknownKeys} is read from them. */
  public static KeyCheck of(Settings settings) {
    return of(settings.raw().keySet(), settings.get(ConnectorOptions.ALLOW_UNKNOWN_KEYS));
  }

  /** Checks {@code names} (other names than {@code dynamodb.*} ones are skipped). */
  public static KeyCheck of(Collection<String> names, boolean allowUnknown) {
    List<String> errors = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    List<String> reports = new ArrayList<>();
    for (String k : new TreeSet<>(names)) {
      String why = ConnectorOptions.reportedReferenceKeys().get(k);
      if (why != null) {
        reports.add(report(k, why));
        continue;
      }
      if (!k.startsWith(ConnectorOptions.PREFIX) || ConnectorOptions.find(k).isPresent()) {
        continue;
      }
      unknown.add(k);
      Optional<String> meant = ConnectorOptions.nearMiss(k);
      if (meant.isPresent() && !allowUnknown) {
        errors.add("'" + k + "' (did you mean '" + meant.get() + "'?)");
      } else if (meant.isPresent()) {
        warnings.add("Unknown configuration key '" + k + "' (ignored); did you mean '" + meant.get() + "'?");
      } else {
        String msg = "Unknown configuration key '" + k + "'";
        Optional<String> s = ConnectorOptions.suggest(k);
        warnings.add(s.map(x -> msg + "; did you mean '" + x + "'?").orElse(msg + "."));
      }
    }
    return new KeyCheck(errors, warnings, unknown, reports);
  }

  /** The line that reports the EMR connector's key {@code key} as accepted and not needed, with why. */
  static String report(String key, String why) {
    return "Configuration key '" + key + "' of the EMR DynamoDB connector is accepted and not needed by this"
        + " connector: " + why.replace("`", "") + ".";
  }

  /**
   * The EMR connector's keys present that this connector accepts without needing them, one line each naming
   * the key and why; log each once per job.
   */
  public List<String> reports() {
    return reports;
  }

  /** The {@code dynamodb.*} names that are neither known keys nor reported keys of the EMR connector. */
  public List<String> unknownKeys() {
    return unknownKeys;
  }

  /** The near misses, as {@code 'key' (did you mean 'known'?)}; empty when allowed or there are none. */
  public List<String> errors() {
    return errors;
  }

  /** Unknown keys that are no near miss (or are allowed). */
  public List<String> warnings() {
    return warnings;
  }

  /** The error for the near misses, or null when there are none. */
  public String errorMessage() {
    if (errors.isEmpty()) {
      return null;
    }
    return (errors.size() == 1 ? "Unknown configuration key " : "Unknown configuration keys ")
        + String.join(", ", errors) + ". The connector ignores keys it does not know, so this would run without"
        + " the setting you meant. Correct the name, or set '" + ConnectorOptions.ALLOW_UNKNOWN_KEYS.name()
        + "=true' to accept unknown keys with a warning.";
  }

  /** Throws {@link IllegalArgumentException} with {@link #errorMessage()} when there is a near miss. */
  public KeyCheck orThrow() {
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException(errorMessage());
    }
    return this;
  }
}
