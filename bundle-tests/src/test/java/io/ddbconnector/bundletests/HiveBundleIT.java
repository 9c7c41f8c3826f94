package io.ddbconnector.bundletests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddbconnector.testkit.Backend;
import io.ddbconnector.testkit.DynamoDBBackendExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The Hadoop/Hive bundle alone beside Hive's and Hadoop's own jars (which hold httpclient 4.5, commons-codec and
 * commons-logging of their own): {@link io.ddbconnector.bundletests.child.HiveScript} runs EMR-documentation-style
 * DDL ({@code STORED BY 'org.apache.hadoop.hive.dynamodb.DynamoDBStorageHandler'}, {@code dynamodb.table.name},
 * {@code dynamodb.column.mapping}), a join, an {@code INSERT OVERWRITE TABLE} into a DynamoDB table, and a
 * whole-item {@code (item map<string,string>)} export to a directory and import into another table, in an embedded
 * Hive 4.1.0 in a JVM of its own. Query rows and tables are compared exactly.
 */
@ExtendWith(DynamoDBBackendExtension.class)
class HiveBundleIT {

  static final int CUSTOMERS = 12;
  static final int ORDERS = 200;
  static final String HANDLER = "org.apache.hadoop.hive.dynamodb.DynamoDBStorageHandler";

  @TempDir
  Path dir;

  private static AttributeValue s(String v) {
    return AttributeValue.fromS(v);
  }

