package io.ddbconnector.hive;

import io.ddbconnector.types.DynamoNumbers;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import org.apache.hadoop.hive.common.type.Date;
import org.apache.hadoop.hive.common.type.HiveChar;
import org.apache.hadoop.hive.common.type.HiveDecimal;
import org.apache.hadoop.hive.common.type.HiveVarchar;
import org.apache.hadoop.hive.common.type.Timestamp;
import org.apache.hadoop.hive.serde2.objectinspector.ObjectInspector;
import org.apache.hadoop.hive.serde2.objectinspector.PrimitiveObjectInspector;
import org.apache.hadoop.hive.serde2.objectinspector.primitive.PrimitiveObjectInspectorUtils;
import org.apache.hadoop.hive.serde2.typeinfo.CharTypeInfo;
import org.apache.hadoop.hive.serde2.typeinfo.DecimalTypeInfo;
import org.apache.hadoop.hive.serde2.typeinfo.VarcharTypeInfo;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Converters of Hive's primitive types. */
final class ScalarConverters {

  /** How a date or timestamp is stored: ISO-8601 text, or a number of seconds or milliseconds since 1970 UTC. */
  enum TimeEncoding {
    ISO("S"), EPOCH_SECONDS("N"), EPOCH_MILLIS("N_MILLIS");

    final String token;

    TimeEncoding(String token) {
      this.token = token;
    }
  }

  private static final long SECONDS_PER_DAY = 86_400;

  private ScalarConverters() {}

  private abstract static class Scalar implements ValueConverter {
    private final String type;

    Scalar(String type) {
      this.type = type;
    }

    @Override
    public String dynamoType() {
      return type;
    }

    @Override
    public final AttributeValue toDynamo(Object data, ObjectInspector oi) {
      return data == null ? null : write(data, (PrimitiveObjectInspector) oi);
    }

    abstract AttributeValue write(Object data, PrimitiveObjectInspector oi);
  }

  static ValueConverter string() {
    return new Scalar("S") {
      @Override
      public Object toHive(AttributeValue v) {
        return v == null ? null : v.s();
      }

      @Override
      AttributeValue write(Object data, PrimitiveObjectInspector oi) {
        return AttributeValue.fromS(PrimitiveObjectInspectorUtils.getString(data, oi));
      }
    };
  }

  static ValueConverter charType(CharTypeInfo type) {
    return new Scalar("S") {
      @Override
      public Object toHive(AttributeValue v) {
        return v == null || v.s() == null ? null : new HiveChar(v.s(), type.getLength());
      }

      @Override
      AttributeValue write(Object data, PrimitiveObjectInspector oi) {
        return AttributeValue.fromS(PrimitiveObjectInspectorUtils.getHiveChar(data, oi).getStrippedValue());
      }
    };
  }

  static ValueConverter varcharType(VarcharTypeInfo type) {
    return new Scalar("S") {
      @Override
      public Object toHive(AttributeValue v) {
        return v == null || v.s() == null ? null : new HiveVarchar(v.s(), type.getLength());
      }

      @Override
      AttributeValue write(Object data, PrimitiveObjectInspector oi) {
        return AttributeValue.fromS(PrimitiveObjectInspectorUtils.getString(data, oi));
      }
    };
  }

  /** tinyint, smallint, int or bigint: {@code bits} 8, 16, 32 or 64. */
  static ValueConverter integral(int bits) {
    long max = bits == 64 ? Long.MAX_VALUE : (1L << (bits - 1)) - 1;
    long min = bits == 64 ? Long.MIN_VALUE : -(1L << (bits - 1));
    return new Scalar("N") {
      @Override
      public Object toHive(AttributeValue v) {
        if (v == null || v.n() == null) {
          return null;
        }
        long l;
        try {
          l = DynamoNumbers.longValueExact(v.n()); // 1E+3 and 5.0 are integers too
        } catch (ArithmeticException | NumberFormatException e) {
          return null; // a fraction or out of range: not a value of this column
        }
        if (l < min || l > max) {
          return null;
        }
        switch (bits) {
          case 8: return (byte) l;
          case 16: return (short) l;
          case 32: return (int) l;
          default: return l;
        }
      }

      @Override
      AttributeValue write(Object data, PrimitiveObjectInspector oi) {
        return AttributeValue.fromN(DynamoNumbers.format(PrimitiveObjectInspectorUtils.getLong(data, oi)));
      }
    };
  }

