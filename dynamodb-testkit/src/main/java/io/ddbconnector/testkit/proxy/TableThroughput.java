package io.ddbconnector.testkit.proxy;

/**
 * The throughput model of one table: its table-wide buckets (provisioned or on-demand) and its
 * partitions' buckets. A request is let in when the table's bucket and the bucket of the partition it
 * starts on both hold tokens; what it consumed is then taken from both (see {@link TokenBucket}).
 *
 * <p>The partition count is the one {@link #setPartitions set}, or else derived the way the service
 * sizes a table, {@code ceil(RCU / partition read limit + WCU / partition write limit)} (for an on-demand
 * table from twice its previous peak), at least 1 and at most {@link KeySpace#MAX_PARTITIONS}; a derived
 * count only ever grows, as partitions split but never merge. A new count starts with full buckets.
 */
final class TableThroughput {

  /** How the table-wide buckets are sized. */
  enum Mode {
    /** No table-wide limit (only partitions were set). */
    UNLIMITED,
    PROVISIONED,
    ON_DEMAND
  }

  /** The proxy-wide settings a model follows: immutable, replaced as a whole. */
  static final class Settings {
    final double burstSeconds;
    final double partitionReadUnits;
    final double partitionWriteUnits;
    final int peakWindowSeconds;

    Settings(double burstSeconds, double partitionReadUnits, double partitionWriteUnits, int peakWindowSeconds) {
      this.burstSeconds = burstSeconds;
      this.partitionReadUnits = partitionReadUnits;
      this.partitionWriteUnits = partitionWriteUnits;
      this.peakWindowSeconds = peakWindowSeconds;
    }

    Settings withBurstSeconds(double s) {
      return new Settings(s, partitionReadUnits, partitionWriteUnits, peakWindowSeconds);
    }

    Settings withPartitionUnits(double read, double write) {
      return new Settings(burstSeconds, read, write, peakWindowSeconds);
    }

    Settings withPeakWindowSeconds(int s) {
      return new Settings(burstSeconds, partitionReadUnits, partitionWriteUnits, s);
    }
  }

  /** A table's partitions: their count and one bucket per partition and direction. */
  static final class Partitions {
    final int count;
    private final TokenBucket[] read;
    private final TokenBucket[] write;

    Partitions(int count, Settings s) {
      this.count = count;
      this.read = new TokenBucket[count];
      this.write = new TokenBucket[count];
      for (int p = 0; p < count; p++) {
        read[p] = new TokenBucket(s.partitionReadUnits, s.burstSeconds);
        write[p] = new TokenBucket(s.partitionWriteUnits, s.burstSeconds);
      }
    }

    TokenBucket bucket(int partition, boolean isWrite) {
      return (isWrite ? write : read)[partition];
    }

    boolean available(int partition, boolean isWrite) {
      return bucket(partition, isWrite).available();
    }

    void consume(KeySpace.Shares shares, boolean isWrite, double units) {
      for (int i = 0; i < shares.partitions.length; i++) {
        int p = shares.partitions[i];
        if (p >= 0 && p < count) {
          bucket(p, isWrite).consume(units * shares.fractions[i]);
        }
      }
    }

    void configure(Settings s) {
      for (int p = 0; p < count; p++) {
        read[p].configure(s.partitionReadUnits, s.burstSeconds);
        write[p].configure(s.partitionWriteUnits, s.burstSeconds);
      }
    }
  }

  private final TokenBucket read;
  private final TokenBucket write;
  private Settings settings;
  private volatile Mode mode = Mode.UNLIMITED;
  private double provisionedRead = Double.POSITIVE_INFINITY;
  private double provisionedWrite = Double.POSITIVE_INFINITY;
  private OnDemandPeak readPeak;
  private OnDemandPeak writePeak;
  private int explicitPartitions;
  private int derivedPartitions = 1;
  private volatile Partitions partitions;

  TableThroughput(Settings settings) {
    this.settings = settings;
    this.read = new TokenBucket(Double.POSITIVE_INFINITY, settings.burstSeconds);
    this.write = new TokenBucket(Double.POSITIVE_INFINITY, settings.burstSeconds);
    this.partitions = new Partitions(1, settings);
  }

