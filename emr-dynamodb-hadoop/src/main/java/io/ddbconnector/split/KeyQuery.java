package io.ddbconnector.split;

import io.ddbconnector.types.DynamoJson;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One Query to run instead of a scan: a key condition (hash-key equality, optionally a range-key
 * condition) on the table or an index. Engines build these from pushed-down predicates; a predicate
 * {@code hash IN (a, b)} becomes two. Immutable; placeholders should start with {@code #q}/{@code :q} so
 * they never clash with the read's filter expression.
 */
public final class KeyQuery implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String indexName;
  private final String keyCondition;
  private final Map<String, String> names;
  private final String valuesJson;

  public KeyQuery(String indexName, String keyCondition, Map<String, String> names,
      Map<String, AttributeValue> values) {
    this.indexName = indexName;
    this.keyCondition = Objects.requireNonNull(keyCondition, "keyCondition");
    this.names = Collections.unmodifiableMap(new LinkedHashMap<>(names));
    this.valuesJson = DynamoJson.toJson(values);
  }

  public String indexName() { return indexName; }
  public String keyCondition() { return keyCondition; }
  public Map<String, String> names() { return names; }
  public Map<String, AttributeValue> values() { return DynamoJson.parseItem(valuesJson); }

  public void write(DataOutput out) throws IOException {
    out.writeBoolean(indexName != null);
    if (indexName != null) {
      out.writeUTF(indexName);
    }
    out.writeUTF(keyCondition);
    out.writeInt(names.size());
    for (Map.Entry<String, String> e : names.entrySet()) {
      out.writeUTF(e.getKey());
      out.writeUTF(e.getValue());
    }
    byte[] v = valuesJson.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    out.writeInt(v.length);
    out.write(v);
  }

  public static KeyQuery read(DataInput in) throws IOException {
    String index = in.readBoolean() ? in.readUTF() : null;
    String cond = in.readUTF();
    int n = in.readInt();
    Map<String, String> names = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      names.put(in.readUTF(), in.readUTF());
    }
    int len = in.readInt();
    if (len < 0 || len > (64 << 20)) {
      throw new IOException("corrupt key query: " + len + " bytes of values");
    }
    byte[] v = new byte[len];
    in.readFully(v);
    return new KeyQuery(index, cond, names, DynamoJson.parseItem(new String(v, java.nio.charset.StandardCharsets.UTF_8)));
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof KeyQuery)) {
      return false;
    }
    KeyQuery q = (KeyQuery) o;
    return Objects.equals(indexName, q.indexName) && keyCondition.equals(q.keyCondition) && names.equals(q.names)
        && valuesJson.equals(q.valuesJson);
  }

  @Override
  public int hashCode() {
    return Objects.hash(indexName, keyCondition, names, valuesJson);
  }

  @Override
  public String toString() {
    return "Query{" + (indexName != null ? "index=" + indexName + ", " : "") + keyCondition + " " + names + " "
        + valuesJson + "}";
  }
}
