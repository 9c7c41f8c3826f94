package io.ddbconnector.testkit.proxy;

import java.net.URI;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * The key schemas of the tables the proxy partitions, asked of the backend once per table
 * ({@code DescribeTable}, with the SDK, in the region the client signed for) and cached until a
 * CreateTable, UpdateTable or DeleteTable of that table passes through the proxy.
 */
final class KeySchemas implements AutoCloseable {

  /** What the proxy needs of a table's schema: its partition key and which indexes are global. */
  static final class Schema {
    final String partitionKey;
    final Set<String> globalIndexes;

    Schema(String partitionKey, Set<String> globalIndexes) {
      this.partitionKey = partitionKey;
      this.globalIndexes = Set.copyOf(globalIndexes);
    }
  }

  private static final Pattern CREDENTIAL_REGION = Pattern.compile("Credential=[^/,\\s]+/[^/,\\s]+/([^/,\\s]+)/");
  private static final String DEFAULT_REGION = "us-east-1";

  private final URI target;
  private final ConcurrentHashMap<String, Schema> schemas = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, DynamoDbClient> clients = new ConcurrentHashMap<>();
  private volatile boolean closed;

  KeySchemas(URI target) {
    this.target = target;
  }

  /**
   * The table's schema, or null if the backend could not describe it (a missing table: the request
   * then fails at the backend anyway). Failures are not cached.
   */
  Schema get(String table, String authorization) {
    Schema s = schemas.get(table);
    if (s != null || closed) {
      return s;
    }
    String region = region(authorization);
    try {
      TableDescription d = client(region).describeTable(r -> r.tableName(table)).table();
      String partitionKey = null;
      for (KeySchemaElement k : d.keySchema()) {
        if (k.keyType() == KeyType.HASH) {
          partitionKey = k.attributeName();
        }
      }
      if (partitionKey == null) {
        return null;
      }
      Set<String> global = new HashSet<>();
      for (GlobalSecondaryIndexDescription g : d.globalSecondaryIndexes()) {
        global.add(g.indexName());
      }
      s = new Schema(partitionKey, global);
      schemas.put(table, s);
      return s;
    } catch (SdkException e) {
      return null;
    }
  }

  void forget(String table) {
    schemas.remove(table);
  }

  @Override
  public void close() {
    closed = true;
    for (DynamoDbClient c : clients.values()) {
      c.close();
    }
    clients.clear();
  }

  static String region(String authorization) {
    if (authorization != null) {
      Matcher m = CREDENTIAL_REGION.matcher(authorization);
      if (m.find()) {
        return m.group(1);
      }
    }
    return DEFAULT_REGION;
  }

  @SuppressWarnings("deprecation") // ApacheHttpClient (4.x) is the client the project standardises on
  private DynamoDbClient client(String region) {
    return clients.computeIfAbsent(region, r -> DynamoDbClient.builder()
        .endpointOverride(target)
        .region(Region.of(r))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("dummy", "dummy")))
        .httpClientBuilder(ApacheHttpClient.builder().maxConnections(4))
        .build());
  }
}