  static ValueConverter floating(boolean isFloat, String where) {
    return new Scalar("N") {
      @Override
      public Object toHive(AttributeValue v) {
        if (v == null || v.n() == null) {
          return null;
        }
        try {
          if (isFloat) {
            float f = Float.parseFloat(v.n());
            return Float.isInfinite(f) ? null : f;
          }
          double d = Double.parseDouble(v.n());
          return Double.isInfinite(d) ? null : d;
        } catch (NumberFormatException e) {
          return null;
        }
      }

      @Override
      AttributeValue write(Object data, PrimitiveObjectInspector oi) {
        try {
          return AttributeValue.fromN(DynamoNumbers.format(isFloat
              ? DynamoNumbers.decimal(PrimitiveObjectInspectorUtils.getFloat(data, oi))
              : DynamoNumbers.decimal(PrimitiveObjectInspectorUtils.getDouble(data, oi))));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(where + ": " + e.getMessage() + ".", e);
        }
      }
    };
  }

  static ValueConverter decimal(DecimalTypeInfo type) {
    return new Scalar("N") {
      @Override
      public Object toHive(AttributeValue v) {
        if (v == null || v.n() == null) {
          return null;
        }
        try {
          // Hive's own rule for a value of another precision: round to the scale, NULL on overflow
          return HiveDecimal.enforcePrecisionScale(HiveDecimal.create(new BigDecimal(v.n())), type.getPrecision(),
              type.getScale());
        } catch (NumberFormatException e) {
          return null;
        }
      }

      @Override
      AttributeValue write(Object data, PrimitiveObjectInspector oi) {
        HiveDecimal d = PrimitiveObjectInspectorUtils.getHiveDecimal(data, oi);
        return d == null ? null : AttributeValue.fromN(DynamoNumbers.format(d.bigDecimalValue()));
      }
    };
  }

  static ValueConverter bool() {
    return new Scalar("BOOL") {
      @Override
      public Object toHive(AttributeValue v) {
        return v == null ? null : v.bool();
      }

      @Override
      AttributeValue write(Object data, PrimitiveObjectInspector oi) {
        return AttributeValue.fromBool(PrimitiveObjectInspectorUtils.getBoolean(data, oi));
      }
    };
  }

  static ValueConverter binary() {
    return new Scalar("B") {
      @Override
      public Object toHive(AttributeValue v) {
        return v == null || v.b() == null ? null : v.b().asByteArray();
      }

      @Override
      AttributeValue write(Object data, PrimitiveObjectInspector oi) {
        return AttributeValue.fromB(SdkBytes.fromByteArray(PrimitiveObjectInspectorUtils.getBinary(data, oi).copyBytes()));
      }
    };
  }

  static ValueConverter date(TimeEncoding encoding) {
    return new Scalar(encoding == TimeEncoding.ISO ? "S" : "N") {
      @Override
      public Object toHive(AttributeValue v) {
        if (v == null) {
          return null;
        }
        if (encoding == TimeEncoding.ISO) {
          Long day = parseIsoDay(v.s());
          return day == null || day != (int) (long) day ? null : Date.ofEpochDay((int) (long) day);
        }
        BigDecimal seconds = epochSeconds(v.n(), encoding);
        if (seconds == null) {
          return null;
        }
        try {
          long s = seconds.setScale(0, RoundingMode.FLOOR).longValueExact();
          return Date.ofEpochDay(Math.toIntExact(Math.floorDiv(s, SECONDS_PER_DAY)));
        } catch (ArithmeticException e) {
          return null;
        }
      }

      @Override
      AttributeValue write(Object data, PrimitiveObjectInspector oi) {
        Date d = PrimitiveObjectInspectorUtils.getDate(data, oi);
        if (d == null) {
          return null;
        }
        if (encoding == TimeEncoding.ISO) {
          return AttributeValue.fromS(LocalDate.ofEpochDay(d.toEpochDay()).toString());
        }
        BigDecimal seconds = BigDecimal.valueOf(d.toEpochDay() * SECONDS_PER_DAY);
        return AttributeValue.fromN(DynamoNumbers.format(encoding == TimeEncoding.EPOCH_MILLIS
            ? seconds.movePointRight(3) : seconds));
      }
    };
  }

