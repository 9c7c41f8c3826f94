package io.ddbconnector.hive;

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
}
