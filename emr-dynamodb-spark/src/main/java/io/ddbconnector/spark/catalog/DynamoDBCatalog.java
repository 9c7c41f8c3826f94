package io.ddbconnector.spark.catalog;

import io.ddbconnector.conf.ConnectorOptions;
import io.ddbconnector.conf.Secrets;
import io.ddbconnector.conf.SparkOptions;
import io.ddbconnector.core.DynamoDBConnector;
import io.ddbconnector.spark.SparkSettings;
import io.ddbconnector.spark.datasource.DynamoDBDataSource;
import io.ddbconnector.table.TableInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.NoSuchNamespaceException;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.connector.catalog.Identifier;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableCatalog;
import org.apache.spark.sql.connector.catalog.TableChange;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The DynamoDB tables of one endpoint/region as a Spark SQL catalog:
 * {@code spark.sql.catalog.ddb = io.ddbconnector.spark.catalog.DynamoDBCatalog}, then {@code SHOW TABLES IN ddb},
 * {@code DESCRIBE TABLE EXTENDED ddb.orders}, {@code SELECT ... FROM ddb.orders} and
 * {@code INSERT INTO ddb.orders SELECT ...} with no registration.
 *
 * <p>Catalog options ({@code spark.sql.catalog.ddb.<option>}) are the {@code dynamodb} source's options
 * (endpoint, region, credentials, rates, ...), read by {@link SparkSettings} like a DataFrame's options; they apply
 * to every table and a query's own options ({@code WITH (...)}, {@code spark.read.option(...)}) override them.
 * Besides, {@code table.<name>.schema} pins a table's schema ({@link PinnedSchemas}); any other table's schema is
 * inferred from a sample once per catalog instance (a session) and kept until {@code REFRESH TABLE}.
 *
 * <p>One namespace: the tables sit at the catalog's root ({@code ddb.orders}, {@code ddb.`my.table-1`}); a name
 * with a namespace is no table. Tables are created, changed and dropped with the AWS console, CLI or
 * CloudFormation, not here: those statements fail naming the table.
 */
public final class DynamoDBCatalog implements TableCatalog {

  private static final Logger LOG = LoggerFactory.getLogger(DynamoDBCatalog.class);

  private String name;
  /** The connector options of every table, as written (no pins, no table name). */
  private Map<String, String> options;
  private PinnedSchemas pins;
  /** Schemas inferred or pinned so far, by table name: one sample per table per catalog instance. */
  private final ConcurrentMap<String, StructType> schemas = new ConcurrentHashMap<>();

