package io.ddbconnector.exceptions;

/**
 * A request failed for good: not retryable, or retried until the policy's limits. The message names the table.
 *
 * <p>Only the engine knows whether it will run the task again: its binding adds that with
 * {@link #withEngineAttempts(String)} and {@link #engineAttempts(int, int, String)}, so that the user reads
 * in one message both why the attempt failed and what happens next.
 */
public final class DynamoDBConnectorException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String engineNote;

  public DynamoDBConnectorException(String message, Throwable cause) {
    this(message, cause, null);
  }

  public DynamoDBConnectorException(String message) {
    this(message, null, null);
  }

  private DynamoDBConnectorException(String message, Throwable cause, String engineNote) {
    super(message, cause);
    this.engineNote = engineNote;
  }

  /**
   * This failure with the engine's note appended to its message ({@code "... [note]"}), same cause and
   * stack trace. Adding a note to an exception that has one returns it unchanged, so layers of a binding
   * may each call this.
   */
  public DynamoDBConnectorException withEngineAttempts(String note) {
    if (engineNote != null || note == null || note.isEmpty()) {
      return this;
    }
    DynamoDBConnectorException e = new DynamoDBConnectorException(getMessage() + " [" + note + "]", getCause(), note);
    e.setStackTrace(getStackTrace());
    for (Throwable s : getSuppressed()) {
      e.addSuppressed(s);
    }
    return e;
  }

  /** The note an engine added, or null. */
  public String engineNote() {
    return engineNote;
  }

  /**
   * The note for attempt {@code attempt} (1-based) of a task the engine runs at most {@code maxAttempts}
   * times, e.g. "task attempt 1 of 4 (mapreduce.map.maxattempts); the engine will retry it 3 more times".
   *
   * @param maxAttemptsKey the engine setting that limits attempts, named so the user can find it
   */
  public static String engineAttempts(int attempt, int maxAttempts, String maxAttemptsKey) {
    String head = "task attempt " + attempt + " of " + maxAttempts + " (" + maxAttemptsKey + ")";
    int left = maxAttempts - attempt;
    if (left <= 0) {
      return head + "; this was its last attempt, so the job fails";
    }
    return head + "; the engine will retry it " + left + (left == 1 ? " more time" : " more times");
  }
}
