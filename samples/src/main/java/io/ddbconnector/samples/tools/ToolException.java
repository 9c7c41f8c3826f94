package io.ddbconnector.samples.tools;

/** A failure the user can act on; its message is printed as it is (no stack trace), exit code 1. */
public final class ToolException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ToolException(String message) {
    super(message);
  }

  public ToolException(String message, Throwable cause) {
    super(message, cause);
  }
}
