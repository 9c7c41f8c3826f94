package io.ddbconnector.hive;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ddbconnector.testkit.Backend;
import io.ddbconnector.testkit.DynamoDBBackendExtension;
import io.ddbconnector.testkit.LogCapture;
import io.ddbconnector.testkit.PlanContract;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hive's half of the read planner's cross-engine contract ({@link PlanContract}): each predicate runs as a
 * real {@code SELECT ... WHERE} through the embedded Hive, whose optimizer pushes it to the storage handler;
 * the plan the input format produced (its log line) must be the one the shared case states (Spark's
 * {@code PlanContractIT} expects the same).
 */
@ExtendWith(DynamoDBBackendExtension.class)
class PlanContractIT {

  @TempDir
  static Path dir;
  static EmbeddedHive hive;
  static String table;
  static final List<String> PLANS = new CopyOnWriteArrayList<>();
  static LogCapture capture;

  @BeforeAll
  static void start(Backend backend) throws Exception {
    table = PlanContract.createTable(backend);
    hive = new EmbeddedHive(dir);
    hive.set("dynamodb.awsAccessKeyId", "dummy");
    hive.set("dynamodb.awsSecretAccessKey", "dummy");
    hive.execute("CREATE EXTERNAL TABLE pc (pk string, sk string, cat string, qty bigint, price decimal(10,2), "
        + "name string, doc struct<city:string>, note string) STORED BY '" + DynamoDBStorageHandler.class.getName()
        + "' TBLPROPERTIES ('dynamodb.endpoint'='" + backend.endpoint() + "', 'dynamodb.region'='" + backend.region()
        + "', 'dynamodb.table.name'='" + table + "')");
    capture = LogCapture.start(PLANS::add);
  }

  @AfterAll
  static void stop() throws Exception {
    if (capture != null) {
      capture.close();
    }
    if (hive != null) {
      hive.close();
    }
  }

  static List<PlanContract.Case> cases() {
    return PlanContract.cases();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void hivePlansTheSharedCase(PlanContract.Case c) {
    PLANS.clear();
    hive.query("SELECT * FROM pc WHERE " + c.where());
    // the input format's line: "INFO io.ddbconnector.hive.HiveDynamoDBInputFormat: Table 't': <plan>"
    String prefix = HiveDynamoDBInputFormat.class.getName() + ": Table '" + table + "': ";
    List<String> plans = PLANS.stream().filter(m -> m.contains(prefix))
        .map(m -> m.substring(m.indexOf(prefix) + prefix.length())).toList();
    assertEquals(List.of(c.hiveExpected()), plans, c.name() + ": " + c.where());
  }

  @org.junit.jupiter.api.Test
  void aStructFieldFilterFindsAKeyStoredInAnotherCase(Backend backend) {
    // Hive reads doc.city from a stored "City": a filter pushed to DynamoDB (exact names) would drop the item
    backend.putAll(table, List.of(java.util.Map.of("pk", software.amazon.awssdk.services.dynamodb.model.AttributeValue
        .fromS("p9"), "sk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("z9"), "doc",
        software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromM(java.util.Map.of("City",
            software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("Lyon"))))));
    assertEquals(List.of(List.of("p9")), hive.query("SELECT pk FROM pc WHERE doc.city = 'Lyon'"));
  }
}
