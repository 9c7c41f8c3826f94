package io.ddbconnector.types;

/**
 * An {@code AttributeValue} that cannot be encoded (no type, several types, null members, too
 * deep), or that the service would refuse to store (see {@code write.ItemChecks}). The message
 * names the attribute path, which is filled in while unwinding: the happy path pays nothing.
 */
public final class InvalidAttributeException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String problem;
  private final transient AttributePath path = new AttributePath();

  public InvalidAttributeException(String problem) {
    super(problem);
    this.problem = problem;
  }

  public InvalidAttributeException inAttribute(String name) {
    path.prependName(name);
    return this;
  }

  public InvalidAttributeException atIndex(int index) {
    path.prependIndex(index);
    return this;
  }

  /** What is wrong, without the path. */
  public String problem() {
    return problem;
  }

  /** Where, as {@code a.b[3]}; empty at the top. */
  public String path() {
    return path.toString();
  }

  @Override
  public String getMessage() {
    return path.isEmpty() ? problem : problem + " (attribute path '" + path + "')";
  }
}
