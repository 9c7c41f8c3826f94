package io.ddbconnector.throughput;

import io.ddbconnector.conf.ConnectorOptions;
import io.ddbconnector.conf.Settings;
import java.io.Serializable;
import java.util.Locale;

/**
 * How the tasks of a job share its budget: a fixed divisor ({@code dynamodb.throughput.concurrency}), the
 * planned division ({@code dynamodb.throughput.coordination=off}) or the live share kept in a
 * coordination table (the default). Immutable.
 */
public final class ShareSettings implements Serializable {
  private static final long serialVersionUID = 1L;

  private final boolean coordinate;
  private final String table;
  private final long intervalMs;
  private final String group;
  private final Integer concurrency;

  public ShareSettings(boolean coordinate, String table, long intervalMs, String group, Integer concurrency) {
    this.coordinate = coordinate;
    this.table = table;
    this.intervalMs = intervalMs;
    this.group = group == null || group.trim().isEmpty() ? null : group.trim();
    this.concurrency = concurrency;
  }

  public static ShareSettings from(Settings s) {
    String mode = s.get(ConnectorOptions.COORDINATION).trim().toLowerCase(Locale.ROOT);
    boolean on;
    if (mode.equals("table")) {
      on = true;
    } else if (mode.equals("off")) {
      on = false;
    } else {
      throw new IllegalArgumentException("Invalid value '" + s.get(ConnectorOptions.COORDINATION)
          + "' for configuration key '" + ConnectorOptions.COORDINATION.name() + "': expected table or off.");
    }
    String table = s.get(ConnectorOptions.COORDINATION_TABLE).trim();
    if (on && !table.matches("[a-zA-Z0-9_.-]{3,255}")) {
      throw new IllegalArgumentException("Invalid value '" + table + "' for configuration key '"
          + ConnectorOptions.COORDINATION_TABLE.name() + "': a DynamoDB table name has 3-255 characters of"
          + " a-z, A-Z, 0-9, '_', '-' and '.'.");
    }
    return new ShareSettings(on, table, s.get(ConnectorOptions.COORDINATION_INTERVAL_MS),
        s.get(ConnectorOptions.COORDINATION_GROUP), s.get(ConnectorOptions.CONCURRENCY));
  }

  /** True when tasks share the budget live through the coordination table. */
  public boolean coordinate() { return coordinate && concurrency == null; }
  public String table() { return table; }
  public long intervalMs() { return intervalMs; }
  /** The group named in the configuration, or null. */
  public String group() { return group; }
  /** The fixed divisor override, or null. */
  public Integer concurrency() { return concurrency; }
}
