package io.ddbconnector.throughput;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one reader or writer did, counted without locks; each engine copies these into its own counters
 * (Hadoop {@code Counters}, Spark task metrics) with {@link #snapshot()}.
 */
public final class ConnectorMetrics {

  /** The counters, with the names the engines show. */
  public enum Counter {
    ITEMS_READ, BYTES_READ, READ_UNITS_MILLI, ITEMS_WRITTEN, BYTES_WRITTEN, WRITE_UNITS_MILLI,
    REQUESTS, THROTTLE_EVENTS, RETRIES, RATE_LIMIT_WAIT_MS, RATE_BACKOFFS, COORDINATION_REQUESTS,
    COORDINATION_UNITS_MILLI, ITEMS_REJECTED
  }

  private final LongAdder itemsRead = new LongAdder();
  private final LongAdder bytesRead = new LongAdder();
  private final DoubleAdder readUnits = new DoubleAdder();
  private final LongAdder itemsWritten = new LongAdder();
  private final LongAdder bytesWritten = new LongAdder();
  private final DoubleAdder writeUnits = new DoubleAdder();
  private final LongAdder requests = new LongAdder();
  private final LongAdder throttles = new LongAdder();
  private final LongAdder retries = new LongAdder();
  private final LongAdder waitNanos = new LongAdder();
  private final LongAdder backoffs = new LongAdder();
  private final LongAdder coordinationRequests = new LongAdder();
  private final DoubleAdder coordinationUnits = new DoubleAdder();
  private final LongAdder itemsRejected = new LongAdder();

  public void read(long items, long bytes, double units) {
    itemsRead.add(items);
    bytesRead.add(bytes);
    readUnits.add(units);
  }

  public void written(long items, long bytes, double units) {
    itemsWritten.add(items);
    bytesWritten.add(bytes);
    writeUnits.add(units);
  }

  /**
   * Items a conditional write's condition refused: not written, not an error; the service still charges the
   * write units of the refused request.
   */
  public void rejected(long items, double units) {
    itemsRejected.add(items);
    writeUnits.add(units);
  }

  public void request() { requests.increment(); }
  public void throttled() { throttles.increment(); }
  public void retried() { retries.increment(); }
  public void waited(long nanos) { waitNanos.add(nanos); }
  /** The task lowered its rate because the service throttled it while under its budget. */
  public void backedOff() { backoffs.increment(); }
  /** One request to the throughput coordination table and the capacity units it consumed there. */
  public void coordination(double units) {
    coordinationRequests.increment();
    coordinationUnits.add(units);
  }
  public long rateBackoffs() { return backoffs.sum(); }
  public long coordinationRequests() { return coordinationRequests.sum(); }
  public double coordinationUnits() { return coordinationUnits.sum(); }

  public long itemsRead() { return itemsRead.sum(); }
  public long itemsWritten() { return itemsWritten.sum(); }
  /** Items the write condition refused. */
  public long itemsRejected() { return itemsRejected.sum(); }
  public double readUnits() { return readUnits.sum(); }
  public double writeUnits() { return writeUnits.sum(); }
  public long throttleEvents() { return throttles.sum(); }
  public long retries() { return retries.sum(); }
  public long requests() { return requests.sum(); }

  /** Current totals; capacity units are given in thousandths so they fit integer counters. */
  public Map<Counter, Long> snapshot() {
    Map<Counter, Long> m = new LinkedHashMap<>();
    m.put(Counter.ITEMS_READ, itemsRead.sum());
    m.put(Counter.BYTES_READ, bytesRead.sum());
    m.put(Counter.READ_UNITS_MILLI, Math.round(readUnits.sum() * 1000));
    m.put(Counter.ITEMS_WRITTEN, itemsWritten.sum());
    m.put(Counter.BYTES_WRITTEN, bytesWritten.sum());
    m.put(Counter.WRITE_UNITS_MILLI, Math.round(writeUnits.sum() * 1000));
    m.put(Counter.REQUESTS, requests.sum());
    m.put(Counter.THROTTLE_EVENTS, throttles.sum());
    m.put(Counter.RETRIES, retries.sum());
    m.put(Counter.RATE_LIMIT_WAIT_MS, waitNanos.sum() / 1_000_000);
    m.put(Counter.RATE_BACKOFFS, backoffs.sum());
    m.put(Counter.COORDINATION_REQUESTS, coordinationRequests.sum());
    m.put(Counter.COORDINATION_UNITS_MILLI, Math.round(coordinationUnits.sum() * 1000));
    m.put(Counter.ITEMS_REJECTED, itemsRejected.sum());
    return m;
  }
}
