package io.ddbconnector.conf;

import static io.ddbconnector.conf.ConfigKey.Scope.CLIENT;
import static io.ddbconnector.conf.ConfigKey.Scope.HIVE;
import static io.ddbconnector.conf.ConfigKey.Scope.READ;
import static io.ddbconnector.conf.ConfigKey.Scope.READ_WRITE;
import static io.ddbconnector.conf.ConfigKey.Scope.WRITE;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every configuration key of the connector, defined once with its default and documentation: the core's
 * keys and the Hive table properties ({@link ConfigKey.Scope#HIVE}); the Spark options are in {@link SparkOptions}.
 * The tables of {@code docs/configuration.md} and {@code docs/migration.md} are generated from them
 * ({@link ConfigDoc}) and a test fails when they drift. Key names follow the ones
 * users know from the EMR connector and AWS Glue where the meaning is the same. Every key of the EMR connector
 * ({@link #referenceKeys()}) is either a key here, honoured with its meaning there, or one this connector
 * accepts without needing it ({@link #reportedReferenceKeys()}): reported once per job with why, never taken
 * for a typo, never silently dropped.
 */
public final class ConnectorOptions {

  public static final String PREFIX = "dynamodb.";

  // ---- tables ---------------------------------------------------------------------------------
  public static final ConfigKey<String> INPUT_TABLE_NAME = ConfigKey.string("dynamodb.input.tableName")
      .scope(READ).doc("Table to read. Required for reads.");
  public static final ConfigKey<String> OUTPUT_TABLE_NAME = ConfigKey.string("dynamodb.output.tableName")
      .scope(WRITE).doc("Table to write. Required for writes; the table must exist.");

  // ---- client ---------------------------------------------------------------------------------
  public static final ConfigKey<String> ENDPOINT = ConfigKey.string("dynamodb.endpoint").scope(CLIENT)
      .doc("Endpoint URL, e.g. `http://127.0.0.1:8000`. Unset: the region's public endpoint.");
  public static final ConfigKey<String> REGION = ConfigKey.string("dynamodb.region").scope(CLIENT)
      .doc("AWS region. Unset: the SDK's default region chain, or `us-east-1` when an endpoint is set.");
  public static final ConfigKey<String> ACCESS_KEY_ID = ConfigKey.string("dynamodb.awsAccessKeyId")
      .scope(CLIENT).secret().doc("Static access key id (with the secret key). Never logged. Prefer a Hadoop"
          + " credential provider (`hadoop.security.credential.provider.path`, alias of this name) or the SDK"
          + " default chain: a value in the configuration reaches the job's `job.xml`. Refused as a Hive table"
          + " property.");
  public static final ConfigKey<String> SECRET_ACCESS_KEY = ConfigKey.string("dynamodb.awsSecretAccessKey")
      .scope(CLIENT).secret().doc("Static secret access key. Never logged; read from a Hadoop credential provider"
          + " first, like the access key id. Refused as a Hive table property.");
  public static final ConfigKey<String> SESSION_TOKEN = ConfigKey.string("dynamodb.awsSessionToken")
      .scope(CLIENT).secret().doc("Session token for temporary credentials. Never logged; read from a Hadoop"
          + " credential provider first, like the access key id. Refused as a Hive table property.");
  public static final ConfigKey<String> CREDENTIALS_PROVIDER = ConfigKey
      .string("dynamodb.customAWSCredentialsProvider").scope(CLIENT)
      .doc("Class name of an SDK v2 `AwsCredentialsProvider` (no-arg constructor or static `create()`)."
          + " Unset: static keys if given, else the SDK default chain.");
  public static final ConfigKey<String> STS_ROLE_ARN = ConfigKey.string("dynamodb.sts.roleArn").scope(CLIENT)
      .doc("ARN of an IAM role to assume (STS `AssumeRole`) for every request, e.g. a role of the account that owns"
          + " the table. The role is assumed with the credentials the other keys give (static keys, the provider"
          + " class, or the SDK default chain); its temporary credentials are refreshed before they expire, one"
          + " session per JVM and settings. Unset: no role.");
  public static final ConfigKey<String> STS_SESSION_NAME = ConfigKey.string("dynamodb.sts.roleSessionName")
      .defaultValue("ddbconnector").scope(CLIENT)
      .doc("Role session name of `dynamodb.sts.roleArn` (shown in the table owner's CloudTrail): 2 to 64 of"
          + " `A-Z a-z 0-9 =,.@-_`.");
  public static final ConfigKey<String> STS_EXTERNAL_ID = ConfigKey.string("dynamodb.sts.externalId")
      .scope(CLIENT).doc("External id the role's trust policy requires (`sts:ExternalId`), if any.");
  public static final ConfigKey<Integer> STS_DURATION_SECONDS = ConfigKey.integer("dynamodb.sts.durationSeconds")
      .defaultValue(3600).min(900).max(43_200).unit("s").scope(CLIENT)
      .doc("Lifetime requested for the role's credentials (at most the role's maximum session duration).");
  public static final ConfigKey<String> STS_REGION = ConfigKey.string("dynamodb.sts.region").scope(CLIENT)
      .doc("Region of the STS endpoint used to assume the role. Unset: `dynamodb.region`, else the SDK's default.");
  public static final ConfigKey<String> STS_ENDPOINT = ConfigKey.string("dynamodb.sts.endpoint").scope(CLIENT)
      .doc("STS endpoint URL (e.g. a VPC endpoint). Unset: the STS region's public endpoint.");
  public static final ConfigKey<Integer> MAX_CONNECTIONS = ConfigKey.integer("dynamodb.client.maxConnections")
      .defaultValue(64).min(1).scope(CLIENT).doc("HTTP connection pool size of one client (shared by the tasks of a JVM).");
  public static final ConfigKey<Long> REQUEST_TIMEOUT_MS = ConfigKey.longKey("dynamodb.client.requestTimeoutMs")
      .defaultValue(30_000L).min(100).unit("ms").scope(CLIENT)
      .doc("Time limit for one HTTP attempt (a timed-out attempt is retried).");

  // ---- checks ---------------------------------------------------------------------------------
  public static final ConfigKey<Boolean> ALLOW_UNKNOWN_KEYS = ConfigKey.bool("dynamodb.config.allowUnknownKeys")
      .defaultValue(false).scope(READ_WRITE)
      .doc("`true`: an unknown `dynamodb.*` key that is a near miss of a known one (e.g."
          + " `dynamodb.throughput.read.precent`, `dynamodb.colum.mapping`) is only warned about. Default: such a"
          + " key fails split planning, the opening of a writer and Hive's `CREATE TABLE`, naming the key meant"
          + " (the job would otherwise run without the setting). Other unknown keys are only warned about.");

  // ---- throughput -----------------------------------------------------------------------------
  public static final ConfigKey<Double> READ_PERCENT = ConfigKey.decimal("dynamodb.throughput.read.percent")
      .defaultValue(0.5).min(0.01).max(1.5).scope(READ)
      .doc("Share of the table's read capacity the whole job may use, summed over all its tasks.");
  public static final ConfigKey<Double> WRITE_PERCENT = ConfigKey.decimal("dynamodb.throughput.write.percent")
      .defaultValue(0.5).min(0.01).max(1.5).scope(WRITE)
      .doc("Share of the table's write capacity the whole job may use, summed over all its tasks.");
  public static final ConfigKey<Long> READ_CAPACITY = ConfigKey.longKey("dynamodb.throughput.read")
      .min(1).unit("RCU/s").scope(READ)
      .doc("Read capacity to take as the table's, instead of the one `DescribeTable` reports.");
  public static final ConfigKey<Long> WRITE_CAPACITY = ConfigKey.longKey("dynamodb.throughput.write")
      .min(1).unit("WCU/s").scope(WRITE)
      .doc("Write capacity to take as the table's, instead of the one `DescribeTable` reports.");
  public static final ConfigKey<Long> ON_DEMAND_READ_CAPACITY = ConfigKey
      .longKey("dynamodb.throughput.onDemand.read").defaultValue(12_000L).min(1).unit("RCU/s").scope(READ)
      .doc("Capacity assumed for an on-demand table without a configured maximum: the read rate a new"
          + " on-demand table serves at once.");
  public static final ConfigKey<Long> ON_DEMAND_WRITE_CAPACITY = ConfigKey
      .longKey("dynamodb.throughput.onDemand.write").defaultValue(4_000L).min(1).unit("WCU/s").scope(WRITE)
      .doc("Capacity assumed for an on-demand table without a configured maximum: the write rate a new"
          + " on-demand table serves at once.");
  public static final ConfigKey<Integer> CONCURRENCY = ConfigKey.integer("dynamodb.throughput.concurrency")
      .min(1).scope(READ_WRITE)
      .doc("Override: divide the job's budget by this fixed number of tasks (reads: min(this, splits))"
          + " instead of sharing it among the tasks active at the moment. Unset: the live share (see"
          + " `dynamodb.throughput.coordination`).");
  public static final ConfigKey<String> COORDINATION = ConfigKey.string("dynamodb.throughput.coordination")
      .defaultValue("table").scope(READ_WRITE)
      .doc("How the tasks of one job share its budget. `table`: each active task keeps a lease in a small"
          + " coordination table and takes `budget / active tasks`, re-evaluated every"
          + " `dynamodb.throughput.coordination.intervalMs` (works across JVMs and engines). `off`: the"
          + " budget is divided by the task count planned up front. If the coordination table cannot be"
          + " used, tasks fall back to `off` with a warning.");
  public static final ConfigKey<String> COORDINATION_TABLE = ConfigKey
      .string("dynamodb.throughput.coordination.tableName").defaultValue("dynamodb-connector-coordination")
      .scope(READ_WRITE)
      .doc("Coordination table (on-demand, key `g`), in the same account and region as the data; created on"
          + " first use. One small item per running job and direction, deleted when its last task ends.");
  public static final ConfigKey<Long> COORDINATION_INTERVAL_MS = ConfigKey
      .longKey("dynamodb.throughput.coordination.intervalMs").defaultValue(500L).min(100).max(60_000)
      .unit("ms").scope(READ_WRITE)
      .doc("How often a task re-reads its job's membership (one strongly consistent GetItem of the"
          + " coordination table, 1 RCU); a lease lasts 8 intervals, at least 10 s.");
  public static final ConfigKey<String> COORDINATION_GROUP = ConfigKey
      .string("dynamodb.throughput.coordination.group").scope(READ_WRITE)
      .doc("Identity that the tasks of one job share the budget under. Unset: stamped at planning (reads),"
          + " or the engine's job id (writes). Jobs given the same group share one budget.");
  public static final ConfigKey<Double> BURST_SECONDS = ConfigKey.decimal("dynamodb.throughput.burstSeconds")
      .defaultValue(0.25).min(0.05).max(300).unit("s").scope(READ_WRITE)
      .doc("Largest burst one task may save up while idle, in seconds of its rate. Tasks start with none and"
          + " save nothing before their first request. All tasks spending a burst at once add this / 5 s to"
          + " the job's busiest 5-second window.");
  public static final ConfigKey<Long> CAPACITY_REFRESH_MS = ConfigKey
      .longKey("dynamodb.throughput.refreshIntervalMs").defaultValue(300_000L).min(0).unit("ms").scope(READ_WRITE)
      .doc("How often a running task re-reads the table's capacity (autoscaling). 0 disables.");

  // ---- read -----------------------------------------------------------------------------------
  public static final ConfigKey<Integer> SCAN_SEGMENTS = ConfigKey.integer("dynamodb.scan.segments")
      .min(1).max(1_000_000).scope(READ)
      .doc("Number of parallel scan segments (TotalSegments). Unset: from the table's size and read budget.");
  public static final ConfigKey<Integer> MAX_MAP_TASKS = ConfigKey.integer("dynamodb.max.map.tasks")
      .min(1).scope(READ).doc("Upper bound on the number of splits; segments are grouped into at most this many.");
  public static final ConfigKey<Long> BYTES_PER_SEGMENT = ConfigKey.longKey("dynamodb.scan.bytesPerSegment")
      .defaultValue(64L << 20).min(1).unit("bytes").scope(READ)
      .doc("Target table bytes per scan segment when the segment count is derived.");
  public static final ConfigKey<Integer> MIN_SEGMENTS = ConfigKey.integer("dynamodb.scan.minSegments")
      .defaultValue(4).min(1).scope(READ)
      .doc("Fewest segments for a non-empty table when the count is derived (raised to the engine's split hint).");
  public static final ConfigKey<Boolean> SAMPLE_SIZE = ConfigKey.bool("dynamodb.scan.sampleSize")
      .defaultValue(true).scope(READ)
      .doc("When `DescribeTable` reports size 0 (new table, or statistics not yet computed), estimate the size"
          + " with one small sampled scan page.");
  public static final ConfigKey<String> INDEX_NAME = ConfigKey.string("dynamodb.read.indexName").scope(READ)
      .doc("Read this global or local secondary index instead of the table.");
  public static final ConfigKey<Boolean> CONSISTENT_READ = ConfigKey.bool("dynamodb.read.consistent")
      .defaultValue(false).scope(READ).doc("Strongly consistent scan (costs twice the read units).");
  public static final ConfigKey<String> PROJECTION = ConfigKey.string("dynamodb.read.projection").scope(READ)
      .doc("ProjectionExpression: the attributes to read, e.g. `id, price, #n`.");
  public static final ConfigKey<String> FILTER = ConfigKey.string("dynamodb.read.filter").scope(READ)
      .doc("FilterExpression applied by the service, e.g. `price > :min`.");
  public static final ConfigKey<String> EXPRESSION_NAMES = ConfigKey.string("dynamodb.read.expressionNames")
      .scope(READ).doc("ExpressionAttributeNames as `#n=name,#s=status`.");
  public static final ConfigKey<String> EXPRESSION_VALUES = ConfigKey.string("dynamodb.read.expressionValues")
      .scope(READ).doc("ExpressionAttributeValues in DynamoDB JSON, e.g. `{\":min\":{\"N\":\"10\"}}`.");
  public static final ConfigKey<Integer> PAGE_LIMIT = ConfigKey.integer("dynamodb.read.pageLimit")
      .min(1).scope(READ)
      .doc("Largest `Limit` of one Scan page. Unset: sized from the task's rate and the observed item size,"
          + " for pages of at most 1/1024 of the task's heap (64 KB to 1 MB); set, it only lowers that.");
  public static final ConfigKey<Boolean> SDK_UNMARSHALLING = ConfigKey.bool("dynamodb.read.sdkUnmarshalling")
      .defaultValue(false).scope(READ).doc("Let the AWS SDK parse the items of Scan and Query pages. By default"
          + " the connector reads them from the response itself, in one pass (exact numbers and binaries; a page"
          + " it does not fully understand goes to the SDK), which halves the client CPU a scanned item costs.");
  public static final ConfigKey<Integer> PREFETCH_PAGES = ConfigKey.integer("dynamodb.read.prefetchPages")
      .defaultValue(2).min(1).max(64).scope(READ)
      .doc("Pages a reader fetches ahead of the task (memory bound: about this many pages + 1).");
  public static final ConfigKey<Boolean> NUMBERS_AS_STRINGS = ConfigKey.bool("dynamodb.read.numbersAsStrings")
      .defaultValue(false).scope(READ)
      .doc("Spark DataFrames: read every number column (given or inferred, also inside arrays, structs and maps)"
          + " as a string holding the exact DynamoDB number text, so no value can fail to fit its column. Such"
          + " columns (metadata `dynamodb.type=N`) are written back as numbers.");

  // ---- table exports (read without read capacity) -----------------------------------------------
  public static final ConfigKey<String> EXPORT_PATH = ConfigKey.string("dynamodb.export.path").scope(READ)
      .doc("Read this DynamoDB point-in-time export (`DYNAMODB_JSON`, the service's layout) instead of the"
          + " table: no read capacity, no Scan. The export's directory (`.../AWSDynamoDB/<export-id>/`), its"
          + " `manifest-summary.json`, or the prefix holding exactly one export, on any Hadoop file system"
          + " (`s3a://`, `hdfs://`, `file://`). Items are as of the export time. Used by"
          + " `DynamoDBExportInputFormat` and by the Spark option `exportPath`.");
  public static final ConfigKey<String> EXPORT_REQUEST_S3_BUCKET = ConfigKey
      .string("dynamodb.export.request.s3Bucket").scope(READ)
      .doc("Set (and `dynamodb.export.path` unset): first request a point-in-time export of"
          + " `dynamodb.input.tableName` (a name or a table ARN; the table needs point-in-time recovery) to this"
          + " S3 bucket with `ExportTableToPointInTime`, wait until `DescribeExport` says `COMPLETED`, then read"
          + " it as `dynamodb.export.path` would. Export pricing applies instead of read capacity.");
  public static final ConfigKey<String> EXPORT_REQUEST_S3_PREFIX = ConfigKey
      .string("dynamodb.export.request.s3Prefix").scope(READ)
      .doc("S3 key prefix of a requested export (see `dynamodb.export.request.s3Bucket`).");
  public static final ConfigKey<String> EXPORT_REQUEST_EXPORT_TIME = ConfigKey
      .string("dynamodb.export.request.exportTime").scope(READ)
      .doc("Point in time of a requested export, ISO-8601 (e.g. `2026-01-02T03:04:05Z`). Unset: now.");
  public static final ConfigKey<String> EXPORT_REQUEST_BUCKET_URI = ConfigKey
      .string("dynamodb.export.request.bucketUri").scope(READ)
      .doc("Where the engine's file systems read the bucket of a requested export. Unset: `s3a://<bucket>`.");
  public static final ConfigKey<Long> EXPORT_REQUEST_TIMEOUT_MS = ConfigKey
      .longKey("dynamodb.export.request.timeoutMs").defaultValue(4L * 3600 * 1000).min(1000).unit("ms").scope(READ)
      .doc("Longest wait for a requested export to complete; then the read fails naming the export's ARN (the"
          + " export itself goes on).");
  public static final ConfigKey<Long> EXPORT_REQUEST_POLL_MS = ConfigKey
      .longKey("dynamodb.export.request.pollMs").defaultValue(10_000L).min(1).unit("ms").scope(READ)
      .doc("First wait between two `DescribeExport` calls; each wait doubles, up to 60 s.");

  // ---- write ----------------------------------------------------------------------------------
  public static final ConfigKey<String> WRITE_MODE = ConfigKey.string("dynamodb.write.mode").defaultValue("put")
      .scope(WRITE).doc("`put` writes items; `delete` deletes the items whose keys are given.");
  public static final ConfigKey<String> WRITE_REPORT_DIR = ConfigKey.string("dynamodb.write.reportDir")
      .scope(WRITE).doc("Directory where a write job's task attempts record what they wrote, so that a failed job"
          + " reports job-wide figures (failed attempts included) and lists the keys in doubt. Every task and the"
          + " driver must see it. Unset: `${hadoop.tmp.dir}/dynamodb-connector/write-reports` on the default file"
          + " system for the Hadoop, Spark and Hive bindings, the system temp directory for the tools. `none`:"
          + " keep no record (a failure then reports only its own attempt).");
  public static final ConfigKey<Integer> BATCHES_IN_FLIGHT = ConfigKey.integer("dynamodb.write.batchesInFlight")
      .defaultValue(4).min(1).max(64).scope(WRITE).doc("BatchWriteItem requests one task keeps in flight.");
  public static final ConfigKey<Integer> BATCH_SIZE = ConfigKey.integer("dynamodb.write.batchSize")
      .defaultValue(25).min(1).max(25).scope(WRITE).doc("Items per BatchWriteItem request (service maximum 25).");
  public static final ConfigKey<String> WRITE_CONDITION = ConfigKey.string("dynamodb.write.condition")
      .scope(WRITE).doc("ConditionExpression every write must meet, e.g. `attribute_not_exists(id)`: items then go"
          + " one by one (PutItem, DeleteItem in delete mode, UpdateItem in Spark's update mode) instead of in"
          + " batches. `:item.<attribute>` stands for that attribute of the item being written, e.g."
          + " `attribute_not_exists(id) OR #v < :item.version`. An item the condition refuses is counted as"
          + " rejected, not retried, not an error. See [Conditional writes](failures.md#conditional-writes).");
  public static final ConfigKey<String> WRITE_CONDITION_NAMES =
      ConfigKey.string("dynamodb.write.condition.expressionNames").scope(WRITE)
          .doc("ExpressionAttributeNames of `dynamodb.write.condition`, as `#n=name,#s=status`.");
  public static final ConfigKey<String> WRITE_CONDITION_VALUES =
      ConfigKey.string("dynamodb.write.condition.expressionValues").scope(WRITE)
          .doc("ExpressionAttributeValues of `dynamodb.write.condition` in DynamoDB JSON, e.g."
              + " `{\":cutoff\":{\"N\":\"10\"}}`.");
  public static final ConfigKey<String> WRITE_CONDITION_VERSION =
      ConfigKey.string("dynamodb.write.condition.versionAttribute").scope(WRITE)
          .doc("Write an item only if the table has no item of its key, or the stored item's value of this"
              + " attribute is lower than the written item's (which must have it): `attribute_not_exists(<a>) OR"
              + " <a> < :item.<a>`, ANDed with `dynamodb.write.condition` when both are set.");
  public static final ConfigKey<String> WRITE_REJECTED_PATH = ConfigKey.string("dynamodb.write.rejected.path")
      .scope(WRITE).doc("Directory where each task attempt writes the items the write condition rejected (the"
          + " update's key and values in update mode), one DynamoDB JSON object per line, to"
          + " `rejected-<attempt>.json` (made at the first rejection); any Hadoop file system for the Hadoop, Spark"
          + " and Hive bindings (with the cluster's default file system settings), a local directory for the"
          + " tools. Unset: rejected items are counted and the first 10 keys of each task logged.");
  public static final ConfigKey<Boolean> WRITE_REJECTED_FAIL = ConfigKey.bool("dynamodb.write.rejected.fail")
      .defaultValue(false).scope(WRITE).doc("`true`: an item refused by the write condition fails the task,"
          + " naming its key. `false`: rejected items are counted and reported, and the write goes on.");

  // ---- retries --------------------------------------------------------------------------------
  public static final ConfigKey<Integer> RETRY_MAX_ATTEMPTS = ConfigKey.integer("dynamodb.retry.maxAttempts")
      .defaultValue(30).min(1).scope(READ_WRITE)
      .doc("Attempts of one request on throttling, 5xx and connection errors before the task fails.");
  public static final ConfigKey<Long> RETRY_MAX_DURATION_MS = ConfigKey.longKey("dynamodb.retry.maxDurationMs")
      .defaultValue(120_000L).min(0).unit("ms").scope(READ_WRITE)
      .doc("Longest time one request is retried before the task fails.");
  public static final ConfigKey<Long> RETRY_BASE_DELAY_MS = ConfigKey.longKey("dynamodb.retry.baseDelayMs")
      .defaultValue(50L).min(1).unit("ms").scope(READ_WRITE)
      .doc("First backoff; doubles per attempt, full jitter.");
  public static final ConfigKey<Long> RETRY_MAX_DELAY_MS = ConfigKey.longKey("dynamodb.retry.maxDelayMs")
      .defaultValue(5_000L).min(1).unit("ms").scope(READ_WRITE).doc("Largest single backoff.");

  // ---- Hive table properties (read by the Hive handler, never passed to the core) ---------------
  public static final ConfigKey<String> HIVE_TABLE_NAME = ConfigKey.string("dynamodb.table.name").scope(HIVE)
      .doc("Hive table property: the DynamoDB table behind the Hive table. Required; it must exist.");
  public static final ConfigKey<String> HIVE_COLUMN_MAPPING = ConfigKey.string("dynamodb.column.mapping")
      .scope(HIVE).doc("Hive table property: `hiveColumn:attribute,...`. A column not listed maps to the"
          + " attribute of its own (lower-case) name, except an unlisted `map<string,string>` column, which holds"
          + " the whole item: attribute name → the attribute's JSON as the EMR connector spells it (`{\"s\":\"x\"}`,"
          + " `{\"n\":\"1\"}`, `{\"bOOL\":true}`...; any case on writing).");
  public static final ConfigKey<String> HIVE_TYPE_MAPPING = ConfigKey.string("dynamodb.type.mapping")
      .scope(HIVE).doc("Hive table property: `hiveColumn:TYPE,...`: the DynamoDB type a column is stored as when"
          + " it has a choice (see the Hive types table).");
  public static final ConfigKey<Boolean> HIVE_NULL_SERIALIZATION = ConfigKey.bool("dynamodb.null.serialization")
      .defaultValue(false).scope(HIVE).doc("Hive table property: `true` writes a NULL column (or struct field /"
          + " map value) as the NULL type; `false` omits the attribute.");
  public static final ConfigKey<Boolean> HIVE_FILTER_PUSHDOWN = ConfigKey.bool("dynamodb.filter.pushdown")
      .defaultValue(true).scope(HIVE)
      .doc("Hive table property: `false` turns predicate pushdown off (every read is a full Scan).");

  // ---- the EMR connector's own names for settings above (read as them; a conflict is an error) -----------
  public static final ConfigKey<String> REGION_ID = ConfigKey.string("dynamodb.regionid").scope(CLIENT)
      .doc("The EMR connector's second name for `dynamodb.region`, read as it. Both set to different values:"
          + " an error naming both keys.");
  public static final ConfigKey<Boolean> DELETION_MODE = ConfigKey.bool("dynamodb.deletion.mode")
      .defaultValue(false).scope(WRITE)
      .doc("The EMR connector's switch for deletes: `true` is `dynamodb.write.mode=delete` (each record's key"
          + " attributes are deleted). Contradicting an explicit `dynamodb.write.mode`: an error naming both keys.");
  public static final ConfigKey<Integer> MAX_BATCH_ITEMS = ConfigKey.integer("dynamodb.max.batch.items")
      .min(1).max(25).scope(WRITE)
      .doc("The EMR connector's name for `dynamodb.write.batchSize`, read as it. Both set to different values:"
          + " an error naming both keys.");

  // ---- the EMR connector's keys with a meaning of their own -----------------------------------------------
  public static final ConfigKey<String> PROXY_HOST = ConfigKey.string("dynamodb.proxy.hostname").scope(CLIENT)
      .doc("HTTP proxy host for DynamoDB requests (with `dynamodb.proxy.port`). Set: the JVM's proxy system"
          + " properties and `HTTP(S)_PROXY` are not consulted. Unset: they are, as the SDK does.");
  public static final ConfigKey<Integer> PROXY_PORT = ConfigKey.integer("dynamodb.proxy.port").min(1)
      .max(65535).scope(CLIENT).doc("HTTP proxy port; required with `dynamodb.proxy.hostname`.");
  public static final ConfigKey<String> PROXY_USERNAME = ConfigKey.string("dynamodb.proxy.username")
      .scope(CLIENT).doc("User name for the proxy's Basic authentication (with `dynamodb.proxy.password`).");
  public static final ConfigKey<String> PROXY_PASSWORD = ConfigKey.string("dynamodb.proxy.password")
      .scope(CLIENT).secret().doc("Password for the proxy's Basic authentication. Never logged.");
  public static final ConfigKey<Boolean> READ_AUTOSCALING = ConfigKey
      .bool("dynamodb.throughput.read.autoscaling").defaultValue(false).scope(READ)
      .doc("`true`: `dynamodb.throughput.read` is not used; the read budget follows the table's capacity as"
          + " `DescribeTable` reports it, re-read every `dynamodb.throughput.refreshIntervalMs` (the EMR"
          + " connector's meaning, for tables with auto scaling).");
  public static final ConfigKey<Boolean> WRITE_AUTOSCALING = ConfigKey
      .bool("dynamodb.throughput.write.autoscaling").defaultValue(false).scope(WRITE)
      .doc("`true`: `dynamodb.throughput.write` is not used; the write budget follows the table's capacity as"
          + " `DescribeTable` reports it, re-read every `dynamodb.throughput.refreshIntervalMs`.");
  public static final ConfigKey<Long> TABLE_SIZE_BYTES = ConfigKey.longKey("dynamodb.table.size-bytes")
      .min(0).unit("bytes").scope(READ)
      .doc("Table size to derive the scan segment count from, instead of `DescribeTable`'s (or a sample's).");

  /**
   * Every configuration key of the reference connector (the names of its {@code DynamoDBConstants}), in that
   * class's order. Each one is either a key of this registry (honoured, with the meaning documented there)
   * or a key in {@link #REPORTED} (accepted, and reported once per job with why it is not needed).
   */
  private static final List<String> REFERENCE_KEYS = List.of(
      "dynamodb.awsAccessKeyId", "dynamodb.awsSecretAccessKey", "dynamodb.awsSessionToken",
      "fs.s3.awsAccessKeyId", "fs.s3.awsSecretAccessKey", "dynamodb.customAWSCredentialsProvider",
      "dynamodb.column.mapping", "dynamodb.type.mapping", "dynamodb.null.serialization",
      "dynamodb.table.keyNames", "dynamodb.filter.pushdown", "dynamodb.endpoint", "dynamodb.regionid",
      "dynamodb.region", "dynamodb.proxy.hostname", "dynamodb.proxy.port", "dynamodb.proxy.username",
      "dynamodb.proxy.password", "dynamodb.table.name", "dynamodb.output.tableName", "dynamodb.input.tableName",
      "dynamodb.throughput.write.percent", "dynamodb.throughput.read.percent", "dynamodb.throughput.read",
      "dynamodb.throughput.write", "dynamodb.throughput.read.autoscaling", "dynamodb.throughput.write.autoscaling",
      "dynamodb.item.average.size", "dynamodb.item.count", "dynamodb.table.size-bytes", "dynamodb.max.map.tasks",
      "dynamodb.max.item.size", "dynamodb.max.batch.size", "dynamodb.max.batch.items", "dynamodb.deletion.mode",
      "dynamodb.split.size", "dynamodb.yarn.enabled", "dynamodb.scan.segments", "dynamodb.export.format.version");

  /**
   * The reference connector's keys this one accepts without needing them, each with why (Markdown): reported
   * once per job ({@link KeyCheck#reports()}), never taken for a typo.
   */
  private static final Map<String, String> REPORTED = new LinkedHashMap<>();

  static {
    String service = "the service's limits apply: an item over 400 KB is refused naming it, and a batch holds at"
        + " most 25 items (`dynamodb.write.batchSize`), far below 16 MB";
    reported("fs.s3.awsAccessKeyId", "the S3 file system's keys are not used to sign DynamoDB requests: set"
        + " `dynamodb.awsAccessKeyId` / `dynamodb.awsSecretAccessKey` (or a credential provider), or rely on the"
        + " SDK default chain (on EMR: the instance profile)");
    reported("fs.s3.awsSecretAccessKey", "as `fs.s3.awsAccessKeyId`");
    reported("dynamodb.table.keyNames", "the key attributes come from `DescribeTable` (delete mode sends only"
        + " those of each record)");
    reported("dynamodb.item.average.size", "the average item size is measured while reading");
    reported("dynamodb.item.count", "only sized the splits' reported length in the EMR connector; the item"
        + " count comes from `DescribeTable`");
    reported("dynamodb.max.item.size", service);
    reported("dynamodb.max.batch.size", service);
    reported("dynamodb.split.size", "only set the splits' reported length in the EMR connector; the split count"
        + " follows `dynamodb.scan.segments`, `dynamodb.scan.bytesPerSegment` and `dynamodb.max.map.tasks`");
    reported("dynamodb.yarn.enabled", "the task count comes from the engine (splits, reducers), not from the"
        + " YARN cluster's size");
    reported("dynamodb.export.format.version", "read by the export/import tools only, from their own manifest");
  }

  private static void reported(String name, String why) {
    REPORTED.put(name, why);
  }

  private static final List<ConfigKey<?>> ALL;
  private static final Map<String, ConfigKey<?>> BY_NAME;
  private static final Set<String> SECRET_NAMES;

  static {
    List<ConfigKey<?>> keys = new ArrayList<>();
    for (Field f : ConnectorOptions.class.getDeclaredFields()) {
      if (f.getType() == ConfigKey.class && Modifier.isStatic(f.getModifiers())) {
        try {
          keys.add((ConfigKey<?>) f.get(null));
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    Map<String, ConfigKey<?>> byName = new LinkedHashMap<>();
    for (ConfigKey<?> k : keys) {
      if (byName.put(k.name(), k) != null) {
        throw new IllegalStateException("duplicate configuration key " + k.name());
      }
    }
    for (String k : REPORTED.keySet()) {
      if (byName.containsKey(k)) {
        throw new IllegalStateException("key " + k + " is both honoured and reported");
      }
    }
    for (String k : REFERENCE_KEYS) {
      if (!byName.containsKey(k) && !REPORTED.containsKey(k)) {
        throw new IllegalStateException("key " + k + " of the EMR connector is neither honoured nor reported");
      }
    }
    ALL = Collections.unmodifiableList(keys);
    BY_NAME = Collections.unmodifiableMap(byName);
    Set<String> secrets = new java.util.TreeSet<>(Set.of("fs.s3.awsAccessKeyId", "fs.s3.awsSecretAccessKey"));
    for (ConfigKey<?> k : keys) {
      if (k.isSecret()) {
        secrets.add(k.name());
      }
    }
    SECRET_NAMES = Collections.unmodifiableSet(secrets);
  }

  private ConnectorOptions() {}

  /** Every key, in declaration order. */
  public static List<ConfigKey<?>> all() {
    return ALL;
  }

  public static Optional<ConfigKey<?>> find(String name) {
    return Optional.ofNullable(BY_NAME.get(name));
  }

  /** The keys the core reads: every key but the Hive table properties. */
  public static List<ConfigKey<?>> coreKeys() {
    List<ConfigKey<?>> out = new ArrayList<>();
    for (ConfigKey<?> k : ALL) {
      if (k.scope() != HIVE) {
        out.add(k);
      }
    }
    return out;
  }

  /** The Hive table properties: read by the Hive handler, never passed to the core. */
  public static List<ConfigKey<?>> hiveKeys() {
    List<ConfigKey<?>> out = new ArrayList<>();
    for (ConfigKey<?> k : ALL) {
      if (k.scope() == HIVE) {
        out.add(k);
      }
    }
    return out;
  }

  /**
   * The credentials: the keys a Hadoop credential provider ({@code hadoop.security.credential.provider.path})
   * may hold under their own names.
   */
  public static List<ConfigKey<String>> credentialKeys() {
    return List.of(ACCESS_KEY_ID, SECRET_ACCESS_KEY, SESSION_TOKEN);
  }

  /**
   * The reference connector's keys this one accepts without needing them, each with why (Markdown); the
   * others of {@link #referenceKeys()} are keys of this registry.
   */
  public static Map<String, String> reportedReferenceKeys() {
    return Collections.unmodifiableMap(REPORTED);
  }

  /** Every configuration key of the reference connector ({@code DynamoDBConstants}), honoured or reported. */
  public static List<String> referenceKeys() {
    return REFERENCE_KEYS;
  }

  /** Every key name whose value is a secret: the registry's secret keys and the S3 file system's keys. */
  public static Set<String> secretNames() {
    return SECRET_NAMES;
  }

  /** The closest known key to a mistyped one, if any is close enough to be a likely typo. */
  public static Optional<String> suggest(String unknown) {
    return Suggestions.closest(unknown, BY_NAME.keySet(), Math.max(3, unknown.length() / 4));
  }

  /**
   * The known key that {@code unknown} is a near miss of, if any: the same name ignoring case, or at most 2
   * edits away (3 for names of 30 characters or more; a swap of neighbours counts as one edit). Nothing when
   * the name is as close to a reference key this connector ignores: that is not the typo that loses a
   * setting.
   */
  public static Optional<String> nearMiss(String unknown) {
    if (BY_NAME.containsKey(unknown) || REPORTED.containsKey(unknown)) {
      return Optional.empty();
    }
    String u = unknown.toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String k : BY_NAME.keySet()) {
      int d = Suggestions.distance(u, k.toLowerCase(Locale.ROOT));
      if (d < bestDistance && d <= (k.length() >= 30 ? 3 : 2)) {
        bestDistance = d;
        best = k;
      }
    }
    if (best == null) {
      return Optional.empty();
    }
    for (String k : REPORTED.keySet()) {
      if (Suggestions.distance(u, k.toLowerCase(Locale.ROOT)) <= bestDistance) {
        return Optional.empty();
      }
    }
    return Optional.of(best);
  }

  /** The configuration page's table of the core keys (every scope but Hive), generated from the keys above. */
  public static String markdownTable() {
    return table(coreKeys());
  }

  /** The configuration page's table of the Hive table properties ({@link ConfigKey.Scope#HIVE}). */
  public static String hivePropertyTable() {
    List<ConfigKey<?>> hive = new ArrayList<>();
    for (ConfigKey<?> k : ALL) {
      if (k.scope() == HIVE) {
        hive.add(k);
      }
    }
    return table(hive);
  }

  private static String table(List<ConfigKey<?>> keys) {
    StringBuilder sb = new StringBuilder();
    sb.append("| key | default | unit | scope | meaning |\n");
    sb.append("|---|---|---|---|---|\n");
    for (ConfigKey<?> k : keys) {
      sb.append("| `").append(k.name()).append("` | ")
          .append(k.defaultValue() == null ? "—" : "`" + k.defaultValue() + "`").append(" | ")
          .append(k.unit()).append(" | ")
          .append(k.scope() == HIVE ? "hive table" : k.scope().name().toLowerCase(Locale.ROOT).replace('_', '/'))
          .append(" | ").append(k.description().replace("|", "\\|")).append(" |\n");
    }
    return sb.toString();
  }

  /**
   * The migration page's table of the reference connector's keys: each honoured, with what it
   * does here, or reported, with why it is not needed; Markdown.
   */
  public static String referenceKeyTable() {
    StringBuilder sb = new StringBuilder();
    sb.append("| EMR connector key | here |\n");
    sb.append("|---|---|\n");
    for (String k : REFERENCE_KEYS) {
      String why = REPORTED.get(k);
      sb.append("| `").append(k).append("` | ")
          .append(why == null ? "honoured: " + BY_NAME.get(k).description().replace("|", "\\|")
              : "accepted, reported once per job: " + why.replace("|", "\\|")).append(" |\n");
    }
    return sb.toString();
  }
}
