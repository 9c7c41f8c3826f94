package io.ddbconnector.client;

import static io.ddbconnector.conf.ConnectorOptions.ACCESS_KEY_ID;
import static io.ddbconnector.conf.ConnectorOptions.CREDENTIALS_PROVIDER;
import static io.ddbconnector.conf.ConnectorOptions.ENDPOINT;
import static io.ddbconnector.conf.ConnectorOptions.MAX_CONNECTIONS;
import static io.ddbconnector.conf.ConnectorOptions.PROXY_HOST;
import static io.ddbconnector.conf.ConnectorOptions.PROXY_PASSWORD;
import static io.ddbconnector.conf.ConnectorOptions.PROXY_PORT;
import static io.ddbconnector.conf.ConnectorOptions.PROXY_USERNAME;
import static io.ddbconnector.conf.ConnectorOptions.REGION;
import static io.ddbconnector.conf.ConnectorOptions.REGION_ID;
import static io.ddbconnector.conf.ConnectorOptions.REQUEST_TIMEOUT_MS;
import static io.ddbconnector.conf.ConnectorOptions.SECRET_ACCESS_KEY;
import static io.ddbconnector.conf.ConnectorOptions.SESSION_TOKEN;
import static io.ddbconnector.conf.ConnectorOptions.STS_DURATION_SECONDS;
import static io.ddbconnector.conf.ConnectorOptions.STS_ENDPOINT;
import static io.ddbconnector.conf.ConnectorOptions.STS_EXTERNAL_ID;
import static io.ddbconnector.conf.ConnectorOptions.STS_REGION;
import static io.ddbconnector.conf.ConnectorOptions.STS_ROLE_ARN;
import static io.ddbconnector.conf.ConnectorOptions.STS_SESSION_NAME;

