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
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

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

  @Setup(Level.Trial)
  public void setUp() {
    item = item(shape);
    bytes = ItemCodec.toBytes(item);
    json = DynamoJson.toJson(item);
    buffer = new DataOutputBuffer(64 * 1024);
    writable = new DynamoDBItemWritable(item);
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

  /** DynamoDB JSON → AttributeValue map (the import path). */
  @Benchmark
  public Map<String, AttributeValue> fromJson() {
    return DynamoJson.parseItem(json);
  }
}
