package io.ddbconnector.benchmarks;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The {@code raw} variant of the {@code jobs} benchmark, as a careful user writes it with the plain AWS SDK v2
 * and no framework: a client, a parallel scan with one thread per segment ({@link RawSdk#parallelScan}), and
 * for the copy each thread writing what its segment returns, 25 items per BatchWriteItem, UnprocessedItems
 * resent. The client is built inside the run: it is part of the job, as a connector's clients are.
 */
final class RawJob {

  private RawJob() {}

  static JobChild.Outcome run(String job, String endpoint, String region, String source, String target,
      int segments) {
    try (DynamoDbClient client = DynamoDbClient.builder()
        .endpointOverride(URI.create(endpoint))
        .region(Region.of(region))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("dummy", "dummy")))
        .httpClientBuilder(ApacheHttpClient.builder())
        .build()) {
      if (job.equals("read")) {
        long n = RawSdk.parallelScan(client, source, segments, false);
        return new JobChild.Outcome(n, 0, 0, 0);
      }
      AtomicLong read = new AtomicLong();
      long written = RawSdk.inParallel(segments, segment -> copySegment(client, source, target, segment, segments,
          read));
      return new JobChild.Outcome(read.get(), written, 0, 0);
    }
  }

  private static long copySegment(DynamoDbClient client, String source, String target, int segment, int segments,
      AtomicLong read) {
    long written = 0;
    Map<String, AttributeValue> start = null;
    do {
      Map<String, AttributeValue> from = start;
      ScanResponse r = client.scan(b -> b.tableName(source).segment(segment).totalSegments(segments)
          .exclusiveStartKey(from));
      read.addAndGet(r.items().size());
      List<WriteRequest> batch = new ArrayList<>(25);
      for (Map<String, AttributeValue> item : r.items()) {
        batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
        if (batch.size() == 25) {
          written += RawSdk.send(client, target, batch, null);
          batch = new ArrayList<>(25);
        }
      }
      if (!batch.isEmpty()) {
        written += RawSdk.send(client, target, batch, null);
      }
      start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
    } while (start != null);
    return written;
  }
}
