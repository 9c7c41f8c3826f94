package io.ddbconnector.spark.datasource;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddbconnector.hadoop.DynamoDBItemWritable;
import io.ddbconnector.mapred.DynamoDBExportInputFormat;
import io.ddbconnector.spark.SparkTestSupport;
import io.ddbconnector.testkit.Backend;
import io.ddbconnector.testkit.DynamoDBBackendExtension;
import io.ddbconnector.testkit.GoldenExport;
import io.ddbconnector.testkit.ItemChecksum;
import io.ddbconnector.testkit.ItemCorpus;
import io.ddbconnector.testkit.proxy.ExportApi;
import io.ddbconnector.testkit.proxy.ThrottlingProxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapred.JobConf;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Reading a table export in {@code local[2]}: the export (in the service's layout, written by the test kit's stub
 * of the export API) read as a DataFrame and as {@code sc.hadoopRDD} equals the live table item for item, the
 * tricky corpus included, with the same inferred schema and no Scan or Query; and a DataFrame read that requests
 * its export first.
 */
@ExtendWith(DynamoDBBackendExtension.class)
class ExportSourceIT {

  static SparkSession spark;
  static ThrottlingProxy proxy;
  static ExportApi exports;
  static Path buckets;
  static String table;
  static String exportDir;
  static List<Map<String, AttributeValue>> live;

  @BeforeAll
  static void start(Backend backend) throws Exception {
    spark = SparkTestSupport.session("ExportSourceIT");
    proxy = ThrottlingProxy.start(backend.endpoint());
    buckets = Files.createTempDirectory("export-buckets");
    exports = proxy.enableExports(buckets);
    exports.setDescribesInProgress(0);
    table = backend.createTable("export_src", "id", ScalarAttributeType.S);
    List<Map<String, AttributeValue>> items = new ArrayList<>(ItemCorpus.tricky("id"));
    items.addAll(ItemCorpus.generated("id", 300, 5));
    backend.putAll(table, items);
    live = backend.scanAll(table);
    try (DynamoDbClient client = backend.newClient(proxy.endpoint())) {
      String arn = client.describeTable(b -> b.tableName(table)).table().tableArn();
      String manifest = client.exportTableToPointInTime(b -> b.tableArn(arn).s3Bucket("bucket").s3Prefix("p"))
          .exportDescription().exportManifest();
      exportDir = buckets.resolve("bucket").resolve(manifest).getParent().toUri().toString();
    }
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
    if (proxy != null) {
      proxy.close();
    }
  }

  private static Map<String, String> exportOptions(Backend backend, boolean withTable) {
    Map<String, String> o = SparkTestSupport.options(proxy.endpoint(), backend.region(), table);
    if (!withTable) {
      o.remove("tableName");
    }
    o.put("exportPath", exportDir);
    return o;
  }

  private static List<String> rows(Dataset<Row> df) {
    return df.collectAsList().stream().map(SparkTestSupport::render).sorted().collect(Collectors.toList());
  }

  @Test
  void anExportReadsAsTheLiveTableWithTheSameSchemaAndNoScan(Backend backend) {
    Dataset<Row> liveDf = spark.read().format("dynamodb").options(SparkTestSupport.options(backend, table)).load();
    List<String> liveRows = rows(liveDf);
    assertEquals(live.size(), liveRows.size());

    long scans = proxy.requests("Scan");
    long queries = proxy.requests("Query");
    Dataset<Row> exported = spark.read().format("dynamodb").options(exportOptions(backend, true)).load();
    assertEquals(liveDf.schema(), exported.schema(), "the same inference, and the key from tableName");
    assertEquals(liveRows, rows(exported));
    String plan = exported.queryExecution().executedPlan().toString();
    assertTrue(plan.contains("DynamoDB export") && plan.contains("no read capacity"), plan);
    assertEquals(scans, proxy.requests("Scan"), "no Scan for an export read");
    assertEquals(queries, proxy.requests("Query"), "no Query for an export read");
  }

  @Test
  void withoutTheTableTheSameColumnsAndRowsAndNoRequestAtAll(Backend backend) {
    Dataset<Row> liveDf = spark.read().format("dynamodb").options(SparkTestSupport.options(backend, table)).load();
    long before = totalRequests();
    Dataset<Row> exported = spark.read().format("dynamodb").options(exportOptions(backend, false)).load();
    List<String> liveColumns = names(liveDf.schema());
    assertEquals("id:string", liveColumns.get(0), "a live read puts the key first");
    assertEquals(liveColumns.stream().sorted().toList(), names(exported.schema()),
        "without the table the key is not known: the same columns and types, all in name order");
    org.apache.spark.sql.Column[] inLiveOrder = java.util.Arrays.stream(liveDf.columns())
        .map(c -> col("`" + c.replace("`", "``") + "`")).toArray(org.apache.spark.sql.Column[]::new);
    assertEquals(rows(liveDf), rows(exported.select(inLiveOrder)));
    Dataset<Row> filtered = exported.where(col("id").startsWith("a")).select("id");
    assertEquals(rows(liveDf.where(col("id").startsWith("a")).select("id")), rows(filtered),
        "filters are evaluated by Spark, columns pruned");
    assertEquals(List.of("id"), names(filtered.schema()).stream().map(s -> s.split(":")[0]).toList());
    assertEquals(before, totalRequests(), "no request of any kind: not even DescribeTable");
  }

