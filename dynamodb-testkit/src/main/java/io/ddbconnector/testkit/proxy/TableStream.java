package io.ddbconnector.testkit.proxy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One stream of a table in the {@link StreamsEmulator}: its shards (a tree: a closed shard's children
 * continue its part of the key space) and their records. Not thread-safe: the emulator guards every
 * stream with its own monitor.
 */
final class TableStream {

  /** The 12-bit key positions {@link KeySpace#position} gives; a root shard owns all of them. */
  static final int POSITIONS = KeySpace.POSITIONS;

  final String arn;
  final String label;
  final String tableName;
  final String viewType;
  /** Key attribute names, partition key first. */
  final List<String> keyAttributes;
  /** The table's KeySchema as the wire spells it (list of {AttributeName, KeyType}). */
  final Object keySchema;
  final Instant created;
  Instant disabled;
  /** The table it belonged to was deleted (or replaced by a new table of the same name). */
  boolean tableDeleted;
  final List<Shard> shards = new ArrayList<>();

  TableStream(String arn, String label, String tableName, String viewType, List<String> keyAttributes,
      Object keySchema, Instant created) {
    this.arn = arn;
    this.label = label;
    this.tableName = tableName;
    this.viewType = viewType;
    this.keyAttributes = List.copyOf(keyAttributes);
    this.keySchema = keySchema;
    this.created = created;
  }

  boolean enabled() {
    return disabled == null;
  }

  Shard shard(String id) {
    for (Shard s : shards) {
      if (s.id.equals(id)) {
        return s;
      }
    }
    return null;
  }

  /** The open shard owning a key position (every position has exactly one while the stream is enabled). */
  Shard openShardFor(int position) {
    for (Shard s : shards) {
      if (s.isOpen() && position >= s.from && position < s.to) {
        return s;
      }
    }
    return null;
  }

  List<Shard> openShards() {
    List<Shard> open = new ArrayList<>();
    for (Shard s : shards) {
      if (s.isOpen()) {
        open.add(s);
      }
    }
    return open;
  }

  /** One shard: an ordered run of records with a sequence-number range. */
  static final class Shard {
    final String id;
    final String parentId;
    final long start;
    final Instant created;
    /** The part of the key space [from, to) whose records it takes while open. */
    final int from;
    final int to;
    final List<StoredRecord> records = new ArrayList<>();
    /** Records appended since it opened (trimming removes records but not from this count). */
    int appended;
    /** Sequence number of the newest trimmed record (or of the start if none was trimmed). */
    long trimmedThrough;
    Long end;
    Instant closed;

    Shard(String id, String parentId, long start, Instant created, int from, int to) {
      this.id = id;
      this.parentId = parentId;
      this.start = start;
      this.created = created;
      this.from = from;
      this.to = to;
      this.trimmedThrough = start;
    }

    boolean isOpen() {
      return end == null;
    }

    /** True if records after {@code after} were trimmed away (the start itself never holds a record). */
    boolean trimmedBeyond(long after) {
      return trimmedThrough > start && after < trimmedThrough;
    }

    long lastSequence() {
      return records.isEmpty() ? Math.max(start, trimmedThrough) : records.get(records.size() - 1).sequence;
    }

    void close(Instant now) {
      end = lastSequence();
      closed = now;
    }
  }

  /** A recorded change with its images as the stream's view type keeps them. */
  static final class StoredRecord {
    final long sequence;
    final String eventId;
    final String eventName;
    final Map<String, Object> keys;
    final Object oldImage;
    final Object newImage;
    final Instant created;
    final long sizeBytes;

    StoredRecord(long sequence, String eventId, String eventName, Map<String, Object> keys, Object oldImage,
        Object newImage, Instant created) {
      this.sequence = sequence;
      this.eventId = eventId;
      this.eventName = eventName;
      this.keys = keys;
      this.oldImage = oldImage;
      this.newImage = newImage;
      this.created = created;
      this.sizeBytes = StreamItems.size(keys) + StreamItems.size(oldImage) + StreamItems.size(newImage);
    }
  }
}
