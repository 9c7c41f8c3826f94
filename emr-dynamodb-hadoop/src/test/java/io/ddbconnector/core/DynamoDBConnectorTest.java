package io.ddbconnector.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddbconnector.conf.Settings;
import io.ddbconnector.exceptions.DynamoDBConnectorException;
import io.ddbconnector.read.ScanReader;
import io.ddbconnector.split.ScanSplit;
import io.ddbconnector.throughput.ConnectorMetrics;
import io.ddbconnector.throughput.FakeTime;
import io.ddbconnector.write.BatchWriter;
import io.ddbconnector.write.ItemUpdater;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputDescription;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The façade builds readers, writers and updaters over any client and clock: here a fake client that
 * answers in memory and a clock that only moves when something waits on it, so rates and retries are
 * checked exactly and without sleeping.
 */
class DynamoDBConnectorTest {

  /** A client over one in-memory table "t" (hash key "id", S) with 100 RCU and 100 WCU. */
  static final class FakeClient implements DynamoDbClient {
    final Map<String, Map<String, AttributeValue>> items = new LinkedHashMap<>();
    final List<Integer> batchSizes = new ArrayList<>();
    int unprocessedFirst;
    int failBatch = -1;

    @Override
    public DescribeTableResponse describeTable(DescribeTableRequest r) {
      return DescribeTableResponse.builder().table(t -> t.tableName(r.tableName())
          .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
          .attributeDefinitions(AttributeDefinition.builder().attributeName("id").attributeType("S").build())
          .provisionedThroughput(ProvisionedThroughputDescription.builder().readCapacityUnits(100L)
              .writeCapacityUnits(100L).build())
          .itemCount((long) items.size()).tableSizeBytes(items.size() * 20L)).build();
    }

    @Override
    public DescribeTableResponse describeTable(Consumer<DescribeTableRequest.Builder> b) {
      DescribeTableRequest.Builder r = DescribeTableRequest.builder();
      b.accept(r);
      return describeTable(r.build());
    }

    @Override
    public synchronized BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest r) {
      List<WriteRequest> requests = r.requestItems().get("t");
      batchSizes.add(requests.size());
      if (batchSizes.size() - 1 == failBatch) {
        throw (DynamoDbException) DynamoDbException.builder().statusCode(500)
            .awsErrorDetails(AwsErrorDetails.builder().errorCode("InternalServerError").errorMessage("boom").build())
            .build();
      }
      List<WriteRequest> left = new ArrayList<>();
      for (int i = 0; i < requests.size(); i++) {
        WriteRequest w = requests.get(i);
        if (i < unprocessedFirst) {
          left.add(w);
          continue;
        }
        Map<String, AttributeValue> item = w.putRequest().item();
        items.put(item.get("id").s(), item);
      }
      unprocessedFirst = 0;
      return BatchWriteItemResponse.builder()
          .unprocessedItems(left.isEmpty() ? Map.of() : Map.of("t", left)).build();
    }

    @Override
    public BatchWriteItemResponse batchWriteItem(Consumer<BatchWriteItemRequest.Builder> b) {
      BatchWriteItemRequest.Builder r = BatchWriteItemRequest.builder();
      b.accept(r);
      return batchWriteItem(r.build());
    }

    @Override
    public synchronized ScanResponse scan(ScanRequest r) {
      List<Map<String, AttributeValue>> all = new ArrayList<>(items.values());
      int from = r.exclusiveStartKey() == null || r.exclusiveStartKey().isEmpty() ? 0
          : Integer.parseInt(r.exclusiveStartKey().get("id").s().substring(1)) + 1;
      int to = Math.min(all.size(), from + (r.limit() == null ? 100 : r.limit()));
      ScanResponse.Builder b = ScanResponse.builder().items(all.subList(from, to)).count(to - from)
          .scannedCount(to - from);
      if (to < all.size()) {
        b.lastEvaluatedKey(Map.of("id", AttributeValue.fromS("k" + (to - 1))));
      }
      return b.build();
    }

    @Override
    public ScanResponse scan(Consumer<ScanRequest.Builder> b) {
      ScanRequest.Builder r = ScanRequest.builder();
      b.accept(r);
      return scan(r.build());
    }

    @Override
    public synchronized UpdateItemResponse updateItem(UpdateItemRequest r) {
      items.computeIfAbsent(r.key().get("id").s(), k -> new HashMap<>(r.key()));
      return UpdateItemResponse.builder().build();
    }

    @Override
    public String serviceName() {
      return "dynamodb";
    }

