package io.ddbconnector.throughput;

/** A request failed for good: not retryable, or retried until the policy's limits. The message names the table. */
public final class DynamoDBConnectorException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DynamoDBConnectorException(String message, Throwable cause) {
    super(message, cause);
  }

  public DynamoDBConnectorException(String message) {
    super(message);
  }
}
