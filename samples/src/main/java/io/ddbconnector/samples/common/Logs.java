package io.ddbconnector.samples.common;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * Keeps the programs' output readable: the connector logs its split plans and budgets at INFO, which is worth
 * seeing with {@code --verbose} but drowns a demo otherwise. The connector logs through SLF4J, which here is
 * bound to Log4j 2 (as in Spark), configured by {@code log4j2.properties} in this module; this sets the
 * connector's level there. Until the façade moves to SLF4J too, its java.util.logging logger gets the same level.
 */
public final class Logs {

  private static final String CONNECTOR = "io.ddbconnector";

  /** Held so the configured level is not lost when the logger is garbage collected. */
  private static final java.util.logging.Logger CONNECTOR_JUL = java.util.logging.Logger.getLogger(CONNECTOR);

  private Logs() {}

  public static void configure(boolean verbose) {
    Configurator.setLevel(CONNECTOR, verbose ? Level.INFO : Level.WARN);
    CONNECTOR_JUL.setLevel(verbose ? java.util.logging.Level.INFO : java.util.logging.Level.WARNING);
  }
}
