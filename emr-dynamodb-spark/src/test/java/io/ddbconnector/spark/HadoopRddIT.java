package io.ddbconnector.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddbconnector.hadoop.DynamoDBItemWritable;
import io.ddbconnector.mapred.DynamoDBInputFormat;
import io.ddbconnector.testkit.Backend;
import io.ddbconnector.testkit.DynamoDBBackendExtension;
import io.ddbconnector.testkit.ItemChecksum;
import io.ddbconnector.testkit.ItemCorpus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapred.JobConf;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import scala.Tuple2;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** RDD-level reads and writes: {@code sc.hadoopRDD} as the README shows it, and {@link DynamoDBSpark}. */
@ExtendWith(DynamoDBBackendExtension.class)
class HadoopRddIT {

  static final int ITEMS = 5_000;
  static SparkSession spark;
  static JavaSparkContext jsc;
  static String source;
  static List<Map<String, AttributeValue>> expected;

  @BeforeAll
  static void start(Backend backend) {
    spark = SparkTestSupport.session("HadoopRddIT");
    jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    source = backend.createTable("rdd_src", "id", ScalarAttributeType.S);
    backend.putAll(source, ItemCorpus.generated("id", ITEMS, 7));
    backend.putAll(source, ItemCorpus.tricky("id"));
    expected = backend.scanAll(source);
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  @Test
  void hadoopRddCountAndChecksumEqualTheTable(Backend backend) {
    JobConf conf = new JobConf(jsc.hadoopConfiguration());
    SparkTestSupport.options(backend, source).forEach((k, v) -> conf.set(k.equals("tableName")
        ? "dynamodb.input.tableName" : "dynamodb." + (k.equals("accessKeyId") ? "awsAccessKeyId"
        : k.equals("secretAccessKey") ? "awsSecretAccessKey" : k), v));
    JavaPairRDD<Text, DynamoDBItemWritable> rdd = jsc.hadoopRDD(conf, DynamoDBInputFormat.class, Text.class,
        DynamoDBItemWritable.class);
    assertEquals(expected.size(), rdd.count());
    assertTrue(rdd.getNumPartitions() >= 4, "several partitions: " + rdd.getNumPartitions());
    // Hadoop reuses the value object: copy each item out before collecting; collect writables (or
    // SerializableItems), as the SDK's binary values do not survive Java serialisation in a plain map
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    for (DynamoDBItemWritable w : rdd.map(p -> new DynamoDBItemWritable(p._2().getItem())).collect()) {
      items.add(w.getItem());
    }
    ItemChecksum.assertSameItems(expected, items, "id");
    assertEquals(ItemChecksum.of(expected), ItemChecksum.of(items));
  }

  @Test
  void itemsSurviveAShuffle(Backend backend) {
    JobConf conf = DynamoDBSpark.jobConf(jsc.sc(), SparkTestSupport.options(backend, source));
    JavaPairRDD<Text, DynamoDBItemWritable> rdd = jsc.hadoopRDD(conf, DynamoDBInputFormat.class, Text.class,
        DynamoDBItemWritable.class);
    // writables cross the shuffle (Java serialisation through ItemCodec)
    Map<String, Long> perCategory = new TreeMap<>(rdd
        .mapToPair(p -> new Tuple2<>(category(p._2().getItem()), new DynamoDBItemWritable(p._2().getItem())))
        .groupByKey(3)
        .mapValues(items -> {
          long n = 0;
          for (DynamoDBItemWritable w : items) {
            n += w.getItem().isEmpty() ? 0 : 1;
          }
          return n;
        }).collectAsMap());
    Map<String, Long> want = new TreeMap<>();
    for (Map<String, AttributeValue> item : expected) {
      want.merge(category(item), 1L, Long::sum);
    }
    assertEquals(want, perCategory);
    // and a collected writable is the whole item
    List<DynamoDBItemWritable> one = rdd.map(p -> new DynamoDBItemWritable(p._2().getItem()))
        .filter(w -> w.getItem().get("id").s().equals("all-types")).collect();
    assertEquals(1, one.size());
    assertEquals(expected.stream().filter(i -> i.get("id").s().equals("all-types")).findFirst().get(),
        one.get(0).getItem());
  }

  private static String category(Map<String, AttributeValue> item) {
    AttributeValue c = item.get("category");
    return c == null || c.s() == null ? "(none)" : c.s();
  }

  @Test
  void plainSdkMapsLoseBinariesWhenSerialisedButSerializableItemsDoNot() throws Exception {
    Map<String, AttributeValue> item = expected.stream().filter(i -> i.get("id").s().equals("binary-all-bytes"))
        .findFirst().get();
    assertEquals(256, item.get("bytes").b().asByteArrayUnsafe().length);
    Map<String, AttributeValue> plain = roundTrip(new java.util.HashMap<>(item));
    assertEquals(0, plain.get("bytes").b().asByteArrayUnsafe().length, "the SDK's SdkBytes is not serialisable:"
        + " if this starts failing, the SDK fixed it");
    Map<String, AttributeValue> safe = roundTrip(SerializableItem.of(item));
    assertEquals(item, safe);
    assertTrue(safe instanceof SerializableItem);
  }

  @SuppressWarnings("unchecked")
  private static <T> T roundTrip(T o) throws Exception {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
      out.writeObject(o);
    }
    try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(
        new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
      return (T) in.readObject();
    }
  }

  @Test
  void jobConfFillsConnectorSettingsAndConcurrency(Backend backend) {
    Map<String, String> options = SparkTestSupport.options(backend, source);
    options.put("readPercent", "0.3");
    JobConf conf = DynamoDBSpark.jobConf(jsc.sc(), options);
    assertEquals(source, conf.get("dynamodb.input.tableName"));
    assertEquals("0.3", conf.get("dynamodb.throughput.read.percent"));
    assertEquals(null, conf.get("dynamodb.throughput.concurrency"), "no fixed divisor: the share is live");
    assertEquals(2, jsc.defaultParallelism());
  }

  @Test
  void readItemsAndWriteItemsCopyATable(Backend backend) {
    JavaRDD<Map<String, AttributeValue>> items = DynamoDBSpark.readItems(jsc, SparkTestSupport.options(backend, source));
    Map<String, String> out = SparkTestSupport.options(backend, "?");
    out.put("writeCapacity", "100000"); // measure the connector, not the default 500 WCU/s budget
    assertEquals(expected.size(), items.count());
    // items are fresh maps: they can be repartitioned (shuffled) before writing
    String target = backend.createTable("rdd_copy", "id", ScalarAttributeType.S);
    out.put("tableName", target);
    DynamoDBSpark.writeItems(items.repartition(3), out);
    List<Map<String, AttributeValue>> copy = backend.scanAll(target);
    ItemChecksum.assertSameItems(expected, copy, "id");

    // delete mode through the same entry point
    Map<String, String> delete = SparkTestSupport.options(backend, target);
    delete.put("mode", "delete");
    List<Map<String, AttributeValue>> some = new ArrayList<>();
    copy.subList(0, 100).forEach(i -> some.add(SerializableItem.of(i)));
    DynamoDBSpark.writeItems(jsc.parallelize(some, 2), delete);
    assertEquals(expected.size() - 100, backend.count(target));
  }
}
