package io.ddbconnector.spark.streams;

import io.ddbconnector.client.ClientSettings;
import io.ddbconnector.client.DynamoDBClientFactory;
import io.ddbconnector.spark.SparkSettings;
import io.ddbconnector.streams.StreamPosition;
import io.ddbconnector.streams.StreamReader;
import io.ddbconnector.throughput.Sleeper;
import io.ddbconnector.throughput.Ticker;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.streaming.MicroBatchStream;
import org.apache.spark.sql.connector.read.streaming.Offset;
import org.apache.spark.sql.connector.read.streaming.ReadAllAvailable;
import org.apache.spark.sql.connector.read.streaming.ReadLimit;
import org.apache.spark.sql.connector.read.streaming.ReadMaxRows;
import org.apache.spark.sql.connector.read.streaming.SupportsAdmissionControl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.Shard;

/**
 * The micro-batches of a {@code dynamodb-streams} query. The driver advances the stream position over the
 * records available now (at most {@code maxRecordsPerTrigger}); a batch is the per-shard ranges between two
 * positions, bounded by sequence numbers, so a batch replayed after a restart reads the same records. A shard
 * read in the same batch as its parent is read by the parent's task, after the parent.
 */
final class StreamsMicroBatchStream implements MicroBatchStream, SupportsAdmissionControl {

  private static final Logger LOG = LoggerFactory.getLogger(StreamsMicroBatchStream.class);

  private final SparkSettings settings;
  private final org.apache.spark.sql.types.StructType schema;
  private final ClientSettings client;
  private StreamReader reader;

  StreamsMicroBatchStream(SparkSettings settings, org.apache.spark.sql.types.StructType schema) {
    this.settings = settings;
    this.schema = schema;
    this.client = ClientSettings.from(settings.core());
  }

  /** The stream position as Spark's offset. */
  static final class StreamOffset extends Offset {
    final StreamPosition position;

    StreamOffset(StreamPosition position) {
      this.position = position;
    }

    @Override
    public String json() {
      return position.json();
    }
  }

  private synchronized StreamReader reader() {
    if (reader == null) {
      String arn = StreamReader.streamArn(DynamoDBClientFactory.shared(client), settings.tableName());
      reader = new StreamReader(DynamoDBClientFactory.sharedStreams(client), settings.tableName(), arn,
          settings.failOnDataLoss(), Ticker.SYSTEM, Sleeper.SYSTEM);
      LOG.info("Reading the stream {} of DynamoDB table '{}'", arn, settings.tableName());
    }
    return reader;
  }

  @Override
  public Offset initialOffset() {
    return new StreamOffset(reader().initial(settings.startingPosition()));
  }

  @Override
  public Offset deserializeOffset(String json) {
    return new StreamOffset(StreamPosition.parse(json));
  }

  @Override
  public ReadLimit getDefaultReadLimit() {
    return ReadLimit.maxRows(settings.maxRecordsPerTrigger());
  }

  @Override
  public Offset latestOffset() {
    throw new UnsupportedOperationException("latestOffset(Offset, ReadLimit) is the one to call");
  }

  @Override
  public Offset latestOffset(Offset start, ReadLimit limit) {
    StreamPosition from = ((StreamOffset) start).position;
    if (!from.streamArn().equals(reader().streamArn())) {
      throw new IllegalStateException("The checkpoint reads stream " + from.streamArn() + " but DynamoDB table '"
          + settings.tableName() + "' now has stream " + reader().streamArn() + " (the stream was disabled and"
          + " enabled again, or the table re-created): start a new query with a new checkpoint location");
    }
    long max = limit instanceof ReadMaxRows ? ((ReadMaxRows) limit).maxRows()
        : limit instanceof ReadAllAvailable ? Long.MAX_VALUE : settings.maxRecordsPerTrigger();
    return new StreamOffset(reader().advance(from, max));
  }

  /** One task's work: shard ranges read in order (a shard's children after it). */
  static final class Chain implements InputPartition, Serializable {
    private static final long serialVersionUID = 1L;
    final String streamArn;
    final List<String[]> ranges = new ArrayList<>(); // shardId, after (nullable), until

    Chain(String streamArn) {
      this.streamArn = streamArn;
    }
  }

  @Override
  public InputPartition[] planInputPartitions(Offset start, Offset end) {
    StreamPosition from = ((StreamOffset) start).position;
    StreamPosition to = ((StreamOffset) end).position;
    Map<String, Chain> chainOf = new LinkedHashMap<>();
    List<Chain> chains = new ArrayList<>();
    for (Shard s : StreamReader.lineage(reader().shards())) {
      StreamPosition.Shard a = from.shard(s.shardId());
      StreamPosition.Shard b = to.shard(s.shardId());
      String after = a == null ? null : a.after();
      if (b == null || b.after() == null || b.after().equals(after)) {
        continue; // nothing of this shard in the batch
      }
      Chain chain = s.parentShardId() == null ? null : chainOf.get(s.parentShardId());
      if (chain == null) {
        chain = new Chain(to.streamArn());
        chains.add(chain);
      }
      chain.ranges.add(new String[] {s.shardId(), after, b.after()});
      chainOf.put(s.shardId(), chain);
    }
    return chains.toArray(new InputPartition[0]);
  }

  @Override
  public PartitionReaderFactory createReaderFactory() {
    ClientSettings cs = client;
    String table = settings.tableName();
    boolean failOnDataLoss = settings.failOnDataLoss();
    org.apache.spark.sql.types.StructType rows = schema;
    SparkSettings.MismatchPolicy policy = settings.onTypeMismatch();
    return (PartitionReaderFactory) partition -> new ChainReader((Chain) partition, cs, table, failOnDataLoss,
        new StreamRows.Maker(rows, table, policy));
  }

  /** Reads a chain's ranges into memory (a batch is bounded by maxRecordsPerTrigger) and hands them out. */
  static final class ChainReader implements PartitionReader<InternalRow> {
    private final List<InternalRow> rows = new ArrayList<>();
    private int at = -1;

    ChainReader(Chain chain, ClientSettings client, String table, boolean failOnDataLoss, StreamRows.Maker maker) {
      // the JVM's shared Streams client: a task per shard chain and micro-batch must not build one each
      StreamReader r = new StreamReader(DynamoDBClientFactory.sharedStreams(client), table, chain.streamArn,
          failOnDataLoss, Ticker.SYSTEM, Sleeper.SYSTEM);
      for (String[] range : chain.ranges) {
        r.read(range[0], range[1], range[2], rec -> rows.add(maker.row(rec, range[0])));
      }
    }

    @Override
    public boolean next() {
      return ++at < rows.size();
    }

    @Override
    public InternalRow get() {
      return rows.get(at);
    }

    @Override
    public void close() {}
  }

  @Override
  public void commit(Offset end) {}

  /** The clients are the JVM's shared ones ({@link DynamoDBClientFactory#sharedStreams}): nothing to close. */
  @Override
  public void stop() {}
}
