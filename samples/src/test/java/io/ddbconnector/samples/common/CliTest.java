package io.ddbconnector.samples.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CliTest {

  static final Set<String> VALUES = Set.of("--items", "--conf", "--table");
  static final Set<String> FLAGS = Set.of("--load", "--help");

  @Test
  void parsesValuesFlagsAndRepeats() {
    Cli cli = Cli.parse(new String[] {"--items=100k", "--load", "--conf", "a=1", "--conf", "b=2", "pos"},
        VALUES, FLAGS);
    assertEquals(100_000, cli.longValue("--items", 1, 1, 1_000_000));
    assertTrue(cli.has("--load"));
    assertEquals(List.of("a=1", "b=2"), cli.all("--conf"));
    assertEquals(List.of("pos"), cli.positional());
    assertEquals("orders", cli.get("--table", "orders"));
  }

  @Test
  void rejectsWhatItDoesNotKnowWithASuggestion() {
    UsageException e = assertThrows(UsageException.class, () -> Cli.parse(new String[] {"--tabel", "x"}, VALUES, FLAGS));
    assertEquals("unknown option '--tabel' (did you mean --table?)", e.getMessage());
    assertThrows(UsageException.class, () -> Cli.parse(new String[] {"--items"}, VALUES, FLAGS));
    assertThrows(UsageException.class, () -> Cli.parse(new String[] {"--load=yes"}, VALUES, FLAGS));
    Cli cli = Cli.parse(new String[] {"--items", "0"}, VALUES, FLAGS);
    assertEquals("option --items must be between 1 and 10, got 0",
        assertThrows(UsageException.class, () -> cli.longValue("--items", 5, 1, 10)).getMessage());
  }

  @Test
  void connectionSettingsRejectUnknownConnectorKeys() {
    Cli cli = Cli.parse(new String[] {"--conf", "dynamodb.throughput.read.precent=0.3"}, Connection.OPTIONS, FLAGS);
    UsageException e = assertThrows(UsageException.class, () -> Connection.settings(cli));
    assertTrue(e.getMessage().contains("dynamodb.throughput.read.percent"), e.getMessage());
    Cli notConnector = Cli.parse(new String[] {"--conf", "fs.s3a.endpoint=x"}, Connection.OPTIONS, FLAGS);
    assertThrows(UsageException.class, () -> Connection.settings(notConnector));
  }

  @Test
  void textTableAlignsNumbersRight() {
    String table = new TextTable("name", "amount").numeric(1)
        .row("a", new BigDecimal("1234.5")).separator().row("total", 7L).render();
    assertEquals(""
        + "  name     amount\n"
        + "  -----  --------\n"
        + "  a      1,234.50\n"
        + "  -----  --------\n"
        + "  total         7\n", table);
  }
}
