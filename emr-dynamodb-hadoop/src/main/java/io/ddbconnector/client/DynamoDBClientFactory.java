package io.ddbconnector.client;

import io.ddbconnector.conf.ConnectorOptions;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * Builds DynamoDB clients from {@link ClientSettings} and shares one per distinct settings within a JVM
 * (a Spark executor or a Hive session runs many tasks; each opening its own pool wastes sockets).
 *
 * <p>The SDK's own retries are switched off: the connector retries by itself ({@code throughput.Retrier})
 * so that each retry is counted, backs off with jitter and respects the job's retry window.
 */
public final class DynamoDBClientFactory {

  private static final Map<ClientSettings, DynamoDbClient> SHARED = new ConcurrentHashMap<>();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> SHARED.values().forEach(DynamoDbClient::close),
        "dynamodb-client-close"));
  }

  private DynamoDBClientFactory() {}

  /** The JVM-wide client for these settings; do not close it. */
  public static DynamoDbClient shared(ClientSettings settings) {
    return SHARED.computeIfAbsent(settings, DynamoDBClientFactory::create);
  }

  /** A new client that the caller owns and must close. */
  public static DynamoDbClient create(ClientSettings s) {
    DynamoDbClientBuilder b = DynamoDbClient.builder()
        .httpClientBuilder(ApacheHttpClient.builder()
            .maxConnections(s.maxConnections())
            .connectionTimeout(Duration.ofSeconds(10))
            .socketTimeout(Duration.ofMillis(s.requestTimeoutMs())))
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())
            .apiCallAttemptTimeout(Duration.ofMillis(s.requestTimeoutMs())))
        .credentialsProvider(credentials(s));
    if (s.endpoint() != null) {
      b.endpointOverride(URI.create(s.endpoint()));
    }
    if (s.region() != null) {
      b.region(Region.of(s.region()));
    } else if (s.endpoint() != null) {
      b.region(Region.US_EAST_1);
    }
    try {
      return b.build();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("Cannot build a DynamoDB client for " + s.describeTarget()
          + ": " + e.getMessage() + " (set '" + ConnectorOptions.REGION.name() + "')", e);
    }
  }

  static AwsCredentialsProvider credentials(ClientSettings s) {
    if (s.credentialsProviderClass() != null) {
      return instantiate(s.credentialsProviderClass());
    }
    if (s.accessKeyId() != null) {
      return StaticCredentialsProvider.create(s.sessionToken() != null
          ? AwsSessionCredentials.create(s.accessKeyId(), s.secretAccessKey(), s.sessionToken())
          : AwsBasicCredentials.create(s.accessKeyId(), s.secretAccessKey()));
    }
    return DefaultCredentialsProvider.builder().build();
  }

  private static AwsCredentialsProvider instantiate(String className) {
    String key = ConnectorOptions.CREDENTIALS_PROVIDER.name();
    Class<?> c;
    try {
      ClassLoader cl = Thread.currentThread().getContextClassLoader();
      c = Class.forName(className, true, cl != null ? cl : DynamoDBClientFactory.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalArgumentException("Class '" + className + "' named by configuration key '" + key
          + "' is not on the classpath.", e);
    }
    if (!AwsCredentialsProvider.class.isAssignableFrom(c)) {
      throw new IllegalArgumentException("Class '" + className + "' named by configuration key '" + key
          + "' does not implement " + AwsCredentialsProvider.class.getName() + ".");
    }
    try {
      Method create = c.getMethod("create");
      if (Modifier.isStatic(create.getModifiers())) {
        return (AwsCredentialsProvider) create.invoke(null);
      }
    } catch (NoSuchMethodException ignored) {
      // fall through to the constructor
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException("Cannot create '" + className + "' (configuration key '" + key + "'): "
          + e.getCause(), e);
    }
    try {
      return (AwsCredentialsProvider) c.getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException("Cannot create '" + className + "' (configuration key '" + key
          + "'): it needs a public no-arg constructor or a static create() method.", e);
    }
  }
}