  static ValueConverter timestamp(TimeEncoding encoding) {
    return new Scalar(encoding == TimeEncoding.ISO ? "S" : "N") {
      @Override
      public Object toHive(AttributeValue v) {
        if (v == null) {
          return null;
        }
        if (encoding == TimeEncoding.ISO) {
          Instant i = parseInstant(v.s());
          return i == null ? null : Timestamp.ofEpochSecond(i.getEpochSecond(), i.getNano());
        }
        BigDecimal seconds = epochSeconds(v.n(), encoding);
        if (seconds == null) {
          return null;
        }
        try {
          BigDecimal whole = seconds.setScale(0, RoundingMode.FLOOR);
          int nanos = seconds.subtract(whole).movePointRight(9).setScale(0, RoundingMode.DOWN).intValueExact();
          return Timestamp.ofEpochSecond(whole.longValueExact(), nanos);
        } catch (ArithmeticException e) {
          return null;
        }
      }

      @Override
      AttributeValue write(Object data, PrimitiveObjectInspector oi) {
        Timestamp t = PrimitiveObjectInspectorUtils.getTimestamp(data, oi);
        if (t == null) {
          return null;
        }
        if (encoding == TimeEncoding.ISO) {
          return AttributeValue.fromS(Instant.ofEpochSecond(t.toEpochSecond(), t.getNanos()).toString());
        }
        BigDecimal seconds = BigDecimal.valueOf(t.toEpochSecond()).add(BigDecimal.valueOf(t.getNanos(), 9));
        return AttributeValue.fromN(DynamoNumbers.format(encoding == TimeEncoding.EPOCH_MILLIS
            ? seconds.movePointRight(3) : seconds));
      }
    };
  }

  private static BigDecimal epochSeconds(String n, TimeEncoding encoding) {
    if (n == null) {
      return null;
    }
    try {
      BigDecimal v = new BigDecimal(n);
      return encoding == TimeEncoding.EPOCH_MILLIS ? v.movePointLeft(3) : v;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * {@link DynamoNumbers#format}. Kept only for {@code PredicateTranslator} (owned by the pushdown rewrite);
   * new code calls the core directly.
   */
  static String number(BigDecimal d) {
    return DynamoNumbers.format(d);
  }

  /**
   * An ISO-8601 date-time (with {@code T} or a space; with an offset, a zone, or none meaning UTC) or
   * date (midnight UTC); null when {@code s} is none of these.
   */
  static Instant parseInstant(String s) {
    if (s == null) {
      return null;
    }
    String t = s.trim();
    if (t.length() > 10 && t.charAt(10) == ' ') {
      t = t.substring(0, 10) + 'T' + t.substring(11);
    }
    try {
      TemporalAccessor a = DateTimeFormatter.ISO_DATE_TIME.parseBest(t, ZonedDateTime::from, LocalDateTime::from);
      return a instanceof ZonedDateTime ? ((ZonedDateTime) a).toInstant()
          : ((LocalDateTime) a).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      try {
        return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
      } catch (DateTimeParseException e2) {
        return null;
      }
    }
  }

  /** The UTC day number of an ISO date or date-time; null when unparseable. */
  static Long parseIsoDay(String s) {
    if (s == null) {
      return null;
    }
    try {
      return LocalDate.parse(s.trim()).toEpochDay();
    } catch (DateTimeParseException e) {
      Instant i = parseInstant(s);
      return i == null ? null : Math.floorDiv(i.getEpochSecond(), SECONDS_PER_DAY);
    }
  }
}
