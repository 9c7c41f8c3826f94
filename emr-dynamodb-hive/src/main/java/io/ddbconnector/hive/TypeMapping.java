package io.ddbconnector.hive;

import io.ddbconnector.hive.ScalarConverters.TimeEncoding;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.hive.serde2.objectinspector.ObjectInspector.Category;
import org.apache.hadoop.hive.serde2.objectinspector.PrimitiveObjectInspector.PrimitiveCategory;
import org.apache.hadoop.hive.serde2.typeinfo.CharTypeInfo;
import org.apache.hadoop.hive.serde2.typeinfo.DecimalTypeInfo;
import org.apache.hadoop.hive.serde2.typeinfo.ListTypeInfo;
import org.apache.hadoop.hive.serde2.typeinfo.MapTypeInfo;
import org.apache.hadoop.hive.serde2.typeinfo.PrimitiveTypeInfo;
import org.apache.hadoop.hive.serde2.typeinfo.StructTypeInfo;
import org.apache.hadoop.hive.serde2.typeinfo.TypeInfo;
import org.apache.hadoop.hive.serde2.typeinfo.VarcharTypeInfo;

/**
 * Which DynamoDB type each Hive type is stored as, and the converter that does it.
 *
 * <table>
 * <caption>Hive type → DynamoDB type (default first; others chosen in {@code dynamodb.type.mapping})</caption>
 * <tr><td>string, char, varchar</td><td>S</td></tr>
 * <tr><td>tinyint, smallint, int, bigint, float, double, decimal(p,s)</td><td>N</td></tr>
 * <tr><td>boolean</td><td>BOOL</td></tr>
 * <tr><td>binary</td><td>B</td></tr>
 * <tr><td>date, timestamp</td><td>S (ISO-8601), N (epoch seconds), N_MILLIS (epoch milliseconds)</td></tr>
 * <tr><td>array&lt;T&gt;</td><td>L; SS, NS or BS for arrays of strings, numbers or binaries</td></tr>
 * <tr><td>map&lt;string,T&gt;, struct</td><td>M</td></tr>
 * </table>
 */
public final class TypeMapping {

  static final String SUPPORTED = "string, char, varchar, tinyint, smallint, int, bigint, float, double, "
      + "decimal, boolean, binary, date, timestamp, array<T>, map<string,T>, struct<...>";

  private TypeMapping() {}

  /**
   * The converter of a top-level column.
   *
   * @param override the DynamoDB type from {@code dynamodb.type.mapping}, or null for the default
   * @throws IllegalArgumentException naming the column when its type has no mapping or the override does not fit
   */
  static ValueConverter converter(String column, TypeInfo type, String override, boolean nullAsNul) {
    String where = "Hive column '" + column + "'";
    List<String> allowed = allowedTypes(type);
    if (allowed.isEmpty()) {
      throw new IllegalArgumentException(where + " has type '" + type.getTypeName()
          + "', which has no DynamoDB mapping. Supported Hive types: " + SUPPORTED + ".");
    }
    String t = override == null ? allowed.get(0) : override.trim().toUpperCase(Locale.ROOT);
    if (!allowed.contains(t)) {
      throw new IllegalArgumentException("Type mapping '" + column + ":" + override + "' (table property '"
          + HiveTableProperties.TYPE_MAPPING + "') does not fit " + where + " of type '" + type.getTypeName()
          + "': allowed DynamoDB types are " + String.join(", ", allowed) + ".");
    }
    return build(type, t, nullAsNul, where);
  }

  /**
   * The DynamoDB types a Hive type may be stored as, the default first; empty when it has no mapping
   * (union, interval, void, map with non-string keys, timestamp with local time zone, or one nested in
   * an array, map or struct).
   */
  static List<String> allowedTypes(TypeInfo type) {
    switch (type.getCategory()) {
      case PRIMITIVE:
        return primitiveTypes(((PrimitiveTypeInfo) type).getPrimitiveCategory());
      case LIST: {
        TypeInfo e = ((ListTypeInfo) type).getListElementTypeInfo();
        if (!nestable(e)) {
          return List.of();
        }
        List<String> out = new ArrayList<>();
        out.add("L");
        if (e.getCategory() == Category.PRIMITIVE) {
          String scalar = primitiveTypes(((PrimitiveTypeInfo) e).getPrimitiveCategory()).get(0);
          boolean time = isTime(e);
          if (!time && (scalar.equals("S") || scalar.equals("N") || scalar.equals("B"))) {
            out.add(scalar + "S");
          }
        }
        return out;
      }
      case MAP: {
        MapTypeInfo m = (MapTypeInfo) type;
        return isStringy(m.getMapKeyTypeInfo()) && nestable(m.getMapValueTypeInfo()) ? List.of("M") : List.of();
      }
      case STRUCT:
        for (TypeInfo f : ((StructTypeInfo) type).getAllStructFieldTypeInfos()) {
          if (!nestable(f)) {
            return List.of();
          }
        }
        return List.of("M");
      default:
        return List.of();
    }
  }

