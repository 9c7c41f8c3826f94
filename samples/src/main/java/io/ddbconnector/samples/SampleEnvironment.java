package io.ddbconnector.samples;

import io.ddbconnector.table.TableInfo;
import io.ddbconnector.conf.ConnectorOptions;
import io.ddbconnector.conf.Settings;
import io.ddbconnector.samples.common.Cli;
import io.ddbconnector.samples.common.Connection;
import io.ddbconnector.samples.common.Progress;
import io.ddbconnector.samples.common.Tables;
import io.ddbconnector.testkit.DynaliteServer;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What every sample program needs before it runs: a DynamoDB to talk to and an orders table to read.
 *
 * <p>Without {@code --endpoint}/{@code --region} it starts the embedded backend (dynalite, installed with
 * npm on first use), creates the orders table and loads {@code --items} generated orders. With them it
 * uses that DynamoDB and the existing table ({@code --table}), creating and loading it only when
 * {@code --load} is given. {@link #close()} stops the embedded backend.
 */
public final class SampleEnvironment implements AutoCloseable {

  public static final Set<String> VALUE_OPTIONS = Set.of("--table", "--items", "--seed", "--load-threads",
      Connection.ENDPOINT, Connection.REGION, Connection.CONF);
  public static final Set<String> FLAG_OPTIONS = Set.of("--load", "--verbose", "--help");

  public static final String HELP = ""
      + "Where the data comes from (default: an embedded DynamoDB-compatible backend, started and stopped here):\n"
      + "  --table NAME            orders table (default: orders)\n"
      + "  --items N               orders to generate and load (default: %s)\n"
      + "  --seed N                data set seed (default: " + Orders.DEFAULT_SEED + ")\n"
      + "  --load                  with --endpoint/--region: create the table if missing and load --items orders\n"
      + "  --load-threads N        writer threads while loading (default: 4)\n"
      + Connection.HELP
      + "  --verbose               show the connector's split plans and throughput budgets\n"
      + "  --help                  this text\n";

  /**
   * Capacity of the tables created on the embedded backend. dynalite enforces no capacity; a high
   * provisioned figure just keeps the connector's rate limiter (a share of the table's capacity) from
   * slowing the demo below what the backend can do.
   */
  static final long EMBEDDED_CAPACITY = 40_000;
  static final List<TableInfo.KeyAttribute> ORDERS_KEY = List.of(new TableInfo.KeyAttribute(Orders.HASH_KEY, "S"));

  private final PrintStream out;
  private final DynaliteServer server;
  private final Settings base;
  private final String table;
  private final long seed;
  private final double backendStartSeconds;
  private long loadedItems;
  private double loadSeconds;

  private SampleEnvironment(PrintStream out, DynaliteServer server, Settings base, String table, long seed,
      double backendStartSeconds) {
    this.out = out;
    this.server = server;
    this.base = base;
    this.table = table;
    this.seed = seed;
    this.backendStartSeconds = backendStartSeconds;
  }

  /** Connects (starting the embedded backend if no endpoint is given) and loads the orders when asked to. */
  public static SampleEnvironment open(Cli cli, PrintStream out, long defaultItems) {
    long items = cli.longValue("--items", defaultItems, 1, 100_000_000);
    long seed = cli.longValue("--seed", Orders.DEFAULT_SEED, Long.MIN_VALUE, Long.MAX_VALUE);
    int loadThreads = cli.intValue("--load-threads", 4, 1, 64);
    String table = cli.get("--table", "orders");
    Map<String, String> raw = new LinkedHashMap<>(Connection.settings(cli));
    boolean embedded = !Connection.isExplicit(cli);
    DynaliteServer server = null;
    double startSeconds = 0;
    if (embedded) {
      if (cli.has("--load")) {
        out.println("(--load is implied with the embedded backend)");
      }
      out.print("Starting the embedded DynamoDB-compatible backend (dynalite) ... ");
      out.flush();
      long t0 = System.nanoTime();
      server = DynaliteServer.start();
      startSeconds = (System.nanoTime() - t0) / 1e9;
      out.printf(Locale.ROOT, "ready at %s (%.1f s)%n", server.endpoint(), startSeconds);
      raw.put(ConnectorOptions.ENDPOINT.name(), server.endpoint().toString());
      raw.put(ConnectorOptions.REGION.name(), "us-east-1");
      // dynalite checks no credentials, but the SDK needs some to sign requests.
      raw.putIfAbsent(ConnectorOptions.ACCESS_KEY_ID.name(), "local");
      raw.putIfAbsent(ConnectorOptions.SECRET_ACCESS_KEY.name(), "local");
    } else {
      out.println("Using DynamoDB at " + Connection.describe(raw) + ", table '" + table + "'");
    }
    SampleEnvironment env = new SampleEnvironment(out, server, Settings.of(raw), table, seed, startSeconds);
    try {
      if (embedded || cli.has("--load")) {
        env.ensureTable(table, ORDERS_KEY);
        env.load(items, loadThreads);
      } else if (!Tables.exists(env.base, table)) {
        throw new IllegalStateException("table '" + table + "' does not exist at " + Connection.describe(raw)
            + "; name an existing orders table with --table, or add --load to create and load it");
      }
    } catch (RuntimeException | Error e) {
      env.close();
      throw e;
    }
    return env;
  }

  /**
   * Creates {@code name} if it does not exist: provisioned with plenty of capacity on the embedded
   * backend, on-demand on DynamoDB. An existing table must have the given key.
   */
  public void ensureTable(String name, List<TableInfo.KeyAttribute> key) {
    if (Tables.exists(base, name)) {
      List<TableInfo.KeyAttribute> actual = Tables.describe(base, name).keys();
      if (!sameKeys(actual, key)) {
        throw new IllegalStateException("table '" + name + "' exists with key " + actual + " but this program needs "
            + key + "; name another table");
      }
      return;
    }
    out.println("Creating table '" + name + "' (key " + key + (isEmbedded() ? "" : ", on-demand") + ")");
    Tables.create(base, name, key, isEmbedded() ? Long.valueOf(EMBEDDED_CAPACITY) : null);
  }

  private static boolean sameKeys(List<TableInfo.KeyAttribute> a, List<TableInfo.KeyAttribute> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!a.get(i).name().equals(b.get(i).name()) || !a.get(i).type().equals(b.get(i).type())) {
        return false;
      }
    }
    return true;
  }

  private void load(long items, int threads) {
    try (Progress progress = new Progress(out, String.format(Locale.ROOT, "Loading %,d orders into '%s'", items, table),
        "items", items, Progress.isTerminal(out))) {
      loadedItems = OrderLoader.load(base, table, items, seed, threads, progress);
      loadSeconds = progress.elapsedSeconds();
    }
  }

  public Settings settings() {
    return base;
  }

  public String table() {
    return table;
  }

  public long seed() {
    return seed;
  }

  public boolean isEmbedded() {
    return server != null;
  }

  public long loadedItems() {
    return loadedItems;
  }

  public double loadSeconds() {
    return loadSeconds;
  }

  public double backendStartSeconds() {
    return backendStartSeconds;
  }

  /** Stops the embedded backend, if this environment started one. */
  @Override
  public void close() {
    if (server != null) {
      server.close();
      out.println("Stopped the embedded backend.");
    }
  }
}