  @Override
  public void initialize(String name, CaseInsensitiveStringMap given) {
    this.name = name;
    Map<String, String> all = new TreeMap<>(given.asCaseSensitiveMap());
    this.pins = PinnedSchemas.from(name, all);
    Map<String, String> opts = new LinkedHashMap<>();
    all.forEach((k, v) -> {
      if (PinnedSchemas.tableOf(k).isPresent()) {
        return;
      }
      if (namesTable(k)) {
        LOG.warn("DynamoDB catalog '{}': option '{}' ignored; a catalog table is named in the query"
            + " ({}.<table>).", name, k, name);
        return;
      }
      opts.put(k, v);
    });
    this.options = Collections.unmodifiableMap(opts);
    try {
      for (String w : SparkSettings.from(SparkSession.active(), options).checkKeys()) {
        LOG.warn("DynamoDB catalog '{}': {}", name, w);
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("DynamoDB catalog '" + name + "' (options spark.sql.catalog." + name
          + ".*): " + e.getMessage(), e);
    }
    Map<String, String> shown = new TreeMap<>();
    options.forEach((k, v) -> shown.put(k, Secrets.redact(k, v)));
    LOG.info("DynamoDB catalog '{}' with options {}", name, shown);
  }

  private static boolean namesTable(String option) {
    return SparkOptions.TABLE_NAME.matches(option) || SparkOptions.INPUT_TABLE_NAME.matches(option)
        || SparkOptions.OUTPUT_TABLE_NAME.matches(option) || SparkOptions.PATH.matches(option)
        || option.equalsIgnoreCase(ConnectorOptions.INPUT_TABLE_NAME.name())
        || option.equalsIgnoreCase(ConnectorOptions.OUTPUT_TABLE_NAME.name());
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Identifier[] listTables(String[] namespace) throws NoSuchNamespaceException {
    if (namespace.length > 0) {
      throw new NoSuchNamespaceException(namespace);
    }
    List<String> tables = DynamoDBConnector.create(settings(Map.of()).core()).listTables();
    return tables.stream().map(t -> Identifier.of(new String[0], t)).toArray(Identifier[]::new);
  }

  @Override
  public Table loadTable(Identifier ident) throws NoSuchTableException {
    if (ident.namespace().length > 0) {
      throw notFound(ident);
    }
    String table = ident.name();
    Map<String, String> tableOptions = tableOptions(table);
    TableInfo info = DynamoDBConnector.create(settings(tableOptions).core()).findTable(table)
        .orElseThrow(() -> notFound(ident));
    boolean pinned = pins.has(table);
    StructType schema = schemas.computeIfAbsent(table, t -> pinned ? pins.schema(info)
        : new DynamoDBDataSource().inferSchema(new CaseInsensitiveStringMap(tableOptions), info));
    Table source;
    try {
      source = new DynamoDBDataSource().getTable(schema, new Transform[0], tableOptions);
    } catch (IllegalArgumentException e) {
      if (pinned) {
        throw new IllegalArgumentException(pins.where(table) + ": " + e.getMessage(), e);
      }
      throw e;
    }
    String schemaSource = pinned ? "pinned by " + pins.key(table)
        : "inferred from a sample of up to " + settings(tableOptions).schemaSampleSize()
            + " items, kept for this session (REFRESH TABLE samples again)";
    return new CatalogTable(name + "." + ident, source, TableDescription.withKeyComments(source.schema(), info),
        TableDescription.of(info, schemaSource, options));
  }

  /** DescribeTable only: whether a table exists needs no schema (no sample is read). */
  @Override
  public boolean tableExists(Identifier ident) {
    if (ident.namespace().length > 0) {
      return false;
    }
    return DynamoDBConnector.create(settings(tableOptions(ident.name())).core()).findTable(ident.name()).isPresent();
  }

  /** Forgets the table's inferred schema ({@code REFRESH TABLE}): the next load samples again. */
  @Override
  public void invalidateTable(Identifier ident) {
    if (ident.namespace().length == 0) {
      schemas.remove(ident.name());
    }
  }

  /** The catalog's options naming {@code table} to read and write: what the data source's table is opened with. */
  private Map<String, String> tableOptions(String table) {
    Map<String, String> o = new LinkedHashMap<>(options);
    o.put(SparkOptions.TABLE_NAME.name(), table);
    return o;
  }

  private SparkSettings settings(Map<String, String> opts) {
    Map<String, String> all = new LinkedHashMap<>(options);
    all.putAll(opts);
    return SparkSettings.from(SparkSession.active(), all);
  }

  private NoSuchTableException notFound(Identifier ident) {
    List<String> parts = new ArrayList<>();
    parts.add(name);
    parts.addAll(Arrays.asList(ident.namespace()));
    parts.add(ident.name());
    return new NoSuchTableException(CollectionConverters.asScala(parts).toSeq());
  }

  @Override
  @SuppressWarnings("deprecation") // the StructType variant is the one Column[]'s default delegates to
  public Table createTable(Identifier ident, StructType schema, Transform[] partitions,
      Map<String, String> properties) {
    throw unsupported("create", ident, "create it with the AWS console, the AWS CLI (aws dynamodb create-table)"
        + " or CloudFormation; the catalog lists it at the next query");
  }

  @Override
  public Table alterTable(Identifier ident, TableChange... changes) {
    throw unsupported("alter", ident, "change its capacity or indexes with the AWS console or the AWS CLI (aws"
        + " dynamodb update-table); its columns are whatever attributes the items hold (pin a schema with '"
        + pins.key(ident.name()) + "')");
  }

  @Override
  public boolean dropTable(Identifier ident) {
    throw unsupported("drop", ident, "delete it with the AWS console or the AWS CLI (aws dynamodb delete-table)");
  }

  @Override
  public void renameTable(Identifier oldIdent, Identifier newIdent) {
    throw unsupported("rename", oldIdent, "DynamoDB cannot rename a table; create the new one and copy the items"
        + " (e.g. INSERT INTO " + name + ".<new> SELECT * FROM " + name + "." + oldIdent + ")");
  }

  private UnsupportedOperationException unsupported(String verb, Identifier ident, String instead) {
    return new UnsupportedOperationException("The DynamoDB catalog '" + name + "' does not " + verb
        + " tables (table '" + ident.name() + "'): " + instead + ".");
  }

  @Override
  public String toString() {
    return "DynamoDBCatalog{" + name + "}";
  }
}
