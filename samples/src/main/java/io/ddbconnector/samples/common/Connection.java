package io.ddbconnector.samples.common;

import io.ddbconnector.conf.ConnectorOptions;
import io.ddbconnector.conf.KeyCheck;
import io.ddbconnector.conf.Settings;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Where the programs find DynamoDB: {@code --endpoint}, {@code --region} and any connector setting as
 * {@code --conf dynamodb.key=value} (repeatable; e.g. credentials for a local endpoint, or
 * {@code dynamodb.throughput.read.percent}). Without explicit credentials the AWS SDK's default chain is used.
 * Unknown connector keys are refused (a misspelt one would be ignored), unless
 * {@code dynamodb.config.allowUnknownKeys=true}.
 */
public final class Connection {

  public static final String ENDPOINT = "--endpoint";
  public static final String REGION = "--region";
  public static final String CONF = "--conf";
  public static final Set<String> OPTIONS = Set.of(ENDPOINT, REGION, CONF);

  public static final String HELP = ""
      + "  --endpoint URL          DynamoDB endpoint, e.g. http://127.0.0.1:8000 (default: the region's)\n"
      + "  --region REGION         AWS region, e.g. eu-west-1 (default: the SDK's region chain)\n"
      + "  --conf KEY=VALUE        any connector setting (repeatable), e.g.\n"
      + "                          --conf dynamodb.throughput.read.percent=0.25\n"
      + "                          --conf dynamodb.awsAccessKeyId=... --conf dynamodb.awsSecretAccessKey=...\n"
      + "                          (a command line is visible to other users: prefer the SDK's default\n"
      + "                          credentials chain)\n";

  private Connection() {}

  /** Whether the command line names a DynamoDB endpoint or region (rather than the embedded backend). */
  public static boolean isExplicit(Cli cli) {
    return cli.get(ENDPOINT) != null || cli.get(REGION) != null;
  }

  /** The connector settings the command line gives: endpoint, region and every {@code --conf}. */
  public static Map<String, String> settings(Cli cli) {
    Map<String, String> raw = new LinkedHashMap<>();
    if (cli.get(ENDPOINT) != null) {
      raw.put(ConnectorOptions.ENDPOINT.name(), cli.get(ENDPOINT));
    }
    if (cli.get(REGION) != null) {
      raw.put(ConnectorOptions.REGION.name(), cli.get(REGION));
    }
    for (String entry : cli.all(CONF)) {
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
  public static String describe(Map<String, String> settings) {
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
