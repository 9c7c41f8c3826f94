package io.ddbconnector.samples;

import io.ddbconnector.conf.ConnectorOptions;
import io.ddbconnector.conf.Settings;
import io.ddbconnector.samples.common.Cli;
import io.ddbconnector.samples.common.Programs;
import io.ddbconnector.samples.common.Tables;
import io.ddbconnector.samples.common.TextTable;
import io.ddbconnector.table.TableInfo;
import io.ddbconnector.testkit.DynaliteServer;
import io.ddbconnector.testkit.proxy.StreamsEmulator;
import io.ddbconnector.testkit.proxy.ThrottlingProxy;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * A live aggregate kept from a table's change stream: {@code dynamodb-streams} in, the {@code dynamodb} sink
 * out, checked at the end against a batch recomputation.
 *
 * <p>On the embedded backend (dynalite behind the test kit's proxy with its DynamoDB Streams emulator) it creates
 * {@code orders} with a {@code NEW_AND_OLD_IMAGES} stream and {@code revenue_by_region_status}; a generator
 * thread places new orders and moves existing ones along (PLACED → SHIPPED → DELIVERED, some CANCELLED, some
 * amounts corrected, some deleted) for {@code --seconds}; a streaming query keeps orders and revenue per region
 * and status in the results table, and the program prints that table every few seconds. At the end it stops
 * the generator, lets the query take everything left, and compares the results table with the same aggregate
 * computed by a batch read of {@code orders}: it prints EQUAL (exit 0) or NOT EQUAL (exit 1).
 */
public final class StreamingRevenue {

  static final String ORDERS_TABLE = "orders";
  static final String RESULTS_TABLE = "revenue_by_region_status";
  static final String GROUP_KEY = "group";
  static final List<TableInfo.KeyAttribute> RESULTS_KEY = List.of(new TableInfo.KeyAttribute(GROUP_KEY, "S"));

  /** The attributes of an image the aggregate needs, as a {@code from_json} schema over DynamoDB JSON. */
  static final String IMAGE_SCHEMA = "region STRUCT<S: STRING>, status STRUCT<S: STRING>, amount STRUCT<N: STRING>";

  static final Set<String> VALUE_OPTIONS = Set.of("--seconds", "--rate", "--master", "--seed", "--view-every");
  static final Set<String> FLAG_OPTIONS = Set.of("--verbose", "--help");

  private StreamingRevenue() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  static String usage() {
    return "Usage: ./run-sample.sh streaming [options]\n"
        + "Revenue and orders per region and status, kept live from the orders table's DynamoDB stream\n"
        + "(spark.readStream.format(\"dynamodb-streams\") -> a streaming aggregation -> writeStream.format(\"dynamodb\"))\n"
        + "while a generator places and updates orders; at the end the results table is compared with a batch\n"
        + "recomputation over the orders table (EQUAL: exit 0, NOT EQUAL: exit 1).\n"
        + "Runs on the embedded backend only: dynalite behind the test kit's proxy, which emulates DynamoDB Streams.\n\n"
        + "  --seconds N             how long the generator writes (default: 30)\n"
        + "  --rate N                changes per second the generator makes (default: 40)\n"
        + "  --view-every N          seconds between two prints of the live results table (default: 5)\n"
        + "  --seed N                generator seed (default: " + Orders.DEFAULT_SEED + ")\n"
        + "  --master URL            Spark master (default: local[2])\n"
        + "  --verbose               Spark's and the connector's logs, stack traces\n"
        + "  --help                  this text\n";
  }

  public static int run(String[] args, PrintStream out, PrintStream err) {
    return Programs.run("streaming", args, out, err, VALUE_OPTIONS, FLAG_OPTIONS, StreamingRevenue::usage,
        cli -> {
          if (!runAndCompare(cli, out)) {
            throw new IllegalStateException("the aggregate kept from the stream differs from the batch"
                + " recomputation (tables above)");
          }
        });
  }

  /** One group's figures: orders and the sum of their amounts. */
  record Figures(long orders, BigDecimal revenue) {
    boolean sameAs(Figures o) {
      return o != null && orders == o.orders && revenue.compareTo(o.revenue) == 0;
    }
  }

  /** Runs the demo; true when the streamed aggregate equals the batch recomputation. */
  static boolean runAndCompare(Cli cli, PrintStream out) throws Exception {
    int seconds = cli.intValue("--seconds", 30, 1, 24 * 3600);
    int rate = cli.intValue("--rate", 40, 1, 10_000);
    int viewEvery = cli.intValue("--view-every", 5, 1, 3600);
    long seed = cli.longValue("--seed", Orders.DEFAULT_SEED, Long.MIN_VALUE, Long.MAX_VALUE);
    String master = cli.get("--master", "local[2]");

    out.print("Starting the embedded backend (dynalite) behind the Streams emulator ... ");
    out.flush();
    Path checkpoint = Files.createTempDirectory("streaming-revenue-checkpoint");
    try (DynaliteServer server = DynaliteServer.start();
        ThrottlingProxy proxy = ThrottlingProxy.start(server.endpoint())) {
      proxy.setRequestLatency(Duration.ZERO);
      StreamsEmulator streams = proxy.enableStreams();
      out.println("ready at " + proxy.endpoint());
      Map<String, String> raw = new LinkedHashMap<>();
      raw.put(ConnectorOptions.ENDPOINT.name(), proxy.endpoint().toString());
      raw.put(ConnectorOptions.REGION.name(), "us-east-1");
      raw.put(ConnectorOptions.ACCESS_KEY_ID.name(), "local");
      raw.put(ConnectorOptions.SECRET_ACCESS_KEY.name(), "local");
      Settings settings = Settings.of(raw);

      out.println("Creating table '" + ORDERS_TABLE + "' with a NEW_AND_OLD_IMAGES stream, and '" + RESULTS_TABLE
          + "' (key " + GROUP_KEY + " = region#status)");
      Tables.create(settings, ORDERS_TABLE, SampleEnvironment.ORDERS_KEY, SampleEnvironment.EMBEDDED_CAPACITY);
      // Enabled before the first write: the stream holds every order's whole history (see contributions()).
      streams.enableStream(ORDERS_TABLE, StreamViewType.NEW_AND_OLD_IMAGES);
      Tables.create(settings, RESULTS_TABLE, RESULTS_KEY, SampleEnvironment.EMBEDDED_CAPACITY);

      SparkConf conf = SparkJobs.conf("streaming", master).set("spark.sql.shuffle.partitions", "2");
      raw.forEach((key, value) -> conf.set("spark." + key, value)); // spark.dynamodb.endpoint ...
      SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
      Generator generator = new Generator(Tables.client(settings), seed, rate);
      try {
        StreamingQuery query = startQuery(spark, checkpoint);
        out.printf(Locale.ROOT, "Streaming query started; the generator makes %d changes/s for %d s.%n%n", rate,
            seconds);
        Thread writer = new Thread(generator, "order-generator");
        writer.setDaemon(true);
        writer.start();

        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        long nextView = start + viewEvery * 1_000_000_000L;
        while (System.nanoTime() < end) {
          if (query.exception().isDefined()) {
            throw query.exception().get();
          }
          Thread.sleep(Math.max(1, Math.min(end, nextView) - System.nanoTime()) / 1_000_000);
          if (System.nanoTime() >= nextView && System.nanoTime() < end) {
            out.printf(Locale.ROOT, "[%3.0f s] generator: %s; stream rows processed: %,d%n",
                (System.nanoTime() - start) / 1e9, generator.describe(), processedRows(query));
            Map<String, Figures> now = streamed(settings);
            if (now.isEmpty()) {
              out.println("  (nothing in '" + RESULTS_TABLE + "' yet: the first micro-batch is still running)");
              out.println();
            } else {
              print(out, now, null);
            }
            nextView += viewEvery * 1_000_000_000L;
          }
        }
        generator.stop();
        writer.join();
        if (generator.failure.get() != null) {
          throw new IllegalStateException("the generator failed: " + generator.failure.get(), generator.failure.get());
        }
        out.printf(Locale.ROOT, "%nTime is up: generator stopped after %s. Draining the stream ...%n",
            generator.describe());
        long drain = System.nanoTime();
        try {
          query.processAllAvailable();
        } finally {
          query.stop();
        }
        out.printf(Locale.ROOT, "Drained in %.1f s; stream rows processed in all: %,d (changes made: %,d).%n%n",
            (System.nanoTime() - drain) / 1e9, processedRows(query), generator.changes());

        Map<String, Figures> fromStream = streamed(settings);
        Map<String, Figures> fromBatch = batch(spark);
        boolean equal = fromStream.keySet().equals(fromBatch.keySet())
            && fromStream.entrySet().stream().allMatch(e -> e.getValue().sameAs(fromBatch.get(e.getKey())));
        out.println("The results table (kept from the stream) beside a batch recomputation over '" + ORDERS_TABLE
            + "':");
        print(out, fromStream, fromBatch);
        out.println("Streamed aggregate vs batch recomputation: " + (equal ? "EQUAL" : "NOT EQUAL"));
        return equal;
      } finally {
        generator.stop();
        spark.stop();
      }
    } finally {
      deleteRecursively(checkpoint);
      out.println("Stopped the embedded backend.");
    }
  }

  /**
   * The streaming query: change stream → signed contributions → running sums per group → results table.
   *
   * <p>Why this is exact: every change is turned into at most two contribution rows, {@code -1 × old image}
   * (MODIFY, REMOVE) and {@code +1 × new image} (INSERT, MODIFY), each giving its region, status, ±amount and
   * ±1 order. Summed over all the changes of one order, the contributions telescope to its current image (or to
   * nothing once it is deleted), whatever the order in which they are summed. So as long as every change is
   * counted exactly once and the stream starts with the table (it was enabled before the first write), the sums
   * per group equal the aggregate over the table. Exactly once comes from Spark: the running sums live in the
   * checkpointed state store, a replayed micro-batch re-reads the same stream records (the source's offsets are
   * sequence numbers), and the sink writes each changed group's <em>total</em> (output mode {@code update}: a
   * put of the whole row), so writing it twice leaves the same item. Applying deltas with UpdateItem ADD would
   * double-count a replayed batch.
   */
  static StreamingQuery startQuery(SparkSession spark, Path checkpoint) throws Exception {
    Dataset<Row> changes = spark.readStream().format("dynamodb-streams")
        .option("tableName", ORDERS_TABLE)
        .option("startingPosition", "TRIM_HORIZON")
        .load();
    return aggregate(contributions(changes)).writeStream().format("dynamodb")
        .option("tableName", RESULTS_TABLE)
        .option("checkpointLocation", checkpoint.toString())
        .outputMode("update")
        .trigger(Trigger.ProcessingTime(2_000))
        .start();
  }

  /** One row per image of a change: region, status, signed amount, signed order count. */
  static Dataset<Row> contributions(Dataset<Row> changes) {
    return changes
        .selectExpr("inline(array("
            + "named_struct('img', from_json(oldImage, '" + IMAGE_SCHEMA + "'), 'sign', -1),"
            + "named_struct('img', from_json(newImage, '" + IMAGE_SCHEMA + "'), 'sign', 1)))")
        .where("img IS NOT NULL")
        .selectExpr("img.region.S AS region", "img.status.S AS status",
            "sign * CAST(img.amount.N AS DECIMAL(18,2)) AS amount", "sign AS n");
  }

  static Dataset<Row> aggregate(Dataset<Row> contributions) {
    return contributions.groupBy("region", "status")
        .agg(org.apache.spark.sql.functions.sum("amount").as("revenue"),
            org.apache.spark.sql.functions.sum("n").as("orders"))
        .selectExpr("concat(region, '#', status) AS `" + GROUP_KEY + "`", "region", "status", "orders", "revenue");
  }

  /** The results table, without groups whose last order has left them (0 orders, 0 revenue). */
  static Map<String, Figures> streamed(Settings settings) {
    Map<String, Figures> m = new TreeMap<>();
    for (Map<String, AttributeValue> item : Tables.readAll(settings, RESULTS_TABLE)) {
      Figures f = new Figures(Long.parseLong(item.get("orders").n()), new BigDecimal(item.get("revenue").n()));
      if (f.orders() != 0 || f.revenue().signum() != 0) {
        m.put(item.get(GROUP_KEY).s(), f);
      }
    }
    return m;
  }

  /** The same aggregate, computed from scratch by a batch read of the orders table. */
  static Map<String, Figures> batch(SparkSession spark) {
    Map<String, Figures> m = new TreeMap<>();
    List<Row> rows = spark.read().format("dynamodb").option("tableName", ORDERS_TABLE).load()
        .groupBy("region", "status")
        .agg(org.apache.spark.sql.functions.expr("count(*)").as("orders"),
            org.apache.spark.sql.functions.expr("sum(CAST(amount AS DECIMAL(18,2)))").as("revenue"))
        .collectAsList();
    for (Row r : rows) {
      m.put(r.getString(0) + "#" + r.getString(1), new Figures(r.getLong(2), r.getDecimal(3)));
    }
    return m;
  }

  private static void print(PrintStream out, Map<String, Figures> streamed, Map<String, Figures> batch) {
    TextTable t = batch == null
        ? new TextTable("region", "status", "orders", "revenue").numeric(2, 3)
        : new TextTable("region", "status", "orders", "revenue", "batch orders", "batch revenue", "").numeric(2, 3, 4, 5);
    Set<String> groups = new TreeSet<>(Comparator.naturalOrder());
    groups.addAll(streamed.keySet());
    if (batch != null) {
      groups.addAll(batch.keySet());
    }
    long orders = 0;
    BigDecimal revenue = BigDecimal.ZERO;
    for (String g : groups) {
      String[] rs = g.split("#", 2);
      Figures s = streamed.get(g);
      if (s != null) {
        orders += s.orders();
        revenue = revenue.add(s.revenue());
      }
      if (batch == null) {
        t.row(rs[0], rs[1], s.orders(), s.revenue());
      } else {
        Figures b = batch.get(g);
        t.row(rs[0], rs[1], s == null ? null : s.orders(), s == null ? null : s.revenue(),
            b == null ? null : b.orders(), b == null ? null : b.revenue(),
            s != null && s.sameAs(b) ? "=" : "DIFFERS");
      }
    }
    t.separator();
    if (batch == null) {
      t.row("all", "", orders, revenue);
    } else {
      long bo = batch.values().stream().mapToLong(Figures::orders).sum();
      BigDecimal br = batch.values().stream().map(Figures::revenue).reduce(BigDecimal.ZERO, BigDecimal::add);
      t.row("all", "", orders, revenue, bo, br, "");
    }
    t.print(out);
    out.println();
  }

  private static long processedRows(StreamingQuery query) {
    long n = 0;
    for (var p : query.recentProgress()) {
      n += p.numInputRows();
    }
    return n;
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes orders through the proxy (so the emulator records the changes): places new ones (status PLACED),
   * moves open ones along PLACED → SHIPPED → DELIVERED, cancels some, corrects some amounts, deletes some
   * finished ones.
   */
  static final class Generator implements Runnable {
    private final DynamoDbClient client;
    private final long seed;
    private final int rate;
    private final SplittableRandom random;
    private final AtomicBoolean running = new AtomicBoolean(true);
    final AtomicLong puts = new AtomicLong();
    final AtomicLong updates = new AtomicLong();
    final AtomicLong deletes = new AtomicLong();
    final java.util.concurrent.atomic.AtomicReference<Exception> failure = new java.util.concurrent.atomic.AtomicReference<>();
    private final List<String> open = new ArrayList<>(); // PLACED or SHIPPED
    private final Map<String, String> statusOf = new LinkedHashMap<>();
    private final List<String> finished = new ArrayList<>(); // DELIVERED or CANCELLED
    private long next;

    Generator(DynamoDbClient client, long seed, int rate) {
      this.client = client;
      this.seed = seed;
      this.rate = rate;
      this.random = new SplittableRandom(seed);
    }

    void stop() {
      running.set(false);
    }

    long changes() {
      return puts.get() + updates.get() + deletes.get();
    }

    String describe() {
      return String.format(Locale.ROOT, "%,d new orders, %,d updates, %,d deletes", puts.get(), updates.get(),
          deletes.get());
    }

    @Override
    public void run() {
      long period = 1_000_000_000L / rate;
      long due = System.nanoTime();
      try {
        while (running.get()) {
          step();
          due += period;
          long wait = due - System.nanoTime();
          if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Exception e) {
        failure.set(e);
      }
    }

    private void step() {
      int roll = random.nextInt(100);
      if (open.size() < 20 || roll < 35) {
        place();
      } else if (roll < 85) {
        advance(open.get(random.nextInt(open.size())));
      } else if (roll < 92 || finished.isEmpty()) {
        correctAmount(open.get(random.nextInt(open.size())));
      } else {
        delete(finished.remove(random.nextInt(finished.size())));
      }
    }

    private void place() {
      Map<String, AttributeValue> item = new LinkedHashMap<>(Orders.order(seed, next++));
      item.put("status", AttributeValue.fromS("PLACED"));
      String id = item.get(Orders.HASH_KEY).s();
      client.putItem(b -> b.tableName(ORDERS_TABLE).item(item));
      open.add(id);
      statusOf.put(id, "PLACED");
      puts.incrementAndGet();
    }

    private void advance(String id) {
      String now = statusOf.get(id);
      String then = random.nextInt(10) == 0 ? "CANCELLED" : now.equals("PLACED") ? "SHIPPED" : "DELIVERED";
      update(id, "SET #s = :s", Map.of(":s", AttributeValue.fromS(then)));
      statusOf.put(id, then);
      if (!then.equals("SHIPPED")) {
        open.remove(id);
        finished.add(id);
      }
    }

    /** A discount of up to 2.00 or a surcharge of up to 5.00: amounts stay exact with two decimals. */
    private void correctAmount(String id) {
      BigDecimal delta = BigDecimal.valueOf(random.nextInt(-200, 501), 2);
      update(id, "SET amount = amount + :d", Map.of(":d", AttributeValue.fromN(delta.toPlainString())));
    }

    private void update(String id, String expression, Map<String, AttributeValue> values) {
      client.updateItem(b -> {
        b.tableName(ORDERS_TABLE).key(Map.of(Orders.HASH_KEY, AttributeValue.fromS(id)))
            .updateExpression(expression).expressionAttributeValues(values);
        if (expression.contains("#s")) {
          b.expressionAttributeNames(Map.of("#s", "status")); // STATUS is a reserved word
        }
      });
      updates.incrementAndGet();
    }

    private void delete(String id) {
      client.deleteItem(b -> b.tableName(ORDERS_TABLE).key(Map.of(Orders.HASH_KEY, AttributeValue.fromS(id))));
      statusOf.remove(id);
      deletes.incrementAndGet();
    }
  }
}
