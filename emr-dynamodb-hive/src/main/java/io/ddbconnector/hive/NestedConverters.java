package io.ddbconnector.hive;

import io.ddbconnector.types.DynamoTypes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.hive.serde2.objectinspector.ListObjectInspector;
import org.apache.hadoop.hive.serde2.objectinspector.MapObjectInspector;
import org.apache.hadoop.hive.serde2.objectinspector.ObjectInspector;
import org.apache.hadoop.hive.serde2.objectinspector.PrimitiveObjectInspector;
import org.apache.hadoop.hive.serde2.objectinspector.StructField;
import org.apache.hadoop.hive.serde2.objectinspector.StructObjectInspector;
import org.apache.hadoop.hive.serde2.objectinspector.primitive.PrimitiveObjectInspectorUtils;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Converters of Hive's array, map and struct types. */
final class NestedConverters {

  private static final AttributeValue NUL = AttributeValue.fromNul(true);

  private NestedConverters() {}

  /**
   * An array as a list (L), or as a string, number or binary set ({@code setType} SS, NS or BS). Reading
   * accepts all four, whatever the column writes.
   */
  static ValueConverter array(ValueConverter element, String setType, String where) {
    return new ValueConverter() {
      @Override
      public String dynamoType() {
        return setType == null ? "L" : setType;
      }

      @Override
      public Object toHive(AttributeValue v) {
        if (v == null) {
          return null;
        }
        List<Object> out = new ArrayList<>();
        if (v.hasL()) {
          for (AttributeValue e : v.l()) {
            out.add(element.toHive(e));
          }
        } else if (v.hasSs()) {
          for (String s : v.ss()) {
            out.add(element.toHive(AttributeValue.fromS(s)));
          }
        } else if (v.hasNs()) {
          for (String n : v.ns()) {
            out.add(element.toHive(AttributeValue.fromN(n)));
          }
        } else if (v.hasBs()) {
          for (SdkBytes b : v.bs()) {
            out.add(element.toHive(AttributeValue.fromB(b)));
          }
        } else {
          return null;
        }
        return out;
      }

      @Override
      public AttributeValue toDynamo(Object data, ObjectInspector oi) {
        if (data == null) {
          return null;
        }
        ListObjectInspector loi = (ListObjectInspector) oi;
        List<?> list = loi.getList(data);
        if (list == null) {
          return null;
        }
        ObjectInspector eoi = loi.getListElementObjectInspector();
        if (setType == null) {
          List<AttributeValue> out = new ArrayList<>(list.size());
          for (Object e : list) {
            AttributeValue a = element.toDynamo(e, eoi);
            out.add(a == null ? NUL : a); // a list keeps its positions: a null element is the NULL type
          }
          return AttributeValue.fromL(out);
        }
        return toSet(list, eoi);
      }

      private AttributeValue toSet(List<?> list, ObjectInspector eoi) {
        if (list.isEmpty()) {
          throw new IllegalArgumentException(where + ": DynamoDB does not allow an empty set (" + setType
              + "); write NULL instead, or map the column to L in '" + HiveTableProperties.TYPE_MAPPING + "'.");
        }
        Map<AttributeValue, AttributeValue> distinct = new LinkedHashMap<>();
        for (Object e : list) {
          AttributeValue a = element.toDynamo(e, eoi);
          if (a == null) {
            throw new IllegalArgumentException(where + ": a " + setType + " set cannot hold NULL elements.");
          }
          distinct.putIfAbsent(DynamoTypes.identity(a), a); // 1.0 and 1 are one number
        }
        List<String> texts = new ArrayList<>();
        List<SdkBytes> bytes = new ArrayList<>();
        for (AttributeValue a : distinct.values()) {
          if (setType.equals("BS")) {
            bytes.add(a.b());
          } else {
            texts.add(setType.equals("SS") ? a.s() : a.n());
          }
        }
        switch (setType) {
          case "SS": return AttributeValue.fromSs(texts);
          case "NS": return AttributeValue.fromNs(texts);
          default: return AttributeValue.fromBs(bytes);
        }
      }
    };
  }

