package io.ddbconnector.hive;

import org.apache.hadoop.hive.metastore.HiveMetaHook;

/**
 * The handler without its CREATE TABLE checks: makes tables as they could be made before secrets were refused
 * as table properties, to test that such tables keep working.
 */
public class LegacyStorageHandler extends DynamoDBStorageHandler {

  @Override
  public HiveMetaHook getMetaHook() {
    return null;
  }
}
