package io.ddbconnector.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddbconnector.conf.Settings;
import io.ddbconnector.testkit.Backend;
import io.ddbconnector.testkit.DynamoDBBackendExtension;
import io.ddbconnector.throughput.ConnectorMetrics;
import io.ddbconnector.exceptions.DynamoDBConnectorException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** UpdateItem through the core updater against the backend. */
@ExtendWith(DynamoDBBackendExtension.class)
class ItemUpdaterIT {

  private static Settings settings(Backend backend, String table) {
    return Settings.of(Map.of("dynamodb.output.tableName", table, "dynamodb.endpoint", backend.endpoint().toString(),
        "dynamodb.region", backend.region(), "dynamodb.awsAccessKeyId", "dummy",
        "dynamodb.awsSecretAccessKey", "dummy", "dynamodb.throughput.write", "100000"));
  }

  private static AttributeValue s(String v) {
    return AttributeValue.fromS(v);
  }

  @Test
  void setsRemovesCreatesAndKeepsOrderPerKey(Backend backend) {
    String table = backend.createTable("upd", "id", ScalarAttributeType.S);
    backend.putAll(table, List.of(Map.of("id", s("a"), "keep", s("k"), "drop", s("d"), "n", AttributeValue.fromN("1"))));
    ConnectorMetrics metrics = new ConnectorMetrics();
    try (ItemUpdater u = io.ddbconnector.core.DynamoDBConnector.openUpdater(settings(backend, table), 1, metrics)) {
      u.update(Map.of("id", s("a")), Map.of("n", AttributeValue.fromN("2"), "new", s("x")), List.of("drop"));
      u.update(Map.of("id", s("b")), Map.of("v", s("created")), List.of());
      for (int i = 0; i < 200; i++) {
        u.update(Map.of("id", s("c")), Map.of("v", AttributeValue.fromN(Integer.toString(i))), List.of());
      }
    }
    Map<String, Map<String, AttributeValue>> byId = new HashMap<>();
    backend.scanAll(table).forEach(i -> byId.put(i.get("id").s(), i));
    assertEquals(Map.of("id", s("a"), "keep", s("k"), "n", AttributeValue.fromN("2"), "new", s("x")), byId.get("a"));
    assertEquals(Map.of("id", s("b"), "v", s("created")), byId.get("b"));
    assertEquals("199", byId.get("c").get("v").n(), "updates of one key apply in order");
    assertEquals(202, metrics.itemsWritten());
    assertTrue(metrics.writeUnits() > 0);
  }

  @Test
  void badKeysFailBeforeSendingNamingTheKey(Backend backend) {
    String table = backend.createTable("upd_bad", "pk", ScalarAttributeType.S, "sk", ScalarAttributeType.N);
    ItemUpdater u = io.ddbconnector.core.DynamoDBConnector.openUpdater(settings(backend, table), 1,
        new ConnectorMetrics());
    DynamoDBConnectorException e = assertThrows(DynamoDBConnectorException.class,
        () -> u.update(Map.of("pk", s("p"), "sk", s("1")), Map.of("v", s("x")), List.of()));
    assertTrue(e.getMessage().contains("'sk' that must be of type N") && e.getMessage().contains(table),
        e.getMessage());
    assertThrows(DynamoDBConnectorException.class, u::close, "a failed updater stays failed");
    ItemUpdater other = io.ddbconnector.core.DynamoDBConnector.openUpdater(settings(backend, table), 1,
        new ConnectorMetrics());
    e = assertThrows(DynamoDBConnectorException.class,
        () -> other.update(Map.of("pk", s("p"), "sk", AttributeValue.fromN("1")), Map.of("pk", s("y")), List.of()));
    assertTrue(e.getMessage().contains("may not change key attribute 'pk'"), e.getMessage());
    assertFalse(backend.count(table) > 0);
  }
}
