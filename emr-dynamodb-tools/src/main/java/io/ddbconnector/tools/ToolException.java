package io.ddbconnector.tools;

/** A failure the user can act on; its message is printed as it is (no stack trace), exit code 1. */
final class ToolException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  ToolException(String message) {
    super(message);
  }

  ToolException(String message, Throwable cause) {
    super(message, cause);
  }
}
