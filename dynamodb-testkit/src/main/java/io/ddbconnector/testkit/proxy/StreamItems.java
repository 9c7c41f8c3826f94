package io.ddbconnector.testkit.proxy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Items and keys as the wire carries them (parsed DynamoDB JSON: {@code {"a": {"S": "x"}}}), for the
 * {@link StreamsEmulator}: key extraction, a canonical key string, change detection, the record's size
 * and the conversion to the SDK's {@link AttributeValue}.
 */
final class StreamItems {

  private StreamItems() {
  }

  /** The key attributes of an item or key, in key-schema order; null if one is missing. */
  static Map<String, Object> keyOf(Object item, List<String> keyAttributes) {
    if (!(item instanceof Map)) {
      return null;
    }
    Map<?, ?> m = (Map<?, ?>) item;
    Map<String, Object> key = new LinkedHashMap<>();
    for (String a : keyAttributes) {
      Object v = m.get(a);
      if (v == null) {
        return null;
      }
      key.put(a, v);
    }
    return key;
  }

  /**
   * A string equal for equal keys, whatever the spelling of their numbers ({@code 1.50} and {@code 1.5}
   * are the same key to the service).
   */
  static String canonical(Map<String, Object> key) {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, Object> e : key.entrySet()) {
      sb.append(e.getKey()).append('\u0000');
      Object v = e.getValue();
      if (v instanceof Map && ((Map<?, ?>) v).get("N") instanceof String) {
        String n = (String) ((Map<?, ?>) v).get("N");
        try {
          n = new BigDecimal(n).stripTrailingZeros().toPlainString();
        } catch (NumberFormatException ignored) {
          // left as sent: the backend rejects it
        }
        sb.append("N:").append(n);
      } else {
        sb.append(Json.write(v));
      }
      sb.append('\u0001');
    }
    return sb.toString();
  }

  /**
   * True when two stored images hold the same data. Sets are compared as sets: the service keeps no
   * order in them, so rewriting a set in another order is no change.
   */
  static boolean sameItem(Object a, Object b) {
    return normalized(a).equals(normalized(b));
  }

  private static Object normalized(Object v) {
    if (v instanceof Map) {
      Map<String, Object> out = new TreeMap<>();
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
        String type = String.valueOf(e.getKey());
        Object inner = e.getValue();
        if ((type.equals("SS") || type.equals("NS") || type.equals("BS")) && inner instanceof List) {
          List<String> sorted = new ArrayList<>();
          for (Object o : (List<?>) inner) {
            sorted.add(String.valueOf(o));
          }
          Collections.sort(sorted);
          out.put(type, sorted);
        } else {
          out.put(type, normalized(inner));
        }
      }
      return out;
    }
    if (v instanceof List) {
      List<Object> out = new ArrayList<>();
      for (Object o : (List<?>) v) {
        out.add(normalized(o));
      }
      return out;
    }
    return v;
  }

  /**
   * The size DynamoDB would count for the attributes (names plus values: strings and binary by their
   * bytes, numbers about one byte per two digits plus one, 1 byte for BOOL and NULL, 3 bytes plus one
   * per element for lists and maps); 0 for null.
   */
  static long size(Object item) {
    if (!(item instanceof Map)) {
      return 0;
    }
    long n = 0;
    for (Map.Entry<?, ?> e : ((Map<?, ?>) item).entrySet()) {
      n += utf8(String.valueOf(e.getKey())) + valueSize(e.getValue());
    }
    return n;
  }

  private static long valueSize(Object av) {
    if (!(av instanceof Map) || ((Map<?, ?>) av).isEmpty()) {
      return 0;
    }
    Map.Entry<?, ?> e = ((Map<?, ?>) av).entrySet().iterator().next();
    String type = String.valueOf(e.getKey());
    Object v = e.getValue();
    switch (type) {
      case "S":
        return utf8(String.valueOf(v));
      case "N":
        return numberSize(String.valueOf(v));
      case "B":
        return binarySize(String.valueOf(v));
      case "BOOL":
      case "NULL":
        return 1;
      case "SS":
      case "NS":
      case "BS": {
        long n = 0;
        for (Object o : (List<?>) v) {
          String s = String.valueOf(o);
          n += type.equals("SS") ? utf8(s) : type.equals("NS") ? numberSize(s) : binarySize(s);
        }
        return n;
      }
      case "L": {
        long n = 3;
        for (Object o : (List<?>) v) {
          n += 1 + valueSize(o);
        }
        return n;
      }
      case "M":
        return 3 + size(v) + ((Map<?, ?>) v).size();
      default:
        return 0;
    }
  }

  private static long numberSize(String n) {
    int digits = 0;
    for (int i = 0; i < n.length(); i++) {
      if (Character.isDigit(n.charAt(i))) {
        digits++;
      }
    }
    return (digits + 1) / 2 + 1;
  }

  private static long binarySize(String base64) {
    try {
      return Base64.getDecoder().decode(base64).length;
    } catch (IllegalArgumentException e) {
      return base64.length();
    }
  }

  private static long utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  /** An item (or key) as the SDK's attribute values; null for null. */
  static Map<String, AttributeValue> toSdk(Object item) {
    if (!(item instanceof Map)) {
      return null;
    }
    Map<String, AttributeValue> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : ((Map<?, ?>) item).entrySet()) {
      out.put(String.valueOf(e.getKey()), toSdkValue(e.getValue()));
    }
    return Collections.unmodifiableMap(out);
  }

  private static AttributeValue toSdkValue(Object av) {
    Map.Entry<?, ?> e = ((Map<?, ?>) av).entrySet().iterator().next();
    String type = String.valueOf(e.getKey());
    Object v = e.getValue();
    switch (type) {
      case "S":
        return AttributeValue.fromS((String) v);
      case "N":
        return AttributeValue.fromN((String) v);
      case "B":
        return AttributeValue.fromB(SdkBytes.fromByteArray(Base64.getDecoder().decode((String) v)));
      case "BOOL":
        return AttributeValue.fromBool((Boolean) v);
      case "NULL":
        return AttributeValue.fromNul(Boolean.TRUE);
      case "SS":
        return AttributeValue.fromSs(strings(v));
      case "NS":
        return AttributeValue.fromNs(strings(v));
      case "BS": {
        List<SdkBytes> bs = new ArrayList<>();
        for (String s : strings(v)) {
          bs.add(SdkBytes.fromByteArray(Base64.getDecoder().decode(s)));
        }
        return AttributeValue.fromBs(bs);
      }
      case "L": {
        List<AttributeValue> l = new ArrayList<>();
        for (Object o : (List<?>) v) {
          l.add(toSdkValue(o));
        }
        return AttributeValue.fromL(l);
      }
      case "M":
        return AttributeValue.fromM(toSdk(v));
      default:
        throw new IllegalArgumentException("unknown attribute type " + type);
    }
  }

  private static List<String> strings(Object v) {
    List<String> out = new ArrayList<>();
    for (Object o : (List<?>) v) {
      out.add(String.valueOf(o));
    }
    return out;
  }
}
