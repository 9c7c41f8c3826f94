package io.ddbconnector.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddbconnector.testkit.Backend;
import io.ddbconnector.testkit.DynamoDBBackendExtension;
import io.ddbconnector.testkit.FakeCredentials;
import io.ddbconnector.testkit.ItemCorpus;
import io.ddbconnector.testkit.proxy.StsStub;
import io.ddbconnector.testkit.proxy.ThrottlingProxy;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Cross-account access from Spark on {@code local[2]}: with AWS Glue's option names ({@code dynamodb.sts.roleArn},
 * {@code dynamodb.sts.roleSessionName}) the DataFrame source and the RDD helpers ({@code hadoopRDD},
 * {@code saveAsHadoopDataset}) sign every request with the role's credentials from STS (the test kit's
 * {@link StsStub}), the driver and the executor threads sharing one role session; a refusal names the role.
 */
@ExtendWith(DynamoDBBackendExtension.class)
class SparkAssumeRoleIT {

  static final String ROLE = "arn:aws:iam::210987654321:role/spark-analytics";
  static final int ITEMS = 150;
  static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkTestSupport.session("SparkAssumeRoleIT");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void dataFramesAndRddsReadAndWriteAsTheRole(Backend backend) {
    String source = backend.createTable("spark_role_src", "id", ScalarAttributeType.S);
    backend.putAll(source, ItemCorpus.generated("id", ITEMS, 3));
    String byFrame = backend.createTable("spark_role_df", "id", ScalarAttributeType.S);
    String byRdd = backend.createTable("spark_role_rdd", "id", ScalarAttributeType.S);
    try (ThrottlingProxy proxy = ThrottlingProxy.start(backend.endpoint());
        StsStub sts = StsStub.start().allow(ROLE, null)) {
      Dataset<Row> df = spark.read().format("dynamodb").options(options(proxy, backend, sts, source)).load();
      assertEquals(ITEMS, df.count());
      df.write().format("dynamodb").options(options(proxy, backend, sts, byFrame)).mode("append").save();
      assertEquals(ITEMS, backend.count(byFrame));

      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      JavaRDD<Map<String, AttributeValue>> items = DynamoDBSpark.readItems(jsc, options(proxy, backend, sts, source));
      DynamoDBSpark.writeItems(items, options(proxy, backend, sts, byRdd));
      assertEquals(ITEMS, backend.count(byRdd));

      assertEquals(1, sts.calls().size(), "one role session for the driver and the executors: " + sts.calls());
      assertEquals(FakeCredentials.ACCESS_KEY_ID, sts.calls().get(0).callerAccessKeyId());
      assertEquals("spark-job", sts.calls().get(0).sessionName());
      assertEquals(Set.copyOf(sts.issuedAccessKeyIds()), proxy.accessKeyIds(), "every request signed as the role");
      assertTrue(proxy.requests(byFrame, "BatchWriteItem") > 0 && proxy.requests(byRdd, "BatchWriteItem") > 0);
    }
  }

  @Test
  void aRefusedRoleNamesTheRole(Backend backend) {
    String source = backend.createTable("spark_role_src", "id", ScalarAttributeType.S);
    try (ThrottlingProxy proxy = ThrottlingProxy.start(backend.endpoint());
        StsStub sts = StsStub.start()) {
      Exception e = assertThrows(Exception.class,
          () -> spark.read().format("dynamodb").options(options(proxy, backend, sts, source)).load().count());
      String all = SparkTestSupport.messages(e);
      assertTrue(all.contains("Cannot assume role '" + ROLE + "'") && all.contains("AccessDenied"), all);
      assertEquals(Set.of(), proxy.accessKeyIds());
    }
  }

  private static Map<String, String> options(ThrottlingProxy proxy, Backend backend, StsStub sts, String table) {
    Map<String, String> o = SparkTestSupport.options(proxy.endpoint(), backend.region(), table);
    o.put("accessKeyId", FakeCredentials.ACCESS_KEY_ID);
    o.put("secretAccessKey", FakeCredentials.SECRET_ACCESS_KEY);
    o.put("dynamodb.sts.roleArn", ROLE);
    o.put("dynamodb.sts.roleSessionName", "spark-job");
    o.put("dynamodb.sts.endpoint", sts.endpoint().toString());
    return o;
  }
}
