package io.ddbconnector.compat;

import io.ddbconnector.hive.EmbeddedHive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddbconnector.testkit.Backend;
import io.ddbconnector.testkit.DynamoDBBackendExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Hive DDL and queries in the style of the EMR documentation for the EMR DynamoDB connector, unchanged:
 * {@code STORED BY 'org.apache.hadoop.hive.dynamodb.DynamoDBStorageHandler'} with {@code dynamodb.table.name} and
 * {@code dynamodb.column.mapping}, the session given that connector's keys ({@code dynamodb.regionid}); a SELECT
 * joining two DynamoDB-backed tables and an {@code INSERT INTO} a third, checked exactly against figures computed
 * here. One embedded Hive for the class.
 */
@ExtendWith(DynamoDBBackendExtension.class)
class ReferenceHiveIT {

  static final int CUSTOMERS = 12;
  static final int ORDERS = 200;
  static final String HANDLER = "org.apache.hadoop.hive.dynamodb.DynamoDBStorageHandler";

  @TempDir
  static Path dir;
  static EmbeddedHive hive;
  static Backend backend;
  static String customers;
  static String orders;
  static String totals;
  /** customer id → name; customer id → [order count, amount sum]. */
  static final Map<String, String> names = new TreeMap<>();
  static final Map<String, long[]> expected = new TreeMap<>();

  @BeforeAll
  static void start(Backend b) throws Exception {
    backend = b;
    customers = backend.createTable("compat_customers", "CustomerId", ScalarAttributeType.S);
    orders = backend.createTable("compat_orders", "OrderId", ScalarAttributeType.S);
    totals = backend.createTable("compat_totals", "CustomerId", ScalarAttributeType.S);
    List<Map<String, AttributeValue>> cs = new ArrayList<>();
    for (int i = 0; i < CUSTOMERS; i++) {
      String id = String.format("c%02d", i);
      names.put(id, "Customer " + (char) ('A' + i));
      cs.add(Map.of("CustomerId", s(id), "Name", s(names.get(id)), "City", s(i % 2 == 0 ? "Paris" : "Lima")));
    }
    backend.putAll(customers, cs);
    List<Map<String, AttributeValue>> os = new ArrayList<>();
    for (int i = 0; i < ORDERS; i++) {
      String customer = String.format("c%02d", (i * 7) % (CUSTOMERS - 2)); // the last two customers order nothing
      long amount = 5 + (i * 37L) % 500;
      os.add(Map.of("OrderId", s(String.format("o%04d", i)), "CustomerId", s(customer),
          "Amount", AttributeValue.fromN(Long.toString(amount))));
      long[] t = expected.computeIfAbsent(customer, k -> new long[2]);
      t[0]++;
      t[1] += amount;
    }
    backend.putAll(orders, os);

    hive = new EmbeddedHive(dir);
    hive.set("dynamodb.endpoint", backend.endpoint().toString());
    hive.set("dynamodb.regionid", backend.region());
    hive.set("dynamodb.awsAccessKeyId", "dummy");
    hive.set("dynamodb.awsSecretAccessKey", "dummy");
    hive.set("dynamodb.throughput.read.percent", "1.0");
    hive.set("dynamodb.throughput.write.percent", "1.0");
    hive.execute("CREATE EXTERNAL TABLE ddb_customers (cust_id string, cust_name string, city string)"
        + " STORED BY '" + HANDLER + "' TBLPROPERTIES (\"dynamodb.table.name\" = \"" + customers + "\","
        + " \"dynamodb.column.mapping\" = \"cust_id:CustomerId,cust_name:Name,city:City\")");
    hive.execute("CREATE EXTERNAL TABLE ddb_orders (order_id string, cust_id string, amount bigint)"
        + " STORED BY '" + HANDLER + "' TBLPROPERTIES (\"dynamodb.table.name\" = \"" + orders + "\","
        + " \"dynamodb.column.mapping\" = \"order_id:OrderId,cust_id:CustomerId,amount:Amount\")");
    hive.execute("CREATE EXTERNAL TABLE ddb_totals (cust_id string, cust_name string, order_count bigint,"
        + " total bigint) STORED BY '" + HANDLER + "' TBLPROPERTIES (\"dynamodb.table.name\" = \"" + totals + "\","
        + " \"dynamodb.column.mapping\" = \"cust_id:CustomerId,cust_name:Name,order_count:OrderCount,"
        + "total:Total\")");
  }

  @AfterAll
  static void stop() throws Exception {
    if (hive != null) {
      hive.close();
    }
  }

  private static AttributeValue s(String v) {
    return AttributeValue.fromS(v);
  }

  @Test
  void theMetastoreRecordsTheReferenceClassNames() {
    String described = String.valueOf(hive.query("DESCRIBE FORMATTED ddb_customers"));
    assertTrue(described.contains("org.apache.hadoop.hive.dynamodb.DynamoDBSerDe"), described);
    assertTrue(described.contains(HANDLER), described);
  }

  @Test
  void aJoinOfTwoDynamoDBTablesIsExact() {
    List<List<String>> rows = hive.query("SELECT c.cust_name, count(*), sum(o.amount) FROM ddb_orders o"
        + " JOIN ddb_customers c ON o.cust_id = c.cust_id GROUP BY c.cust_name ORDER BY c.cust_name");
    List<List<String>> want = new ArrayList<>();
    Map<String, long[]> byName = new TreeMap<>();
    expected.forEach((id, t) -> byName.put(names.get(id), t));
    byName.forEach((name, t) -> want.add(List.of(name, Long.toString(t[0]), Long.toString(t[1]))));
    assertEquals(want, rows);
  }

  @Test
  void insertIntoADynamoDBTableWritesExactly() {
    hive.execute("INSERT INTO TABLE ddb_totals SELECT c.cust_id, c.cust_name, count(*), sum(o.amount)"
        + " FROM ddb_orders o JOIN ddb_customers c ON o.cust_id = c.cust_id GROUP BY c.cust_id, c.cust_name");
    Map<String, Map<String, AttributeValue>> got = new TreeMap<>();
    for (Map<String, AttributeValue> item : backend.scanAll(totals)) {
      got.put(item.get("CustomerId").s(), item);
    }
    Map<String, Map<String, AttributeValue>> want = new TreeMap<>();
    expected.forEach((id, t) -> {
      Map<String, AttributeValue> item = new HashMap<>();
      item.put("CustomerId", s(id));
      item.put("Name", s(names.get(id)));
      item.put("OrderCount", AttributeValue.fromN(Long.toString(t[0])));
      item.put("Total", AttributeValue.fromN(Long.toString(t[1])));
      want.put(id, item);
    });
    assertEquals(CUSTOMERS - 2, want.size());
    assertEquals(want, got);
  }
}
