package io.ddbconnector.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

class DynaliteServerIT {

  @Test
  void startsAnswersAndLeavesNoProcessAfterClose() {
    DynaliteServer server = DynaliteServer.start();
    ProcessHandle process = server.processHandle();
    try (Backend backend = Backend.of(server.endpoint(), "us-east-1")) {
      assertEquals("http://127.0.0.1:" + server.port(), server.endpoint().toString());
      assertTrue(process.isAlive());
      assertTrue(backend.client().listTables().tableNames().isEmpty());
    } finally {
      server.close();
    }
    assertFalse(process.isAlive(), "dynalite still running after close()");
    server.close(); // idempotent
  }

  @Test
  void keepsDataInTheGivenDirectoryAcrossRestarts(@TempDir Path dataDir) {
    String table;
    Map<String, AttributeValue> item = Map.of("id", AttributeValue.fromS("persisted"),
        "n", AttributeValue.fromN("1.50"));
    try (DynaliteServer server = DynaliteServer.start(dataDir);
         Backend backend = Backend.of(server.endpoint(), "us-east-1")) {
      table = backend.createTable("persist", "id", ScalarAttributeType.S);
      backend.client().putItem(r -> r.tableName(table).item(item));
    }
    try (DynaliteServer server = DynaliteServer.start(dataDir)) {
      DynamoDbClient client = Backend.of(server.endpoint(), "us-east-1").client();
      Map<String, AttributeValue> read = client.getItem(r -> r.tableName(table)
          .key(Map.of("id", AttributeValue.fromS("persisted"))).consistentRead(true)).item();
      assertEquals(ItemChecksum.canonical(item), ItemChecksum.canonical(read));
      assertEquals("1.5", read.get("n").n(), "dynalite normalises numbers");
      client.close();
    }
  }
}