  /** A {@code map<string, T>} as a map (M); a NULL value is omitted, or the NULL type when asked. */
  static ValueConverter map(ValueConverter key, ValueConverter value, boolean nullAsNul, String where) {
    return new ValueConverter() {
      @Override
      public String dynamoType() {
        return "M";
      }

      @Override
      public Object toHive(AttributeValue v) {
        if (v == null || !v.hasM()) {
          return null;
        }
        Map<Object, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, AttributeValue> e : v.m().entrySet()) {
          out.put(key.toHive(AttributeValue.fromS(e.getKey())), value.toHive(e.getValue()));
        }
        return out;
      }

      @Override
      public AttributeValue toDynamo(Object data, ObjectInspector oi) {
        if (data == null) {
          return null;
        }
        MapObjectInspector moi = (MapObjectInspector) oi;
        Map<?, ?> m = moi.getMap(data);
        if (m == null) {
          return null;
        }
        PrimitiveObjectInspector koi = (PrimitiveObjectInspector) moi.getMapKeyObjectInspector();
        ObjectInspector voi = moi.getMapValueObjectInspector();
        Map<String, AttributeValue> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
          if (e.getKey() == null) {
            throw new IllegalArgumentException(where + ": a map key is NULL; DynamoDB map keys are strings.");
          }
          AttributeValue a = value.toDynamo(e.getValue(), voi);
          if (a != null || nullAsNul) {
            out.put(PrimitiveObjectInspectorUtils.getString(e.getKey(), koi), a == null ? NUL : a);
          }
        }
        return AttributeValue.fromM(out);
      }
    };
  }

  /** A struct as a map (M) keyed by field name; reading matches names exactly, then ignoring case. */
  static ValueConverter struct(List<String> names, List<ValueConverter> fields, boolean nullAsNul) {
    List<String> fieldNames = Collections.unmodifiableList(new ArrayList<>(names));
    List<ValueConverter> converters = Collections.unmodifiableList(new ArrayList<>(fields));
    return new ValueConverter() {
      @Override
      public String dynamoType() {
        return "M";
      }

      @Override
      public Object toHive(AttributeValue v) {
        if (v == null || !v.hasM()) {
          return null;
        }
        Map<String, AttributeValue> m = v.m();
        List<Object> row = new ArrayList<>(fieldNames.size());
        for (int i = 0; i < fieldNames.size(); i++) {
          AttributeValue a = m.get(fieldNames.get(i));
          if (a == null) {
            a = ignoringCase(m, fieldNames.get(i));
          }
          row.add(converters.get(i).toHive(a));
        }
        return row;
      }

      @Override
      public AttributeValue toDynamo(Object data, ObjectInspector oi) {
        if (data == null) {
          return null;
        }
        StructObjectInspector soi = (StructObjectInspector) oi;
        List<? extends StructField> refs = soi.getAllStructFieldRefs();
        Map<String, AttributeValue> out = new LinkedHashMap<>();
        for (int i = 0; i < fieldNames.size() && i < refs.size(); i++) {
          StructField ref = refs.get(i);
          AttributeValue a = converters.get(i).toDynamo(soi.getStructFieldData(data, ref), ref.getFieldObjectInspector());
          if (a != null || nullAsNul) {
            out.put(fieldNames.get(i), a == null ? NUL : a);
          }
        }
        return AttributeValue.fromM(out);
      }
    };
  }

  private static AttributeValue ignoringCase(Map<String, AttributeValue> m, String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    for (Map.Entry<String, AttributeValue> e : m.entrySet()) {
      if (e.getKey().toLowerCase(Locale.ROOT).equals(lower)) {
        return e.getValue();
      }
    }
    return null;
  }
}
