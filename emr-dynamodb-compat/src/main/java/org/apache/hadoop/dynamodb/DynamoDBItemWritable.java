package org.apache.hadoop.dynamodb;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One DynamoDB item (SDK v2 {@code Map<String, AttributeValue>}) as a Hadoop {@code Writable}, under the EMR
 * connector's class name. It is this connector's {@link io.ddbconnector.hadoop.DynamoDBItemWritable} (same
 * serialised form), so that the records of {@link org.apache.hadoop.dynamodb.read.DynamoDBInputFormat} are
 * instances of this class, and mapper code typed on it ({@code Mapper<Text, DynamoDBItemWritable, ...>}) compiles
 * and runs unchanged; the output formats accept it and this connector's own class alike.
 */
public class DynamoDBItemWritable extends io.ddbconnector.hadoop.DynamoDBItemWritable {
  private static final long serialVersionUID = 1L;

  /** An empty item, for Hadoop to fill with {@code readFields}. */
  public DynamoDBItemWritable() {
    super();
  }

  /** An item holding {@code item}. */
  public DynamoDBItemWritable(Map<String, AttributeValue> item) {
    super(item);
  }
}
