package io.ddbconnector.testkit;

import java.util.function.Consumer;
import org.apache.log4j.AppenderSkeleton;
import org.apache.log4j.Level;
import org.apache.log4j.Logger;
import org.apache.log4j.spi.LoggingEvent;
import org.apache.log4j.spi.ThrowableInformation;

/** The connector's output through Log4j 1 (reload4j), the backend of Hadoop's and Hive's tests. */
final class Log4j1Capture extends LogCapture {

  private final Logger connector = Logger.getLogger(CONNECTOR);
  private final Level before = connector.getLevel();
  private final AppenderSkeleton appender;

  Log4j1Capture(Consumer<String> sink) {
    appender = new AppenderSkeleton() {
      @Override
      protected void append(LoggingEvent event) {
        ThrowableInformation t = event.getThrowableInformation();
        sink.accept(line(event.getLoggerName(), String.valueOf(event.getLevel()), event.getRenderedMessage(),
            t == null ? null : t.getThrowable()));
      }

      @Override
      public void close() {
      }

      @Override
      public boolean requiresLayout() {
        return false;
      }
    };
    appender.setName("record-grep");
    connector.setLevel(Level.ALL);
    connector.addAppender(appender);
  }

  @Override
  public void close() {
    connector.removeAppender(appender);
    connector.setLevel(before);
  }
}
