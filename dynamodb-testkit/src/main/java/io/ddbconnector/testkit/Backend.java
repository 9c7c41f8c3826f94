package io.ddbconnector.testkit;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * One DynamoDB-compatible endpoint plus the table chores every test, sample and benchmark needs.
 *
 * <p>Why: tests should neither care where the server comes from nor re-implement loading and
 * verification. {@link #shared()} uses {@code DYNAMODB_ENDPOINT} when set (to run the suite
 * against another server) and otherwise starts one {@link DynaliteServer} per JVM. The loader and
 * the reader here use only the plain SDK, so they are an independent check of the connector.
 */
public final class Backend implements AutoCloseable {

  /** Environment variable naming an external endpoint to use instead of dynalite. */
  public static final String ENDPOINT_ENV = "DYNAMODB_ENDPOINT";
  /** Environment variable naming the region for {@link #ENDPOINT_ENV}; default us-east-1. */
  public static final String REGION_ENV = "DYNAMODB_REGION";
  /** Default read and write capacity of provisioned test tables: high enough never to matter. */
  public static final long DEFAULT_CAPACITY = 1000;

  private static final String DEFAULT_REGION = "us-east-1";
  private static final int BATCH_SIZE = 25;
  private static final int LOAD_THREADS = 4;
  private static final int SCAN_SEGMENTS = 4;
  private static final int MAX_BATCH_ATTEMPTS = 50;
  private static final Duration TABLE_WAIT = Duration.ofSeconds(60);
  private static final Pattern INVALID_NAME_CHARS = Pattern.compile("[^A-Za-z0-9_.-]");
  private static final AtomicInteger TABLE_COUNTER = new AtomicInteger();

  private static Backend shared;

  private final URI endpoint;
  private final String region;
  private final DynamoDbClient client;
  private final boolean ownsClient;
  private final Consumer<String> onTableCreated;

  private Backend(URI endpoint, String region, DynamoDbClient client, boolean ownsClient,
      Consumer<String> onTableCreated) {
    this.endpoint = endpoint;
    this.region = region;
    this.client = client;
    this.ownsClient = ownsClient;
    this.onTableCreated = onTableCreated;
  }

  /**
   * The JVM-wide backend: {@code DYNAMODB_ENDPOINT} if set, else one dynalite started on first use
   * and stopped when the JVM exits. {@link #close()} on it does nothing.
   */
  public static synchronized Backend shared() {
    if (shared == null) {
      String external = System.getenv(ENDPOINT_ENV);
      URI endpoint;
      String region = DEFAULT_REGION;
      if (external != null && !external.isBlank()) {
        endpoint = URI.create(external.trim());
        String externalRegion = System.getenv(REGION_ENV);
        if (externalRegion != null && !externalRegion.isBlank()) {
          region = externalRegion.trim();
        }
      } else {
        endpoint = DynaliteServer.start().endpoint(); // its shutdown hook stops it
      }
      shared = new Backend(endpoint, region, buildClient(endpoint, region), false, name -> { });
    }
    return shared;
  }

  /**
   * A backend for another endpoint, e.g. a private {@link DynaliteServer} a benchmark restarts
   * between runs. Its {@link #close()} closes its client.
   */
  public static Backend of(URI endpoint, String region) {
    return new Backend(endpoint, region, buildClient(endpoint, region), true, name -> { });
  }

  /**
   * The same endpoint and client, also reporting each table it creates to {@code onTableCreated};
   * used by {@link DynamoDBBackendExtension} to delete a test class's tables afterwards.
   */
  Backend withTableListener(Consumer<String> onTableCreated) {
    return new Backend(endpoint, region, client, false, onTableCreated);
  }

  /** The endpoint all clients of this backend talk to. */
  public URI endpoint() {
    return endpoint;
  }

  /** The signing region, {@code us-east-1} unless {@code DYNAMODB_REGION} says otherwise. */
  public String region() {
    return region;
  }

