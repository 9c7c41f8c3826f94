package io.ddbconnector.tools;

import io.ddbconnector.conf.ConnectorOptions;
import io.ddbconnector.conf.KeyCheck;
import io.ddbconnector.conf.Settings;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;

/**
 * Where the tools find DynamoDB: {@code --endpoint}, {@code --region} and any connector setting as
 * {@code --conf dynamodb.key=value} (repeatable; e.g. credentials for a local endpoint, or
 * {@code dynamodb.throughput.read.percent}). Without explicit credentials the AWS SDK's default chain is used.
 * Unknown connector keys are refused (a misspelt one would be ignored), unless
 * {@code dynamodb.config.allowUnknownKeys=true}.
 */
final class Connection {

  private Connection() {}

  /** The connector settings the command line gives: endpoint, region and every {@code --conf}. */
  static Map<String, String> settings(String endpoint, String region, List<String> confs) {
    Map<String, String> raw = new LinkedHashMap<>();
    if (endpoint != null) {
      raw.put(ConnectorOptions.ENDPOINT.name(), endpoint);
    }
    if (region != null) {
      raw.put(ConnectorOptions.REGION.name(), region);
    }
    for (String entry : confs) {
      int eq = entry.indexOf('=');
      if (eq < 0) {
        throw new UsageException("--conf needs KEY=VALUE, got '" + entry + "'");
      }
      if (eq == 0) {
        throw new UsageException("--conf needs KEY=VALUE, got a value without a key");
      }
      String key = entry.substring(0, eq).trim();
      if (!key.startsWith(ConnectorOptions.PREFIX)) {
        throw new UsageException("--conf " + key + ": connector settings start with '" + ConnectorOptions.PREFIX
            + "' (see docs/configuration.md)");
      }
      raw.put(key, entry.substring(eq + 1).trim());
    }
    Settings check = Settings.of(raw);
    KeyCheck keys;
    try {
      keys = KeyCheck.of(check);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    if (keys.errorMessage() != null) {
      throw new UsageException(keys.errorMessage());
    }
    if (!keys.unknownKeys().isEmpty() && !check.get(ConnectorOptions.ALLOW_UNKNOWN_KEYS)) {
      String k = keys.unknownKeys().get(0);
      throw new UsageException("--conf " + k + ": unknown connector setting" + ConnectorOptions.suggest(k)
          .map(s -> " (did you mean " + s + "?)").orElse("") + "; see the configuration table"
          + " in docs/configuration.md, or set "
          + ConnectorOptions.ALLOW_UNKNOWN_KEYS.name() + "=true to pass it anyway");
    }
    return raw;
  }

  /** "endpoint http://..., region ..." for messages (never credentials). */
  static String describe(Map<String, String> settings) {
    String endpoint = settings.get(ConnectorOptions.ENDPOINT.name());
    String region = settings.get(ConnectorOptions.REGION.name());
    StringBuilder sb = new StringBuilder();
    sb.append(endpoint != null ? endpoint : "the public endpoint");
    if (region != null) {
      sb.append(" (region ").append(region).append(')');
    }
    return sb.toString();
  }
}
