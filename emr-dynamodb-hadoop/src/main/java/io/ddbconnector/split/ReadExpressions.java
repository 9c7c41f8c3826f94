package io.ddbconnector.split;

import io.ddbconnector.types.DynamoJson;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The ProjectionExpression, FilterExpression and their placeholders every request of a planned read sends
 * (the user's own expressions already merged in), carried by the split so a task sends them without
 * planning again; and, when the plan pushed them, a row limit per split (the task stops once it has that
 * many items) or a count ({@code Select=COUNT}: the task sums the pages' counts and returns no items).
 * Immutable.
 */
public final class ReadExpressions implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String projection;
  private final String filter;
  private final Map<String, String> names;
  private final String valuesJson;
  private final long limit;
  private final boolean count;

  public ReadExpressions(String projection, String filter, Map<String, String> names,
      Map<String, AttributeValue> values) {
    this(projection, filter, names, values, -1, false);
  }

  /**
   * @param limit the most items a split returns, or -1 for all
   * @param count send {@code Select=COUNT} and count the items instead of returning them (no projection)
   */
  public ReadExpressions(String projection, String filter, Map<String, String> names,
      Map<String, AttributeValue> values, long limit, boolean count) {
    if (count && projection != null) {
      throw new IllegalArgumentException("Select=COUNT takes no ProjectionExpression, got '" + projection + "'");
    }
    if (limit < -1) {
      throw new IllegalArgumentException("a split's item limit must be >= 0 (or -1 for none), not " + limit);
    }
    this.projection = projection;
    this.filter = filter;
    this.names = Map.copyOf(names);
    this.valuesJson = DynamoJson.toJson(values);
    this.limit = limit;
    this.count = count;
  }

  /** These expressions with a limit per split (-1: none) and the count flag. */
  public ReadExpressions with(long itemLimit, boolean countOnly) {
    return new ReadExpressions(countOnly ? null : projection, filter, names, values(), itemLimit, countOnly);
  }

  /** Null: whole items. */
  public String projection() { return projection; }
  /** Null: no filter. */
  public String filter() { return filter; }
  public Map<String, String> names() { return new LinkedHashMap<>(names); }
  public Map<String, AttributeValue> values() { return DynamoJson.parseItem(valuesJson); }
  /** The most items one split returns, or -1: all. */
  public long limit() { return limit; }
  /** Whether the split counts items ({@code Select=COUNT}) instead of returning them. */
  public boolean count() { return count; }

  public void write(DataOutput out) throws IOException {
    writeNullable(out, projection);
    writeNullable(out, filter);
    out.writeInt(names.size());
    for (Map.Entry<String, String> e : names.entrySet()) {
      out.writeUTF(e.getKey());
      out.writeUTF(e.getValue());
    }
    byte[] v = valuesJson.getBytes(StandardCharsets.UTF_8);
    out.writeInt(v.length);
    out.write(v);
    out.writeLong(limit);
    out.writeBoolean(count);
  }

  public static ReadExpressions read(DataInput in) throws IOException {
    String projection = in.readBoolean() ? in.readUTF() : null;
    String filter = in.readBoolean() ? in.readUTF() : null;
    int n = in.readInt();
    Map<String, String> names = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      names.put(in.readUTF(), in.readUTF());
    }
    int len = in.readInt();
    if (len < 0 || len > (64 << 20)) {
      throw new IOException("corrupt read expressions: " + len + " bytes of values");
    }
    byte[] v = new byte[len];
    in.readFully(v);
    long limit = in.readLong();
    boolean count = in.readBoolean();
    return new ReadExpressions(projection, filter, names, DynamoJson.parseItem(new String(v, StandardCharsets.UTF_8)),
        limit, count);
  }

  private static void writeNullable(DataOutput out, String s) throws IOException {
    out.writeBoolean(s != null);
    if (s != null) {
      out.writeUTF(s);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ReadExpressions r && Objects.equals(projection, r.projection)
        && Objects.equals(filter, r.filter) && names.equals(r.names) && valuesJson.equals(r.valuesJson)
        && limit == r.limit && count == r.count;
  }

  @Override
  public int hashCode() {
    return Objects.hash(projection, filter, names, valuesJson, limit, count);
  }

  @Override
  public String toString() {
    return "ReadExpressions{projection=" + projection + ", filter=" + filter + ", names=" + names
        + (limit >= 0 ? ", limit=" + limit : "") + (count ? ", Select=COUNT" : "") + "}";
  }
}
