package io.ddbconnector.spark.streams;

import io.ddbconnector.types.DynamoJson;
import java.util.Map;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;

/** One stream record as a row: what changed, its keys and images (DynamoDB JSON), and where it sits in the stream. */
final class StreamRows {

  /** The rows of the {@code dynamodb-streams} source. */
  static final StructType SCHEMA = new StructType()
      .add("eventName", DataTypes.StringType, false)        // INSERT, MODIFY, REMOVE
      .add("keys", DataTypes.StringType, false)             // the item's key as DynamoDB JSON
      .add("newImage", DataTypes.StringType, true)          // the item after the change (view type permitting)
      .add("oldImage", DataTypes.StringType, true)          // the item before the change
      .add("sequenceNumber", DataTypes.StringType, false)
      .add("approximateCreationTime", DataTypes.TimestampType, true)
      .add("sizeBytes", DataTypes.LongType, true)
      .add("streamViewType", DataTypes.StringType, true)
      .add("eventId", DataTypes.StringType, true)
      .add("shardId", DataTypes.StringType, false);

  private StreamRows() {}

  static InternalRow row(Record r, String shardId) {
    var d = r.dynamodb();
    Object[] v = new Object[SCHEMA.size()];
    v[0] = UTF8String.fromString(r.eventNameAsString());
    v[1] = json(d.hasKeys() ? d.keys() : Map.of());
    v[2] = d.hasNewImage() ? json(d.newImage()) : null;
    v[3] = d.hasOldImage() ? json(d.oldImage()) : null;
    v[4] = UTF8String.fromString(d.sequenceNumber());
    java.time.Instant t = d.approximateCreationDateTime();
    v[5] = t == null ? null : t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
    v[6] = d.sizeBytes();
    v[7] = d.streamViewTypeAsString() == null ? null : UTF8String.fromString(d.streamViewTypeAsString());
    v[8] = r.eventID() == null ? null : UTF8String.fromString(r.eventID());
    v[9] = UTF8String.fromString(shardId);
    return new GenericInternalRow(v);
  }

  private static UTF8String json(Map<String, AttributeValue> m) {
    return UTF8String.fromString(DynamoJson.toJson(m));
  }
}
