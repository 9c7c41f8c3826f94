package io.ddbconnector.hive;

import org.apache.hadoop.hive.serde2.objectinspector.ObjectInspector;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Converts the values of one Hive type to and from one DynamoDB type. One tree of converters is built
 * per table when the SerDe is initialised ({@link TypeMapping}); converters are immutable.
 *
 * <p>Reading is strict: an attribute of another DynamoDB type than the column's reads as NULL (so the
 * service's comparisons, which never match across types, agree with Hive's, and a pushed-down filter
 * never drops a row Hive would keep). Writing fails with a message naming the column when a value
 * cannot be represented.
 */
interface ValueConverter {

  /** The DynamoDB type written: S, N, B, BOOL, L, M, SS, NS or BS. */
  String dynamoType();

  /**
   * The Hive value (the standard Java object of the column's type) of {@code v}; null when {@code v} is
   * null (absent), the NULL type, or not convertible.
   */
  Object toHive(AttributeValue v);

  /** The attribute value of {@code data} as seen through {@code oi}; null when {@code data} is null. */
  AttributeValue toDynamo(Object data, ObjectInspector oi);
}
