package io.ddbconnector.hive;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.hadoop.hive.serde.serdeConstants;
import org.apache.hadoop.hive.serde2.typeinfo.MapTypeInfo;
import org.apache.hadoop.hive.serde2.typeinfo.TypeInfo;
import org.apache.hadoop.hive.serde2.typeinfo.TypeInfoUtils;

/**
 * How the columns of a Hive table map to the attributes of DynamoDB items, parsed and checked once from
 * the table properties. A column listed in {@code dynamodb.column.mapping} maps to the attribute named
 * there; any other column maps to the attribute of its own name, except an unlisted
 * {@code map<string,string>} column, which holds the whole item (attribute name → the attribute's
 * DynamoDB JSON). Immutable.
 */
public final class ColumnMapping {

  /** One Hive column: its name, type, attribute (null for the whole-item column) and converter. */
  public static final class Column {
    private final int index;
    private final String hiveName;
    private final TypeInfo type;
    private final String attribute;
    private final ValueConverter converter;

    Column(int index, String hiveName, TypeInfo type, String attribute, ValueConverter converter) {
      this.index = index;
      this.hiveName = hiveName;
      this.type = type;
      this.attribute = attribute;
      this.converter = converter;
    }

    public int index() { return index; }
    public String hiveName() { return hiveName; }
    public TypeInfo type() { return type; }
    /** The DynamoDB attribute, or null for the whole-item column. */
    public String attribute() { return attribute; }
    public boolean wholeItem() { return attribute == null; }
    /** The DynamoDB type written (S, N, B, BOOL, L, M, SS, NS, BS), or "item" for the whole-item column. */
    public String dynamoType() { return attribute == null ? "item" : converter.dynamoType(); }
    ValueConverter converter() { return converter; }

    @Override
    public String toString() {
      return hiveName + " " + type.getTypeName() + " -> " + (attribute == null ? "(whole item)"
          : attribute + " (" + dynamoType() + ")");
    }
  }

  private final List<Column> columns;
  private final Map<String, Column> byHiveName;
  private final Map<String, Column> byAttribute;
  private final Column wholeItem;
  private final boolean nullSerialization;

  private ColumnMapping(List<Column> columns, boolean nullSerialization) {
    this.columns = Collections.unmodifiableList(columns);
    Map<String, Column> h = new LinkedHashMap<>();
    Map<String, Column> a = new LinkedHashMap<>();
    Column item = null;
    for (Column c : columns) {
      h.put(c.hiveName(), c);
      if (c.wholeItem()) {
        item = c;
      } else {
        a.put(c.attribute(), c);
      }
    }
    this.byHiveName = Collections.unmodifiableMap(h);
    this.byAttribute = Collections.unmodifiableMap(a);
    this.wholeItem = item;
    this.nullSerialization = nullSerialization;
  }

  /** Reads the columns from Hive's {@code columns}/{@code columns.types} properties. */
  public static ColumnMapping from(Properties props) {
    String names = props.getProperty(serdeConstants.LIST_COLUMNS);
    String types = props.getProperty(serdeConstants.LIST_COLUMN_TYPES);
    if (names == null || types == null || names.trim().isEmpty()) {
      throw new IllegalArgumentException("The table has no columns (properties '" + serdeConstants.LIST_COLUMNS
          + "' and '" + serdeConstants.LIST_COLUMN_TYPES + "' are missing).");
    }
    String delimiter = props.getProperty(serdeConstants.COLUMN_NAME_DELIMITER, ",");
    List<String> nameList = new ArrayList<>();
    for (String n : names.split(java.util.regex.Pattern.quote(delimiter))) {
      nameList.add(n.trim());
    }
    return of(nameList, TypeInfoUtils.getTypeInfosFromTypeString(types), props);
  }

