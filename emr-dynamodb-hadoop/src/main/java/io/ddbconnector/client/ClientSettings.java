package io.ddbconnector.client;

import static io.ddbconnector.conf.ConnectorOptions.ACCESS_KEY_ID;
import static io.ddbconnector.conf.ConnectorOptions.CREDENTIALS_PROVIDER;
import static io.ddbconnector.conf.ConnectorOptions.ENDPOINT;
import static io.ddbconnector.conf.ConnectorOptions.MAX_CONNECTIONS;
import static io.ddbconnector.conf.ConnectorOptions.REGION;
import static io.ddbconnector.conf.ConnectorOptions.REQUEST_TIMEOUT_MS;
import static io.ddbconnector.conf.ConnectorOptions.SECRET_ACCESS_KEY;
import static io.ddbconnector.conf.ConnectorOptions.SESSION_TOKEN;

import io.ddbconnector.conf.Settings;
import java.io.Serializable;
import java.net.URI;
import java.util.Objects;

/**
 * How to reach DynamoDB: endpoint, region, credentials, pool size. Immutable and usable as a cache key,
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

  private ClientSettings(Settings s) {
    this.endpoint = normaliseEndpoint(s.get(ENDPOINT));
    this.region = s.get(REGION);
    this.accessKeyId = s.get(ACCESS_KEY_ID);
    this.secretAccessKey = s.get(SECRET_ACCESS_KEY);
    this.sessionToken = s.get(SESSION_TOKEN);
    this.credentialsProviderClass = s.get(CREDENTIALS_PROVIDER);
    this.maxConnections = s.get(MAX_CONNECTIONS);
    this.requestTimeoutMs = s.get(REQUEST_TIMEOUT_MS);
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

  private static String normaliseEndpoint(String e) {
    if (e == null || e.trim().isEmpty()) {
      return null;
    }
    String v = e.trim();
    if (!v.contains("://")) {
      v = "https://" + v;
    }
    try {
      URI u = URI.create(v);
      if (u.getHost() == null) {
        throw new IllegalArgumentException("no host");
      }
    } catch (IllegalArgumentException ex) {
      throw new IllegalArgumentException("Invalid value '" + e + "' for configuration key '" + ENDPOINT.name()
          + "': expected a URL such as http://127.0.0.1:8000 (" + ex.getMessage() + ").");
    }
    return v;
  }

  public String endpoint() { return endpoint; }
  public String region() { return region; }
  String accessKeyId() { return accessKeyId; }
  String secretAccessKey() { return secretAccessKey; }
  String sessionToken() { return sessionToken; }
  public String credentialsProviderClass() { return credentialsProviderClass; }
  public int maxConnections() { return maxConnections; }
  public long requestTimeoutMs() { return requestTimeoutMs; }

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
        && Objects.equals(credentialsProviderClass, c.credentialsProviderClass);
  }

  @Override
  public int hashCode() {
    return Objects.hash(endpoint, region, accessKeyId, secretAccessKey, sessionToken, credentialsProviderClass,
        maxConnections, requestTimeoutMs);
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
    return "ClientSettings{endpoint=" + endpoint + ", region=" + region + ", credentials=" + creds
        + ", maxConnections=" + maxConnections + "}";
  }
}
