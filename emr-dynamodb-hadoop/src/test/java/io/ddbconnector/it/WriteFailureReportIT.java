package io.ddbconnector.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddbconnector.hadoop.DynamoDBItemWritable;
import io.ddbconnector.mapred.DynamoDBInputFormat;
import io.ddbconnector.mapred.DynamoDBOutputCommitter;
import io.ddbconnector.mapred.DynamoDBOutputFormat;
import io.ddbconnector.testkit.Backend;
import io.ddbconnector.testkit.ItemChecksum;
import io.ddbconnector.testkit.ItemCorpus;
import io.ddbconnector.testkit.KillableBackend;
import io.ddbconnector.write.WriteLedger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapred.JobClient;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.mapred.lib.IdentityMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The backend dies in the middle of a MapReduce copy: the job fails, and what it reports job-wide (summed
 * by the committer from every attempt's record, failed ones included) brackets what is in the table once
 * the backend is back: confirmed ≤ items in the table ≤ confirmed + in doubt. A rerun leaves the table exact.
 */
class WriteFailureReportIT {

  static final int ITEMS = 6_000;

  @Test
  void backendKilledMidCopyReportsWhatTheTableHolds(@TempDir Path tmp) throws Exception {
    try (KillableBackend killable = KillableBackend.start(tmp.resolve("dynalite-data"))) {
      Backend backend = killable.backend();
      String source = backend.createTable("kill_src", "id", ScalarAttributeType.S);
      String target = backend.createTable("kill_dst", "id", ScalarAttributeType.S);
      backend.putAll(source, ItemCorpus.generated("id", ITEMS, 21));

      JobConf conf = copyJob(backend, tmp, source, target);
      Path reports = tmp.resolve("hadoop-tmp/dynamodb-connector/write-reports");
      // kill once the records show confirmed writes, whatever the machine's speed
      Thread killer = killable.killWhen(() -> WriteLedger.confirmedUnder(reports) > 0, 500);
      IOException failed = assertThrows(IOException.class, () -> JobClient.runJob(conf), "the copy must fail");
      killer.join();
      assertTrue(String.valueOf(failed.getMessage()).contains("failed"), String.valueOf(failed.getMessage()));

      Path jobDir = onlyJobDir(reports);
      Path summaryFile = jobDir.resolve(WriteLedger.SUMMARY);
      assertTrue(Files.exists(summaryFile), "the committer wrote the job's summary: " + jobDir);
      WriteLedger.Summary s = WriteLedger.summarize(WriteLedger.localDirectory(jobDir));
      assertEquals(0, s.unfinishedAttempts(), "every attempt recorded how it ended: " + s.describe());
      assertTrue(s.failedAttempts() >= 1, s.describe());
      String text = Files.readString(summaryFile);
      assertTrue(text.contains(s.describe()), text);
      assertEquals(s.inDoubtKeys().size(), text.lines().filter(l -> l.startsWith("doubt\t")).count());

      killable.restart();
      long inTable = killable.backend().count(target);
      assertTrue(s.confirmed() > 0 && inTable < ITEMS, "killed mid-copy: " + s.describe() + ", table " + inTable);
      assertTrue(s.confirmed() <= inTable && inTable <= s.atMost(),
          "reported " + s.describe() + " but the table holds " + inTable);

      // a rerun after the failure leaves the table exact
      JobConf again = copyJob(killable.backend(), tmp, source, target);
      JobClient.runJob(again);
      ItemChecksum.assertSameItems(killable.backend().scanAll(source), killable.backend().scanAll(target));
    }
  }

  private static JobConf copyJob(Backend backend, Path tmp, String source, String target) {
    JobConf conf = Jobs.localConf(backend, tmp);
    conf.set("dynamodb.input.tableName", source);
    conf.set("dynamodb.output.tableName", target);
    conf.set("dynamodb.scan.segments", "4");
    conf.set("dynamodb.read.pageLimit", "100");
    conf.set("dynamodb.retry.maxDurationMs", "3000");
    conf.set("dynamodb.retry.maxDelayMs", "200");
    conf.setInputFormat(DynamoDBInputFormat.class);
    conf.setMapperClass(IdentityMapper.class);
    conf.setNumReduceTasks(0);
    conf.setOutputKeyClass(Text.class);
    conf.setOutputValueClass(DynamoDBItemWritable.class);
    conf.setOutputFormat(DynamoDBOutputFormat.class);
    // LocalJobRunner takes an old-API committer from the client's configuration, not from the submitted job
    // (where DynamoDBOutputFormat.checkOutputSpecs installs it): a local job names it itself
    conf.setOutputCommitter(DynamoDBOutputCommitter.class);
    return conf;
  }

  static Path onlyJobDir(Path reports) throws IOException {
    try (Stream<Path> dirs = Files.list(reports)) {
      List<Path> all = dirs.filter(Files::isDirectory).collect(Collectors.toList());
      assertEquals(1, all.size(), "one job's reports: " + all);
      assertNotNull(all.get(0));
      return all.get(0);
    }
  }
}
