package io.ddbconnector.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddbconnector.conf.Settings;
import io.ddbconnector.exceptions.DynamoDBConnectorException;
import io.ddbconnector.write.WriteReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a tool's write records go, what a failed run says, and which failure message is shown. */
class WriteRunTest {

  private static Settings reportDir(String value) {
    return Settings.of(Map.of("dynamodb.write.reportDir", value));
  }

  @Test
  void recordsGoUnderTheReportDirOrTheSystemTempDirectory(@TempDir Path tmp) {
    assertEquals(Paths.get(System.getProperty("java.io.tmpdir"), "dynamodb-connector/write-reports"),
        WriteRun.baseDir(Settings.of(Map.of())));
    assertEquals(tmp, WriteRun.baseDir(reportDir(tmp.toString())));
    assertEquals(tmp, WriteRun.baseDir(reportDir(tmp.toUri().toString())));
    assertNull(WriteRun.baseDir(reportDir("none")));
    UsageException e = assertThrows(UsageException.class, () -> WriteRun.baseDir(reportDir("s3a://bucket/r")));
    assertTrue(e.getMessage().contains("dynamodb.write.reportDir=s3a://bucket/r"), e.getMessage());
  }

  @Test
  void aFailedRunSumsItsWritersAndListsTheKeysASucceededOneLeavesNothing(@TempDir Path tmp) throws IOException {
    WriteRun failed = WriteRun.start("import", reportDir(tmp.toString()), new AtomicBoolean());
    failed.newLedger().record("t", WriteReport.State.FAILED, 10, "boom", List.of("{\"id\":{\"S\":\"a\"}}"),
        List.of("{\"id\":{\"S\":\"b\"}}"));
    failed.newLedger().record("t", WriteReport.State.FAILED, 5, "stopped", List.of(), List.of());
    String message = failed.failed(0);
    assertTrue(message.startsWith("Across its 2 writers: 15 items confirmed written, 1 in doubt (sent without an"
        + " answer: the table holds 15 to 16 of this run's items), 1 queued but not written. Every key in doubt"
        + " or not written: " + tmp.resolve("import-")), message);
    assertTrue(Files.readString(Paths.get(failed.summaryFile())).contains("doubt\t{\"id\":{\"S\":\"a\"}}"));

    WriteRun succeeded = WriteRun.start("copy", reportDir(tmp.toString()), new AtomicBoolean());
    succeeded.newLedger().record("t", WriteReport.State.SUCCEEDED, 7, null, List.of(), List.of());
    assertTrue(Files.exists(Paths.get(succeeded.summaryFile()).getParent()));
    succeeded.succeeded();
    assertFalse(Files.exists(Paths.get(succeeded.summaryFile()).getParent()));
    assertEquals(1, ToolFailureIT.runDirs(tmp).size(), "the failed run's records stay");
  }

  @Test
  void withoutAReportDirTheFiguresAreStillSummed() {
    WriteRun run = WriteRun.start("copy", reportDir("none"), new AtomicBoolean());
    run.newLedger().record("t", WriteReport.State.FAILED, 3, "boom", List.of("k1", "k2"), List.of());
    assertEquals("Across its 1 writer: 3 items confirmed written, 2 in doubt (sent without an answer: the table"
        + " holds 3 to 5 of this run's items), 0 queued but not written (keys not kept:"
        + " dynamodb.write.reportDir=none).", run.failed(0));
  }

  @Test
  void aWritersReportGivesWayToItsCause() {
    RuntimeException cause = new RuntimeException("connection refused");
    assertEquals("connection refused", WriteRun.cause(new DynamoDBConnectorException(
        "connection refused [this task attempt: 3 items confirmed written]", cause)));
    assertEquals("Scan failed", WriteRun.cause(new DynamoDBConnectorException(
        "Scan failed", cause)));
    assertEquals("x.json.gz:3: corrupt line", WriteRun.cause(new ToolException("x.json.gz:3: corrupt line")));
  }
}
