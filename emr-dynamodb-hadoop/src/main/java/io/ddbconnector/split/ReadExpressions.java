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
 * planning again. Immutable.
 */
public final class ReadExpressions implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String projection;
  private final String filter;
  private final Map<String, String> names;
  private final String valuesJson;

  public ReadExpressions(String projection, String filter, Map<String, String> names,
      Map<String, AttributeValue> values) {
    this.projection = projection;
    this.filter = filter;
    this.names = Map.copyOf(names);
    this.valuesJson = DynamoJson.toJson(values);
  }

  /** Null: whole items. */
  public String projection() { return projection; }
  /** Null: no filter. */
  public String filter() { return filter; }
  public Map<String, String> names() { return new LinkedHashMap<>(names); }
  public Map<String, AttributeValue> values() { return DynamoJson.parseItem(valuesJson); }

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
    return new ReadExpressions(projection, filter, names, DynamoJson.parseItem(new String(v, StandardCharsets.UTF_8)));
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
        && Objects.equals(filter, r.filter) && names.equals(r.names) && valuesJson.equals(r.valuesJson);
  }

  @Override
  public int hashCode() {
    return Objects.hash(projection, filter, names, valuesJson);
  }

  @Override
  public String toString() {
    return "ReadExpressions{projection=" + projection + ", filter=" + filter + ", names=" + names + "}";
  }
}