  @Test
  void referenceDdlJoinInsertOverwriteAndWholeItemExportWithOnlyTheBundle(Backend backend) throws Exception {
    String customers = backend.createTable("bundle_customers", "CustomerId", ScalarAttributeType.S);
    String orders = backend.createTable("bundle_orders", "OrderId", ScalarAttributeType.S);
    String totals = backend.createTable("bundle_totals", "CustomerId", ScalarAttributeType.S);
    String copy = backend.createTable("bundle_orders_copy", "OrderId", ScalarAttributeType.S);
    Map<String, String> names = new TreeMap<>();
    Map<String, long[]> expected = new TreeMap<>();
    List<Map<String, AttributeValue>> cs = new ArrayList<>();
    for (int i = 0; i < CUSTOMERS; i++) {
      String id = String.format("c%02d", i);
      names.put(id, "Customer " + (char) ('A' + i));
      cs.add(Map.of("CustomerId", s(id), "Name", s(names.get(id)), "City", s(i % 2 == 0 ? "Paris" : "Lima")));
    }
    backend.putAll(customers, cs);
    // an item already in the target: INSERT OVERWRITE puts the selected rows and deletes nothing
    backend.putAll(totals, List.of(Map.of("CustomerId", s("zz-kept"), "Name", s("kept"))));
    List<Map<String, AttributeValue>> os = new ArrayList<>();
    for (int i = 0; i < ORDERS; i++) {
      String customer = String.format("c%02d", (i * 7) % (CUSTOMERS - 2)); // the last two customers order nothing
      long amount = 5 + (i * 37L) % 500;
      Map<String, AttributeValue> o = new HashMap<>(Map.of("OrderId", s(String.format("o%04d", i)),
          "CustomerId", s(customer), "Amount", AttributeValue.fromN(Long.toString(amount))));
      if (i % 20 == 0) {
        o.put("Tags", AttributeValue.fromSs(List.of("gift", "t" + i)));
        o.put("Price", AttributeValue.fromN("12.50"));
      }
      os.add(o);
      long[] t = expected.computeIfAbsent(customer, k -> new long[2]);
      t[0]++;
      t[1] += amount;
    }
    backend.putAll(orders, os);
    Path export = dir.resolve("orders-export");

    String script = String.join("\n",
        "SET dynamodb.endpoint=" + backend.endpoint() + ";",
        "SET dynamodb.regionid=" + backend.region() + ";",
        "SET dynamodb.awsAccessKeyId=dummy;",
        "SET dynamodb.awsSecretAccessKey=dummy;",
        "SET dynamodb.throughput.read.percent=1.0;",
        "SET dynamodb.throughput.write.percent=1.0;",
        "CREATE EXTERNAL TABLE ddb_customers (cust_id string, cust_name string, city string)",
        "STORED BY '" + HANDLER + "'",
        "TBLPROPERTIES (\"dynamodb.table.name\" = \"" + customers + "\",",
        "\"dynamodb.column.mapping\" = \"cust_id:CustomerId,cust_name:Name,city:City\");",
        "CREATE EXTERNAL TABLE ddb_orders (order_id string, cust_id string, amount bigint)",
        "STORED BY '" + HANDLER + "'",
        "TBLPROPERTIES (\"dynamodb.table.name\" = \"" + orders + "\",",
        "\"dynamodb.column.mapping\" = \"order_id:OrderId,cust_id:CustomerId,amount:Amount\");",
        "CREATE EXTERNAL TABLE ddb_totals (cust_id string, cust_name string, order_count bigint, total bigint)",
        "STORED BY '" + HANDLER + "'",
        "TBLPROPERTIES (\"dynamodb.table.name\" = \"" + totals + "\",",
        "\"dynamodb.column.mapping\" = \"cust_id:CustomerId,cust_name:Name,order_count:OrderCount,total:Total\");",
        "SELECT c.cust_name, count(*), sum(o.amount) FROM ddb_orders o JOIN ddb_customers c",
        "ON o.cust_id = c.cust_id GROUP BY c.cust_name ORDER BY c.cust_name;",
        "INSERT OVERWRITE TABLE ddb_totals SELECT c.cust_id, c.cust_name, count(*), sum(o.amount)",
        "FROM ddb_orders o JOIN ddb_customers c ON o.cust_id = c.cust_id GROUP BY c.cust_id, c.cust_name;",
        "CREATE EXTERNAL TABLE orders_items (item map<string,string>)",
        "STORED BY '" + HANDLER + "' TBLPROPERTIES (\"dynamodb.table.name\" = \"" + orders + "\");",
        "INSERT OVERWRITE DIRECTORY '" + export.toUri() + "' SELECT * FROM orders_items;",
        "CREATE EXTERNAL TABLE orders_text (item map<string,string>)",
        "ROW FORMAT DELIMITED FIELDS TERMINATED BY '\\t' LINES TERMINATED BY '\\n' LOCATION '" + export.toUri() + "';",
        "CREATE EXTERNAL TABLE orders_copy (item map<string,string>)",
        "STORED BY '" + HANDLER + "' TBLPROPERTIES (\"dynamodb.table.name\" = \"" + copy + "\");",
        "INSERT OVERWRITE TABLE orders_copy SELECT * FROM orders_text;",
        "SELECT item['OrderId'], item['Amount'] FROM orders_items WHERE item['OrderId'] = '{\"s\":\"o0020\"}';",
        "");
    Path scriptFile = dir.resolve("script.sql");
    Files.writeString(scriptFile, script);
    Path output = dir.resolve("output.tsv");

    List<String> cp = new ArrayList<>();
    cp.add(ChildJvm.childClasses().toString());
    cp.add(ChildJvm.hadoopBundle().toString());
    cp.addAll(ChildJvm.engineClasspath("hive"));
    List<String> flags = new ArrayList<>(ChildJvm.jvmFlags());
    flags.add("-Xmx1g");
    ChildJvm.Outcome o = ChildJvm.run(Paths.get("target", "bundle-tests"), "hive", cp, flags, Map.of(),
        "io.ddbconnector.bundletests.child.HiveScript",
        List.of(dir.resolve("hive").toString(), scriptFile.toString(), output.toString()), 300);
    assertEquals(0, o.exitCode(), o.describe());
    Map<String, List<String>> results = sections(Files.readAllLines(output));

    // the join, exactly
    List<String> want = new ArrayList<>();
    Map<String, long[]> byName = new TreeMap<>();
    expected.forEach((id, t) -> byName.put(names.get(id), t));
    byName.forEach((name, t) -> want.add(name + "\t" + t[0] + "\t" + t[1]));
    assertEquals(want, results.get("10"), "the join's rows");

    // INSERT OVERWRITE TABLE: the selected rows put, the item already there kept
    Map<String, Map<String, AttributeValue>> got = new TreeMap<>();
    backend.scanAll(totals).forEach(item -> got.put(item.get("CustomerId").s(), item));
    Map<String, Map<String, AttributeValue>> wantTotals = new TreeMap<>();
    expected.forEach((id, t) -> wantTotals.put(id, Map.of("CustomerId", s(id), "Name", s(names.get(id)),
        "OrderCount", AttributeValue.fromN(Long.toString(t[0])), "Total", AttributeValue.fromN(Long.toString(t[1])))));
    wantTotals.put("zz-kept", Map.of("CustomerId", s("zz-kept"), "Name", s("kept")));
    assertEquals(wantTotals, got, "the INSERT OVERWRITE target");

    // whole-item export: one line per item; and its import is the table again, exactly
    List<String> lines = new ArrayList<>();
    try (Stream<Path> files = Files.list(export)) {
      for (Path f : files.filter(p -> !p.getFileName().toString().startsWith(".")
          && !p.getFileName().toString().startsWith("_")).toList()) {
        lines.addAll(Files.readAllLines(f));
      }
    }
    assertEquals(ORDERS, lines.size(), "exported lines");
    assertTrue(lines.stream().anyMatch(l -> l.contains("OrderId\u0003{\"s\":\"o0020\"}")), lines.get(0));
    Map<String, Map<String, AttributeValue>> copied = new TreeMap<>();
    backend.scanAll(copy).forEach(item -> copied.put(item.get("OrderId").s(), item));
    Map<String, Map<String, AttributeValue>> original = new TreeMap<>();
    backend.scanAll(orders).forEach(item -> original.put(item.get("OrderId").s(), item));
    assertEquals(ORDERS, original.size());
    assertEquals(original, copied, "the whole-item export imported into another table");
    assertEquals(List.of("{\"s\":\"o0020\"}\t{\"n\":\"" + (5 + 20 * 37 % 500) + "\"}"), results.get("17"));
  }

  /** The output file's query rows by statement number. */
  private static Map<String, List<String>> sections(List<String> lines) {
    Map<String, List<String>> m = new LinkedHashMap<>();
    List<String> current = null;
    for (String line : lines) {
      if (line.startsWith("## ")) {
        current = new ArrayList<>();
        m.put(line.substring(3), current);
      } else if (current != null) {
        current.add(line);
      }
    }
    return m;
  }
}