  synchronized void setProvisioned(double readUnits, double writeUnits) {
    mode = Mode.PROVISIONED;
    provisionedRead = readUnits;
    provisionedWrite = writeUnits;
    readPeak = null;
    writePeak = null;
    configureTable();
  }

  synchronized void setOnDemand(double previousPeakRead, double previousPeakWrite) {
    mode = Mode.ON_DEMAND;
    readPeak = new OnDemandPeak(previousPeakRead, settings.peakWindowSeconds);
    writePeak = new OnDemandPeak(previousPeakWrite, settings.peakWindowSeconds);
    configureTable();
  }

  /** {@code count} partitions, or 0 to derive the count from the capacity again. */
  synchronized void setPartitions(int count) {
    explicitPartitions = count;
    if (count == 0) {
      derivedPartitions = 1;
      configureTable(); // derives the count from the capacity again
    } else {
      resizePartitions();
    }
  }

  synchronized void apply(Settings s) {
    this.settings = s;
    if (readPeak != null) {
      readPeak.setWindowSeconds(s.peakWindowSeconds);
      writePeak.setWindowSeconds(s.peakWindowSeconds);
    }
    configureTable();
    partitions.configure(s);
  }

  Mode mode() {
    return mode;
  }

  /** The table-wide bucket of a direction. */
  TokenBucket bucket(boolean isWrite) {
    return isWrite ? write : read;
  }

  Partitions partitions() {
    return partitions;
  }

  /** The on-demand previous peak of a direction, NaN when the table is not on demand. */
  synchronized double peak(boolean isWrite) {
    OnDemandPeak p = isWrite ? writePeak : readPeak;
    return p == null ? Double.NaN : p.peak();
  }

  /**
   * Takes units a request consumed from the table's bucket and, if {@code shares} says where they fell,
   * from those partitions of {@code at} (the partitions the request was let in by).
   */
  void consume(boolean isWrite, double units, Partitions at, KeySpace.Shares shares) {
    bucket(isWrite).consume(units);
    if (at != null && shares != null) {
      at.consume(shares, isWrite, units);
    }
    OnDemandPeak peak;
    synchronized (this) {
      peak = isWrite ? writePeak : readPeak;
    }
    if (peak != null && peak.record(units)) {
      synchronized (this) {
        if (peak == (isWrite ? writePeak : readPeak)) {
          configureTable();
        }
      }
    }
  }

  private void configureTable() {
    double r;
    double w;
    switch (mode) {
      case PROVISIONED:
        r = provisionedRead;
        w = provisionedWrite;
        break;
      case ON_DEMAND:
        r = 2 * readPeak.peak();
        w = 2 * writePeak.peak();
        break;
      default:
        r = Double.POSITIVE_INFINITY;
        w = Double.POSITIVE_INFINITY;
        break;
    }
    read.configure(r, settings.burstSeconds);
    write.configure(w, settings.burstSeconds);
    if (mode != Mode.UNLIMITED) {
      double needed = Math.ceil(share(r, settings.partitionReadUnits) + share(w, settings.partitionWriteUnits));
      int count = needed >= KeySpace.MAX_PARTITIONS ? KeySpace.MAX_PARTITIONS : Math.max(1, (int) needed);
      derivedPartitions = Math.max(derivedPartitions, count);
    }
    resizePartitions();
  }

  /** How many partitions a rate needs at a partition limit (an unlimited partition needs no more than one). */
  private static double share(double rate, double partitionLimit) {
    if (partitionLimit == Double.POSITIVE_INFINITY) {
      return 0;
    }
    return partitionLimit > 0 ? rate / partitionLimit : Double.POSITIVE_INFINITY;
  }

  private void resizePartitions() {
    int count = explicitPartitions > 0 ? explicitPartitions : derivedPartitions;
    if (partitions.count != count) {
      partitions = new Partitions(count, settings);
    }
  }
}
