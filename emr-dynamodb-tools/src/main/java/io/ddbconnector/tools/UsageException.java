package io.ddbconnector.tools;

/** A command line the tool cannot run: printed with a pointer to {@code --help}, exit code 2. */
final class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message);
  }
}
