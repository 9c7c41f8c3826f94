package io.ddbconnector.spark;

import io.ddbconnector.testkit.Backend;
import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Shared bits of the Spark tests: one local session per test class, backend options, row rendering. */
public final class SparkTestSupport {

  private SparkTestSupport() {}

  /** A {@code local[2]} session without UI; the caller stops it in {@code @AfterAll}. */
  public static SparkSession session(String app) {
    return SparkSession.builder().master("local[2]").appName(app)
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate();
  }

  /** Connector options for a table on the backend (or on a proxy in front of it). */
  public static Map<String, String> options(Backend backend, String table) {
    return options(backend.endpoint(), backend.region(), table);
  }

  /** {@link #options(Backend, String)} with a write budget that measures the connector, not the default 500 WCU/s. */
  public static Map<String, String> writeOptions(Backend backend, String table) {
    Map<String, String> o = options(backend, table);
    o.put("writeCapacity", "100000");
    return o;
  }

  public static Map<String, String> options(URI endpoint, String region, String table) {
    Map<String, String> o = new LinkedHashMap<>();
    o.put("tableName", table);
    o.put("endpoint", endpoint.toString());
    o.put("region", region);
    o.put("accessKeyId", "dummy");
    o.put("secretAccessKey", "dummy");
    return o;
  }

  /** A row as text: nested rows, sequences, byte arrays and decimals in a stable form. */
  public static String render(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof Row) {
      Row r = (Row) v;
      List<String> parts = new ArrayList<>();
      for (int i = 0; i < r.length(); i++) {
        parts.add(render(r.get(i)));
      }
      return "(" + String.join(", ", parts) + ")";
    }
    if (v instanceof byte[]) {
      return "0x" + HexFormat.of().formatHex((byte[]) v);
    }
    if (v instanceof scala.collection.Seq) {
      List<String> parts = new ArrayList<>();
      scala.collection.Iterator<?> it = ((scala.collection.Seq<?>) v).iterator();
      while (it.hasNext()) {
        parts.add(render(it.next()));
      }
      return "[" + String.join(", ", parts) + "]";
    }
    if (v instanceof scala.collection.Map) {
      Map<String, String> m = new java.util.TreeMap<>();
      scala.collection.Iterator<?> it = ((scala.collection.Map<?, ?>) v).iterator();
      while (it.hasNext()) {
        scala.Tuple2<?, ?> e = (scala.Tuple2<?, ?>) it.next();
        m.put(render(e._1()), render(e._2()));
      }
      return m.toString();
    }
    if (v instanceof BigDecimal) {
      return ((BigDecimal) v).toPlainString() + "BD";
    }
    if (v instanceof String) {
      return "'" + v + "'";
    }
    return v.toString();
  }

  /** The cause chain's messages, to find an error's text wherever Spark wrapped it. */
  public static String messages(Throwable t) {
    StringBuilder sb = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      sb.append(c.getMessage()).append('\n');
    }
    return sb.toString();
  }
}
