package io.ddbconnector.hadoop;

import io.ddbconnector.types.DynamoJson;
import io.ddbconnector.types.ItemCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.hadoop.io.Writable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A DynamoDB item as a Hadoop {@link Writable} (and {@link Serializable}, for engines that use
 * Java serialization). Both forms use the {@link ItemCodec} binary encoding.
 *
 * <p>Mutable, like other Hadoop writables, because frameworks reuse value instances: {@link
 * #readFields} replaces the held item entirely, and {@link #setItem} stores the given map
 * without copying it. {@link #getItem} returns the held map itself. {@link #equals} and {@link
 * #hashCode} compare item content (attribute order does not matter); {@link #toString} is the
 * item's DynamoDB JSON. Not thread-safe.
 */
public class DynamoDBItemWritable implements Writable, Serializable {

  private static final long serialVersionUID = 1L;

  private transient Map<String, AttributeValue> item;

  /** An empty item. */
  public DynamoDBItemWritable() {
    this.item = new LinkedHashMap<>();
  }

  /** Holds {@code item} (not copied). */
  public DynamoDBItemWritable(Map<String, AttributeValue> item) {
    this.item = Objects.requireNonNull(item, "item");
  }

  /** The held item (the same map, not a copy). */
  public Map<String, AttributeValue> getItem() {
    return item;
  }

  /** Replaces the held item with {@code item} (not copied). */
  public void setItem(Map<String, AttributeValue> item) {
    this.item = Objects.requireNonNull(item, "item");
  }

  @Override
  public void write(DataOutput out) throws IOException {
    ItemCodec.write(item, out);
  }

  /** Reads an item and replaces the held one; nothing of the previous item is kept. */
  @Override
  public void readFields(DataInput in) throws IOException {
    item = ItemCodec.read(in);
  }

  private void writeObject(ObjectOutputStream out) throws IOException {
    out.defaultWriteObject();
    ItemCodec.write(item, out);
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    item = ItemCodec.read(in);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof DynamoDBItemWritable)) {
      return false;
    }
    return item.equals(((DynamoDBItemWritable) o).item);
  }

  @Override
  public int hashCode() {
    return item.hashCode();
  }

  /** The item as DynamoDB JSON. */
  @Override
  public String toString() {
    return DynamoJson.toJson(item);
  }
}
