package io.ddbconnector.hadoop;

import io.ddbconnector.conf.Settings;
import io.ddbconnector.core.DynamoDBConnector;
import io.ddbconnector.read.ScanReader;
import io.ddbconnector.split.ScanSplit;
import io.ddbconnector.throughput.ConnectorMetrics;
import io.ddbconnector.exceptions.DynamoDBConnectorException;
import io.ddbconnector.types.DynamoJson;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.io.Text;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The record-reading loop both Hadoop APIs share: pulls items from the core reader into reused
 * key/value objects and forwards counters. A {@link DynamoDBConnectorException} leaves it with the engine's
 * note ({@link HadoopSettings#engineAttempts}), so the task's failure says whether the engine retries it.
 */
public final class SplitReading implements ItemRecords {

  private final ScanReader reader;
  private final List<String> keyNames;
  private final ConnectorMetrics metrics = new ConnectorMetrics();
  private final CounterSink counters;
  private final String engineNote;

  /** Without an engine note: failures say nothing of the engine's retries. */
  public SplitReading(Settings settings, ScanSplit split, CounterSink counters) {
    this(settings, split, counters, null);
  }

  /** @param engineNote the engine's attempts note ({@link HadoopSettings#engineAttempts}), or null */
  public SplitReading(Settings settings, ScanSplit split, CounterSink counters, String engineNote) {
    this.engineNote = engineNote;
    this.keyNames = split.keyNames();
    this.counters = counters;
    try {
      this.reader = DynamoDBConnector.openReader(settings, split, metrics);
    } catch (DynamoDBConnectorException e) {
      throw e.withEngineAttempts(engineNote);
    }
  }

  /** Fills {@code key} (the item's primary key as DynamoDB JSON) and {@code value}; false at the end. */
  public boolean next(Text key, DynamoDBItemWritable value) {
    try {
      return read(key, value);
    } catch (DynamoDBConnectorException e) {
      throw e.withEngineAttempts(engineNote);
    }
  }

  private boolean read(Text key, DynamoDBItemWritable value) {
    if (!reader.hasNext()) {
      counters.flush(metrics);
      return false;
    }
    Map<String, AttributeValue> item = reader.next();
    value.setItem(item);
    if (key != null) {
      setKey(key, item, keyNames);
    }
    if ((reader.itemsDelivered() & 1023) == 0) {
      counters.flush(metrics);
    }
    return true;
  }

  /** Sets {@code key} to the item's attributes {@code keyNames} (its primary key) as DynamoDB JSON. */
  static void setKey(Text key, Map<String, AttributeValue> item, List<String> keyNames) {
    Map<String, AttributeValue> k = new LinkedHashMap<>(4);
    for (String n : keyNames) {
      AttributeValue v = item.get(n);
      if (v != null) {
        k.put(n, v);
      }
    }
    key.set(DynamoJson.toJson(k));
  }

  @Override
  public long position() {
    return reader.itemsDelivered();
  }

  @Override
  public float progress() {
    return reader.progress();
  }

  @Override
  public void close() {
    try {
      reader.close();
    } catch (DynamoDBConnectorException e) {
      throw e.withEngineAttempts(engineNote);
    } finally {
      counters.flush(metrics);
    }
  }
}
