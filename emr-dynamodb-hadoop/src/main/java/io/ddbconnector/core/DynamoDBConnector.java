package io.ddbconnector.core;

import io.ddbconnector.client.TableMetadata;
import io.ddbconnector.client.DynamoDBClientFactory;
import io.ddbconnector.table.TableInfo;
import io.ddbconnector.conf.ConnectorOptions;
import io.ddbconnector.conf.Settings;
import io.ddbconnector.split.KeyQuery;
import io.ddbconnector.read.ReadSettings;
import io.ddbconnector.read.ScanReader;
import io.ddbconnector.split.ScanSplit;
import io.ddbconnector.plan.SplitPlanner;
import io.ddbconnector.throughput.ConnectorMetrics;
import io.ddbconnector.throughput.RateController;
import io.ddbconnector.throughput.RateLimiter;
import io.ddbconnector.throughput.Retrier;
import io.ddbconnector.throughput.Shares;
import io.ddbconnector.throughput.Sleeper;
import io.ddbconnector.throughput.Ticker;
import io.ddbconnector.types.ItemSize;
import io.ddbconnector.write.BatchWriter;
import io.ddbconnector.write.ItemUpdater;
import io.ddbconnector.write.WriteLedger;
import io.ddbconnector.write.WriteSettings;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * The one entry point every engine calls: plan the splits of a read, open a reader for a split, open a
 * writer. The MapReduce input/output formats, the Spark data source and the Hive handler hold no split,
 * rate or retry logic of their own.
 */
public final class DynamoDBConnector {

  private static final Logger LOG = Logger.getLogger(DynamoDBConnector.class.getName());
  /** Segments of the sampled size estimate: dynalite's limit, fine-grained enough for the service. */
  static final int SAMPLE_SEGMENTS = 4096;

  private DynamoDBConnector() {}

  /** Describes the table to read, failing clearly when it does not exist. */
  public static TableInfo describeInput(ReadSettings rs, ConnectorMetrics metrics) {
    DynamoDbClient client = DynamoDBClientFactory.shared(rs.client());
    return TableMetadata.describe(client, rs.table(), ConnectorOptions.INPUT_TABLE_NAME.name(),
        rs.client().describeTarget(), new Retrier(rs.retry(), metrics));
  }

  /** Describes the table to write, failing clearly when it does not exist. */
  public static TableInfo describeOutput(WriteSettings ws, ConnectorMetrics metrics) {
    DynamoDbClient client = DynamoDBClientFactory.shared(ws.client());
    return TableMetadata.describe(client, ws.table(), ConnectorOptions.OUTPUT_TABLE_NAME.name(),
        ws.client().describeTarget(), new Retrier(ws.retry(), metrics));
  }

  /**
   * Checks the settings' key names before a job is set up: fails naming the intended key when one is a near
   * miss of a known key (unless {@code dynamodb.config.allowUnknownKeys=true}), logs the other unknown keys.
   * Planning and opening a writer call it; engines call it where they set a job up without either (an
   * output format's submission check).
   */
  public static void checkKeys(Settings settings) {
    for (String w : settings.checkKeys()) {
      LOG.warning(w);
    }
  }

  /** Plans the splits of a read of the table named by {@code dynamodb.input.tableName}. */
  public static SplitPlanner.Plan planSplits(Settings settings, int engineHint) {
    checkKeys(settings);
    ReadSettings rs = ReadSettings.from(settings);
    ConnectorMetrics metrics = new ConnectorMetrics();
    TableInfo table = describeInput(rs, metrics);
    SplitPlanner.Plan plan = SplitPlanner.plan(table, rs, engineHint, () -> sampleBytes(rs, metrics));
    LOG.info(plan.explanation());
    return plan;
  }

