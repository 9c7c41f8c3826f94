package io.ddbconnector.bundletests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddbconnector.testkit.Backend;
import io.ddbconnector.testkit.DynamoDBBackendExtension;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The Spark bundle alone beside Spark's own jars: {@link io.ddbconnector.bundletests.child.SparkJob} on
 * {@code local[2]} in a JVM whose classpath is Spark 4.0.1's jars, {@code emr-dynamodb-spark-bundle_2.13} and the
 * child program; every table it wrote is compared item by item with what it must hold.
 */
@ExtendWith(DynamoDBBackendExtension.class)
class SparkBundleIT {

  static final int ITEMS = 300;

  static List<Map<String, AttributeValue>> sourceItems() {
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    for (int i = 0; i < ITEMS; i++) {
      Map<String, AttributeValue> item = new HashMap<>();
      item.put("id", AttributeValue.fromS(String.format("i%04d", i)));
      item.put("n", AttributeValue.fromN(Integer.toString(i)));
      item.put("name", AttributeValue.fromS("name " + i));
      if (i % 10 == 0) { // a few items with more types: they must survive the RDD copy untouched
        item.put("tags", AttributeValue.fromSs(List.of("a" + i, "b")));
        item.put("blob", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {0, (byte) i, -1})));
        item.put("nested", AttributeValue.fromM(Map.of("k", AttributeValue.fromL(List.of(
            AttributeValue.fromN("1.5"), AttributeValue.fromBool(true), AttributeValue.fromNul(true))))));
      }
      items.add(item);
    }
    return items;
  }

  static Map<String, Map<String, AttributeValue>> byId(List<Map<String, AttributeValue>> items) {
    Map<String, Map<String, AttributeValue>> m = new TreeMap<>();
    items.forEach(i -> m.put(i.get("id").s(), i));
    return m;
  }

  /** The tables the job writes, as they must be after it ran. */
  static void assertTargets(Backend backend, List<Map<String, AttributeValue>> source, String rddTarget,
      String dfTarget) {
    Map<String, Map<String, AttributeValue>> rddWant = new TreeMap<>();
    Map<String, Map<String, AttributeValue>> dfWant = new TreeMap<>();
    for (Map<String, AttributeValue> item : source) {
      Map<String, AttributeValue> doubled = new HashMap<>(item);
      long n = Long.parseLong(item.get("n").n());
      doubled.put("n", AttributeValue.fromN(Long.toString(2 * n)));
      doubled.put("via", AttributeValue.fromS("rdd"));
      rddWant.put(item.get("id").s(), doubled);
      if (n % 3 == 0) {
        dfWant.put(item.get("id").s(), Map.of("id", item.get("id"), "name", item.get("name"), "n", item.get("n")));
      }
    }
    assertEquals(rddWant, byId(backend.scanAll(rddTarget)), "the saveAsHadoopDataset target");
    assertEquals(ITEMS / 3, dfWant.size());
    assertEquals(dfWant, byId(backend.scanAll(dfTarget)), "the DataFrame target");
  }

  static void assertResults(ChildJvm.Outcome o, Path bundle) {
    assertEquals(0, o.exitCode(), o.describe());
    Map<String, String> r = o.results();
    assertEquals("true", r.get("done"), o.describe());
    assertEquals(Integer.toString(ITEMS), r.get("rdd.count"), o.describe());
    assertEquals(Integer.toString(ITEMS), r.get("df.count"), o.describe());
    assertEquals(Integer.toString(ITEMS / 3), r.get("df.selected"), o.describe());
    // the connector and the SDK came from the bundle, not from anything else
    assertTrue(r.get("connector.jar").endsWith(bundle.getFileName().toString()), r.toString());
    assertTrue(r.get("sdk.jar").endsWith(bundle.getFileName().toString()), r.toString());
  }

  @Test
  void hadoopRddAndDataFrameJobOnLocal2WithOnlyTheBundle(Backend backend) throws Exception {
    String source = backend.createTable("bundle_spark_src", "id", ScalarAttributeType.S);
    String rddTarget = backend.createTable("bundle_spark_rdd", "id", ScalarAttributeType.S);
    String dfTarget = backend.createTable("bundle_spark_df", "id", ScalarAttributeType.S);
    List<Map<String, AttributeValue>> items = sourceItems();
    backend.putAll(source, items);

    List<String> cp = new ArrayList<>();
    cp.add(ChildJvm.childClasses().toString());
    cp.add(ChildJvm.sparkBundle().toString());
    cp.addAll(ChildJvm.engineClasspath("spark"));
    List<String> flags = new ArrayList<>(ChildJvm.jvmFlags());
    flags.add("-Xmx1g");
    ChildJvm.Outcome o = ChildJvm.run(Paths.get("target", "bundle-tests"), "spark-local", cp, flags, Map.of(),
        "io.ddbconnector.bundletests.child.SparkJob",
        List.of(backend.endpoint().toString(), backend.region(), source, rddTarget, dfTarget, "local[2]"), 240);
    System.out.println(o.describe());
    assertResults(o, ChildJvm.sparkBundle());
    assertTargets(backend, items, rddTarget, dfTarget);
  }
}
