package io.ddbconnector.write;

import io.ddbconnector.conf.ConnectorOptions;
import io.ddbconnector.exceptions.DynamoDBConnectorException;
import io.ddbconnector.types.DynamoJson;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The items one writer's condition rejected, one DynamoDB JSON object per line in {@code rejected-<attempt>.json}
 * of {@code dynamodb.write.rejected.path}, for the user to look at or write again. The file lives in a
 * {@link WriteLedger.Store}, so the engine binding chooses the file system; it is made at the first rejection.
 * A rejected item that cannot be recorded fails the writer: it must not be dropped silently.
 */
public final class RejectedItems implements Closeable {

  private final WriteLedger.Store store;
  private final String file;
  private Writer out;
  private long count;

  /** @param attempt the writer's attempt id, made part of the file's name */
  public RejectedItems(WriteLedger.Store store, String attempt) {
    this.store = store;
    this.file = "rejected-" + attempt.replaceAll("[^A-Za-z0-9._-]", "_") + ".json";
  }

  /** Where the items go. */
  public String location() {
    return store.location() + "/" + file;
  }

  /** Appends {@code item}; fails naming the file when it cannot. */
  public synchronized void add(Map<String, AttributeValue> item) {
    try {
      if (out == null) {
        out = new BufferedWriter(new OutputStreamWriter(store.create(file), StandardCharsets.UTF_8));
      }
      DynamoJson.writeJson(item, out);
      out.write('\n');
      count++;
    } catch (IOException | RuntimeException e) {
      throw new DynamoDBConnectorException("Could not record a rejected item in " + location() + " ("
          + ConnectorOptions.WRITE_REJECTED_PATH.name() + "): " + e, e);
    }
  }

  /** Items recorded. */
  public synchronized long count() {
    return count;
  }

  @Override
  public synchronized void close() {
    if (out == null) {
      return;
    }
    try {
      out.close();
    } catch (IOException e) {
      throw new DynamoDBConnectorException("Could not write the rejected items to " + location() + " ("
          + ConnectorOptions.WRITE_REJECTED_PATH.name() + "): " + e, e);
    } finally {
      out = null;
    }
  }

  /**
   * After a failure: closes {@code sink} (null for none) if it holds any item, and appends to the failure message
   * where the rejected items are (or why the file could not be closed).
   */
  static void closeAfterFailure(RejectedItems sink, StringBuilder message) {
    if (sink != null && sink.count() > 0) {
      try {
        sink.close();
        message.append(". Rejected items: ").append(sink.location());
      } catch (RuntimeException e) {
        message.append(". ").append(e.getMessage());
      }
    }
  }
}
