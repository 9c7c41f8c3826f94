package io.ddbconnector.client;

import io.ddbconnector.conf.ConnectorOptions;
import io.ddbconnector.throughput.Retrier;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.apache.ProxyConfiguration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbRequest;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;

/**
 * Builds DynamoDB clients from {@link ClientSettings} and shares one per distinct settings within a JVM
 * (a Spark executor or a Hive session runs many tasks; each opening its own pool wastes sockets).
 *
 * <p>The SDK's own retries are switched off: the connector retries by itself ({@code throughput.Retrier})
 * so that each retry is counted, backs off with jitter and respects the job's retry window. Each client
 * also caps an attempt's timeout at what is left of that window and names {@code dynamodb.endpoint} in
 * the errors a wrong endpoint causes ({@link RetryWindowAndEndpoint}).
 */
public final class DynamoDBClientFactory {

  private static final Map<ClientSettings, DynamoDbClient> SHARED = new ConcurrentHashMap<>();
  private static final Map<ClientSettings, DynamoDbStreamsClient> SHARED_STREAMS = new ConcurrentHashMap<>();
  /** One assumed-role session per settings and JVM, shared by all its clients (and closed with the JVM). */
  private static final Map<ClientSettings, AssumedRole> ROLES = new ConcurrentHashMap<>();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      SHARED.values().forEach(DynamoDbClient::close);
      SHARED_STREAMS.values().forEach(DynamoDbStreamsClient::close);
      ROLES.values().forEach(AssumedRole::close);
    }, "dynamodb-client-close"));
  }

  private DynamoDBClientFactory() {}

  /** The JVM-wide client for these settings; do not close it. */
  public static DynamoDbClient shared(ClientSettings settings) {
    return SHARED.computeIfAbsent(settings, DynamoDBClientFactory::create);
  }

  /** A new client that the caller owns and must close. */
  public static DynamoDbClient create(ClientSettings s) {
    DynamoDbClientBuilder b = configure(DynamoDbClient.builder(), s)
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())
            .apiCallAttemptTimeout(Duration.ofMillis(s.requestTimeoutMs()))
            .addExecutionInterceptor(new RetryWindowAndEndpoint(s))
            .addExecutionInterceptor(new ItemPages.Interceptor()));
    try {
      return b.build();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("Cannot build a DynamoDB client for " + s.describeTarget()
          + ": " + e.getMessage() + " (set '" + ConnectorOptions.REGION.name() + "')", e);
    }
  }

  /** The JVM-wide DynamoDB Streams client for these settings ({@link #createStreams}); do not close it. */
  public static DynamoDbStreamsClient sharedStreams(ClientSettings settings) {
    return SHARED_STREAMS.computeIfAbsent(settings, DynamoDBClientFactory::createStreams);
  }

  /**
   * A new DynamoDB Streams client for the same endpoint, region, credentials and proxy (the caller closes it).
   * With {@code dynamodb.endpoint} set, the Streams API is expected at that endpoint too (as the test kit's
   * emulator serves it); otherwise the SDK resolves the region's Streams endpoint.
   */
  public static DynamoDbStreamsClient createStreams(ClientSettings s) {
    return configure(DynamoDbStreamsClient.builder(), s)
        .overrideConfiguration(o -> o.apiCallAttemptTimeout(Duration.ofMillis(s.requestTimeoutMs())))
        .build();
  }

  /** What both clients take from the settings: the HTTP client (pool, timeouts, proxy), credentials, where to. */
  private static <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(B b, ClientSettings s) {
    b.httpClientBuilder(http(s)).credentialsProvider(credentials(s));
    return at(b, s.endpoint(), s.region());
  }

  /** Where a client sends its requests: the endpoint if set, the region if set (with an endpoint only: us-east-1). */
  private static <B extends AwsClientBuilder<B, ?>> B at(B b, String endpoint, String region) {
    if (endpoint != null) {
      b.endpointOverride(URI.create(endpoint));
    }
    if (region != null) {
      b.region(Region.of(region));
    } else if (endpoint != null) {
      b.region(Region.US_EAST_1);
    }
    return b;
  }

  private static ApacheHttpClient.Builder http(ClientSettings s) {
    ApacheHttpClient.Builder http = ApacheHttpClient.builder()
        .maxConnections(s.maxConnections())
        .connectionTimeout(Duration.ofSeconds(10))
        .socketTimeout(Duration.ofMillis(s.requestTimeoutMs()));
    if (s.proxyHost() != null) {
      http.proxyConfiguration(proxy(s));
    }
    return http;
  }

  /**
   * The proxy of {@code dynamodb.proxy.*}: it alone applies (no system property or environment variable adds
   * to it or exempts a host from it), with Basic authentication when a user name is set.
   */
  static ProxyConfiguration proxy(ClientSettings s) {
    ProxyConfiguration.Builder p = ProxyConfiguration.builder()
        .endpoint(URI.create("http://" + s.proxyHost() + ":" + s.proxyPort()))
        .useSystemPropertyValues(false)
        .useEnvironmentVariableValues(false)
        .nonProxyHosts(java.util.Set.of());
    if (s.proxyUsername() != null) {
      p.username(s.proxyUsername()).password(s.proxyPassword());
    }
    return p.build();
  }

  /**
   * The credentials the clients for {@code s} sign with: with {@code dynamodb.sts.roleArn}, the role's temporary
   * credentials ({@link AssumedRole}, one session per settings and JVM); else {@link #baseCredentials}.
   */
  public static AwsCredentialsProvider credentials(ClientSettings s) {
    if (s.roleArn() != null) {
      return ROLES.computeIfAbsent(s, AssumedRole::new);
    }
    return baseCredentials(s);
  }

  /**
   * The credentials of the settings' own identity: the class named by
   * {@code dynamodb.customAWSCredentialsProvider}, else the static keys (as resolved by the engine, e.g. from
   * a Hadoop credential provider), else the SDK's default chain. With a role, these assume it.
   */
  static AwsCredentialsProvider baseCredentials(ClientSettings s) {
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

  /**
   * A role assumed with the settings' own credentials through STS ({@code AssumeRole}), its temporary
   * credentials cached and refreshed by the SDK's provider before they expire. A refusal (no trust, wrong
   * external id) is reported with the role and the configuration keys; it is not retried (an STS client
   * error is fatal to {@code Retrier}, an unreachable STS endpoint is transient like any I/O error).
   */
  static final class AssumedRole implements AwsCredentialsProvider, AutoCloseable {
    private final ClientSettings settings;
    private final StsClient sts;
    private final StsAssumeRoleCredentialsProvider provider;

    AssumedRole(ClientSettings s) {
      this.settings = s;
      this.sts = at(StsClient.builder()
          .httpClientBuilder(http(s))
          .credentialsProvider(baseCredentials(s))
          .overrideConfiguration(o -> o.apiCallAttemptTimeout(Duration.ofMillis(s.requestTimeoutMs()))),
          s.stsEndpoint(), s.stsRegion()).build();
      AssumeRoleRequest.Builder rq = AssumeRoleRequest.builder().roleArn(s.roleArn())
          .roleSessionName(s.roleSessionName()).durationSeconds(s.roleDurationSeconds());
      if (s.externalId() != null) {
        rq.externalId(s.externalId());
      }
      this.provider = StsAssumeRoleCredentialsProvider.builder().stsClient(sts).refreshRequest(rq.build())
          .asyncCredentialUpdateEnabled(false).build();
    }

    @Override
    public software.amazon.awssdk.auth.credentials.AwsCredentials resolveCredentials() {
      try {
        return provider.resolveCredentials();
      } catch (software.amazon.awssdk.core.exception.SdkException e) {
        String why = e instanceof software.amazon.awssdk.awscore.exception.AwsServiceException ae
            && ae.awsErrorDetails() != null
            ? ae.awsErrorDetails().errorCode() + ": " + ae.awsErrorDetails().errorMessage() : e.getMessage();
        throw SdkClientException.builder().cause(e).message("Cannot assume role '" + settings.roleArn()
            + "' (configuration key '" + ConnectorOptions.STS_ROLE_ARN.name() + "'"
            + (settings.externalId() != null ? ", with '" + ConnectorOptions.STS_EXTERNAL_ID.name() + "'" : "")
            + ", session '" + settings.roleSessionName() + "', STS at "
            + (settings.stsEndpoint() != null ? settings.stsEndpoint()
                : "region " + (settings.stsRegion() == null ? "(SDK default)" : settings.stsRegion()))
            + "): " + why).build();
      }
    }

    @Override
    public void close() {
      provider.close();
      sts.close();
    }
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

  /**
   * The two things the connector adds to every request of a client it builds. An attempt made inside a
   * {@link Retrier} call gets no longer than {@link Retrier#attemptTimeLimitMs()} (what is left of the retry
   * window, at least {@link Retrier#MIN_ATTEMPT_MS}), so a backend that accepts connections and never
   * answers cannot hold a task {@code dynamodb.client.requestTimeoutMs} past its window. And a failure no
   * retry can mend (unknown host, TLS to a plain-HTTP port, malformed URL; see
   * {@link Retrier#endpointProblem}) is reported with the configuration key and value that caused it; the
   * original stays the cause, so {@link Retrier#classify} still sees it.
   */
  static final class RetryWindowAndEndpoint implements ExecutionInterceptor {
    private final ClientSettings settings;

    RetryWindowAndEndpoint(ClientSettings settings) {
      this.settings = settings;
    }

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
      SdkRequest request = context.request();
      OptionalLong limit = Retrier.attemptTimeLimitMs();
      if (limit.isEmpty() || limit.getAsLong() >= settings.requestTimeoutMs()
          || !(request instanceof DynamoDbRequest)) {
        return request;
      }
      DynamoDbRequest r = (DynamoDbRequest) request;
      Duration cap = Duration.ofMillis(limit.getAsLong());
      AwsRequestOverrideConfiguration.Builder o = r.overrideConfiguration()
          .map(AwsRequestOverrideConfiguration::toBuilder).orElseGet(AwsRequestOverrideConfiguration::builder);
      if (o.apiCallAttemptTimeout() != null && o.apiCallAttemptTimeout().compareTo(cap) <= 0) {
        return request;
      }
      return r.toBuilder().overrideConfiguration(o.apiCallAttemptTimeout(cap).build()).build();
    }

    @Override
    public Throwable modifyException(Context.FailedExecution context, ExecutionAttributes attributes) {
      Throwable e = context.exception();
      String problem = Retrier.endpointProblem(e);
      if (problem == null) {
        return e;
      }
      return SdkClientException.builder().cause(e).message("Cannot reach DynamoDB: " + problem + ". Check "
          + configured(settings) + "; this is not retried, as retrying cannot help. (" + e.getMessage() + ")")
          .build();
    }
  }

  /** The configuration that decides where requests go, as key = value, for error messages. */
  static String configured(ClientSettings s) {
    String endpoint = ConnectorOptions.ENDPOINT.name();
    if (s.endpoint() != null) {
      return "configuration key '" + endpoint + "' = '" + s.endpoint() + "'";
    }
    return "configuration key '" + ConnectorOptions.REGION.name() + "' = "
        + (s.region() == null ? "unset (the SDK's default region)" : "'" + s.region() + "'")
        + " ('" + endpoint + "' is unset, so the region's public endpoint is used)";
  }
}
