package io.ddbconnector.benchmarks;

import io.ddbconnector.conf.Settings;
import io.ddbconnector.core.DynamoDBConnector;
import io.ddbconnector.read.ScanReader;
import io.ddbconnector.split.ScanSplit;
import io.ddbconnector.throughput.ConnectorMetrics;
import io.ddbconnector.write.BatchWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The connector's core used the way an engine uses it: N concurrent tasks, each with its own reader
 * over one of N planned splits, or its own writer writing its share.
 */
final class CoreTasks {

  private CoreTasks() {}

  /** Reads every split once, one thread per split; returns the number of items delivered. */
  static long readAll(Settings settings, List<ScanSplit> splits, ConnectorMetrics metrics) {
    return RawSdk.inParallel(splits.size(), i -> {
      long n = 0;
      try (ScanReader reader = DynamoDBConnector.openReader(settings, splits.get(i), metrics)) {
        while (reader.hasNext()) {
          if (reader.next().isEmpty()) {
            throw new IllegalStateException("empty item");
          }
          n++;
        }
      }
      return n;
    });
  }

  /**
   * Reads the splits again and again until {@code deadlineNanos} (a task that finishes its split opens a
   * new reader over it: another pass). Returns items delivered; {@code passes} counts finished passes.
   */
  static long readUntil(Settings settings, List<ScanSplit> splits, ConnectorMetrics metrics, long deadlineNanos,
      AtomicLong passes) {
    return RawSdk.inParallel(splits.size(), i -> {
      long n = 0;
      while (System.nanoTime() < deadlineNanos) {
        try (ScanReader reader = DynamoDBConnector.openReader(settings, splits.get(i), metrics)) {
          while (System.nanoTime() < deadlineNanos && reader.hasNext()) {
            reader.next();
            n++;
          }
          if (!reader.hasNext()) {
            passes.incrementAndGet();
          }
        }
      }
      return n;
    });
  }

  /** {@code tasks} writers, each writing its share of {@code count} typical items; returns items written. */
  static long writeAll(Settings settings, int tasks, long count, String prefix, ConnectorMetrics metrics) {
    return RawSdk.inParallel(tasks, t -> {
      long from = count * t / tasks;
      long to = count * (t + 1) / tasks;
      try (BatchWriter writer = DynamoDBConnector.openWriter(settings, tasks, metrics)) {
        for (long i = from; i < to; i++) {
          writer.put(Items.typical(prefix, i));
        }
      }
      return to - from;
    });
  }

  /** {@code tasks} writers writing typical items as fast as they are let until the deadline. */
  static long writeUntil(Settings settings, int tasks, long deadlineNanos, String prefix, ConnectorMetrics metrics) {
    return RawSdk.inParallel(tasks, t -> {
      long n = 0;
      try (BatchWriter writer = DynamoDBConnector.openWriter(settings, tasks, metrics)) {
        while (System.nanoTime() < deadlineNanos) {
          Map<String, AttributeValue> item = Items.typical(prefix + t + "-", n);
          writer.put(item);
          n++;
        }
      }
      return n;
    });
  }
}
