package io.ddbconnector.hive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hive.metastore.TableType;
import org.apache.hadoop.hive.metastore.api.EnvironmentContext;
import org.apache.hadoop.hive.metastore.api.FieldSchema;
import org.apache.hadoop.hive.metastore.api.MetaException;
import org.apache.hadoop.hive.metastore.api.SerDeInfo;
import org.apache.hadoop.hive.metastore.api.StorageDescriptor;
import org.apache.hadoop.hive.metastore.api.Table;
import org.junit.jupiter.api.Test;

/** The meta hook's checks that need no backend: secrets and misspelt keys, on CREATE and ALTER alike. */
class DynamoDBMetaHookTest {

  private static Table table(Map<String, String> params) {
    Table t = new Table();
    t.setDbName("db");
    t.setTableName("t");
    t.setTableType(TableType.EXTERNAL_TABLE.name());
    StorageDescriptor sd = new StorageDescriptor();
    sd.setCols(List.of(new FieldSchema("id", "string", null)));
    sd.setSerdeInfo(new SerDeInfo());
    t.setSd(sd);
    Map<String, String> p = new HashMap<>(params);
    p.put("dynamodb.table.name", "t");
    t.setParameters(p);
    return t;
  }

  @Test
  void secretPropertiesAreRefusedOnCreateAndAlterWithoutTheirValues() {
    DynamoDBMetaHook hook = new DynamoDBMetaHook(new Configuration(false));
    Table t = table(Map.of("dynamodb.awsAccessKeyId", "AKIAHOOKTESTVALUE", "dynamodb.proxy.password", "pw-value"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> hook.validate(t));
    assertTrue(e.getMessage().contains("'dynamodb.awsAccessKeyId', 'dynamodb.proxy.password' would keep a secret"),
        e.getMessage());
    assertFalse(e.getMessage().contains("AKIAHOOKTESTVALUE") || e.getMessage().contains("pw-value"), e.getMessage());
    MetaException alter = assertThrows(MetaException.class, () -> hook.preAlterTable(t, new EnvironmentContext()));
    assertTrue(alter.getMessage().contains("hadoop.security.credential.provider.path"), alter.getMessage());
    RuntimeException blank = assertThrows(RuntimeException.class,
        () -> offline(Map.of()).validate(table(Map.of("dynamodb.awsSecretAccessKey", " "))));
    assertFalse(blank.getMessage().contains("would keep a secret"), "a blank value holds no secret: " + blank);
  }

  @Test
  void nearMissPropertiesAreRefusedUnlessAllowed() {
    DynamoDBMetaHook hook = new DynamoDBMetaHook(new Configuration(false));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> hook.validate(table(Map.of("dynamodb.type.maping", "id:S"))));
    assertTrue(e.getMessage().contains("did you mean 'dynamodb.type.mapping'"), e.getMessage());
    DynamoDBMetaHook allowing = offline(Map.of("dynamodb.config.allowUnknownKeys", "true"));
    RuntimeException later = assertThrows(RuntimeException.class,
        () -> allowing.validate(table(Map.of("dynamodb.type.maping", "id:S"))));
    assertFalse(later.getMessage().contains("did you mean"), "allowed by the session: " + later);
  }

  /** A hook whose session points at a closed local port: checks past the key checks fail at once. */
  private static DynamoDBMetaHook offline(Map<String, String> extra) {
    Configuration session = new Configuration(false);
    extra.forEach(session::set);
    session.set("dynamodb.endpoint", "http://127.0.0.1:9");
    session.set("dynamodb.region", "us-east-1");
    session.set("dynamodb.awsAccessKeyId", "dummy");
    session.set("dynamodb.awsSecretAccessKey", "dummy");
    session.set("dynamodb.retry.maxAttempts", "1");
    return new DynamoDBMetaHook(session);
  }

  /** INSERT OVERWRITE is accepted (puts, no deletes) and its notice names both tables. */
  @Test
  void insertOverwriteIsAcceptedWithANotice() throws Exception {
    Table t = table(Map.of());
    t.getParameters().put("dynamodb.table.name", "Orders");
    new DynamoDBMetaHook(new Configuration(false)).preInsertTable(t, true);
    assertEquals("INSERT OVERWRITE into DynamoDB table 'Orders' writes the selected items and deletes none; items not"
        + " selected stay (Hive table 'db.t'; each row is a put, as with INSERT INTO)", DynamoDBMetaHook.overwriteNotice(t));
  }

  /**
   * Every table property the EMR connector's Hive handler reads is understood here: a Hive-only property the
   * handler keeps, or a core key, or a key that is known and reported as ignored; never taken for a typo.
   */
  @Test
  void everyTablePropertyOfTheEmrConnectorIsKnown() {
    for (String k : List.of("dynamodb.column.mapping", "dynamodb.type.mapping", "dynamodb.null.serialization",
        "dynamodb.table.name", "dynamodb.filter.pushdown")) {
      assertTrue(HiveTableProperties.HIVE_ONLY.contains(k), k + " is a Hive table property of the handler");
    }
    for (String k : List.of("dynamodb.endpoint", "dynamodb.region", "dynamodb.throughput.read.percent",
        "dynamodb.throughput.write.percent", "dynamodb.throughput.read", "dynamodb.throughput.write",
        "dynamodb.customAWSCredentialsProvider", "dynamodb.max.map.tasks")) {
      assertTrue(io.ddbconnector.conf.ConnectorOptions.find(k).isPresent()
          && !HiveTableProperties.HIVE_ONLY.contains(k), k + " is a core key, passed on per table");
    }
    for (String k : List.of("dynamodb.throughput.read.autoscaling", "dynamodb.throughput.write.autoscaling",
        "dynamodb.item.average.size", "dynamodb.item.count", "dynamodb.table.size-bytes", "dynamodb.table.keyNames")) {
      // since the i15-compat merge some of these are honoured registry keys, the others reported
      assertTrue(io.ddbconnector.conf.ConnectorOptions.reportedReferenceKeys().containsKey(k)
          || io.ddbconnector.conf.ConnectorOptions.find(k).isPresent(), k + " is honoured or reported");
    }
  }
}
