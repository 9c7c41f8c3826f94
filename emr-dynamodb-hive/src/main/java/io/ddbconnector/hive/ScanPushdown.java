package io.ddbconnector.hive;

import io.ddbconnector.conf.ConnectorOptions;
import io.ddbconnector.conf.Settings;
import io.ddbconnector.hive.ColumnMapping.Column;
import io.ddbconnector.hive.PredicateTranslator.Conjunct;
import io.ddbconnector.hive.PredicateTranslator.Node;
import io.ddbconnector.types.DynamoJson;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hive.ql.exec.Utilities;
import org.apache.hadoop.hive.ql.plan.MapWork;
import org.apache.hadoop.hive.ql.exec.SerializationUtilities;
import org.apache.hadoop.hive.ql.plan.ExprNodeGenericFuncDesc;
import org.apache.hadoop.hive.ql.plan.TableScanDesc;
import org.apache.hadoop.hive.serde2.ColumnProjectionUtils;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What Hive asks of one scan of a DynamoDB table, read from the job configuration Hive prepared: the
 * column mapping, the translated conjuncts of the pushed predicate ({@code hive.io.filter.expr.serialized})
 * and the attributes of the columns read ({@code hive.io.file.readcolumn.names}). The split planner and the
 * record reader each build one from the configuration they get (a job's configuration changes made while
 * planning do not reach its tasks), so both derive the same expressions.
 */
final class ScanPushdown {

  private final ColumnMapping mapping;
  private final List<Node> conjuncts;
  private final Set<String> neededAttributes;

  private ScanPushdown(ColumnMapping mapping, List<Node> conjuncts, Set<String> neededAttributes) {
    this.mapping = mapping;
    this.conjuncts = Collections.unmodifiableList(conjuncts);
    this.neededAttributes = neededAttributes == null ? null : Collections.unmodifiableSet(neededAttributes);
  }

  static ScanPushdown from(Configuration conf) {
    return from(conf, null);
  }

  /**
   * @param location the Hive table's location the scan reads; when Hive's map plan reads it for several
   *     aliases (a self-join in one MapReduce stage), the configuration holds one alias's predicate while
   *     the rows feed every alias, so no predicate is used
   */
  static ScanPushdown from(Configuration conf, Path location) {
    Properties hive = HiveTableProperties.hiveProperties(conf);
    ColumnMapping mapping = ColumnMapping.from(hive);
    List<Node> conjuncts = new ArrayList<>();
    String serialized = conf.get(TableScanDesc.FILTER_EXPR_CONF_STR);
    if (serialized != null && !serialized.isEmpty()
        && HiveTableProperties.flag(hive, HiveTableProperties.FILTER_PUSHDOWN, true)
        && (location == null || aliasesReading(conf, location) <= 1)) {
      ExprNodeGenericFuncDesc predicate = SerializationUtilities.deserializeExpression(serialized);
      for (Conjunct c : new PredicateTranslator(mapping).conjuncts(predicate)) {
        conjuncts.add(c.node());
      }
    }
    return new ScanPushdown(mapping, conjuncts, needed(conf, mapping));
  }

  /** How many aliases of Hive's map plan read the location (0 when there is no map plan, e.g. a fetch). */
  static int aliasesReading(Configuration conf, Path location) {
    MapWork work;
    try {
      work = Utilities.getMapWork(conf);
    } catch (RuntimeException e) {
      return 0;
    }
    if (work == null || work.getPathToAliases() == null) {
      return 0;
    }
    Path bare = Path.getPathWithoutSchemeAndAuthority(location);
    for (Map.Entry<Path, List<String>> e : work.getPathToAliases().entrySet()) {
      if (e.getKey().equals(location) || Path.getPathWithoutSchemeAndAuthority(e.getKey()).equals(bare)) {
        return e.getValue() == null ? 0 : e.getValue().size();
      }
    }
    return 0;
  }

  /** The attributes of the columns Hive reads; null when it reads all of them (or the whole item). */
  private static Set<String> needed(Configuration conf, ColumnMapping mapping) {
    if (ColumnProjectionUtils.isReadAllColumns(conf)) {
      return null;
    }
    Set<String> out = new LinkedHashSet<>();
    for (String name : ColumnProjectionUtils.getReadColumnNames(conf)) {
      if (name.isEmpty()) {
        continue;
      }
      Column c = mapping.column(name);
      if (c == null) {
        continue; // a virtual column
      }
      if (c.wholeItem()) {
        return null;
      }
      out.add(c.attribute());
    }
    return out;
  }

  ColumnMapping mapping() { return mapping; }
  List<Node> conjuncts() { return conjuncts; }
  /** Null when every attribute is read. */
  Set<String> neededAttributes() { return neededAttributes; }

  /**
   * {@code settings} with the projection and filter of this request: the needed attributes (the key
   * attributes alone when no column is read, e.g. {@code count(*)}), and the conjuncts that touch none of
   * {@code excluded} (a Query's key attributes, which DynamoDB refuses in its FilterExpression). A
   * projection or filter set by the user in table properties is kept (the projection) or combined with AND
   * (the filter).
   */
  Settings apply(Settings settings, Set<String> excluded, List<String> tableKeys) {
    Settings out = settings;
    Map<String, String> names = new LinkedHashMap<>();
    Map<String, AttributeValue> values = new LinkedHashMap<>();

    Set<String> project = neededAttributes == null ? null
        : neededAttributes.isEmpty() ? new LinkedHashSet<>(tableKeys) : neededAttributes;
    if (project != null && settings.get(ConnectorOptions.PROJECTION) == null && allEncodable(project)) {
      DynamoExpressions p = new DynamoExpressions("p");
      out = out.with(ConnectorOptions.PROJECTION.name(), p.projection(project));
      names.putAll(p.names());
    }

    List<Node> filterable = new ArrayList<>();
    for (Node n : conjuncts) {
      if (Collections.disjoint(n.attributes(), excluded) && allEncodable(n.attributes())) {
        filterable.add(n);
      }
    }
    DynamoExpressions f = new DynamoExpressions("f");
    String filter = f.filter(filterable);
    if (filter != null) {
      String user = settings.get(ConnectorOptions.FILTER);
      out = out.with(ConnectorOptions.FILTER.name(), user == null ? filter : "(" + user + ") AND (" + filter + ")");
      names.putAll(f.names());
      values.putAll(f.values());
    }
    if (!names.isEmpty()) {
      String user = settings.get(ConnectorOptions.EXPRESSION_NAMES);
      String ours = DynamoExpressions.namesText(names);
      out = out.with(ConnectorOptions.EXPRESSION_NAMES.name(), user == null ? ours : user + "," + ours);
    }
    if (!values.isEmpty()) {
      String user = settings.get(ConnectorOptions.EXPRESSION_VALUES);
      Map<String, AttributeValue> all = new LinkedHashMap<>();
      if (user != null && !user.trim().isEmpty()) {
        all.putAll(DynamoJson.parseItem(user));
      }
      all.putAll(values);
      out = out.with(ConnectorOptions.EXPRESSION_VALUES.name(), DynamoJson.toJson(all));
    }
    return out;
  }

  private static boolean allEncodable(Set<String> attributes) {
    for (String a : attributes) {
      if (!DynamoExpressions.encodable(a)) {
        return false;
      }
    }
    return true;
  }
}
