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

  /** The image columns a user schema may declare as structs (typed through the batch source's converters). */
  static final java.util.Set<String> IMAGES = java.util.Set.of("keys", "newImage", "oldImage");

  /**
   * Checks a user schema: only the source's columns, each with its type, except the images, which may be
   * {@code string} (DynamoDB JSON) or a {@code struct} of the item's attributes.
   */
  static void validate(StructType schema, String table) {
    for (org.apache.spark.sql.types.StructField f : schema.fields()) {
      if (!java.util.Arrays.asList(SCHEMA.fieldNames()).contains(f.name())) {
        throw new IllegalArgumentException("Column '" + f.name() + "' of the schema given to the dynamodb-streams"
            + " source of table '" + table + "' is not one of its columns: " + String.join(", ", SCHEMA.fieldNames()));
      }
      org.apache.spark.sql.types.DataType fixed = SCHEMA.apply(f.name()).dataType();
      boolean ok = f.dataType().equals(fixed)
          || IMAGES.contains(f.name()) && f.dataType() instanceof StructType;
      if (!ok) {
        throw new IllegalArgumentException("Column '" + f.name() + "' of the schema given to the dynamodb-streams"
            + " source of table '" + table + "' must be " + fixed.simpleString()
            + (IMAGES.contains(f.name()) ? " (DynamoDB JSON) or a struct of the item's attributes" : "")
            + ", not " + f.dataType().simpleString());
      }
    }
  }

  /** Makes rows of one schema (the source's own, or a user's with typed images) from stream records. */
  static final class Maker {
    /** One column's value of a record; {@code fixed} holds the source's own row once made for this record. */
    interface Column {
      Object get(Record r, String shardId, InternalRow[] fixed);
    }

    private final java.util.List<Column> columns = new java.util.ArrayList<>();

    Maker(StructType schema, String table, io.ddbconnector.spark.SparkSettings.MismatchPolicy policy) {
      for (org.apache.spark.sql.types.StructField f : schema.fields()) {
        int fixed = SCHEMA.fieldIndex(f.name());
        if (f.dataType() instanceof StructType) {
          java.util.function.Function<Map<String, AttributeValue>, InternalRow> c =
              io.ddbconnector.spark.datasource.ItemRows.converter((StructType) f.dataType(), table,
                  java.util.List.of(), policy);
          columns.add((r, shard, own) -> {
            Map<String, AttributeValue> m = image(r, f.name());
            return m == null ? null : c.apply(m);
          });
        } else {
          org.apache.spark.sql.types.DataType type = SCHEMA.apply(fixed).dataType();
          columns.add((r, shard, own) -> {
            if (own[0] == null) {
              own[0] = StreamRows.row(r, shard);
            }
            return own[0].get(fixed, type);
          });
        }
      }
    }

    InternalRow row(Record r, String shardId) {
      Object[] v = new Object[columns.size()];
      InternalRow[] own = new InternalRow[1];
      for (int i = 0; i < v.length; i++) {
        v[i] = columns.get(i).get(r, shardId, own);
      }
      return new GenericInternalRow(v);
    }
  }

  private static Map<String, AttributeValue> image(Record r, String name) {
    var d = r.dynamodb();
    switch (name) {
      case "keys":
        return d.hasKeys() ? d.keys() : Map.of();
      case "newImage":
        return d.hasNewImage() ? d.newImage() : null;
      default:
        return d.hasOldImage() ? d.oldImage() : null;
    }
  }



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
