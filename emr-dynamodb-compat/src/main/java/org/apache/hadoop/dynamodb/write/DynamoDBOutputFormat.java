package org.apache.hadoop.dynamodb.write;

import org.apache.hadoop.io.Text;

/**
 * Writes items to {@code dynamodb.output.tableName} with the old {@code mapred} API under the EMR connector's class
 * name: keys {@link Text} (ignored, as there), values {@code org.apache.hadoop.dynamodb.DynamoDBItemWritable} or
 * this connector's own item class. It is this connector's {@link io.ddbconnector.mapred.DynamoDBOutputFormat}:
 * the table is checked when the job is submitted, writes are batched, rate-limited and retried, and
 * {@code dynamodb.deletion.mode=true} deletes the records' keys instead.
 */
public class DynamoDBOutputFormat extends io.ddbconnector.mapred.DynamoDBOutputFormat<Text> {
}
