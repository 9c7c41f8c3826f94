package io.ddbconnector.samples.common;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the programs' output readable: the connector logs its split plans and budgets at INFO through
 * java.util.logging, which is worth seeing with {@code --verbose} but drowns a demo otherwise. Spark and
 * Hadoop log through Log4j 2, configured by {@code log4j2.properties} in this module.
 */
public final class Logs {

  /** Held so the configured level is not lost when the logger is garbage collected. */
  private static final Logger CONNECTOR = Logger.getLogger("io.ddbconnector");

  private Logs() {}

  public static void configure(boolean verbose) {
    CONNECTOR.setLevel(verbose ? Level.INFO : Level.WARNING);
  }
}
