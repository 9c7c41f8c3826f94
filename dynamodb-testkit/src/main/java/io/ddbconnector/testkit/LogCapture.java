package io.ddbconnector.testkit;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;

/**
 * Captures the connector's SLF4J output ({@code io.ddbconnector} at every level) from the logging backend the
 * test classpath binds SLF4J to: Log4j 1 (reload4j; Hadoop's and Hive's tests) or Log4j 2 (Spark's, the
 * samples'). Each backend's classes are touched only when that backend is bound. Each captured line reads
 * {@code LEVEL logger: message}.
 */
public abstract class LogCapture implements AutoCloseable {

  static final String CONNECTOR = "io.ddbconnector";

  /** Starts capturing into {@code sink}; fails when the bound backend is not one it knows. */
  public static LogCapture start(Consumer<String> sink) {
    String factory = LoggerFactory.getILoggerFactory().getClass().getName();
    if (factory.equals("org.slf4j.impl.Reload4jLoggerFactory") || factory.equals("org.slf4j.impl.Log4jLoggerFactory")
        || factory.equals("org.slf4j.reload4j.Reload4jLoggerFactory")) {
      return new Log4j1Capture(sink);
    }
    if (factory.equals("org.apache.logging.slf4j.Log4jLoggerFactory")) {
      return new Log4j2Capture(sink);
    }
    throw new IllegalStateException("RecordGrep cannot capture SLF4J output bound to " + factory
        + ": add a capture for that backend, or the secrets grep would miss the connector's log");
  }

  static String line(String logger, String level, String message, Throwable t) {
    StringBuilder b = new StringBuilder(level).append(' ').append(logger).append(": ").append(message);
    if (t != null) {
      StringWriter w = new StringWriter();
      t.printStackTrace(new PrintWriter(w));
      b.append('\n').append(w);
    }
    return b.toString();
  }

  @Override
  public abstract void close();
}
