package io.ddbconnector.hive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddbconnector.testkit.ItemChecksum;
import io.ddbconnector.testkit.KillableBackend;
import io.ddbconnector.write.WriteLedger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The backend dies in the middle of a Hive {@code INSERT INTO} a DynamoDB table (embedded Hive 4.1, MapReduce
 * run locally, two map tasks one after the other, killed in the second): with {@link DynamoDBWriteFailureHook}
 * the statement's error carries the job-wide figures (both tasks) and the summary file, and they bracket what
 * the table holds once the backend is back; the failing task's own message reaches only the log. Re-running
 * the statement leaves the table exact and, succeeding, removes its reports (the committer
 * {@link DynamoDBStorageHandler#configureJobConf} installs).
 */
class HiveWriteFailureIT {

  static final int FILES = 2;
  static final int ROWS_PER_FILE = 1_500;
  static final String INSERT = "INSERT INTO dst SELECT id, n, s FROM src";

  @Test
  void insertWithTheBackendKilledReportsWhatTheTableHolds(@TempDir Path tmp) throws Exception {
    try (KillableBackend killable = KillableBackend.start(tmp.resolve("data"));
        EmbeddedHive hive = new EmbeddedHive(tmp.resolve("hive"))) {
      String target = killable.backend().createTable("hive_kill_dst", "id", ScalarAttributeType.S);
      List<Map<String, AttributeValue>> expected = sourceFiles(tmp.resolve("src"));
      Path reports = tmp.resolve("reports");
      connect(hive, killable);
      hive.set("hive.exec.failure.hooks", DynamoDBWriteFailureHook.class.getName());
      hive.set("hive.input.format", "org.apache.hadoop.hive.ql.io.HiveInputFormat"); // a map task per file
      hive.execute("CREATE EXTERNAL TABLE src (id string, n bigint, s string) ROW FORMAT DELIMITED FIELDS "
          + "TERMINATED BY '\\t' STORED AS TEXTFILE LOCATION '" + tmp.resolve("src").toUri() + "'");
      // the report directory as a table property: the tasks and the driver's committer and hook must agree
      hive.execute("CREATE EXTERNAL TABLE dst (id string, n bigint, s string) STORED BY '"
          + DynamoDBStorageHandler.class.getName() + "' TBLPROPERTIES ('dynamodb.table.name'='" + target + "', "
          + "'dynamodb.write.reportDir'='" + reports + "', 'dynamodb.retry.maxDurationMs'='3000', "
          + "'dynamodb.retry.maxDelayMs'='200', 'dynamodb.throughput.write.percent'='1.0')");

      // killed while the second map task writes: the first one's items count job-wide, not in its message
      Thread killer = killable.killWhenFileAppears(reports, "_m_000001_0.report", 500);
      String error = String.valueOf(hive.error(INSERT).getMessage());
      killer.join();
      assertTrue(hive.log().contains("Job-wide so far"), "the failing task's message is logged: " + hive.log());

      Path jobDir = onlyDir(reports);
      WriteLedger.Summary s = WriteLedger.summarize(WriteLedger.localDirectory(jobDir));
      assertEquals(0, s.unfinishedAttempts(), "every attempt recorded how it ended: " + s.describe());
      assertEquals(2, s.tasks(), "the task that succeeded and the one killed: " + s.describe());
      assertTrue(error.contains("Job-wide: " + s.describe()) && error.contains(target),
          "the statement's error gives the job-wide figures: " + error + "\nfigures: " + s.describe());
      assertTrue(error.contains(jobDir + "/" + WriteLedger.SUMMARY), "and the summary file: " + error);
      assertTrue(error.contains("return code 2 from org.apache.hadoop.hive.ql.exec.mr.MapRedTask"),
          "Hive's own error is kept: " + error);
      String summary = Files.readString(jobDir.resolve(WriteLedger.SUMMARY));
      assertEquals(s.inDoubtKeys().size(), summary.lines().filter(l -> l.startsWith("doubt\t")).count(), summary);

      killable.restart();
      connect(hive, killable);
      long inTable = killable.backend().count(target);
      assertTrue(s.confirmed() > 0 && inTable < expected.size(),
          "killed mid-INSERT: " + s.describe() + ", table " + inTable);
      assertTrue(s.confirmed() <= inTable && inTable <= s.atMost(),
          "reported " + s.describe() + " but the table holds " + inTable);

      hive.execute(INSERT);
      ItemChecksum.assertSameItems(expected, killable.backend().scanAll(target), "id");
      assertEquals(jobDir, onlyDir(reports), "the statement that succeeded removed its reports");
    }
  }

  /** Session settings reaching the backend (a restarted backend listens on a new port). */
  private static void connect(EmbeddedHive hive, KillableBackend killable) {
    hive.set("dynamodb.endpoint", killable.backend().endpoint().toString());
    hive.set("dynamodb.region", killable.backend().region());
    hive.set("dynamodb.awsAccessKeyId", "dummy");
    hive.set("dynamodb.awsSecretAccessKey", "dummy");
  }

  /** Writes the source rows as tab-separated files in {@code dir}; returns the items they become. */
  private static List<Map<String, AttributeValue>> sourceFiles(Path dir) throws IOException {
    Files.createDirectories(dir);
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    for (int f = 0; f < FILES; f++) {
      StringBuilder text = new StringBuilder();
      for (int r = 0; r < ROWS_PER_FILE; r++) {
        int i = f * ROWS_PER_FILE + r;
        String id = String.format("k%05d", i);
        text.append(id).append('\t').append(i).append('\t').append("payload-").append(i).append('\n');
        items.add(Map.of("id", AttributeValue.fromS(id), "n", AttributeValue.fromN(Integer.toString(i)),
            "s", AttributeValue.fromS("payload-" + i)));
      }
      Files.writeString(dir.resolve("part-" + f), text);
    }
    return items;
  }

  private static Path onlyDir(Path reports) throws IOException {
    try (Stream<Path> dirs = Files.list(reports)) {
      List<Path> all = dirs.filter(Files::isDirectory).collect(Collectors.toList());
      assertEquals(1, all.size(), "one statement's reports: " + all);
      return all.get(0);
    }
  }
}
