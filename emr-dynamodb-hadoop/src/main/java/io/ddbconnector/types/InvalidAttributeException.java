package io.ddbconnector.types;

/**
 * An {@code AttributeValue} that cannot be encoded (no type, several types, null members, too
 * deep). The message names the attribute path, which is filled in while unwinding.
 */
final class InvalidAttributeException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String problem;
  private final transient AttributePath path = new AttributePath();

  InvalidAttributeException(String problem) {
    super(problem);
    this.problem = problem;
  }

  InvalidAttributeException inAttribute(String name) {
    path.prependName(name);
    return this;
  }

  InvalidAttributeException atIndex(int index) {
    path.prependIndex(index);
    return this;
  }

  @Override
  public String getMessage() {
    return path.isEmpty() ? problem : problem + " (attribute path '" + path + "')";
  }
}