import io.ddbconnector.conf.ConfigKey;
import io.ddbconnector.conf.Settings;
import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How to reach DynamoDB: endpoint, region, credentials, proxy, pool size. Immutable and usable as a cache key,
 * so the tasks of one JVM share one client. {@link #toString()} never shows a secret.
 */
public final class ClientSettings implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String endpoint;
  private final String region;
  private final String accessKeyId;
  private final String secretAccessKey;
  private final String sessionToken;
  private final String credentialsProviderClass;
  private final int maxConnections;
  private final long requestTimeoutMs;
  private final String proxyHost;
  private final Integer proxyPort;
  private final String proxyUsername;
  private final String proxyPassword;
  private final String roleArn;
  private final String roleSessionName;
  private final String externalId;
  private final int roleDurationSeconds;
  private final String stsRegion;
  private final String stsEndpoint;

  /** An IAM role ARN: partition, 12-digit account, {@code role/} and a path and name. */
  private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}");
  /** STS's rule for a role session name. */
  private static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]{2,64}");

  private ClientSettings(Settings s) {
    this.endpoint = normaliseEndpoint(ENDPOINT, s.get(ENDPOINT));
    this.region = blankToNull(s.get(REGION, REGION_ID));
    this.proxyHost = blankToNull(s.get(PROXY_HOST));
    this.proxyPort = s.get(PROXY_PORT);
    this.proxyUsername = blankToNull(s.get(PROXY_USERNAME));
    this.proxyPassword = blankToNull(s.get(PROXY_PASSWORD));
    if ((proxyHost == null) != (proxyPort == null)) {
      throw new IllegalArgumentException("Configuration keys '" + PROXY_HOST.name() + "' and '" + PROXY_PORT.name()
          + "' must be set together (only '" + (proxyHost == null ? PROXY_PORT : PROXY_HOST).name() + "' is set).");
    }
    if ((proxyUsername == null) != (proxyPassword == null)) {
      throw new IllegalArgumentException("Configuration keys '" + PROXY_USERNAME.name() + "' and '"
          + PROXY_PASSWORD.name() + "' must be set together (only one of them is set).");
    }
    if (proxyUsername != null && proxyHost == null) {
      throw new IllegalArgumentException("Configuration keys '" + PROXY_USERNAME.name() + "' and '"
          + PROXY_PASSWORD.name() + "' need '" + PROXY_HOST.name() + "' and '" + PROXY_PORT.name() + "'.");
    }
    this.accessKeyId = s.get(ACCESS_KEY_ID);
    this.secretAccessKey = s.get(SECRET_ACCESS_KEY);
    this.sessionToken = s.get(SESSION_TOKEN);
    this.credentialsProviderClass = s.get(CREDENTIALS_PROVIDER);
    this.maxConnections = s.get(MAX_CONNECTIONS);
    this.requestTimeoutMs = s.get(REQUEST_TIMEOUT_MS);
    this.roleArn = blankToNull(s.get(STS_ROLE_ARN));
    this.roleSessionName = s.get(STS_SESSION_NAME).trim();
    this.externalId = blankToNull(s.get(STS_EXTERNAL_ID));
    this.roleDurationSeconds = s.get(STS_DURATION_SECONDS);
    this.stsRegion = blankToNull(s.get(STS_REGION));
    this.stsEndpoint = normaliseEndpoint(STS_ENDPOINT, s.get(STS_ENDPOINT));
    if (roleArn != null && !ROLE_ARN.matcher(roleArn).matches()) {
      throw new IllegalArgumentException("Invalid value '" + roleArn + "' for configuration key '"
          + STS_ROLE_ARN.name() + "': expected an IAM role ARN such as arn:aws:iam::123456789012:role/analytics.");
    }
    if (!SESSION_NAME.matcher(roleSessionName).matches()) {
      throw new IllegalArgumentException("Invalid value '" + roleSessionName + "' for configuration key '"
          + STS_SESSION_NAME.name() + "': 2 to 64 characters of A-Z a-z 0-9 and =,.@-_ (STS's rule).");
    }
    if (roleArn == null && (externalId != null || stsEndpoint != null || stsRegion != null)) {
      throw new IllegalArgumentException("Configuration key '" + (externalId != null ? STS_EXTERNAL_ID
          : stsEndpoint != null ? STS_ENDPOINT : STS_REGION).name() + "' is set but '" + STS_ROLE_ARN.name()
          + "' is not: no role would be assumed.");
    }
    if ((accessKeyId == null) != (secretAccessKey == null)) {
      throw new IllegalArgumentException("Configuration keys '" + ACCESS_KEY_ID.name() + "' and '"
          + SECRET_ACCESS_KEY.name() + "' must be set together (only one of them is set).");
    }
    if (sessionToken != null && accessKeyId == null) {
      throw new IllegalArgumentException("Configuration key '" + SESSION_TOKEN.name() + "' needs '"
          + ACCESS_KEY_ID.name() + "' and '" + SECRET_ACCESS_KEY.name() + "'.");
    }
  }

  public static ClientSettings from(Settings s) {
    return new ClientSettings(s);
  }

  private static String blankToNull(String v) {
    return v == null || v.trim().isEmpty() ? null : v.trim();
  }

  /** A bare host name with an optional port, as the reference connector's users write it: https is meant. */
  private static final Pattern BARE_HOST = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::\\d{1,5})?");

  /**
   * Checks {@code dynamodb.endpoint} at once, so that a typo fails the job where it is configured instead
   * of as a connection error in every task: an http or https URL with a host (and a port from 1 to 65535),
   * or a bare {@code host[:port]}, taken as https (what the reference connector accepted).
   */
  static String normaliseEndpoint(String e) {
    return normaliseEndpoint(ENDPOINT, e);
  }

  private static String normaliseEndpoint(ConfigKey<String> key, String e) {
    if (e == null || e.trim().isEmpty()) {
      return null;
    }
    String v = e.trim();
    String problem = null;
    if (!v.contains("://")) {
      if (BARE_HOST.matcher(v).matches()) {
        v = "https://" + v;
      } else {
        problem = "it has no scheme ('http://' or 'https://')";
      }
    }
    if (problem == null) {
      problem = urlProblem(v);
    }
    if (problem != null) {
      throw new IllegalArgumentException("Invalid value '" + e + "' for configuration key '" + key.name()
          + "': " + problem + "; expected a URL such as http://127.0.0.1:8000 or "
          + "https://" + (key == ENDPOINT ? "dynamodb" : "sts") + ".eu-west-1.amazonaws.com.");
    }
    return v;
  }

  private static String urlProblem(String v) {
    URI u;
    try {
      u = new URI(v);
    } catch (URISyntaxException ex) {
      return "it is not a valid URL (" + ex.getMessage() + ")";
    }
    String scheme = u.getScheme();
    if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
      return "the scheme must be http or https, not '" + scheme + "'";
    }
    if (u.getHost() == null) {
      return u.getRawAuthority() == null ? "it has no host"
          : "'" + u.getRawAuthority() + "' is not a valid host[:port]";
    }
    if (u.getPort() == 0 || u.getPort() > 65535) {
      return "port " + u.getPort() + " is out of range";
    }
    if (u.getRawQuery() != null || u.getRawFragment() != null) {
      return "an endpoint has no query or fragment";
    }
    return null;
  }

  public String endpoint() { return endpoint; }
  public String region() { return region; }
  String accessKeyId() { return accessKeyId; }
  String secretAccessKey() { return secretAccessKey; }
  String sessionToken() { return sessionToken; }
  public String credentialsProviderClass() { return credentialsProviderClass; }
  public int maxConnections() { return maxConnections; }
  public long requestTimeoutMs() { return requestTimeoutMs; }
  /** The proxy host, or null for none configured (the SDK then consults the JVM's and the environment's). */
  public String proxyHost() { return proxyHost; }
  public Integer proxyPort() { return proxyPort; }
  public String proxyUsername() { return proxyUsername; }
  String proxyPassword() { return proxyPassword; }
  /** The IAM role every request is signed as ({@code dynamodb.sts.roleArn}), or null for none. */
  public String roleArn() { return roleArn; }
  public String roleSessionName() { return roleSessionName; }
  public String externalId() { return externalId; }
  public int roleDurationSeconds() { return roleDurationSeconds; }
  /** The STS region: {@code dynamodb.sts.region}, else the DynamoDB region (null: the SDK's default). */
  public String stsRegion() { return stsRegion != null ? stsRegion : region; }
  public String stsEndpoint() { return stsEndpoint; }

  /** Where requests go, for error messages: the endpoint, else the region. */
  public String describeTarget() {
    return endpoint != null ? endpoint : "region " + (region == null ? "(SDK default)" : region);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ClientSettings)) {
      return false;
    }
    ClientSettings c = (ClientSettings) o;
    return maxConnections == c.maxConnections && requestTimeoutMs == c.requestTimeoutMs
        && Objects.equals(endpoint, c.endpoint) && Objects.equals(region, c.region)
        && Objects.equals(accessKeyId, c.accessKeyId) && Objects.equals(secretAccessKey, c.secretAccessKey)
        && Objects.equals(sessionToken, c.sessionToken)
        && Objects.equals(credentialsProviderClass, c.credentialsProviderClass)
        && Objects.equals(proxyHost, c.proxyHost) && Objects.equals(proxyPort, c.proxyPort)
        && Objects.equals(proxyUsername, c.proxyUsername) && Objects.equals(proxyPassword, c.proxyPassword)
        && Objects.equals(roleArn, c.roleArn) && Objects.equals(roleSessionName, c.roleSessionName)
        && Objects.equals(externalId, c.externalId) && roleDurationSeconds == c.roleDurationSeconds
        && Objects.equals(stsRegion, c.stsRegion) && Objects.equals(stsEndpoint, c.stsEndpoint);
  }

  @Override
  public int hashCode() {
    return Objects.hash(endpoint, region, accessKeyId, secretAccessKey, sessionToken, credentialsProviderClass,
        maxConnections, requestTimeoutMs, proxyHost, proxyPort, proxyUsername, proxyPassword, roleArn,
        roleSessionName, externalId, roleDurationSeconds, stsRegion, stsEndpoint);
  }

  @Override
  public String toString() {
    String creds;
    if (credentialsProviderClass != null) {
      creds = "provider " + credentialsProviderClass;
    } else if (accessKeyId != null) {
      creds = sessionToken != null ? "static session credentials" : "static credentials";
    } else {
      creds = "SDK default chain";
    }
    if (roleArn != null) {
      creds = "role " + roleArn + " assumed with " + creds;
    }
    return "ClientSettings{endpoint=" + endpoint + ", region=" + region + ", credentials=" + creds
        + (proxyHost == null ? "" : ", proxy=" + proxyHost + ":" + proxyPort
            + (proxyUsername == null ? "" : " as " + proxyUsername))
        + ", maxConnections=" + maxConnections + "}";
  }
}