    @Override
    public void close() { }
  }

  private static Settings settings(String... more) {
    Map<String, String> m = new HashMap<>();
    m.put("dynamodb.endpoint", "http://127.0.0.1:1");
    m.put("dynamodb.region", "us-east-1");
    m.put("dynamodb.input.tableName", "t");
    m.put("dynamodb.output.tableName", "t");
    m.put("dynamodb.throughput.coordination", "off");
    m.put("dynamodb.write.batchesInFlight", "1");
    for (int i = 0; i < more.length; i += 2) {
      m.put(more[i], more[i + 1]);
    }
    return Settings.of(m);
  }

  private static Map<String, AttributeValue> item(int i) {
    return Map.of("id", AttributeValue.fromS("k" + i), "v", AttributeValue.fromN(Integer.toString(i)));
  }

  @Test
  void writerKeepsItsRateOnTheInjectedClock() {
    FakeClient client = new FakeClient();
    FakeTime time = new FakeTime();
    DynamoDBConnector c = DynamoDBConnector.builder(settings()).clients(s -> client).ticker(time).sleeper(time).build();
    try (BatchWriter w = c.writer(null, 1, new ConnectorMetrics(), null)) {
      for (int i = 0; i < 500; i++) {
        w.put(item(i));
      }
    }
    assertEquals(500, client.items.size());
    // 500 one-unit items at 50% of 100 WCU/s: 10 s of the fake clock, give or take the limiter's burst
    assertEquals(10.0, time.seconds(), 0.6, "paced on the injected clock: " + time.seconds() + " s");
  }

  @Test
  void writerResendsExactlyTheUnprocessedItems() {
    FakeClient client = new FakeClient();
    client.unprocessedFirst = 5;
    FakeTime time = new FakeTime();
    DynamoDBConnector c = DynamoDBConnector.builder(settings()).clients(s -> client).ticker(time).sleeper(time).build();
    try (BatchWriter w = c.writer(null, 1, new ConnectorMetrics(), null)) {
      for (int i = 0; i < 50; i++) {
        w.put(item(i));
      }
    }
    assertEquals(50, client.items.size(), "every item written once the unprocessed ones were resent");
    assertEquals(List.of(25, 5, 25), client.batchSizes, "the resend carries exactly the unprocessed items");
  }

  @Test
  void aFailedBatchIsInDoubtAndNamedWithoutRealWaiting() {
    FakeClient client = new FakeClient();
    client.failBatch = 1;
    FakeTime time = new FakeTime();
    DynamoDBConnector c = DynamoDBConnector.builder(settings("dynamodb.retry.maxAttempts", "1"))
        .clients(s -> client).ticker(time).sleeper(time).build();
    BatchWriter w = c.writer(null, 1, new ConnectorMetrics(), null);
    for (int i = 0; i < 50; i++) {
      w.put(item(i));
    }
    DynamoDBConnectorException e = assertThrows(DynamoDBConnectorException.class, w::close);
    assertTrue(e.getMessage().contains("25 items confirmed written to table 't', 25 sent without an answer"),
        e.getMessage());
    assertTrue(e.getMessage().contains("In doubt: {\"id\":{\"S\":\"k25\"}}"), e.getMessage());
  }

  @Test
  void readerDeliversEveryPageOverTheFakeClient() {
    FakeClient client = new FakeClient();
    for (int i = 0; i < 300; i++) {
      client.items.put("k" + i, item(i));
    }
    FakeTime time = new FakeTime();
    DynamoDBConnector c = DynamoDBConnector.builder(settings("dynamodb.scan.segments", "1"))
        .clients(s -> client).ticker(time).sleeper(time).build();
    List<ScanSplit> splits = c.plan(1).splits();
    assertEquals(1, splits.size());
    int n = 0;
    try (ScanReader r = c.reader(splits.get(0), new ConnectorMetrics())) {
      while (r.hasNext()) {
        assertEquals("k" + n, r.next().get("id").s());
        n++;
      }
    }
    assertEquals(300, n);
  }

  @Test
  void updaterGoesThroughTheSamePath() {
    FakeClient client = new FakeClient();
    FakeTime time = new FakeTime();
    DynamoDBConnector c = DynamoDBConnector.builder(settings()).clients(s -> client).ticker(time).sleeper(time).build();
    try (ItemUpdater u = c.updater(null, 1, new ConnectorMetrics(), null)) {
      u.update(Map.of("id", AttributeValue.fromS("a")), Map.of("v", AttributeValue.fromN("1")), List.of());
    }
    assertTrue(client.items.containsKey("a"));
  }
}
