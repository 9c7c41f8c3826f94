package io.ddbconnector.spark.datasource;

import io.ddbconnector.spark.SparkSettings.MismatchPolicy;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.StructType;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The batch source's item-to-row conversion ({@link ItemToRow}: exact numbers, the same type rules and mismatch
 * policy) for other readers of items, e.g. the {@code dynamodb-streams} source's typed images.
 */
public final class ItemRows {

  private ItemRows() {}

  /**
   * Converts items to rows of {@code schema}; a mismatch names {@code table}, the item's key ({@code keyNames})
   * and the attribute, or is null under {@link MismatchPolicy#NULL}.
   */
  public static Function<Map<String, AttributeValue>, InternalRow> converter(StructType schema, String table,
      List<String> keyNames, MismatchPolicy policy) {
    ItemToRow c = new ItemToRow(schema, table, keyNames, policy);
    return c::convert;
  }
}
