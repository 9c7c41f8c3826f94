package io.ddbconnector.types;

import java.io.IOException;

/**
 * Thrown by {@link ItemCodec} for input that is not a well-formed encoded item. The message
 * names the problem, the byte offset from the start of the item and, when known, the attribute
 * path (filled in while unwinding).
 */
final class CorruptItemException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String problem;
  private final long offset;
  private final transient AttributePath path = new AttributePath();

  CorruptItemException(String problem, long offset) {
    super(problem);
    this.problem = problem;
    this.offset = offset;
  }

  CorruptItemException inAttribute(String name) {
    path.prependName(name);
    return this;
  }

  CorruptItemException atIndex(int index) {
    path.prependIndex(index);
    return this;
  }

  @Override
  public String getMessage() {
    StringBuilder sb = new StringBuilder("corrupt encoded DynamoDB item: ").append(problem);
    if (offset >= 0) {
      sb.append(" at byte offset ").append(offset);
    }
    if (!path.isEmpty()) {
      sb.append(" (attribute path '").append(path).append("')");
    }
    return sb.toString();
  }
}
