package io.ddbconnector.conf;

import static io.ddbconnector.conf.SparkOption.alias;
import static io.ddbconnector.conf.SparkOption.own;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The options of the Spark data source ({@code spark.read.format("dynamodb").option(...)}) and of the RDD
 * helpers, defined once beside {@link ConnectorOptions}: short names for core keys, and the options only the
 * Spark layer reads. {@code SparkSettings} in the Spark module takes its names from here, the Spark options
 * table of {@code docs/configuration.md} is generated from here ({@link #markdownTable()}), and tests fail
 * when either drifts. Besides these, every core key is accepted by its full name and without its
 * {@code dynamodb.} prefix.
 */
public final class SparkOptions {
  private SparkOptions() {}

  /** Default of {@link #SCHEMA_SAMPLE_SIZE}. */
  public static final int SCHEMA_SAMPLE_SIZE_DEFAULT = 1000;
  /** Default of {@link #MAX_KEY_QUERIES}. */
  public static final int MAX_KEY_QUERIES_DEFAULT = 100;

  // ---- short names for core keys ----------------------------------------------------------------
  public static final SparkOption TABLE_NAME = alias("tableName", List.of("table"),
      "The table to read and to write.", ConnectorOptions.INPUT_TABLE_NAME, ConnectorOptions.OUTPUT_TABLE_NAME);
  public static final SparkOption INPUT_TABLE_NAME = alias("inputTableName", List.of(), null,
      ConnectorOptions.INPUT_TABLE_NAME);
  public static final SparkOption OUTPUT_TABLE_NAME = alias("outputTableName", List.of(), null,
      ConnectorOptions.OUTPUT_TABLE_NAME);
  public static final SparkOption ENDPOINT = alias("endpoint", List.of(), null, ConnectorOptions.ENDPOINT);
  public static final SparkOption REGION = alias("region", List.of(), null, ConnectorOptions.REGION);
  public static final SparkOption ACCESS_KEY_ID = alias("accessKeyId", List.of("awsAccessKeyId"),
      "Static access key id. Prefer the SDK chain or a credential provider"
          + " (`spark.hadoop.hadoop.security.credential.provider.path`).", ConnectorOptions.ACCESS_KEY_ID);
  public static final SparkOption SECRET_ACCESS_KEY = alias("secretAccessKey", List.of("awsSecretAccessKey"),
      "Static secret access key (see `accessKeyId`).", ConnectorOptions.SECRET_ACCESS_KEY);
  public static final SparkOption SESSION_TOKEN = alias("sessionToken", List.of("awsSessionToken"),
      "Session token for temporary credentials (see `accessKeyId`).", ConnectorOptions.SESSION_TOKEN);
  public static final SparkOption CREDENTIALS_PROVIDER = alias("credentialsProvider", List.of(), null,
      ConnectorOptions.CREDENTIALS_PROVIDER);
  public static final SparkOption READ_PERCENT = alias("readPercent", List.of(), null,
      ConnectorOptions.READ_PERCENT);
  public static final SparkOption WRITE_PERCENT = alias("writePercent", List.of(), null,
      ConnectorOptions.WRITE_PERCENT);
  public static final SparkOption READ_CAPACITY = alias("readCapacity", List.of(), null,
      ConnectorOptions.READ_CAPACITY);
  public static final SparkOption WRITE_CAPACITY = alias("writeCapacity", List.of(), null,
      ConnectorOptions.WRITE_CAPACITY);
  public static final SparkOption CONCURRENCY = alias("concurrency", List.of(),
      "Override: divide the budget by this fixed number of tasks. Default: the live share among the tasks"
          + " running at the moment.", ConnectorOptions.CONCURRENCY);
  public static final SparkOption SEGMENTS = alias("segments", List.of(), null, ConnectorOptions.SCAN_SEGMENTS);
  public static final SparkOption MAX_PARTITIONS = alias("maxPartitions", List.of(), null,
      ConnectorOptions.MAX_MAP_TASKS);
  public static final SparkOption CONSISTENT_READ = alias("consistentRead", List.of(), null,
      ConnectorOptions.CONSISTENT_READ);
  public static final SparkOption INDEX_NAME = alias("indexName", List.of(), null, ConnectorOptions.INDEX_NAME);
  public static final SparkOption PAGE_LIMIT = alias("pageLimit", List.of(), null, ConnectorOptions.PAGE_LIMIT);
  public static final SparkOption BATCH_SIZE = alias("batchSize", List.of(), null, ConnectorOptions.BATCH_SIZE);
  public static final SparkOption BATCHES_IN_FLIGHT = alias("batchesInFlight", List.of(), null,
      ConnectorOptions.BATCHES_IN_FLIGHT);
  public static final SparkOption NUMBERS_AS_STRINGS = alias("numbersAsStrings", List.of(),
      "`true` reads every number column as its exact DynamoDB number text (see Schema inference in"
          + " `docs/spark.md`).", ConnectorOptions.NUMBERS_AS_STRINGS);
  public static final SparkOption EXPORT_PATH = alias("exportPath", List.of(),
      "Read this DynamoDB table export instead of the table: no read capacity, no Scan (see Reading from a table"
          + " export in `docs/spark.md`).", ConnectorOptions.EXPORT_PATH);

  // ---- options only the Spark layer reads -------------------------------------------------------
  public static final SparkOption MODE = own("mode", "put", "Write mode: `put`, `delete` (delete the rows'"
      + " keys; both set `dynamodb.write.mode`) or `update` (UpdateItem of the row's non-key columns). Not"
      + " Spark's save mode: writes also need `.mode(\"append\")`.");
  public static final SparkOption REMOVE_NULLS = own("removeNulls", "false",
      "Update mode: `true` makes a null column REMOVE the attribute; `false` leaves the attribute as it is.");
  public static final SparkOption SCHEMA_SAMPLE_SIZE = own("schemaSampleSize",
      Integer.toString(SCHEMA_SAMPLE_SIZE_DEFAULT), "Items sampled for schema inference (from up to 8 splits).");
  public static final SparkOption ON_TYPE_MISMATCH = own("onTypeMismatch", "fail",
      "`fail` or `null`: what a value of another type than its column reads as.");
  public static final SparkOption PUSHDOWN = own("pushdown", "true",
      "`false` turns filter pushdown off (columns are still pruned).");
  public static final SparkOption MAX_KEY_QUERIES = own("maxKeyQueries", Integer.toString(MAX_KEY_QUERIES_DEFAULT),
      "Most hash-key values of an `IN` run as Queries; more, and the read scans.");
  public static final SparkOption PATH = own("path", null, "What Spark passes for `load(\"t\")` / `save(\"t\")`:"
      + " the table to read and write when the options name none.");

  // ---- the dynamodb-streams source (a table's change stream as a streaming DataFrame) --------------------
  public static final SparkOption STARTING_POSITION = own("startingPosition", "TRIM_HORIZON",
      "`dynamodb-streams` source: where a new query starts, `TRIM_HORIZON` (the oldest record still in the"
          + " stream, up to 24 hours back) or `LATEST` (changes after the query starts). A restarted query resumes"
          + " from its checkpoint instead.");
  public static final SparkOption MAX_RECORDS_PER_TRIGGER = own("maxRecordsPerTrigger", "100000",
      "`dynamodb-streams` source: most stream records one micro-batch takes (over all shards).");
  public static final SparkOption FAIL_ON_DATA_LOSS = own("failOnDataLoss", "true",
      "`dynamodb-streams` source: `true` fails a query whose checkpointed position is older than the stream's"
          + " 24-hour retention; `false` goes on from the oldest record left in the shard (the trimmed ones are lost).");

  private static final List<SparkOption> ALL = List.of(TABLE_NAME, INPUT_TABLE_NAME, OUTPUT_TABLE_NAME, ENDPOINT,
      REGION, ACCESS_KEY_ID, SECRET_ACCESS_KEY, SESSION_TOKEN, CREDENTIALS_PROVIDER, READ_PERCENT, WRITE_PERCENT,
      READ_CAPACITY, WRITE_CAPACITY, CONCURRENCY, SEGMENTS, MAX_PARTITIONS, CONSISTENT_READ, INDEX_NAME, PAGE_LIMIT,
      BATCH_SIZE, BATCHES_IN_FLIGHT, NUMBERS_AS_STRINGS, EXPORT_PATH, MODE, REMOVE_NULLS, SCHEMA_SAMPLE_SIZE, ON_TYPE_MISMATCH,
      PUSHDOWN, MAX_KEY_QUERIES, PATH, STARTING_POSITION, MAX_RECORDS_PER_TRIGGER, FAIL_ON_DATA_LOSS);

  // ---- the catalog (spark.sql.catalog.<catalog> = io.ddbconnector.spark.catalog.DynamoDBCatalog) ----------------
  // Catalog options are every option above (spark.sql.catalog.<catalog>.<option>), plus these.
  /** Where a table name sits in {@link #CATALOG_TABLE_SCHEMA}'s name. */
  public static final String CATALOG_TABLE_PLACEHOLDER = "<name>";
  public static final SparkOption CATALOG_TABLE_SCHEMA = own("table." + CATALOG_TABLE_PLACEHOLDER + ".schema", null,
      "Catalog option (`spark.sql.catalog.<catalog>.table.<name>.schema`): the schema of table `<name>` as a"
          + " Spark DDL string, e.g. `id STRING, total DECIMAL(38,10)`, used instead of inferring one from a"
          + " sample. `<name>` is the DynamoDB table name exactly (case and dots included). The table's key"
          + " attributes must be columns of their type (S: `STRING`, N: a number type, B: `BINARY`); they are"
          + " made `NOT NULL`.");

  private static final List<SparkOption> CATALOG = List.of(CATALOG_TABLE_SCHEMA);

  /** The options only the DynamoDB catalog reads, besides the data source's options. */
  public static List<SparkOption> catalogOptions() {
    return CATALOG;
  }

  /** The catalog options table of the configuration page. */
  public static String catalogMarkdownTable() {
    StringBuilder sb = new StringBuilder();
    sb.append("| catalog option | default | meaning |\n");
    sb.append("|---|---|---|\n");
    for (SparkOption o : CATALOG) {
      sb.append("| `").append(o.name()).append("` | ")
          .append(o.defaultValue() == null ? "—" : "`" + o.defaultValue() + "`").append(" | ")
          .append(o.description().replace("|", "\\|")).append(" |\n");
    }
    return sb.toString();
  }

  /** Every Spark option, in documentation order. */
  public static List<SparkOption> all() {
    return ALL;
  }

  /** The options that are short names for core keys. */
  public static List<SparkOption> aliases() {
    return ALL.stream().filter(o -> !o.sparkOnly()).collect(Collectors.toUnmodifiableList());
  }

  /** The options only the Spark layer reads. */
  public static List<SparkOption> sparkOnly() {
    return ALL.stream().filter(SparkOption::sparkOnly).collect(Collectors.toUnmodifiableList());
  }

  /** The option one of whose names is {@code name}, ignoring case. */
  public static Optional<SparkOption> find(String name) {
    return ALL.stream().filter(o -> o.matches(name)).findFirst();
  }

  /** The Spark options table of the configuration page, generated from the options above. */
  public static String markdownTable() {
    StringBuilder sb = new StringBuilder();
    sb.append("| option | sets | default | meaning |\n");
    sb.append("|---|---|---|---|\n");
    for (SparkOption o : ALL) {
      List<String> names = new ArrayList<>();
      for (String n : o.names()) {
        names.add("`" + n + "`");
      }
      String sets;
      String dflt;
      String meaning;
      if (o.sparkOnly()) {
        sets = "Spark only";
        dflt = o.defaultValue() == null ? "—" : "`" + o.defaultValue() + "`";
        meaning = o.description();
      } else {
        sets = o.keys().stream().map(k -> "`" + k.name() + "`").collect(Collectors.joining(", "));
        Object d = o.keys().get(0).defaultValue();
        dflt = d == null ? "—" : "`" + d + "`";
        meaning = o.description().isEmpty() ? o.keys().get(0).description() : o.description();
      }
      sb.append("| ").append(String.join(", ", names)).append(" | ").append(sets).append(" | ").append(dflt)
          .append(" | ").append(meaning.replace("|", "\\|")).append(" |\n");
    }
    return sb.toString();
  }
}
