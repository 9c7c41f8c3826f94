package io.ddbconnector.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddbconnector.conf.Settings;
import io.ddbconnector.core.DynamoDBConnector;
import io.ddbconnector.table.TableInfo;
import io.ddbconnector.testkit.Backend;
import io.ddbconnector.testkit.DynamoDBBackendExtension;
import io.ddbconnector.testkit.proxy.ThrottlingProxy;
import io.ddbconnector.throughput.ConnectorMetrics;
import io.ddbconnector.throughput.Retrier;
import io.ddbconnector.throughput.RetryPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** Listing and finding tables, what a catalog does, against the backend through a proxy that counts requests. */
@ExtendWith(DynamoDBBackendExtension.class)
class TableMetadataIT {

  @Test
  void listsEveryPageAndFindsTablesByName(Backend backend) {
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      created.add(backend.createTable("list.me-" + i, "id", ScalarAttributeType.S, "n", ScalarAttributeType.N));
    }
    List<String> all = backend.client().listTablesPaginator().tableNames().stream().collect(
        java.util.stream.Collectors.toList());
    try (ThrottlingProxy proxy = ThrottlingProxy.start(backend.endpoint())) {
      Settings s = Settings.of(Map.of("dynamodb.endpoint", proxy.endpoint().toString(), "dynamodb.region",
          backend.region(), "dynamodb.awsAccessKeyId", "dummy", "dynamodb.awsSecretAccessKey", "dummy"));
      DynamoDBConnector connector = DynamoDBConnector.create(s);
      assertEquals(all, connector.listTables(), "no table name in the settings is needed");
      assertTrue(all.containsAll(created));

      long before = proxy.requests("ListTables");
      ClientSettings cs = ClientSettings.from(s);
      List<String> paged = TableMetadata.listTables(DynamoDBClientFactory.shared(cs), cs.describeTarget(),
          new Retrier(RetryPolicy.from(s), new ConnectorMetrics()), 2);
      assertEquals(all, paged, "pages of 2 names give the same list");
      assertTrue(proxy.requests("ListTables") - before >= (all.size() + 1) / 2,
          "one request per page of 2: " + (proxy.requests("ListTables") - before) + " for " + all.size() + " tables");

      Optional<TableInfo> found = connector.findTable(created.get(3));
      assertTrue(found.isPresent());
      assertEquals(created.get(3), found.get().tableName());
      assertEquals(List.of("id", "n"), found.get().keyNames());
      assertEquals(Optional.empty(), connector.findTable("no.such-table"));
    }
  }
}
