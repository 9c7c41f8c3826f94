package io.ddbconnector.spark;

import io.ddbconnector.types.ItemCodec;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An item map that survives Java serialisation intact. The AWS SDK's {@code AttributeValue} is
 * {@code Serializable}, but binary values ({@code SdkBytes}) lose their bytes on the way (their holder class
 * is not serialisable), so a plain {@code Map<String, AttributeValue>} with {@code B}/{@code BS} values is
 * silently corrupted by a shuffle, {@code collect} or {@code parallelize}. This map serialises as the
 * connector's {@link ItemCodec} encoding instead. {@link DynamoDBSpark#readItems} returns these; wrap your
 * own items with {@link #of} before shuffling them.
 */
public final class SerializableItem extends LinkedHashMap<String, AttributeValue> {
  private static final long serialVersionUID = 1L;

  public SerializableItem(Map<String, AttributeValue> item) {
    super(item);
  }

  /** The item itself when it already is one, else a copy that serialises safely. */
  public static SerializableItem of(Map<String, AttributeValue> item) {
    return item instanceof SerializableItem ? (SerializableItem) item : new SerializableItem(item);
  }

  private Object writeReplace() {
    return new Encoded(ItemCodec.toBytes(this));
  }

  private void readObject(java.io.ObjectInputStream in) throws InvalidObjectException {
    throw new InvalidObjectException("SerializableItem is serialised through its encoded form");
  }

  /** The serialised form: the item's ItemCodec bytes. */
  private static final class Encoded implements Serializable {
    private static final long serialVersionUID = 1L;
    private final byte[] bytes;

    Encoded(byte[] bytes) {
      this.bytes = bytes;
    }

    private Object readResolve() throws IOException {
      return new SerializableItem(ItemCodec.fromBytes(bytes));
    }
  }
}
