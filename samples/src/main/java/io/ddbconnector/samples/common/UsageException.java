package io.ddbconnector.samples.common;

/** A command line the program cannot run: printed with a pointer to {@code --help}, exit code 2. */
public final class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UsageException(String message) {
    super(message);
  }
}