  /**
   * Estimates a table's bytes from one page of one segment of a fine parallel scan (DescribeTable's size
   * is 0 for new tables and up to hours stale). A full page means the estimate is a lower bound.
   */
  static long sampleBytes(ReadSettings rs, ConnectorMetrics metrics) {
    DynamoDbClient client = DynamoDBClientFactory.shared(rs.client());
    Retrier retrier = new Retrier(rs.retry(), metrics);
    ScanResponse r = retrier.call("Sampling scan of table '" + rs.table() + "'", () -> client.scan(b -> b
        .tableName(rs.table()).segment(0).totalSegments(SAMPLE_SEGMENTS)
        .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)));
    long bytes = 0;
    for (Map<String, AttributeValue> item : r.items()) {
      bytes += ItemSize.bytes(item);
    }
    return bytes * SAMPLE_SEGMENTS;
  }

  /**
   * Plans one split per key query (pushed-down hash-key equality or IN), instead of a scan.
   */
  public static SplitPlanner.Plan planQuerySplits(Settings settings, List<KeyQuery> queries) {
    checkKeys(settings);
    ReadSettings rs = ReadSettings.from(settings);
    TableInfo table = describeInput(rs, new ConnectorMetrics());
    SplitPlanner.Plan plan = SplitPlanner.planQueries(table, rs, queries);
    LOG.info(plan.explanation());
    return plan;
  }

  /** Opens a streaming reader of one split; the caller closes it. */
  public static ScanReader openReader(Settings settings, ScanSplit split, ConnectorMetrics metrics) {
    return openReader(ReadSettings.from(settings), split, metrics, Ticker.SYSTEM, Sleeper.SYSTEM);
  }

  public static ScanReader openReader(ReadSettings rs, ScanSplit split, ConnectorMetrics metrics, Ticker ticker,
      Sleeper sleeper) {
    DynamoDbClient client = DynamoDBClientFactory.shared(rs.client());
    return new ScanReader(client, rs, split, null, metrics, ticker, sleeper);
  }

  /**
   * Opens a writer to the table named by {@code dynamodb.output.tableName}; checks the table exists first.
   * The writer's rate is its share of the job's write budget, shared live with the job's other writing
   * tasks when {@code group} (or {@code dynamodb.throughput.coordination.group}) names the job.
   *
   * @param group the job's identity (the engine's job id, or one stamped when the job was set up); null
   *     when unknown: the budget is then divided by {@code concurrentTasks}
   * @param concurrentTasks the engine's count of writing tasks, the divisor when there is no live share
   */
  public static BatchWriter openWriter(Settings settings, String group, int concurrentTasks,
      ConnectorMetrics metrics) {
    return openWriter(settings, group, concurrentTasks, metrics, null);
  }

  /**
   * {@link #openWriter(Settings, String, int, ConnectorMetrics)} recording this attempt in the job's
   * {@link WriteLedger} (null: none), so that a failure reports the whole job's figures.
   */
  public static BatchWriter openWriter(Settings settings, String group, int concurrentTasks,
      ConnectorMetrics metrics, WriteLedger ledger) {
    WriteSide w = writeSide(settings, group, concurrentTasks, metrics);
    return new BatchWriter(w.client, w.ws, w.table, w.rate, new Retrier(w.ws.retry(), metrics), metrics, ledger);
  }

  /** {@link #openWriter(Settings, String, int, ConnectorMetrics)} without a job identity. */
  public static BatchWriter openWriter(Settings settings, int concurrentTasks, ConnectorMetrics metrics) {
    return openWriter(settings, null, concurrentTasks, metrics);
  }

  /**
   * Opens an updater: UpdateItem of the given attributes only (SET, and REMOVE for nulls when asked),
   * through the same budget, share, limiter and retries as {@link #openWriter}.
   */
  public static ItemUpdater openUpdater(Settings settings, String group, int concurrentTasks,
      ConnectorMetrics metrics) {
    return openUpdater(settings, group, concurrentTasks, metrics, null);
  }

  /** {@link #openUpdater(Settings, String, int, ConnectorMetrics)} recording in the job's ledger (or null). */
  public static ItemUpdater openUpdater(Settings settings, String group, int concurrentTasks,
      ConnectorMetrics metrics, WriteLedger ledger) {
    WriteSide w = writeSide(settings, group, concurrentTasks, metrics);
    return new ItemUpdater(w.client, w.ws, w.table, w.rate, new Retrier(w.ws.retry(), metrics), metrics, ledger);
  }

  public static ItemUpdater openUpdater(Settings settings, int concurrentTasks, ConnectorMetrics metrics) {
    return openUpdater(settings, null, concurrentTasks, metrics);
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

  private static WriteSide writeSide(Settings settings, String group, int concurrentTasks, ConnectorMetrics metrics) {
    checkKeys(settings);
    WriteSettings ws = WriteSettings.from(settings);
    TableInfo table = describeOutput(ws, metrics);
    DynamoDbClient client = DynamoDBClientFactory.shared(ws.client());
    RateLimiter limiter = ws.budget().newLimiter(0, Ticker.SYSTEM, Sleeper.SYSTEM);
    RateController rc = new RateController(limiter, metrics, Ticker.SYSTEM, Sleeper.SYSTEM);
    rc.attach(Shares.open(new Shares.Request(ws.share(), client, ws.client().describeTarget(), table.tableName(),
        true, group, ws.budget().jobRate(table, true), concurrentTasks, concurrentTasks + " writing tasks"),
        metrics, rc.listener()));
    return new WriteSide(ws, table, client, rc);
  }

  /** Lists a plan's splits, for callers that only want them. */
  public static List<ScanSplit> splits(Settings settings, int engineHint) {
    return planSplits(settings, engineHint).splits();
  }

  // ---- planning a read from an engine's predicates (io.ddbconnector.plan)

  /** Plans a read of the table named by {@code dynamodb.input.tableName}: describes it, then plans. */
  public static io.ddbconnector.plan.ReadPlan planRead(Settings settings, io.ddbconnector.plan.ReadRequest request) {
    return planRead(describeInput(ReadSettings.from(settings), new ConnectorMetrics()), settings, request);
  }

  /** Plans a read of an already described table, with the settings' consistency, index and expressions. */
  public static io.ddbconnector.plan.ReadPlan planRead(TableInfo table, Settings settings,
      io.ddbconnector.plan.ReadRequest request) {
    ReadSettings rs = ReadSettings.from(settings);
    return io.ddbconnector.plan.ReadPlanner.plan(table, request.reading(rs.consistent(), rs.indexName()),
        new io.ddbconnector.split.ReadExpressions(rs.projection(), rs.filter(), rs.names(), rs.values()));
  }

  /** The splits of a planned read: one per Query, or the scan's; each carries the plan's expressions. */
  public static SplitPlanner.Plan planSplits(Settings settings, io.ddbconnector.plan.ReadPlan plan, int engineHint) {
    SplitPlanner.Plan splits = plan.isQuery() ? planQuerySplits(settings, plan.queries())
        : planSplits(settings, engineHint);
    LOG.info("Table '" + plan.table() + "': " + plan.summary());
    return splits.withExpressions(plan.expressions());
  }
}
