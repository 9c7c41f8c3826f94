package io.ddbconnector.benchmarks;

import com.sun.management.GarbageCollectionNotificationInfo;
import io.ddbconnector.conf.Settings;
import io.ddbconnector.core.DynamoDBConnector;
import io.ddbconnector.hadoop.DynamoDBItemWritable;
import io.ddbconnector.mapred.DynamoDBInputFormat;
import io.ddbconnector.read.ScanReader;
import io.ddbconnector.split.ScanSplit;
import io.ddbconnector.throughput.ConnectorMetrics;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapred.InputSplit;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.mapred.RecordReader;
import org.apache.hadoop.mapred.Reporter;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * The child JVM of the memory benchmark: reads a whole table in one task and prints one {@code RESULT}
 * line with the item count and the heap it needed. Started by {@link MemoryBenchmark} with a small
 * {@code -Xmx}; an out-of-memory error ends it with a non-zero exit.
 *
 * <p>Arguments: {@code mode endpoint region table [live|normal [k=v,k=v]]}, mode being {@code raw} (plain SDK scan, the
 * reference), {@code core} ({@code DynamoDBConnector.openReader}) or {@code mapred} (the mapred record
 * reader of the one split {@code DynamoDBInputFormat} plans with {@code dynamodb.scan.segments=1}). With
 * {@code live}, a thread forces a full collection every 250 ms and keeps the largest heap left after it:
 * the live set, which the after-GC figures of young collections overstate (pages held a little longer,
 * as a prefetch queue does, get promoted and stay in the old generation as garbage until a mixed or full
 * collection). That run's timings are perturbed and not reported. The last argument adds connector
 * settings (e.g. {@code dynamodb.read.prefetchPages=1}) for experiments.
 */
public final class MemoryProbe {

  private MemoryProbe() {}

