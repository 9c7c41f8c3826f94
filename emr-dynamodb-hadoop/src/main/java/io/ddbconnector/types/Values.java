package io.ddbconnector.types;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Checks shared by the encoders. */
final class Values {

  /**
   * Deepest nesting the encoders and decoders accept: a top-level attribute value is at depth 1,
   * a value inside a top-level map or list at depth 2. DynamoDB itself stops at 32; the margin
   * only exists so that legitimate data never hits this guard, which protects against stack
   * exhaustion on hostile input.
   */
  static final int MAX_DEPTH = 64;

  private Values() {}

  /** The single data type of {@code v}, or an {@link InvalidAttributeException}. */
  static AttributeValue.Type typeOf(AttributeValue v) {
    if (v == null) {
      throw new InvalidAttributeException("null AttributeValue");
    }
    AttributeValue.Type t = v.type();
    if (t == null) {
      throw new InvalidAttributeException(
          "AttributeValue has more than one data type set (type() is null)");
    }
    if (t == AttributeValue.Type.UNKNOWN_TO_SDK_VERSION) {
      throw new InvalidAttributeException(
          "AttributeValue has no data type set (type() is UNKNOWN_TO_SDK_VERSION)");
    }
    return t;
  }

  static void checkDepth(int depth) {
    if (depth > MAX_DEPTH) {
      throw new InvalidAttributeException(
          "attribute values nested deeper than " + MAX_DEPTH + " levels");
    }
  }

  static <T> T member(T value, String what) {
    if (value == null) {
      throw new InvalidAttributeException("null " + what);
    }
    return value;
  }
}