  /**
   * Checks and builds the mapping of the given columns.
   *
   * @throws IllegalArgumentException naming the table property, Hive column and attribute involved
   */
  public static ColumnMapping of(List<String> names, List<TypeInfo> types, Properties props) {
    if (names.size() != types.size()) {
      throw new IllegalArgumentException(names.size() + " column names but " + types.size() + " column types");
    }
    List<String> lower = new ArrayList<>();
    for (String n : names) {
      lower.add(n.toLowerCase(Locale.ROOT));
    }
    Map<String, String> attributeOf = parsePairs(props.getProperty(HiveTableProperties.COLUMN_MAPPING),
        HiveTableProperties.COLUMN_MAPPING, "hiveColumn:attributeName", lower);
    Map<String, String> typeOf = parsePairs(props.getProperty(HiveTableProperties.TYPE_MAPPING),
        HiveTableProperties.TYPE_MAPPING, "hiveColumn:DynamoDBType", lower);
    boolean nulls = HiveTableProperties.flag(props, HiveTableProperties.NULL_SERIALIZATION, false);

    List<Column> columns = new ArrayList<>();
    Map<String, String> attributeOwner = new LinkedHashMap<>();
    String itemColumn = null;
    for (int i = 0; i < names.size(); i++) {
      String name = lower.get(i);
      TypeInfo type = types.get(i);
      String attribute = attributeOf.get(name);
      if (attribute == null && isStringMap(type)) {
        if (itemColumn != null) {
          throw new IllegalArgumentException("Hive columns '" + itemColumn + "' and '" + name
              + "' are both unmapped map<string,string> columns, which hold the whole item; map one of them "
              + "to an attribute in table property '" + HiveTableProperties.COLUMN_MAPPING + "'.");
        }
        if (typeOf.containsKey(name)) {
          throw new IllegalArgumentException("Hive column '" + name + "' holds the whole item; it cannot have a "
              + "type in table property '" + HiveTableProperties.TYPE_MAPPING + "'.");
        }
        itemColumn = name;
        columns.add(new Column(i, name, type, null, null));
        continue;
      }
      if (attribute == null) {
        attribute = names.get(i);
      }
      String other = attributeOwner.putIfAbsent(attribute, name);
      if (other != null) {
        throw new IllegalArgumentException("Hive columns '" + other + "' and '" + name + "' both map to DynamoDB "
            + "attribute '" + attribute + "' (table property '" + HiveTableProperties.COLUMN_MAPPING + "').");
      }
      columns.add(new Column(i, name, type, attribute, TypeMapping.converter(name, type, typeOf.get(name), nulls)));
    }
    return new ColumnMapping(columns, nulls);
  }

  private static boolean isStringMap(TypeInfo t) {
    return t instanceof MapTypeInfo && TypeMapping.isStringy(((MapTypeInfo) t).getMapKeyTypeInfo())
        && TypeMapping.isStringy(((MapTypeInfo) t).getMapValueTypeInfo());
  }

  /** Parses {@code a:b,c:d}; keys must be columns of the table. */
  private static Map<String, String> parsePairs(String value, String property, String form, List<String> columns) {
    Map<String, String> out = new LinkedHashMap<>();
    if (value == null || value.trim().isEmpty()) {
      return out;
    }
    for (String entry : value.split(",")) {
      String e = entry.trim();
      if (e.isEmpty()) {
        continue;
      }
      int colon = e.indexOf(':');
      if (colon <= 0 || colon == e.length() - 1) {
        throw new IllegalArgumentException("Invalid entry '" + e + "' in table property '" + property
            + "': expected " + form + " pairs separated by commas.");
      }
      String column = e.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String target = e.substring(colon + 1).trim();
      if (!columns.contains(column)) {
        throw new IllegalArgumentException("Table property '" + property + "' names Hive column '" + column
            + "', which the table does not have (columns: " + String.join(", ", columns) + ").");
      }
      if (out.put(column, target) != null) {
        throw new IllegalArgumentException("Table property '" + property + "' names Hive column '" + column
            + "' twice.");
      }
    }
    return out;
  }

  public List<Column> columns() { return columns; }
  /** The column of a Hive name (any case), or null. */
  public Column column(String hiveName) { return byHiveName.get(hiveName.toLowerCase(Locale.ROOT)); }
  /** The column mapped to an attribute, or null. */
  public Column byAttribute(String attribute) { return byAttribute.get(attribute); }
  /** The whole-item column, or null. */
  public Column wholeItem() { return wholeItem; }
  public boolean nullSerialization() { return nullSerialization; }

  @Override
  public String toString() {
    return columns.toString();
  }
}
