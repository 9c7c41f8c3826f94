package io.ddbconnector.types;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * DynamoDB's names for the type of a value, and value identity as the service compares values. Key checks
 * compare these names with a table's key schema ({@code S}, {@code N}, {@code B}) and messages show them, so
 * every engine must name a type the same way, including {@code NULL} (the SDK's enum says {@code NUL}).
 */
public final class DynamoTypes {

  private DynamoTypes() {}

  /**
   * DynamoDB's name of {@code v}'s type: {@code S, N, B, SS, NS, BS, M, L, BOOL} or {@code NULL}. For
   * messages, so it never fails: a value with several types set is named by its first scalar (S, N, B), else
   * {@code "mixed"}; one with none {@code "unknown"}; a Java null {@code "nothing"}.
   */
  public static String name(AttributeValue v) {
    if (v == null) {
      return "nothing";
    } else if (v.s() != null) {
      return "S";
    } else if (v.n() != null) {
      return "N";
    } else if (v.b() != null) {
      return "B";
    }
    AttributeValue.Type t = v.type();
    if (t == null) {
      return "mixed";
    } else if (t == AttributeValue.Type.NUL) {
      return "NULL";
    } else if (t == AttributeValue.Type.UNKNOWN_TO_SDK_VERSION) {
      return "unknown";
    }
    return t.name();
  }

  /**
   * {@code v} as the service compares it, for equals/hashCode: a number becomes the number of its
   * {@linkplain DynamoNumbers#canonicalNumber canonical form} ({@code 1.0}, {@code 1} and {@code 1E0} give one
   * key and one set member); any other value is itself. Call on valid numbers only (checked by
   * {@link DynamoNumbers#problem}, or written by {@link DynamoNumbers#format}).
   */
  public static AttributeValue identity(AttributeValue v) {
    return v != null && v.n() != null ? AttributeValue.fromN(DynamoNumbers.canonicalNumber(v.n())) : v;
  }
}
