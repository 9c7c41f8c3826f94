package io.ddbconnector.export;

/**
 * An export cannot be read as it is: missing, unfinished, of a format this connector does not read, or a file
 * that does not match its manifest. The message names the path (and the line, for a data file).
 */
public final class InvalidExportException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InvalidExportException(String message) {
    super(message);
  }

  public InvalidExportException(String message, Throwable cause) {
    super(message, cause);
  }
}
