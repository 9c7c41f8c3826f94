package io.ddbconnector.testkit.proxy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The {@code DynamoDBStreams_20120810} wire API of the {@link StreamsEmulator}: ListStreams,
 * DescribeStream, GetShardIterator and GetRecords, parsed from and answered in the service's JSON
 * shapes and error codes. Every call runs under the emulator's monitor, on its streams.
 *
 * <p>A shard iterator is opaque to clients; here it is the base64url of the stream ARN, the shard id,
 * the sequence number it reads after and the emulator time it was handed out at (for its expiry).
 */
final class StreamsApi {

  private final StreamsEmulator emulator;
  private final Map<String, ArrayDeque<Long>> readTimes = new HashMap<>();

  StreamsApi(StreamsEmulator emulator) {
    this.emulator = emulator;
  }

  /** Answers one {@code DynamoDBStreams_20120810.*} request. */
  Http.Message serve(String op, byte[] body, String authorization) {
    synchronized (emulator) {
      return answer(op, body, authorization);
    }
  }

  private Http.Message answer(String op, byte[] body, String authorization) {
    Object parsed;
    try {
      parsed = body.length == 0 ? Map.of() : Json.parse(body, 0, body.length);
    } catch (IllegalArgumentException e) {
      return ThrottlingProxy.error(400, "SerializationException", "Start of structure or map found where not expected");
    }
    if (!(parsed instanceof Map)) {
      return ThrottlingProxy.error(400, "SerializationException", "Start of structure or map found where not expected");
    }
    Map<?, ?> request = (Map<?, ?>) parsed;
    try {
      switch (op) {
        case "ListStreams":
          return listStreams(request);
        case "DescribeStream":
          return describeStream(request);
        case "GetShardIterator":
          return getShardIterator(request);
        case "GetRecords":
          return getRecords(request, KeySchemas.region(authorization));
        default:
          return ThrottlingProxy.error(400, "UnknownOperationException", "Unknown operation: " + op);
      }
    } catch (StreamsError e) {
      return ThrottlingProxy.error(400, e.type, e.getMessage());
    }
  }

