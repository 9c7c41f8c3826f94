package org.apache.hadoop.hive.dynamodb;

import org.apache.hadoop.hive.dynamodb.read.HiveDynamoDBInputFormat;
import org.apache.hadoop.hive.dynamodb.write.HiveDynamoDBOutputFormat;
import org.apache.hadoop.hive.serde2.AbstractSerDe;
import org.apache.hadoop.mapred.InputFormat;
import org.apache.hadoop.mapred.OutputFormat;

/**
 * The storage handler under the EMR connector's class name: {@code STORED BY
 * 'org.apache.hadoop.hive.dynamodb.DynamoDBStorageHandler'} with that connector's table properties
 * ({@code dynamodb.table.name}, {@code dynamodb.column.mapping}, ...) runs on this connector's handler
 * ({@link io.ddbconnector.hive.DynamoDBStorageHandler}). The SerDe and formats it names are the EMR connector's
 * class names too, so what Hive records in the metastore for a new table is what that connector recorded.
 */
@SuppressWarnings("rawtypes")
public class DynamoDBStorageHandler extends io.ddbconnector.hive.DynamoDBStorageHandler {

  @Override
  public Class<? extends InputFormat> getInputFormatClass() {
    return HiveDynamoDBInputFormat.class;
  }

  @Override
  public Class<? extends OutputFormat> getOutputFormatClass() {
    return HiveDynamoDBOutputFormat.class;
  }

  @Override
  public Class<? extends AbstractSerDe> getSerDeClass() {
    return DynamoDBSerDe.class;
  }
}