  private static boolean nestable(TypeInfo t) {
    return !allowedTypes(t).isEmpty();
  }

  private static List<String> primitiveTypes(PrimitiveCategory c) {
    switch (c) {
      case STRING:
      case CHAR:
      case VARCHAR:
        return List.of("S");
      case BYTE:
      case SHORT:
      case INT:
      case LONG:
      case FLOAT:
      case DOUBLE:
      case DECIMAL:
        return List.of("N");
      case BOOLEAN:
        return List.of("BOOL");
      case BINARY:
        return List.of("B");
      case DATE:
      case TIMESTAMP:
        return List.of("S", "N", "N_MILLIS");
      default:
        return List.of();
    }
  }

  static boolean isStringy(TypeInfo t) {
    if (t.getCategory() != Category.PRIMITIVE) {
      return false;
    }
    PrimitiveCategory c = ((PrimitiveTypeInfo) t).getPrimitiveCategory();
    return c == PrimitiveCategory.STRING || c == PrimitiveCategory.CHAR || c == PrimitiveCategory.VARCHAR;
  }

  private static boolean isTime(TypeInfo t) {
    PrimitiveCategory c = ((PrimitiveTypeInfo) t).getPrimitiveCategory();
    return c == PrimitiveCategory.DATE || c == PrimitiveCategory.TIMESTAMP;
  }

  /** Builds the converter of an already validated type; nested values use their type's default. */
  private static ValueConverter build(TypeInfo type, String dynamoType, boolean nullAsNul, String where) {
    switch (type.getCategory()) {
      case PRIMITIVE:
        return primitive((PrimitiveTypeInfo) type, dynamoType, where);
      case LIST: {
        TypeInfo e = ((ListTypeInfo) type).getListElementTypeInfo();
        ValueConverter element = build(e, allowedTypes(e).get(0), nullAsNul, where + " element");
        return NestedConverters.array(element, dynamoType.equals("L") ? null : dynamoType, where);
      }
      case MAP: {
        MapTypeInfo m = (MapTypeInfo) type;
        ValueConverter key = build(m.getMapKeyTypeInfo(), "S", nullAsNul, where + " key");
        TypeInfo v = m.getMapValueTypeInfo();
        return NestedConverters.map(key, build(v, allowedTypes(v).get(0), nullAsNul, where + " value"), nullAsNul,
            where);
      }
      case STRUCT: {
        StructTypeInfo s = (StructTypeInfo) type;
        List<ValueConverter> fields = new ArrayList<>();
        List<String> names = s.getAllStructFieldNames();
        List<TypeInfo> types = s.getAllStructFieldTypeInfos();
        for (int i = 0; i < names.size(); i++) {
          fields.add(build(types.get(i), allowedTypes(types.get(i)).get(0), nullAsNul,
              where + " field '" + names.get(i) + "'"));
        }
        return NestedConverters.struct(names, fields, nullAsNul);
      }
      default:
        throw new IllegalStateException("unvalidated type " + type);
    }
  }

  private static ValueConverter primitive(PrimitiveTypeInfo type, String dynamoType, String where) {
    switch (type.getPrimitiveCategory()) {
      case STRING:
        return ScalarConverters.string();
      case CHAR:
        return ScalarConverters.charType((CharTypeInfo) type);
      case VARCHAR:
        return ScalarConverters.varcharType((VarcharTypeInfo) type);
      case BYTE:
        return ScalarConverters.integral(8);
      case SHORT:
        return ScalarConverters.integral(16);
      case INT:
        return ScalarConverters.integral(32);
      case LONG:
        return ScalarConverters.integral(64);
      case FLOAT:
        return ScalarConverters.floating(true, where);
      case DOUBLE:
        return ScalarConverters.floating(false, where);
      case DECIMAL:
        return ScalarConverters.decimal((DecimalTypeInfo) type);
      case BOOLEAN:
        return ScalarConverters.bool();
      case BINARY:
        return ScalarConverters.binary();
      case DATE:
        return ScalarConverters.date(encoding(dynamoType));
      case TIMESTAMP:
        return ScalarConverters.timestamp(encoding(dynamoType));
      default:
        throw new IllegalStateException("unvalidated type " + type);
    }
  }

  private static TimeEncoding encoding(String dynamoType) {
    for (TimeEncoding e : TimeEncoding.values()) {
      if (e.token.equals(dynamoType)) {
        return e;
      }
    }
    throw new IllegalStateException("unvalidated time encoding " + dynamoType);
  }
}