  private Http.Message listStreams(Map<?, ?> request) {
    int limit = limit(request, StreamsEmulator.MAX_LIST_LIMIT, StreamsEmulator.MAX_LIST_LIMIT);
    Object table = request.get("TableName");
    Object start = request.get("ExclusiveStartStreamArn");
    Instant now = emulator.now();
    List<TableStream> listed = new ArrayList<>();
    for (TableStream s : emulator.allStreams()) {
      emulator.maintain(s, now);
      boolean gone = !s.enabled() && s.shards.isEmpty();
      if (!gone && (table == null || table.equals(s.tableName))) {
        listed.add(s);
      }
    }
    int from = 0;
    if (start != null) {
      for (int i = 0; i < listed.size(); i++) {
        if (listed.get(i).arn.equals(start)) {
          from = i + 1;
        }
      }
    }
    List<Object> streams = new ArrayList<>();
    int i = from;
    for (; i < listed.size() && streams.size() < limit; i++) {
      TableStream s = listed.get(i);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("StreamArn", s.arn);
      m.put("StreamLabel", s.label);
      m.put("TableName", s.tableName);
      streams.add(m);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("Streams", streams);
    if (i < listed.size()) {
      out.put("LastEvaluatedStreamArn", listed.get(i - 1).arn);
    }
    return ok(out);
  }

  private Http.Message describeStream(Map<?, ?> request) {
    TableStream s = stream(request.get("StreamArn"));
    int limit = limit(request, StreamsEmulator.MAX_LIST_LIMIT, StreamsEmulator.MAX_LIST_LIMIT);
    emulator.maintain(s, emulator.now());
    String parentFilter = null;
    if (request.get("ShardFilter") instanceof Map) {
      Map<?, ?> filter = (Map<?, ?>) request.get("ShardFilter");
      if (!"CHILD_SHARDS".equals(filter.get("Type")) || !(filter.get("ShardId") instanceof String)) {
        throw new StreamsError("ValidationException", "ShardFilter needs Type CHILD_SHARDS and a ShardId");
      }
      parentFilter = (String) filter.get("ShardId");
    }
    List<TableStream.Shard> listed = new ArrayList<>();
    for (TableStream.Shard shard : s.shards) {
      if (parentFilter == null || parentFilter.equals(shard.parentId)) {
        listed.add(shard);
      }
    }
    int from = 0;
    Object start = request.get("ExclusiveStartShardId");
    if (start != null) {
      for (int i = 0; i < listed.size(); i++) {
        if (listed.get(i).id.equals(start)) {
          from = i + 1;
        }
      }
    }
    List<Object> shards = new ArrayList<>();
    int i = from;
    for (; i < listed.size() && shards.size() < limit; i++) {
      TableStream.Shard shard = listed.get(i);
      Map<String, Object> range = new LinkedHashMap<>();
      range.put("StartingSequenceNumber", formatSequence(shard.start));
      if (!shard.isOpen()) {
        range.put("EndingSequenceNumber", formatSequence(shard.end));
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("ShardId", shard.id);
      m.put("SequenceNumberRange", range);
      if (shard.parentId != null) {
        m.put("ParentShardId", shard.parentId);
      }
      shards.add(m);
    }
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("StreamArn", s.arn);
    d.put("StreamLabel", s.label);
    d.put("StreamStatus", s.enabled() ? "ENABLED" : "DISABLED");
    d.put("StreamViewType", s.viewType);
    d.put("CreationRequestDateTime", epochSeconds(s.created, true));
    d.put("TableName", s.tableName);
    d.put("KeySchema", s.keySchema);
    d.put("Shards", shards);
    if (i < listed.size()) {
      d.put("LastEvaluatedShardId", listed.get(i - 1).id);
    }
    return ok(Map.of("StreamDescription", d));
  }

  private Http.Message getShardIterator(Map<?, ?> request) {
    TableStream s = stream(request.get("StreamArn"));
    Object shardId = request.get("ShardId");
    Object type = request.get("ShardIteratorType");
    Instant now = emulator.now();
    emulator.maintain(s, now);
    TableStream.Shard shard = shardId instanceof String ? s.shard((String) shardId) : null;
    if (shard == null) {
      throw new StreamsError("ResourceNotFoundException", "Requested resource not found: Shard does not exist");
    }
    long after;
    if ("TRIM_HORIZON".equals(type)) {
      after = Math.max(shard.start, shard.trimmedThrough);
    } else if ("LATEST".equals(type)) {
      after = shard.isOpen() ? shard.lastSequence() : shard.end;
    } else if ("AT_SEQUENCE_NUMBER".equals(type) || "AFTER_SEQUENCE_NUMBER".equals(type)) {
      long seq = parseSequence(request.get("SequenceNumber"));
      long last = shard.isOpen() ? emulator.lastSequence() : shard.end;
      if (seq < shard.start || seq > last) {
        throw new StreamsError("ValidationException", "Invalid SequenceNumber for ShardIteratorType "
            + type + ": " + request.get("SequenceNumber") + " is not in shard " + shard.id);
      }
      if (shard.trimmedBeyond(seq - 1)) {
        throw new StreamsError("TrimmedDataAccessException", "The sequence number " + request.get("SequenceNumber")
            + " is beyond the trim horizon of shard " + shard.id);
      }
      after = "AT_SEQUENCE_NUMBER".equals(type) ? seq - 1 : seq;
    } else {
      throw new StreamsError("ValidationException", "1 validation error detected: Value '" + type
          + "' at 'shardIteratorType' failed to satisfy constraint: Member must satisfy enum value set: "
          + "[TRIM_HORIZON, LATEST, AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER]");
    }
    return ok(Map.of("ShardIterator", iterator(s, shard, after, now)));
  }

  private Http.Message getRecords(Map<?, ?> request, String region) {
    Object token = request.get("ShardIterator");
    String[] parts = decodeIterator(token);
    TableStream s = emulator.streamByArn(parts[0]);
    if (s == null) {
      throw new StreamsError("ResourceNotFoundException", "Requested resource not found: Stream: " + parts[0]
          + " not found");
    }
    int limit = limit(request, StreamsEmulator.MAX_RECORDS_PER_CALL, StreamsEmulator.MAX_RECORDS_PER_CALL);
    Instant now = emulator.now();
    long after;
    long issued;
    try {
      after = Long.parseLong(parts[2]);
      issued = Long.parseLong(parts[3]);
    } catch (NumberFormatException e) {
      throw new StreamsError("ValidationException", "Invalid ShardIterator");
    }
    if (now.toEpochMilli() - issued > emulator.iteratorLifetime().toMillis()) {
      throw new StreamsError("ExpiredIteratorException", "Iterator expired. The iterator was created at time "
          + Instant.ofEpochMilli(issued) + " while right now it is " + now
          + " which is further in the future than the tolerated delay of " + emulator.iteratorLifetime().toMillis()
          + " milliseconds.");
    }
    emulator.maintain(s, now);
    TableStream.Shard shard = s.shard(parts[1]);
    if (shard == null || shard.trimmedBeyond(after)) {
      throw new StreamsError("TrimmedDataAccessException", "Attempted to access data older than the trim horizon "
          + "of shard " + parts[1]);
    }
    throttleReads(shard);
    List<Object> records = new ArrayList<>();
    long bytes = 0;
    long last = after;
    int index = 0;
    while (index < shard.records.size() && shard.records.get(index).sequence <= after) {
      index++;
    }
    for (; index < shard.records.size() && records.size() < limit; index++) {
      TableStream.StoredRecord r = shard.records.get(index);
      if (!records.isEmpty() && bytes + r.sizeBytes > StreamsEmulator.MAX_BYTES_PER_CALL) {
        break;
      }
      records.add(wire(s, r, region));
      bytes += r.sizeBytes;
      last = r.sequence;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("Records", records);
    boolean exhausted = index >= shard.records.size();
    if (shard.isOpen() || !exhausted) {
      out.put("NextShardIterator", iterator(s, shard, last, now));
    }
    return ok(out);
  }

  private void throttleReads(TableStream.Shard shard) {
    double rate = emulator.getRecordsRateLimit();
    if (rate <= 0) {
      return;
    }
    long nowNanos = System.nanoTime();
    ArrayDeque<Long> times = readTimes.computeIfAbsent(shard.id, k -> new ArrayDeque<>());
    while (!times.isEmpty() && nowNanos - times.peekFirst() >= 1_000_000_000L) {
      times.pollFirst();
    }
    if (times.size() >= rate) {
      throw new StreamsError("LimitExceededException", "Rate exceeded for shard " + shard.id);
    }
    times.addLast(nowNanos);
  }

  private static Map<String, Object> wire(TableStream s, TableStream.StoredRecord r, String region) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("ApproximateCreationDateTime", epochSeconds(r.created, false));
    d.put("Keys", r.keys);
    if (r.newImage != null) {
      d.put("NewImage", r.newImage);
    }
    if (r.oldImage != null) {
      d.put("OldImage", r.oldImage);
    }
    d.put("SequenceNumber", formatSequence(r.sequence));
    d.put("SizeBytes", r.sizeBytes);
    d.put("StreamViewType", s.viewType);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("awsRegion", region);
    m.put("dynamodb", d);
    m.put("eventID", r.eventId);
    m.put("eventName", r.eventName);
    m.put("eventSource", "aws:dynamodb");
    m.put("eventVersion", StreamsEmulator.EVENT_VERSION);
    return m;
  }

  private TableStream stream(Object arn) {
    TableStream s = arn instanceof String ? emulator.streamByArn((String) arn) : null;
    if (s == null) {
      throw new StreamsError("ResourceNotFoundException", "Requested resource not found: Stream: " + arn
          + " not found");
    }
    return s;
  }

  private static int limit(Map<?, ?> request, int max, int dflt) {
    Object l = request.get("Limit");
    if (l == null) {
      return dflt;
    }
    if (!(l instanceof BigDecimal)) {
      throw new StreamsError("SerializationException", "Limit must be a number");
    }
    long v = ((BigDecimal) l).longValue();
    if (v < 1) {
      throw new StreamsError("ValidationException", "1 validation error detected: Value '" + v + "' at 'limit' "
          + "failed to satisfy constraint: Member must have value greater than or equal to 1");
    }
    if (v > max) {
      throw new StreamsError("ValidationException", "1 validation error detected: Value '" + v + "' at 'limit' "
          + "failed to satisfy constraint: Member must have value less than or equal to " + max);
    }
    return (int) v;
  }

  private static String iterator(TableStream s, TableStream.Shard shard, long after, Instant now) {
    String plain = s.arn + "|" + shard.id + "|" + after + "|" + now.toEpochMilli() + "|"
        + UUID.randomUUID().toString().substring(0, 8);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
  }

  private static String[] decodeIterator(Object token) {
    if (token instanceof String) {
      try {
        String plain = new String(Base64.getUrlDecoder().decode((String) token), StandardCharsets.UTF_8);
        String[] parts = plain.split("\\|");
        if (parts.length == 5) {
          return parts;
        }
      } catch (IllegalArgumentException ignored) {
        // below
      }
    }
    throw new StreamsError("ValidationException", "Invalid ShardIterator");
  }

  static String formatSequence(long n) {
    return String.format(Locale.ROOT, "4%020d", n);
  }

  private static long parseSequence(Object s) {
    if (s instanceof String && ((String) s).length() == 21 && ((String) s).charAt(0) == '4') {
      try {
        return Long.parseLong(((String) s).substring(1));
      } catch (NumberFormatException ignored) {
        // below
      }
    }
    throw new StreamsError("ValidationException", "Invalid SequenceNumber: " + s);
  }

  private static BigDecimal epochSeconds(Instant t, boolean fraction) {
    return fraction ? BigDecimal.valueOf(t.toEpochMilli()).movePointLeft(3) : BigDecimal.valueOf(t.getEpochSecond());
  }

  static Http.Message ok(Object body) {
    byte[] bytes = Json.writeBytes(body);
    List<String[]> headers = new ArrayList<>(4);
    String requestId = UUID.randomUUID().toString().replace("-", "").toUpperCase(Locale.ROOT);
    headers.add(new String[] {"x-amzn-RequestId", requestId});
    headers.add(new String[] {"x-amz-crc32", ThrottlingProxy.crc32(bytes)});
    headers.add(new String[] {"Content-Type", "application/x-amz-json-1.0"});
    return new Http.Message(true, "HTTP/1.1", "200", "OK", headers, bytes);
  }

  /** An error answered in the service's shape. */
  private static final class StreamsError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final String type;

    StreamsError(String type, String message) {
      super(message, null, false, false);
      this.type = type;
    }
  }
}
