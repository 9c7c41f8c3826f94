package io.ddbconnector.spark.datasource;

import io.ddbconnector.read.ExpressionPlaceholders;

import io.ddbconnector.conf.ConnectorOptions;
import io.ddbconnector.conf.Settings;
import io.ddbconnector.split.KeyQuery;
import io.ddbconnector.spark.SparkSettings;
import io.ddbconnector.types.DynamoJson;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.connector.read.SupportsPushDownFilters;
import org.apache.spark.sql.connector.read.SupportsPushDownRequiredColumns;
import org.apache.spark.sql.sources.Filter;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Collects what Spark pushes (filters, then the columns it needs) and turns it into the read's settings:
 * {@code dynamodb.read.projection} with {@code #p0}-style names for the pruned columns, a
 * {@code dynamodb.read.filter}, and the key queries when the hash key is pinned. Every filter is also
 * returned to Spark as a post-scan filter, so results never depend on the pushdown.
 */
final class DynamoDBScanBuilder implements ScanBuilder, SupportsPushDownFilters, SupportsPushDownRequiredColumns {

  /** Beyond this many columns the ProjectionExpression could pass DynamoDB's 4 KB expression limit. */
  static final int MAX_PROJECTED_COLUMNS = 300;

  private final StructType schema;
  private final SparkSettings settings;
  private final TableKeys keys;
  private final ExpressionPlaceholders placeholders;
  private StructType required;
  private FilterTranslator.Result pushdown = new FilterTranslator.Result(List.of(), null, List.of(), List.of());

  DynamoDBScanBuilder(StructType schema, SparkSettings settings, TableKeys keys) {
    this.schema = schema;
    this.settings = settings;
    this.keys = keys;
    this.required = schema;
    Settings core = settings.core();
    boolean clash = core.get(ConnectorOptions.EXPRESSION_NAMES) != null
        || core.get(ConnectorOptions.EXPRESSION_VALUES) != null;
    // user-given names/values: use placeholders that cannot collide with theirs
    this.placeholders = clash ? new ExpressionPlaceholders("#sparkp", ":sparkf") : new ExpressionPlaceholders("#p", ":f");
  }

  @Override
  public Filter[] pushFilters(Filter[] filters) {
    if (settings.pushdown() && filters.length > 0) {
      FilterTranslator.Key hash = new FilterTranslator.Key(keys.hash().name(), keys.hash().type());
      FilterTranslator.Key range = keys.range() == null ? null
          : new FilterTranslator.Key(keys.range().name(), keys.range().type());
      FilterTranslator t = new FilterTranslator(schema, hash, range, keys.indexName, keys.allKeyNames(),
          settings.onTypeMismatch(), settings.maxKeyQueries());
      pushdown = t.translate(filters, placeholders);
    }
    return filters; // Spark evaluates them all again: DynamoDB's comparison rules differ for some types
  }

  @Override
  public Filter[] pushedFilters() {
    return pushdown.pushed.toArray(new Filter[0]);
  }

  @Override
  public void pruneColumns(StructType requiredSchema) {
    this.required = requiredSchema;
  }

  @Override
  public Scan build() {
    Settings core = settings.core();
    Map<String, String> raw = new LinkedHashMap<>(core.raw());
    String projection = null;
    if (core.get(ConnectorOptions.PROJECTION) == null) {
      projection = projection();
      if (projection != null) {
        raw.put(ConnectorOptions.PROJECTION.name(), projection);
      }
    }
    String filter = pushdown.filterExpression;
    if (filter != null) {
      String user = core.get(ConnectorOptions.FILTER);
      raw.put(ConnectorOptions.FILTER.name(), user == null ? filter : "(" + user + ") AND (" + filter + ")");
    }
    Map<String, String> names = new LinkedHashMap<>(placeholders.names());
    if (!names.isEmpty()) {
      String user = core.get(ConnectorOptions.EXPRESSION_NAMES);
      String ours = ExpressionPlaceholders.format(names);
      raw.put(ConnectorOptions.EXPRESSION_NAMES.name(), user == null || user.isBlank() ? ours : user + "," + ours);
    }
    Map<String, AttributeValue> values = new LinkedHashMap<>(placeholders.values());
    if (!values.isEmpty()) {
      String user = core.get(ConnectorOptions.EXPRESSION_VALUES);
      if (user != null && !user.isBlank()) {
        Map<String, AttributeValue> merged = new LinkedHashMap<>(DynamoJson.parseItem(user));
        merged.putAll(values);
        values = merged;
      }
      raw.put(ConnectorOptions.EXPRESSION_VALUES.name(), DynamoJson.toJson(values));
    }
    List<KeyQuery> queries = new ArrayList<>(pushdown.queries);
    return new DynamoDBScan(required, Settings.of(raw), settings, keys, Collections.unmodifiableList(queries),
        pushdown.pushed, pushdown.keyConditions, projection == null ? null : describeColumns());
  }

  /**
   * The ProjectionExpression of the pruned columns (top-level attributes; nested fields are selected by
   * the converter), the hash key alone when Spark needs no column (e.g. count), or null to read whole
   * items when a column name cannot be expressed.
   */
  private String projection() {
    List<String> columns = new ArrayList<>();
    for (StructField f : required.fields()) {
      columns.add(f.name());
    }
    if (columns.isEmpty()) {
      columns.add(keys.hash().name());
    }
    // even with every column required a projection helps: attributes outside the schema are not transferred
    if (columns.size() > MAX_PROJECTED_COLUMNS) {
      return null; // DynamoDB limits an expression to 4 KB: read whole items instead
    }
    for (String c : columns) {
      if (!ExpressionPlaceholders.safeName(c)) {
        return null;
      }
    }
    List<String> parts = new ArrayList<>();
    for (String c : columns) {
      parts.add(placeholders.name(c));
    }
    return String.join(", ", parts);
  }

  private List<String> describeColumns() {
    List<String> out = new ArrayList<>();
    for (StructField f : required.fields()) {
      out.add(f.name());
    }
    return out;
  }
}