  @Test
  void hadoopRddOfTheExportHoldsTheTablesItems() {
    JobConf conf = new JobConf(spark.sparkContext().hadoopConfiguration());
    conf.set("dynamodb.export.path", exportDir);
    long scans = proxy.requests("Scan");
    JavaPairRDD<Text, DynamoDBItemWritable> rdd = JavaSparkContext.fromSparkContext(spark.sparkContext())
        .hadoopRDD(conf, DynamoDBExportInputFormat.class, Text.class, DynamoDBItemWritable.class);
    assertEquals(3, rdd.getNumPartitions(), "one per data file (the stub writes three)");
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    for (DynamoDBItemWritable w : rdd.map(p -> new DynamoDBItemWritable(p._2().getItem())).collect()) {
      items.add(w.getItem());
    }
    ItemChecksum.assertSameItems(live, items);
    assertEquals(scans, proxy.requests("Scan"));
  }

  @Test
  void aDataFrameReadCanRequestItsExportOncePerLoad(Backend backend) {
    int before = exports.exportsRequested();
    Map<String, String> o = SparkTestSupport.options(proxy.endpoint(), backend.region(), table);
    o.put("dynamodb.export.request.s3Bucket", "bucket");
    o.put("dynamodb.export.request.s3Prefix", "requested");
    o.put("dynamodb.export.request.bucketUri", buckets.resolve("bucket").toUri().toString());
    o.put("dynamodb.export.request.pollMs", "10");
    long scans = proxy.requests("Scan");
    Dataset<Row> df = spark.read().format("dynamodb").options(o).load();
    assertEquals(rows(spark.read().format("dynamodb").options(exportOptions(backend, true)).load()), rows(df));
    assertEquals(rows(df), rows(df), "a second action reads the same export");
    assertEquals(before + 1, exports.exportsRequested(), "one export for the load (schema inference and scans)");
    assertEquals(scans, proxy.requests("Scan"));
  }

  @Test
  void theHandWrittenGoldenExportReadsAsTheSameItemsInALiveTable(Backend backend) throws Exception {
    String golden = backend.createTable("export_golden", "Id", ScalarAttributeType.N);
    backend.putAll(golden, GoldenExport.items());
    Path dir = GoldenExport.copyTo(Files.createTempDirectory("golden"));
    Dataset<Row> liveDf = spark.read().format("dynamodb").options(SparkTestSupport.options(backend, golden)).load();
    Map<String, String> o = SparkTestSupport.options(backend, golden);
    o.put("exportPath", dir.getParent().getParent().toUri().toString());
    Dataset<Row> exported = spark.read().format("dynamodb").options(o).load();
    assertEquals(liveDf.schema(), exported.schema());
    assertEquals(4, rows(exported).size());
    // the backend stores numbers in its canonical text (9.99E+125 as 999000...0); the export keeps the text the
    // file has: the same numbers, compared as numbers; every other value compared as it reads
    assertEquals(rows(liveDf.drop("huge", "tiny")), rows(exported.drop("huge", "tiny")));
    for (String c : List.of("huge", "tiny")) {
      Row l = liveDf.where(col(c).isNotNull()).select(c).first();
      Row e = exported.where(col(c).isNotNull()).select(c).first();
      assertEquals(0, new java.math.BigDecimal(l.getString(0)).compareTo(new java.math.BigDecimal(e.getString(0))),
          c + ": " + l + " vs " + e);
    }
    assertEquals("9.99E+125", exported.where(col("huge").isNotNull()).select("huge").first().getString(0),
        "the export's number text, exactly");
  }

  private static long totalRequests() {
    long n = 0;
    for (String op : List.of("Scan", "Query", "DescribeTable", "GetItem", "BatchGetItem")) {
      n += proxy.requests(op);
    }
    return n;
  }

  private static List<String> names(StructType schema) {
    List<String> out = new ArrayList<>();
    for (StructField f : schema.fields()) {
      out.add(f.name() + ":" + f.dataType().simpleString());
    }
    return out;
  }
}
