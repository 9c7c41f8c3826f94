package io.ddbconnector.streams;

import io.ddbconnector.exceptions.DynamoDBConnectorException;
import io.ddbconnector.throughput.Sleeper;
import io.ddbconnector.throughput.Ticker;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamResponse;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Reads a table's DynamoDB stream shard by shard, in the model engines need for exactly-once micro-batches:
 * a driver {@link #advance advances} a {@link StreamPosition} over the records available now (it reads them to
 * learn where each shard ends, at most {@code maxRecords} in all), and tasks {@link #read} each shard's range
 * between two positions — the same records on every replay, because a range is bounded by sequence numbers.
 *
 * <p>Lineage: a shard is read only once its parent is done (closed and read to its end) as of the starting
 * position, so every record of a parent comes in an earlier micro-batch than any record of its children,
 * and the records of one key stay in order across a shard split. GetRecords calls on one shard are at least
 * {@link #GET_RECORDS_INTERVAL_MS} apart (the service allows about five per shard per second). An expired
 * iterator is renewed after the last record seen. A position older than the stream's retention
 * ({@code TrimmedDataAccessException}) fails with the choice the user has, unless {@code failOnDataLoss} is
 * false, when the shard is read from what is left and the loss is logged.
 */
public final class StreamReader {

  private static final Logger LOG = LoggerFactory.getLogger(StreamReader.class);

  /** Least time between two GetRecords calls on one shard. */
  public static final long GET_RECORDS_INTERVAL_MS = 200;
  /** GetRecords' own maximum {@code Limit}. */
  public static final int MAX_LIMIT = 1000;

  private final DynamoDbStreamsClient streams;
  private final String table;
  private final String streamArn;
  private final boolean failOnDataLoss;
  private final Ticker ticker;
  private final Sleeper sleeper;
  private final Map<String, Long> lastCallNanos = new HashMap<>();

  public StreamReader(DynamoDbStreamsClient streams, String table, String streamArn, boolean failOnDataLoss,
      Ticker ticker, Sleeper sleeper) {
    this.streams = streams;
    this.table = table;
    this.streamArn = streamArn;
    this.failOnDataLoss = failOnDataLoss;
    this.ticker = ticker;
    this.sleeper = sleeper;
  }

  /**
   * The ARN of {@code table}'s current stream; fails naming the table and how to enable a stream when it has
   * none.
   */
  public static String streamArn(DynamoDbClient dynamodb, String table) {
    TableDescription t = dynamodb.describeTable(b -> b.tableName(table)).table();
    boolean enabled = t.streamSpecification() != null && Boolean.TRUE.equals(t.streamSpecification().streamEnabled());
    if (!enabled || t.latestStreamArn() == null) {
      throw new DynamoDBConnectorException("DynamoDB table '" + table + "' has no stream enabled, so its changes"
          + " cannot be read. Enable one (the images you need decide the view type), e.g. aws dynamodb update-table"
          + " --table-name " + table + " --stream-specification StreamEnabled=true,StreamViewType=NEW_AND_OLD_IMAGES"
          + "; records are kept 24 hours and only changes made after enabling are in the stream.");
    }
    return t.latestStreamArn();
  }

  public String streamArn() {
    return streamArn;
  }

  /** Every shard of the stream (DescribeStream, all pages). */
  public List<Shard> shards() {
    List<Shard> all = new ArrayList<>();
    String from = null;
    do {
      String start = from;
      DescribeStreamResponse r = streams.describeStream(DescribeStreamRequest.builder().streamArn(streamArn)
          .exclusiveStartShardId(start).build());
      all.addAll(r.streamDescription().shards());
      from = r.streamDescription().lastEvaluatedShardId();
    } while (from != null);
    return all;
  }

  /**
   * Where a new query starts. {@code TRIM_HORIZON}: every shard from its oldest record. {@code LATEST}: after
   * the last record each open shard holds now (found by reading them; shards already closed are done).
   */
  public StreamPosition initial(String startingPosition) {
    String p = startingPosition.trim().toUpperCase(java.util.Locale.ROOT);
    if (p.equals("TRIM_HORIZON")) {
      return new StreamPosition(streamArn, Map.of());
    }
    if (!p.equals("LATEST")) {
      throw new IllegalArgumentException("Unknown startingPosition '" + startingPosition + "' for the stream of"
          + " DynamoDB table '" + table + "': use TRIM_HORIZON or LATEST");
    }
    Map<String, StreamPosition.Shard> shards = new TreeMap<>();
    for (Shard s : shards()) {
      boolean closed = s.sequenceNumberRange() != null && s.sequenceNumberRange().endingSequenceNumber() != null;
      if (closed) {
        shards.put(s.shardId(), new StreamPosition.Shard(s.sequenceNumberRange().endingSequenceNumber(), true));
      } else {
        Discovery d = discover(s, null, Long.MAX_VALUE);
        shards.put(s.shardId(), new StreamPosition.Shard(d.last, d.drained));
      }
    }
    return new StreamPosition(streamArn, shards);
  }

  /**
   * The position after at most {@code maxRecords} more records that are available now, taken shard by shard,
   * parents before children: a child is taken only when its parent is done, at {@code from} or within this
   * step (then an engine reads the child after the parent, in one task: {@link #lineage}). Equal to
   * {@code from} when nothing new is there.
   */
  public StreamPosition advance(StreamPosition from, long maxRecords) {
    List<Shard> all = lineage(shards());
    java.util.Set<String> listed = new java.util.HashSet<>();
    for (Shard s : all) {
      listed.add(s.shardId());
    }
    Map<String, StreamPosition.Shard> next = new TreeMap<>(from.shards());
    long budget = maxRecords;
    for (Shard s : all) {
      StreamPosition.Shard pos = next.get(s.shardId());
      if (pos != null && pos.done()) {
        continue;
      }
      String parent = s.parentShardId();
      if (parent != null && listed.contains(parent)) {
        StreamPosition.Shard pp = next.get(parent);
        if (pp == null || !pp.done()) {
          continue; // the parent's records first
        }
      }
      if (budget <= 0) {
        continue;
      }
      Discovery d = discover(s, pos == null ? null : pos.after(), budget);
      budget -= d.count;
      next.put(s.shardId(), new StreamPosition.Shard(d.last != null ? d.last : pos == null ? null : pos.after(),
          d.drained));
    }
    return new StreamPosition(streamArn, next);
  }

  /** {@code shards} ordered so that every shard comes after its parent (when its parent is among them). */
  public static List<Shard> lineage(List<Shard> shards) {
    Map<String, Shard> byId = new LinkedHashMap<>();
    for (Shard s : shards) {
      byId.put(s.shardId(), s);
    }
    List<Shard> ordered = new ArrayList<>();
    java.util.Set<String> placed = new java.util.HashSet<>();
    while (ordered.size() < shards.size()) {
      int before = ordered.size();
      for (Shard s : byId.values()) {
        if (!placed.contains(s.shardId())
            && (s.parentShardId() == null || !byId.containsKey(s.parentShardId()) || placed.contains(s.parentShardId()))) {
          ordered.add(s);
          placed.add(s.shardId());
        }
      }
      if (ordered.size() == before) { // a cycle cannot happen; keep the rest as listed
        for (Shard s : byId.values()) {
          if (placed.add(s.shardId())) {
            ordered.add(s);
          }
        }
      }
    }
    return ordered;
  }

  /** What a driver learnt of one shard: records counted, the last one's sequence number, closed and drained. */
  private static final class Discovery {
    long count;
    String last;
    boolean drained;
  }

  private Discovery discover(Shard shard, String after, long budget) {
    Discovery d = new Discovery();
    boolean closed = shard.sequenceNumberRange() != null && shard.sequenceNumberRange().endingSequenceNumber() != null;
    String iterator = iterator(shard.shardId(), after);
    int emptyPages = 0;
    while (iterator != null && d.count < budget) {
      GetRecordsResponse r;
      int asked = (int) Math.min(MAX_LIMIT, budget - d.count);
      try {
        r = getRecords(shard.shardId(), iterator, asked);
      } catch (ExpiredIteratorException e) {
        iterator = iterator(shard.shardId(), d.last != null ? d.last : after);
        continue;
      }
      for (Record rec : r.records()) {
        d.count++;
        d.last = rec.dynamodb().sequenceNumber();
      }
      iterator = r.nextShardIterator();
      if (iterator == null) {
        d.drained = true;
        break;
      }
      if (!closed && r.records().size() < asked) {
        // A short page of an open shard: its tip as of this call. Going on would chase a writer that adds more
        // than a page per call interval (200 ms) and never end the micro-batch's planning.
        break;
      }
      if (r.records().isEmpty()) {
        // only a closed shard gets here (an open one stopped at its short page): it may answer empty pages
        // before its end
        if (++emptyPages > 20) {
          break;
        }
      } else {
        emptyPages = 0;
      }
    }
    return d;
  }

  /**
   * Every record of {@code shardId} after sequence number {@code after} (null: from the trim horizon) up to
   * and including {@code until}, in order.
   */
  public void read(String shardId, String after, String until, Consumer<Record> sink) {
    BigInteger end = new BigInteger(until);
    String last = after;
    String iterator = iterator(shardId, after);
    long deadline = ticker.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(10);
    while (iterator != null) {
      GetRecordsResponse r;
      try {
        r = getRecords(shardId, iterator, MAX_LIMIT);
      } catch (ExpiredIteratorException e) {
        iterator = iterator(shardId, last);
        continue;
      }
      for (Record rec : r.records()) {
        BigInteger seq = new BigInteger(rec.dynamodb().sequenceNumber());
        if (seq.compareTo(end) > 0) {
          return;
        }
        sink.accept(rec);
        last = rec.dynamodb().sequenceNumber();
        if (seq.equals(end)) {
          return;
        }
      }
      iterator = r.nextShardIterator();
      if (ticker.nanoTime() > deadline) {
        throw new DynamoDBConnectorException("Reading shard '" + shardId + "' of the stream of DynamoDB table '"
            + table + "' did not reach sequence number " + until + " (last read: " + last + ") in 10 minutes");
      }
    }
    if (last == null || new BigInteger(last).compareTo(end) < 0) {
      throw new DynamoDBConnectorException("Shard '" + shardId + "' of the stream of DynamoDB table '" + table
          + "' ended at sequence number " + last + " before " + until + ", which an earlier read saw");
    }
  }

  private String iterator(String shardId, String after) {
    try {
      return streams.getShardIterator(b -> b.streamArn(streamArn).shardId(shardId)
          .shardIteratorType(after == null ? ShardIteratorType.TRIM_HORIZON : ShardIteratorType.AFTER_SEQUENCE_NUMBER)
          .sequenceNumber(after)).shardIterator();
    } catch (TrimmedDataAccessException | ResourceNotFoundException e) {
      if (after == null) {
        throw e;
      }
      return lost(shardId, after, e);
    }
  }

  private String lost(String shardId, String after, RuntimeException e) {
    String what = "The position of the stream of DynamoDB table '" + table + "' in shard '" + shardId
        + "' (after sequence number " + after + ") is older than the stream's 24-hour retention: the records after"
        + " it were trimmed before they were read";
    if (failOnDataLoss) {
      throw new DynamoDBConnectorException(what + ". Either restart the query with option failOnDataLoss=false (it"
          + " goes on from the oldest record still in the shard; the trimmed ones are lost), or start a new query"
          + " (a new checkpoint location) with startingPosition TRIM_HORIZON or LATEST. (" + e.getMessage() + ")", e);
    }
    LOG.warn("{}; failOnDataLoss=false: reading the shard from its oldest remaining record", what);
    try {
      return streams.getShardIterator(b -> b.streamArn(streamArn).shardId(shardId)
          .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
    } catch (ResourceNotFoundException gone) {
      return null; // the whole shard is gone
    }
  }

  private GetRecordsResponse getRecords(String shardId, String iterator, int limit) {
    Long previous = lastCallNanos.get(shardId);
    long wait = previous == null ? 0
        : previous + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(GET_RECORDS_INTERVAL_MS) - ticker.nanoTime();
    if (wait > 0) {
      try {
        sleeper.sleepNanos(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DynamoDBConnectorException("Interrupted while reading the stream of DynamoDB table '" + table + "'", e);
      }
    }
    lastCallNanos.put(shardId, ticker.nanoTime());
    try {
      return streams.getRecords(b -> b.shardIterator(iterator).limit(Math.max(1, limit)));
    } catch (TrimmedDataAccessException e) {
      throw new DynamoDBConnectorException("Records of shard '" + shardId + "' of the stream of DynamoDB table '"
          + table + "' were trimmed while being read (older than 24 hours): " + e.getMessage(), e);
    }
  }
}
