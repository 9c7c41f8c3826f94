package io.ddbconnector.testkit;

import java.util.function.Consumer;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/** The connector's output through Log4j 2, the backend of Spark's and the samples' tests. */
final class Log4j2Capture extends LogCapture {

  private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
  private final Level before = LogManager.getLogger(CONNECTOR).getLevel();
  private final AbstractAppender appender;

  Log4j2Capture(Consumer<String> sink) {
    appender = new AbstractAppender("record-grep", null, null, true, Property.EMPTY_ARRAY) {
      @Override
      public void append(LogEvent event) {
        sink.accept(line(event.getLoggerName(), String.valueOf(event.getLevel()),
            event.getMessage().getFormattedMessage(), event.getThrown()));
      }
    };
    appender.start();
    Configurator.setLevel(CONNECTOR, Level.ALL);
    connectorConfig().addAppender(appender, Level.ALL, null);
    context.updateLoggers();
  }

  /** The configuration's own entry for the connector's logger ({@link Configurator#setLevel} made one). */
  private LoggerConfig connectorConfig() {
    return context.getConfiguration().getLoggerConfig(CONNECTOR);
  }

  @Override
  public void close() {
    connectorConfig().removeAppender(appender.getName());
    Configurator.setLevel(CONNECTOR, before);
    context.updateLoggers();
    appender.stop();
  }
}
