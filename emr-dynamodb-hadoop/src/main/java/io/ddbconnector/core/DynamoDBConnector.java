package io.ddbconnector.core;

import io.ddbconnector.client.TableMetadata;
import io.ddbconnector.client.ClientSettings;
import io.ddbconnector.client.DynamoDBClientFactory;
import io.ddbconnector.table.TableInfo;
import io.ddbconnector.conf.ConnectorOptions;
import io.ddbconnector.conf.Settings;
import io.ddbconnector.exceptions.DynamoDBConnectorException;
import io.ddbconnector.split.KeyQuery;
import io.ddbconnector.read.ReadSettings;
import io.ddbconnector.read.ScanReader;
import io.ddbconnector.split.ScanSplit;
import io.ddbconnector.plan.ReadPlan;
import io.ddbconnector.plan.ReadPlanner;
import io.ddbconnector.plan.ReadRequest;
import io.ddbconnector.plan.SplitPlanner;
import io.ddbconnector.split.ReadExpressions;
import io.ddbconnector.throughput.ConnectorMetrics;
import io.ddbconnector.throughput.RateController;
import io.ddbconnector.throughput.RateLimiter;
import io.ddbconnector.throughput.Retrier;
import io.ddbconnector.throughput.RetryPolicy;
import io.ddbconnector.throughput.Shares;
import io.ddbconnector.throughput.Sleeper;
import io.ddbconnector.throughput.Ticker;
import io.ddbconnector.types.ItemSize;
import io.ddbconnector.write.BatchWriter;
import io.ddbconnector.write.ItemUpdater;
import io.ddbconnector.write.RejectedItems;
import io.ddbconnector.write.WriteLedger;
import io.ddbconnector.write.WriteSettings;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * The one entry point every engine calls: describe a table, plan the splits of a read, open a reader for a
 * split, open a writer or an updater. The MapReduce input/output formats, the Spark data source and the
 * Hive handler hold no split, rate or retry logic of their own.
 *
 * <p>An instance holds the settings and what it builds readers and writers with: the client for a
 * {@link ClientSettings} (by default the JVM's shared, cached client) and the clock and sleeper of rates,
 * retries and refreshes (by default the system's). Tests build one over a fake client and a fake clock with
 * {@link #builder(Settings)}. The static methods are shortcuts for {@code create(settings).…}.
 */
public final class DynamoDBConnector {

  private static final Logger LOG = LoggerFactory.getLogger(DynamoDBConnector.class);
  /** Segments of the sampled size estimate: dynalite's limit, fine-grained enough for the service. */
  static final int SAMPLE_SEGMENTS = 4096;

  private final Settings settings;
  private final Function<ClientSettings, DynamoDbClient> clients;
  private final Ticker ticker;
  private final Sleeper sleeper;
  private final Function<String, WriteLedger.Store> stores;

  private DynamoDBConnector(Builder b) {
    this.stores = b.stores;
    this.settings = b.settings;
    this.clients = b.clients;
    this.ticker = b.ticker;
    this.sleeper = b.sleeper;
  }

  /** The connector for {@code settings} with the shared client cache and the system clock. */
  public static DynamoDBConnector create(Settings settings) {
    return builder(settings).build();
  }

  public static Builder builder(Settings settings) {
    return new Builder(settings);
  }

  /** What a connector is built with; every part but the settings has a default. */
  public static final class Builder {
    private final Settings settings;
    private Function<ClientSettings, DynamoDbClient> clients = DynamoDBClientFactory::shared;
    private Ticker ticker = Ticker.SYSTEM;
    private Sleeper sleeper = Sleeper.SYSTEM;
    private Function<String, WriteLedger.Store> stores = l -> WriteLedger.localDirectory(java.nio.file.Path.of(l));

    private Builder(Settings settings) {
      this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** The client for given client settings (default: one shared, cached client per settings in the JVM). */
    public Builder clients(Function<ClientSettings, DynamoDbClient> clients) {
      this.clients = Objects.requireNonNull(clients, "clients");
      return this;
    }

    /** The clock of rates, retries, refreshes and checkpoints. */
    public Builder ticker(Ticker ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /** How rate limiters and retries wait. */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    /**
     * The directory at a location the user configured ({@code dynamodb.write.rejected.path}); default: a local
     * directory. The Hadoop, Spark and Hive bindings give a Hadoop file system's.
     */
    public Builder stores(Function<String, WriteLedger.Store> stores) {
      this.stores = Objects.requireNonNull(stores, "stores");
      return this;
    }

    public DynamoDBConnector build() {
      return new DynamoDBConnector(this);
    }
  }

  public Settings settings() {
    return settings;
  }

  private Retrier retrier(io.ddbconnector.throughput.RetryPolicy policy, ConnectorMetrics metrics) {
    return new Retrier(policy, metrics, ticker, sleeper);
  }

  /** Describes the table to read ({@code dynamodb.input.tableName}), failing clearly when it does not exist. */
  public TableInfo inputTable(ConnectorMetrics metrics) {
    return describe(ReadSettings.from(settings), metrics);
  }

  /** Describes the table to write ({@code dynamodb.output.tableName}), failing clearly when it does not exist. */
  public TableInfo outputTable(ConnectorMetrics metrics) {
    return describe(WriteSettings.from(settings), metrics);
  }

  private TableInfo describe(ReadSettings rs, ConnectorMetrics metrics) {
    return TableMetadata.describe(clients.apply(rs.client()), rs.table(), ConnectorOptions.INPUT_TABLE_NAME.name(),
        rs.client().describeTarget(), retrier(rs.retry(), metrics));
  }

  private TableInfo describe(WriteSettings ws, ConnectorMetrics metrics) {
    return TableMetadata.describe(clients.apply(ws.client()), ws.table(), ConnectorOptions.OUTPUT_TABLE_NAME.name(),
        ws.client().describeTarget(), retrier(ws.retry(), metrics));
  }

  /**
   * The names of the tables at the settings' endpoint and region ({@code dynamodb.endpoint},
   * {@code dynamodb.region}), every page of ListTables; needs no table name. What a catalog lists.
   */
  public List<String> listTables() {
    ClientSettings cs = ClientSettings.from(settings);
    return TableMetadata.listTables(clients.apply(cs), cs.describeTarget(),
        retrier(RetryPolicy.from(settings), new ConnectorMetrics()));
  }

  /**
   * Describes the table {@code table} at the settings' endpoint and region, whatever table the settings name
   * for reading or writing; empty when it does not exist. What a catalog loads a table with.
   */
  public Optional<TableInfo> findTable(String table) {
    ClientSettings cs = ClientSettings.from(settings);
    try {
      return Optional.of(TableMetadata.describe(clients.apply(cs), table,
          ConnectorOptions.INPUT_TABLE_NAME.name(), cs.describeTarget(),
          retrier(RetryPolicy.from(settings), new ConnectorMetrics())));
    } catch (DynamoDBConnectorException e) {
      if (e.getCause() instanceof ResourceNotFoundException) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /**
   * Checks the key names before a job is set up: fails naming the intended key when one is a near miss of a
   * known key (unless {@code dynamodb.config.allowUnknownKeys=true}), logs the other unknown keys. Planning
   * and opening a writer call it; engines call it where they set a job up without either (an output
   * format's submission check).
   */
  public void checkKeys() {
    for (String w : settings.checkKeys()) {
      if (firstTime(w)) {
        LOG.warn(w);
      }
    }
  }

  /** Lines already logged by {@link #checkKeys()} in this JVM, each with the settings it was about. */
  private static final java.util.Set<String> LOGGED = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private static final int MAX_LOGGED = 10_000;

  /**
   * Whether {@code line} about these settings is new in this JVM: the driver plans, then every task of the same
   * job opens a reader or writer with the same {@code dynamodb.*} settings, and a key's warning or report
   * should appear once per job, not once per task. Settings are compared without the job identity stamped
   * when the job was set up, which tasks see and the planning may not.
   */
  private boolean firstTime(String line) {
    java.util.Map<String, String> job = new java.util.TreeMap<>(settings.raw());
    job.remove(ConnectorOptions.COORDINATION_GROUP.name());
    if (LOGGED.size() > MAX_LOGGED) {
      LOGGED.clear();
    }
    return LOGGED.add(job.hashCode() + "|" + line);
  }

  /** Plans the splits of a read of the table named by {@code dynamodb.input.tableName}. */
  public SplitPlanner.Plan plan(int engineHint) {
    checkKeys();
    ReadSettings rs = ReadSettings.from(settings);
    ConnectorMetrics metrics = new ConnectorMetrics();
    TableInfo table = describe(rs, metrics);
    SplitPlanner.Plan plan = SplitPlanner.plan(table, rs, engineHint, () -> sampleBytes(rs, metrics));
    LOG.info(plan.explanation());
    return plan;
  }

  /** Plans one split per key query (pushed-down hash-key equality or IN), instead of a scan. */
  public SplitPlanner.Plan planQueries(List<KeyQuery> queries) {
    checkKeys();
    ReadSettings rs = ReadSettings.from(settings);
    TableInfo table = describe(rs, new ConnectorMetrics());
    SplitPlanner.Plan plan = SplitPlanner.planQueries(table, rs, queries);
    LOG.info(plan.explanation());
    return plan;
  }

  /**
   * Estimates a table's bytes from one page of one segment of a fine parallel scan (DescribeTable's size
   * is 0 for new tables and up to hours stale). A full page means the estimate is a lower bound.
   */
  private long sampleBytes(ReadSettings rs, ConnectorMetrics metrics) {
    return bytes(sampleSegment(rs, null, SAMPLE_SEGMENTS, metrics)) * SAMPLE_SEGMENTS;
  }

  /** One Scan page of segment 0 of {@code segments} of the table (or index). */
  private ScanResponse sampleSegment(ReadSettings rs, String index, int segments, ConnectorMetrics metrics) {
    DynamoDbClient client = clients.apply(rs.client());
    return retrier(rs.retry(), metrics).call("Sampling scan of table '" + rs.table() + "'",
        () -> client.scan(b -> b.tableName(rs.table()).segment(0).totalSegments(segments).indexName(index)
            .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)));
  }

  private static long bytes(ScanResponse page) {
    long bytes = 0;
    for (Map<String, AttributeValue> item : page.items()) {
      bytes += ItemSize.bytes(item);
    }
    return bytes;
  }

  /** A table's size for an engine's optimizer, and where the figure came from. */
  public record TableSize(long bytes, long items, String source) {}

  /** Segments of the statistics sample: one of them is read, so a small table is read whole or in part. */
  static final int STATS_SAMPLE_SEGMENTS = 64;
  /**
   * How long a sampled size is reused (per JVM, client settings, table and index): an optimizer asks for every
   * query it plans (and Spark's DESCRIBE), while the service's own figures are refreshed only every six hours.
   */
  static final long SAMPLED_SIZE_TTL_NANOS = java.util.concurrent.TimeUnit.MINUTES.toNanos(15);
  private record SizeKey(ClientSettings client, String table, String index) {}
  private record SampledSize(TableSize size, long at) {}
  private static final Map<SizeKey, SampledSize> SAMPLED_SIZES = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * The size of the table {@code rs} reads, for an engine's optimizer (e.g. to broadcast a small table in a
   * join), or null when it cannot be told: DescribeTable's figures when it has them, else
   * {@code dynamodb.table.size-bytes}, else (unless {@code dynamodb.scan.sampleSize=false}) one segment of
   * {@value #STATS_SAMPLE_SEGMENTS} read in one Scan page (at most 1 MB) and scaled up; a segment that does
   * not fit one page says only that the table is large: null. An optimizer must not take an unknown size
   * for a small one. A sampled figure is reused by the JVM's plans of the same table for 15 minutes.
   */
  public static TableSize estimateSize(ReadSettings rs, TableInfo table) {
    return withDefaults().size(rs, table, new ConnectorMetrics());
  }

  private TableSize size(ReadSettings rs, TableInfo table, ConnectorMetrics metrics) {
    if (table.sizeBytes() > 0 && table.itemCount() > 0) {
      return new TableSize(table.sizeBytes(), table.itemCount(), "DescribeTable");
    }
    if (rs.tableSizeBytes() != null) {
      return new TableSize(rs.tableSizeBytes(), 0, ConnectorOptions.TABLE_SIZE_BYTES.name());
    }
    if (!rs.sampleSize()) {
      return null;
    }
    SizeKey key = new SizeKey(rs.client(), rs.table(), rs.indexName());
    SampledSize cached = SAMPLED_SIZES.get(key);
    long now = ticker.nanoTime();
    if (cached != null && now - cached.at() < SAMPLED_SIZE_TTL_NANOS) {
      return cached.size();
    }
    ScanResponse r = sampleSegment(rs, rs.indexName(), STATS_SAMPLE_SEGMENTS, metrics);
    TableSize sampled = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? null
        : new TableSize(bytes(r) * STATS_SAMPLE_SEGMENTS, (long) r.items().size() * STATS_SAMPLE_SEGMENTS,
            "one sampled segment of " + STATS_SAMPLE_SEGMENTS);
    SAMPLED_SIZES.put(key, new SampledSize(sampled, now));
    return sampled;
  }

  /** Opens a streaming reader of one split; the caller closes it. */
  public ScanReader reader(ScanSplit split, ConnectorMetrics metrics) {
    ReadSettings rs = ReadSettings.from(settings);
    return new ScanReader(clients.apply(rs.client()), rs, split, null, metrics, ticker, sleeper);
  }

  /**
   * Opens a writer to the table named by {@code dynamodb.output.tableName}; checks the table exists first.
   * The writer's rate is its share of the job's write budget, shared live with the job's other writing
   * tasks when {@code group} (or {@code dynamodb.throughput.coordination.group}) names the job.
   *
   * @param group the job's identity (the engine's job id, or one stamped when the job was set up); null
   *     when unknown: the budget is then divided by {@code concurrentTasks}
   * @param concurrentTasks the engine's count of writing tasks, the divisor when there is no live share
   * @param ledger where this attempt records its figures for the job's failure report; null for none
   */
  public BatchWriter writer(String group, int concurrentTasks, ConnectorMetrics metrics, WriteLedger ledger) {
    WriteSide w = writeSide(group, concurrentTasks, metrics);
    return new BatchWriter(w.client, w.ws, w.table, w.rate, retrier(w.ws.retry(), metrics), metrics, ledger, ticker)
        .recordRejectedIn(rejects(w.ws, ledger));
  }

  /**
   * Opens an updater: UpdateItem of the given attributes only (SET, and REMOVE for nulls when asked),
   * through the same checks, budget, share, limiter and retries as {@link #writer}.
   */
  public ItemUpdater updater(String group, int concurrentTasks, ConnectorMetrics metrics, WriteLedger ledger) {
    WriteSide w = writeSide(group, concurrentTasks, metrics);
    return new ItemUpdater(w.client, w.ws, w.table, w.rate, retrier(w.ws.retry(), metrics), metrics, ledger)
        .recordRejectedIn(rejects(w.ws, ledger));
  }

  /** Where this attempt records its rejected items ({@code dynamodb.write.rejected.path}), or null. */
  private RejectedItems rejects(WriteSettings ws, WriteLedger ledger) {
    if (ws.rejectedPath() == null) {
      return null;
    }
    String attempt = ledger != null ? ledger.attempt() : "writer-" + java.util.UUID.randomUUID();
    return new RejectedItems(stores.apply(ws.rejectedPath()), attempt);
  }

  /** What a writer and an updater both need: settings, the described table, the client, the task's rate. */
  private static final class WriteSide {
    final WriteSettings ws;
    final TableInfo table;
    final DynamoDbClient client;
    final RateController rate;

    WriteSide(WriteSettings ws, TableInfo table, DynamoDbClient client, RateController rate) {
      this.ws = ws;
      this.table = table;
      this.client = client;
      this.rate = rate;
    }
  }

  private WriteSide writeSide(String group, int concurrentTasks, ConnectorMetrics metrics) {
    checkKeys();
    WriteSettings ws = WriteSettings.from(settings);
    TableInfo table = describe(ws, metrics);
    DynamoDbClient client = clients.apply(ws.client());
    RateLimiter limiter = ws.budget().newLimiter(0, ticker, sleeper);
    RateController rc = new RateController(limiter, metrics, ticker, sleeper);
    rc.attach(Shares.open(new Shares.Request(ws.share(), client, ws.client().describeTarget(), table.tableName(),
        true, group, ws.budget().jobRate(table, true), concurrentTasks, concurrentTasks + " writing tasks"),
        metrics, rc.listener()));
    return new WriteSide(ws, table, client, rc);
  }

  // ---- shortcuts: create(settings).… ------------------------------------------------------------------

  /** Describes the table {@code rs} reads, failing clearly when it does not exist. */
  public static TableInfo describeInput(ReadSettings rs, ConnectorMetrics metrics) {
    return withDefaults().describe(rs, metrics);
  }

  /**
   * The table {@code dynamodb.input.tableName} names, described, or empty when that key is unset or holds a table
   * ARN: what a read of the table's export learns its key attributes from (the export does not record them).
   */
  public static Optional<TableInfo> describeNamedInput(Settings s) {
    if (!s.isSet(ConnectorOptions.INPUT_TABLE_NAME) || s.get(ConnectorOptions.INPUT_TABLE_NAME).startsWith("arn:")) {
      return Optional.empty();
    }
    return Optional.of(describeInput(ReadSettings.from(s), new ConnectorMetrics()));
  }

  /** Describes the table {@code ws} writes, failing clearly when it does not exist. */
  public static TableInfo describeOutput(WriteSettings ws, ConnectorMetrics metrics) {
    return withDefaults().describe(ws, metrics);
  }

  /** A connector with the default client and clock, for shortcuts whose settings come parsed. */
  private static DynamoDBConnector withDefaults() {
    return create(Settings.of(Map.of()));
  }

  /** {@link #checkKeys()} of {@code settings}. */
  public static void checkKeys(Settings settings) {
    create(settings).checkKeys();
  }

  /** {@link #plan(int)} of {@code settings}. */
  public static SplitPlanner.Plan planSplits(Settings settings, int engineHint) {
    return create(settings).plan(engineHint);
  }

  /** {@link #planQueries(List)} of {@code settings}. */
  public static SplitPlanner.Plan planQuerySplits(Settings settings, List<KeyQuery> queries) {
    return create(settings).planQueries(queries);
  }

  /** {@link #reader(ScanSplit, ConnectorMetrics)} of {@code settings}. */
  public static ScanReader openReader(Settings settings, ScanSplit split, ConnectorMetrics metrics) {
    return create(settings).reader(split, metrics);
  }

  /** {@link #writer} of {@code settings}, without a ledger. */
  public static BatchWriter openWriter(Settings settings, String group, int concurrentTasks,
      ConnectorMetrics metrics) {
    return create(settings).writer(group, concurrentTasks, metrics, null);
  }

  /** {@link #writer} of {@code settings}. */
  public static BatchWriter openWriter(Settings settings, String group, int concurrentTasks,
      ConnectorMetrics metrics, WriteLedger ledger) {
    return create(settings).writer(group, concurrentTasks, metrics, ledger);
  }

  /** {@link #writer} of {@code settings}, without a job identity or a ledger. */
  public static BatchWriter openWriter(Settings settings, int concurrentTasks, ConnectorMetrics metrics) {
    return create(settings).writer(null, concurrentTasks, metrics, null);
  }

  /** {@link #updater} of {@code settings}, without a ledger. */
  public static ItemUpdater openUpdater(Settings settings, String group, int concurrentTasks,
      ConnectorMetrics metrics) {
    return create(settings).updater(group, concurrentTasks, metrics, null);
  }

  /** {@link #updater} of {@code settings}. */
  public static ItemUpdater openUpdater(Settings settings, String group, int concurrentTasks,
      ConnectorMetrics metrics, WriteLedger ledger) {
    return create(settings).updater(group, concurrentTasks, metrics, ledger);
  }

  /** {@link #updater} of {@code settings}, without a job identity or a ledger. */
  public static ItemUpdater openUpdater(Settings settings, int concurrentTasks, ConnectorMetrics metrics) {
    return create(settings).updater(null, concurrentTasks, metrics, null);
  }

  /** Lists a plan's splits, for callers that only want them. */
  public static List<ScanSplit> splits(Settings settings, int engineHint) {
    return planSplits(settings, engineHint).splits();
  }

  // ---- planning a read from an engine's predicates (io.ddbconnector.plan)

  /**
   * Plans a read from the engine's pushed predicates and required attributes: the table is described once,
   * the core planner picks Query (table or index), N Queries or Scan with filter and projection, and the
   * splits carry its expressions. The plan says what was pushed and what the engine must still apply.
   */
  public PlannedRead planRead(ReadRequest request, int engineHint) {
    checkKeys();
    ReadSettings rs = ReadSettings.from(settings);
    ConnectorMetrics metrics = new ConnectorMetrics();
    TableInfo table = describe(rs, metrics);
    ReadPlan plan = readPlan(table, request);
    return new PlannedRead(plan, splits(table, plan, engineHint, metrics));
  }

  /** The splits of a planned read of a described table: one per Query, or the scan's; with its expressions. */
  public SplitPlanner.Plan splits(TableInfo table, ReadPlan plan, int engineHint) {
    return splits(table, plan, engineHint, new ConnectorMetrics());
  }

  private SplitPlanner.Plan splits(TableInfo table, ReadPlan plan, int engineHint, ConnectorMetrics metrics) {
    ReadSettings rs = ReadSettings.from(settings);
    SplitPlanner.Plan splits = plan.isQuery() ? SplitPlanner.planQueries(table, rs, plan.queries())
        : SplitPlanner.plan(table, rs, engineHint, () -> sampleBytes(rs, metrics));
    LOG.info(splits.explanation());
    return splits.withExpressions(plan.expressions());
  }

  /** Plans a read of an already described table, with the settings' consistency, index and expressions. */
  public ReadPlan readPlan(TableInfo table, ReadRequest request) {
    ReadSettings rs = ReadSettings.from(settings);
    return ReadPlanner.plan(table, request.reading(rs.consistent(), rs.indexName()),
        new ReadExpressions(rs.projection(), rs.filter(), rs.names(), rs.values()));
  }

  /** A planned read: the requests and what is left to the engine, and the splits that send them. */
  public static final class PlannedRead {
    private final ReadPlan plan;
    private final SplitPlanner.Plan splits;

    PlannedRead(ReadPlan plan, SplitPlanner.Plan splits) {
      this.plan = plan;
      this.splits = splits;
    }

    public ReadPlan plan() { return plan; }
    public SplitPlanner.Plan splits() { return splits; }
  }

  /** {@link #readPlan} of {@code settings}. */
  public static ReadPlan planRead(TableInfo table, Settings settings, ReadRequest request) {
    return create(settings).readPlan(table, request);
  }
}