  public static void main(String[] args) throws Exception {
    Logger.getLogger("").setLevel(Level.WARNING);
    String mode = args[0];
    URI endpoint = URI.create(args[1]);
    String region = args[2];
    String table = args[3];
    boolean live = args.length > 4 && args[4].equals("live");
    Map<String, String> extra = new HashMap<>();
    if (args.length > 5 && !args[5].isBlank()) { // more connector settings, k=v,k=v (for experiments)
      for (String kv : args[5].split(",")) {
        extra.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
      }
    }
    Map<String, String> s = new HashMap<>();
    s.put("dynamodb.endpoint", endpoint.toString());
    s.put("dynamodb.region", region);
    s.put("dynamodb.awsAccessKeyId", "dummy");
    s.put("dynamodb.awsSecretAccessKey", "dummy");
    s.put("dynamodb.input.tableName", table);
    s.put("dynamodb.throughput.read", "1000000");
    s.put("dynamodb.throughput.read.percent", "1.0");
    s.put("dynamodb.scan.segments", "1");
    s.putAll(extra);

    AtomicLong maxAfterGc = new AtomicLong();
    listenForGc(maxAfterGc);
    HeapPoller poller = new HeapPoller(live);
    poller.start();
    long start = System.nanoTime();
    long items = switch (mode) {
      case "raw" -> readRaw(endpoint, region, table);
      case "core" -> readCore(Settings.of(s));
      case "mapred" -> readMapred(s);
      default -> throw new IllegalArgumentException("mode must be raw, core or mapred: " + mode);
    };
    double seconds = (System.nanoTime() - start) / 1e9;
    poller.stop = true;
    poller.join();
    long poolPeaks = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
        poolPeaks += pool.getPeakUsage().getUsed();
      }
    }
    long gcs = 0;
    long gcMillis = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      gcs += Math.max(0, gc.getCollectionCount());
      gcMillis += Math.max(0, gc.getCollectionTime());
    }
    long cpu = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
    System.out.printf(Locale.ROOT, "RESULT mode=%s items=%d seconds=%.2f peakHeapPolled=%d peakPoolsSum=%d"
        + " maxHeapAfterGc=%d maxHeap=%d gcCount=%d gcMillis=%d processCpuNanos=%d liveHeap=%d%n", mode, items,
        seconds, poller.peak, poolPeaks, maxAfterGc.get(), Runtime.getRuntime().maxMemory(), gcs, gcMillis, cpu,
        poller.liveMax);
  }

  @SuppressWarnings("deprecation")
  private static long readRaw(URI endpoint, String region, String table) {
    try (DynamoDbClient client = DynamoDbClient.builder().endpointOverride(endpoint).region(Region.of(region))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("dummy", "dummy")))
        .httpClientBuilder(ApacheHttpClient.builder()).build()) {
      long n = 0;
      Map<String, AttributeValue> startKey = null;
      do {
        Map<String, AttributeValue> from = startKey;
        ScanResponse r = client.scan(b -> b.tableName(table).exclusiveStartKey(from));
        n += r.items().size();
        startKey = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
      } while (startKey != null);
      return n;
    }
  }

  private static long readCore(Settings settings) {
    List<ScanSplit> splits = DynamoDBConnector.planSplits(settings, 1).splits();
    if (splits.size() != 1) {
      throw new IllegalStateException("expected one split, got " + splits.size());
    }
    long n = 0;
    try (ScanReader reader = DynamoDBConnector.openReader(settings, splits.get(0), new ConnectorMetrics())) {
      while (reader.hasNext()) {
        reader.next();
        n++;
      }
    }
    return n;
  }

  private static long readMapred(Map<String, String> settings) throws Exception {
    JobConf job = new JobConf();
    settings.forEach(job::set);
    DynamoDBInputFormat format = new DynamoDBInputFormat();
    InputSplit[] splits = format.getSplits(job, 1);
    if (splits.length != 1) {
      throw new IllegalStateException("expected one split, got " + splits.length);
    }
    RecordReader<Text, DynamoDBItemWritable> reader = format.getRecordReader(splits[0], job, Reporter.NULL);
    Text key = reader.createKey();
    DynamoDBItemWritable value = reader.createValue();
    long n = 0;
    try {
      while (reader.next(key, value)) {
        n++;
      }
    } finally {
      reader.close();
    }
    return n;
  }

  /** Keeps the largest heap occupancy seen right after a collection: an upper bound of the live set. */
  private static void listenForGc(AtomicLong maxAfterGc) {
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (!(gc instanceof NotificationEmitter emitter)) {
        continue;
      }
      emitter.addNotificationListener((notification, handback) -> {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
          return;
        }
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from(
            (CompositeData) notification.getUserData());
        long used = 0;
        for (Map.Entry<String, MemoryUsage> e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
          if (isHeapPool(e.getKey())) {
            used += e.getValue().getUsed();
          }
        }
        maxAfterGc.accumulateAndGet(used, Math::max);
      }, null, null);
    }
  }

  private static boolean isHeapPool(String name) {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getName().equals(name)) {
        return pool.getType() == MemoryType.HEAP;
      }
    }
    return false;
  }

  /**
   * Polls the heap's used size every 5 ms and keeps the largest; in live mode, forces a full collection
   * every 250 ms instead and keeps the largest heap left after one.
   */
  private static final class HeapPoller extends Thread {
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final boolean liveMode;
    volatile boolean stop;
    volatile long peak;
    volatile long liveMax;

    HeapPoller(boolean liveMode) {
      super("heap-poller");
      setDaemon(true);
      this.liveMode = liveMode;
    }

    @Override
    public void run() {
      while (!stop) {
        if (liveMode) {
          System.gc();
          liveMax = Math.max(liveMax, memory.getHeapMemoryUsage().getUsed());
        }
        peak = Math.max(peak, memory.getHeapMemoryUsage().getUsed());
        try {
          Thread.sleep(liveMode ? 250 : 5);
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }
}
