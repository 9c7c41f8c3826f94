package io.ddbconnector.tools;

import org.apache.log4j.Level;
import org.apache.log4j.Logger;

/**
 * Keeps the tools' output readable: the connector logs its split plans and budgets at INFO, worth seeing with
 * {@code --verbose} but noise otherwise. The runnable jar binds SLF4J to reload4j (Log4j 1, which Hadoop's
 * client brings anyway), configured by this module's {@code log4j.properties}: warnings on stderr. The façade's
 * java.util.logging logger gets the same level.
 */
final class Logs {

  private static final String CONNECTOR = "io.ddbconnector";
  /** Held so the configured level is not lost when the logger is garbage collected. */
  private static final java.util.logging.Logger CONNECTOR_JUL = java.util.logging.Logger.getLogger(CONNECTOR);

  private Logs() {}

  static void configure(boolean verbose) {
    Logger.getLogger(CONNECTOR).setLevel(verbose ? Level.INFO : Level.WARN);
    CONNECTOR_JUL.setLevel(verbose ? java.util.logging.Level.INFO : java.util.logging.Level.WARNING);
  }
}
