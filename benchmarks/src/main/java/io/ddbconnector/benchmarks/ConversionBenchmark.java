package io.ddbconnector.benchmarks;

import io.ddbconnector.hadoop.DynamoDBItemWritable;
import io.ddbconnector.types.DynamoJson;
import io.ddbconnector.types.ItemCodec;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.io.DataOutputBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import io.ddbconnector.types.ItemPageParser;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import software.amazon.awssdk.core.client.config.SdkClientConfiguration;
import software.amazon.awssdk.core.client.config.SdkClientOption;
import software.amazon.awssdk.core.http.HttpResponseHandler;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.SdkHttpFullResponse;
import software.amazon.awssdk.protocols.json.AwsJsonProtocol;
import software.amazon.awssdk.protocols.json.AwsJsonProtocolFactory;
import software.amazon.awssdk.protocols.json.JsonOperationMetadata;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * Conversion cost per item on one core (single-threaded JMH throughput = items/s per core): the SDK's
 * {@code Map<String, AttributeValue>} to the {@code DynamoDBItemWritable} wire bytes and back, and to
 * and from DynamoDB JSON, for a typical ~200-byte item and a nested ~4 KB one.
 *
 * <p>Spark rows ({@code InternalRow}) are not measured here: the Spark module is written separately and
 * this module must not depend on it. Add its converter as {@code toRow}/{@code fromRow} benchmarks once
 * it exists (see the README's Benchmarks section).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
public class ConversionBenchmark {

  /** {@code typical}: the test kit's ~200-byte item; {@code nested}: a ~4 KB order document. */
  @Param({"typical", "nested"})
  public String shape;

  private Map<String, AttributeValue> item;
  private byte[] bytes;
  private String json;
  private DataOutputBuffer buffer;
  private DynamoDBItemWritable writable;
  /** Items of the Scan page the {@code page*} benchmarks parse (their scores are per item). */
  static final int PAGE_ITEMS = 100;
  private byte[] page;
  private HttpResponseHandler<ScanResponse> sdkScanHandler;

  @Setup(Level.Trial)
  public void setUp() {
    item = item(shape);
    bytes = ItemCodec.toBytes(item);
    json = DynamoJson.toJson(item);
    buffer = new DataOutputBuffer(64 * 1024);
    writable = new DynamoDBItemWritable(item);
    StringBuilder sb = new StringBuilder("{\"Count\":" + PAGE_ITEMS + ",\"Items\":[");
    for (int i = 0; i < PAGE_ITEMS; i++) {
      sb.append(i == 0 ? "" : ",").append(DynamoJson.toJson("nested".equals(shape) ? Items.nested(i)
          : Items.typical("item-", i)));
    }
    page = sb.append("],\"ScannedCount\":" + PAGE_ITEMS + "}").toString().getBytes(StandardCharsets.UTF_8);
    // the response handler the SDK's DynamoDbClient builds for Scan (AWS JSON 1.0)
    AwsJsonProtocolFactory protocol = AwsJsonProtocolFactory.builder()
        .clientConfiguration(SdkClientConfiguration.builder()
            .option(SdkClientOption.ENDPOINT, URI.create("http://localhost")).build())
        .protocol(AwsJsonProtocol.AWS_JSON).protocolVersion("1.0").build();
    sdkScanHandler = protocol.createResponseHandler(JsonOperationMetadata.builder()
        .hasStreamingSuccessResponse(false).isPayloadJson(true).build(), ScanResponse::builder);
  }

  static Map<String, AttributeValue> item(String shape) {
    return "nested".equals(shape) ? Items.nested(42) : Items.typical("item-", 42);
  }

  /** AttributeValue map → Writable wire bytes (a new array, as {@code ItemCodec.toBytes}). */
  @Benchmark
  public byte[] toBytes() {
    return ItemCodec.toBytes(item);
  }

  /** Wire bytes → AttributeValue map. */
  @Benchmark
  public Map<String, AttributeValue> fromBytes() throws IOException {
    return ItemCodec.fromBytes(bytes);
  }

  /** {@code DynamoDBItemWritable.write} into a reused Hadoop buffer: what a shuffle or SequenceFile pays. */
  @Benchmark
  public int writableWrite() throws IOException {
    buffer.reset();
    writable.write(buffer);
    return buffer.getLength();
  }

  /** {@code DynamoDBItemWritable.readFields} from a stream of the wire bytes. */
  @Benchmark
  public Map<String, AttributeValue> writableRead() throws IOException {
    DynamoDBItemWritable w = new DynamoDBItemWritable();
    w.readFields(new DataInputStream(new ByteArrayInputStream(bytes)));
    return w.getItem();
  }

  /** AttributeValue map → DynamoDB JSON (what {@code toString} and the JSON export write). */
  @Benchmark
  public String toJson() {
    return DynamoJson.toJson(item);
  }

  /** A Scan response body → its items, by the SDK's unmarshaller (what a plain SDK scan pays). */
  @Benchmark
  @OperationsPerInvocation(PAGE_ITEMS)
  public List<Map<String, AttributeValue>> pageSdk() throws Exception {
    SdkHttpFullResponse r = SdkHttpFullResponse.builder().statusCode(200)
        .content(AbortableInputStream.create(new ByteArrayInputStream(page))).build();
    return sdkScanHandler.handle(r, new ExecutionAttributes()).items();
  }

  /** The same body → its items, by the connector's {@link ItemPageParser} (what the core reader pays). */
  @Benchmark
  @OperationsPerInvocation(PAGE_ITEMS)
  public List<Map<String, AttributeValue>> pageConnector() {
    return ItemPageParser.parse(page).items();
  }

  /** DynamoDB JSON → AttributeValue map (the import path). */
  @Benchmark
  public Map<String, AttributeValue> fromJson() {
    return DynamoJson.parseItem(json);
  }
}