  /** The shared, thread-safe client for {@link #endpoint()}; do not close it. */
  public DynamoDbClient client() {
    return client;
  }

  /**
   * A new client with the same settings for another endpoint (e.g. a proxy in front of this
   * backend). The caller closes it.
   */
  public DynamoDbClient newClient(URI otherEndpoint) {
    return buildClient(otherEndpoint, region);
  }

  /**
   * A DynamoDB Streams client with the same settings for an endpoint serving the Streams API (a
   * {@link io.ddbconnector.testkit.proxy.ThrottlingProxy} with its Streams emulator enabled: dynalite has
   * none). The caller closes it.
   */
  @SuppressWarnings("deprecation") // ApacheHttpClient (4.x) is the client the project standardises on
  public DynamoDbStreamsClient newStreamsClient(URI streamsEndpoint) {
    return DynamoDbStreamsClient.builder()
        .endpointOverride(streamsEndpoint)
        .region(Region.of(region))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("dummy", "dummy")))
        .httpClientBuilder(ApacheHttpClient.builder().maxConnections(64))
        .build();
  }

  /**
   * A table name no other test (in this or another JVM) will pick: the prefix with invalid
   * characters replaced, a counter and a random suffix, e.g. {@code orders_7_3f9a1c}.
   */
  public String uniqueTableName(String prefix) {
    String clean = INVALID_NAME_CHARS.matcher(prefix == null ? "" : prefix).replaceAll("_");
    if (clean.isEmpty()) {
      clean = "t";
    }
    if (clean.length() > 200) {
      clean = clean.substring(0, 200);
    }
    String suffix = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0x1000000));
    return clean + "_" + TABLE_COUNTER.incrementAndGet() + "_" + suffix;
  }

  /** Creates a provisioned hash-key table and waits until it is ACTIVE; returns its name. */
  public String createTable(String prefix, String hashKey, ScalarAttributeType hashType) {
    return createTable(prefix, hashKey, hashType, null, null);
  }

  /** Creates a provisioned hash-and-range table and waits until it is ACTIVE; returns its name. */
  public String createTable(String prefix, String hashKey, ScalarAttributeType hashType,
      String rangeKey, ScalarAttributeType rangeType) {
    return createTable(prefix, hashKey, hashType, rangeKey, rangeType, builder -> { });
  }

  /**
   * Creates a table with explicit provisioned capacities ({@code rangeKey} may be null) and waits
   * until it is ACTIVE; returns its name.
   */
  public String createTable(String prefix, String hashKey, ScalarAttributeType hashType,
      String rangeKey, ScalarAttributeType rangeType, long readCapacity, long writeCapacity) {
    return createTable(prefix, hashKey, hashType, rangeKey, rangeType,
        builder -> builder.provisionedThroughput(t -> t
            .readCapacityUnits(readCapacity).writeCapacityUnits(writeCapacity)));
  }

  /** Creates a PAY_PER_REQUEST table ({@code rangeKey} may be null); returns its name. */
  public String createPayPerRequestTable(String prefix, String hashKey,
      ScalarAttributeType hashType, String rangeKey, ScalarAttributeType rangeType) {
    return createTable(prefix, hashKey, hashType, rangeKey, rangeType,
        builder -> builder.billingMode(BillingMode.PAY_PER_REQUEST)
            .provisionedThroughput((ProvisionedThroughput) null));
  }

  /**
   * Creates a table and waits until it and its indexes are ACTIVE; returns its name. The request
   * starts as a provisioned table ({@value #DEFAULT_CAPACITY} units each way) with a unique name
   * and the given key ({@code rangeKey} may be null); {@code customizer} runs last and may change
   * anything, e.g. add indexes (remember their attribute definitions) or the billing mode.
   */
  public String createTable(String prefix, String hashKey, ScalarAttributeType hashType,
      String rangeKey, ScalarAttributeType rangeType,
      Consumer<CreateTableRequest.Builder> customizer) {
    List<KeySchemaElement> keySchema = new ArrayList<>();
    List<AttributeDefinition> definitions = new ArrayList<>();
    keySchema.add(KeySchemaElement.builder().attributeName(hashKey).keyType(KeyType.HASH).build());
    definitions.add(AttributeDefinition.builder()
        .attributeName(hashKey).attributeType(hashType).build());
    if (rangeKey != null) {
      keySchema.add(KeySchemaElement.builder()
          .attributeName(rangeKey).keyType(KeyType.RANGE).build());
      definitions.add(AttributeDefinition.builder()
          .attributeName(rangeKey).attributeType(rangeType).build());
    }
    CreateTableRequest.Builder builder = CreateTableRequest.builder()
        .tableName(uniqueTableName(prefix))
        .keySchema(keySchema)
        .attributeDefinitions(definitions)
        .billingMode(BillingMode.PROVISIONED)
        .provisionedThroughput(t -> t
            .readCapacityUnits(DEFAULT_CAPACITY).writeCapacityUnits(DEFAULT_CAPACITY));
    customizer.accept(builder);
    CreateTableRequest request = builder.build();
    client.createTable(request);
    onTableCreated.accept(request.tableName());
    awaitActive(request.tableName());
    return request.tableName();
  }

  /** Deletes a table if it exists and waits until it is gone. */
  public void deleteTable(String table) {
    try {
      client.deleteTable(r -> r.tableName(table));
    } catch (ResourceNotFoundException alreadyGone) {
      return;
    }
    long deadline = System.nanoTime() + TABLE_WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        client.describeTable(r -> r.tableName(table));
      } catch (ResourceNotFoundException gone) {
        return;
      }
      pause(20);
    }
    throw new IllegalStateException("table " + table + " still exists " + TABLE_WAIT.toSeconds()
        + " s after DeleteTable");
  }

  /**
   * Writes all items with BatchWriteItem, 25 per request from 4 threads, resubmitting
   * UnprocessedItems with backoff. Fails with the first error; items must have distinct keys
   * within each run of 25.
   */
  public void putAll(String table, List<Map<String, AttributeValue>> items) {
    List<List<Map<String, AttributeValue>>> batches = new ArrayList<>();
    for (int from = 0; from < items.size(); from += BATCH_SIZE) {
      batches.add(items.subList(from, Math.min(items.size(), from + BATCH_SIZE)));
    }
    inParallel(LOAD_THREADS, batches, batch -> {
      writeBatch(table, batch);
      return null;
    });
  }

  /**
   * Reads the whole table with the plain SDK: a consistent parallel scan of 4 segments, each
   * paging through LastEvaluatedKey. The order of the result is unspecified.
   */
  public List<Map<String, AttributeValue>> scanAll(String table) {
    List<Map<String, AttributeValue>> all = new ArrayList<>();
    for (List<Map<String, AttributeValue>> segment : inParallel(SCAN_SEGMENTS,
        segmentNumbers(), segment -> scanSegment(table, segment, false).items)) {
      all.addAll(segment);
    }
    return all;
  }

  /** The number of items, counted by a consistent parallel scan (DescribeTable is unreliable). */
  public long count(String table) {
    long total = 0;
    for (long segmentCount : inParallel(SCAN_SEGMENTS, segmentNumbers(),
        segment -> scanSegment(table, segment, true).count)) {
      total += segmentCount;
    }
    return total;
  }

  /** Closes the client of a backend made by {@link #of}; does nothing for the shared one. */
  @Override
  public void close() {
    if (ownsClient) {
      client.close();
    }
  }

  @Override
  public String toString() {
    return "Backend[" + endpoint + ", " + region + "]";
  }

  // SDK 2.57 deprecates the Apache HttpClient 4 transport in favour of apache5-client, which the
  // project excludes; the connector itself uses apache-client, so the tests use it too.
  @SuppressWarnings("deprecation")
  private static DynamoDbClient buildClient(URI endpoint, String region) {
    return DynamoDbClient.builder()
        .endpointOverride(endpoint)
        .region(Region.of(region))
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create("dummy", "dummy")))
        .httpClientBuilder(ApacheHttpClient.builder().maxConnections(64))
        .build();
  }

  private void writeBatch(String table, List<Map<String, AttributeValue>> batch) {
    List<WriteRequest> requests = new ArrayList<>(batch.size());
    for (Map<String, AttributeValue> item : batch) {
      requests.add(WriteRequest.builder()
          .putRequest(PutRequest.builder().item(item).build()).build());
    }
    Map<String, List<WriteRequest>> pending = Map.of(table, requests);
    for (int attempt = 1; !pending.isEmpty(); attempt++) {
      if (attempt > MAX_BATCH_ATTEMPTS) {
        throw new IllegalStateException(pending.get(table).size() + " items of a batch for "
            + table + " still unprocessed after " + MAX_BATCH_ATTEMPTS + " attempts");
      }
      if (attempt > 1) {
        pause(Math.min(1000, 10L << Math.min(attempt - 2, 7)));
      }
      Map<String, List<WriteRequest>> request = pending;
      BatchWriteItemResponse response = client.batchWriteItem(r -> r.requestItems(request));
      pending = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
    }
  }

  private static final class SegmentResult {
    final List<Map<String, AttributeValue>> items = new ArrayList<>();
    long count;
  }

  private SegmentResult scanSegment(String table, int segment, boolean countOnly) {
    SegmentResult result = new SegmentResult();
    Map<String, AttributeValue> startKey = null;
    do {
      ScanRequest.Builder request = ScanRequest.builder()
          .tableName(table)
          .segment(segment)
          .totalSegments(SCAN_SEGMENTS)
          .consistentRead(true)
          .exclusiveStartKey(startKey);
      if (countOnly) {
        request.select(Select.COUNT);
      }
      ScanResponse response = client.scan(request.build());
      result.count += response.count();
      if (!countOnly) {
        result.items.addAll(response.items());
      }
      startKey = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
          ? new HashMap<>(response.lastEvaluatedKey())
          : null;
    } while (startKey != null);
    return result;
  }

  private static List<Integer> segmentNumbers() {
    List<Integer> segments = new ArrayList<>();
    for (int i = 0; i < SCAN_SEGMENTS; i++) {
      segments.add(i);
    }
    return segments;
  }

  /** Applies {@code work} to every input on {@code threads} daemon threads; results in order. */
  private static <I, O> List<O> inParallel(int threads, List<I> inputs, Function<I, O> work) {
    if (inputs.isEmpty()) {
      return List.of();
    }
    AtomicInteger threadNumber = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, inputs.size()), r -> {
      Thread thread = new Thread(r, "backend-worker-" + threadNumber.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    try {
      List<Future<O>> futures = new ArrayList<>();
      for (I input : inputs) {
        futures.add(pool.submit(() -> work.apply(input)));
      }
      List<O> results = new ArrayList<>();
      for (Future<O> future : futures) {
        results.add(future.get());
      }
      return results;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } finally {
      pool.shutdownNow();
    }
  }

  private void awaitActive(String table) {
    long deadline = System.nanoTime() + TABLE_WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        TableDescription description = client.describeTable(r -> r.tableName(table)).table();
        if (description.tableStatus() == TableStatus.ACTIVE && indexesActive(description)) {
          return;
        }
      } catch (ResourceNotFoundException notYetVisible) {
        // eventual consistency on the service: keep polling
      }
      pause(10);
    }
    throw new IllegalStateException("table " + table + " not ACTIVE after "
        + TABLE_WAIT.toSeconds() + " s");
  }

  private static boolean indexesActive(TableDescription description) {
    if (!description.hasGlobalSecondaryIndexes()) {
      return true;
    }
    for (GlobalSecondaryIndexDescription index : description.globalSecondaryIndexes()) {
      if (index.indexStatus() != IndexStatus.ACTIVE) {
        return false;
      }
    }
    return true;
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
