package io.ddbconnector.hadoop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

/** {@link HadoopSettings#engineAttempts}: which attempt a task is and how many more its engine makes. */
class HadoopSettingsTest {

  private static Configuration conf(String framework, String attemptId) {
    Configuration c = new Configuration(false);
    if (framework != null) {
      c.set("mapreduce.framework.name", framework);
    }
    if (attemptId != null) {
      c.set("mapreduce.task.attempt.id", attemptId);
    }
    return c;
  }

  @Test
  void firstAttemptOfAMapOnYarnHasThreeRetriesLeft() {
    assertEquals("task attempt 1 of 4 (mapreduce.map.maxattempts); the engine will retry it 3 more times",
        HadoopSettings.engineAttempts(conf("yarn", "attempt_1764374400123_0007_m_000003_0")));
  }

  @Test
  void reduceAttemptsCountAgainstTheReduceLimit() {
    Configuration c = conf("yarn", "attempt_1764374400123_0007_r_000001_1");
    c.setInt("mapreduce.map.maxattempts", 9);
    c.setInt("mapreduce.reduce.maxattempts", 2);
    assertEquals("task attempt 2 of 2 (mapreduce.reduce.maxattempts); this was its last attempt, so the job fails",
        HadoopSettings.engineAttempts(c));
    c.setInt("mapreduce.reduce.maxattempts", 3);
    assertEquals("task attempt 2 of 3 (mapreduce.reduce.maxattempts); the engine will retry it 1 more time",
        HadoopSettings.engineAttempts(c));
  }

  @Test
  void theOldKeyIsReadToo() {
    Configuration c = new Configuration(false);
    c.set("mapreduce.framework.name", "yarn");
    c.set("mapred.task.id", "attempt_1764374400123_0007_m_000000_3");
    c.setInt("mapreduce.map.maxattempts", 4);
    assertEquals("task attempt 4 of 4 (mapreduce.map.maxattempts); this was its last attempt, so the job fails",
        HadoopSettings.engineAttempts(c));
  }

  @Test
  void theLocalJobRunnerNeverRetriesWhateverTheLimitSays() {
    Configuration c = conf("local", "attempt_local1234567_0001_m_000000_0");
    c.setInt("mapreduce.map.maxattempts", 4);
    assertEquals("task attempt 1 of 1 (mapreduce.framework.name=local); this was its last attempt, so the job fails",
        HadoopSettings.engineAttempts(c));
  }

  @Test
  void hiveOnTezCountsAgainstTezsLimit() {
    Configuration c = conf("yarn", "attempt_1764374400123_0007_m_000002_0");
    c.set("hive.execution.engine", "tez");
    c.setInt("tez.am.task.max.failed.attempts", 2);
    assertEquals("task attempt 1 of 2 (tez.am.task.max.failed.attempts); the engine will retry it 1 more time",
        HadoopSettings.engineAttempts(c));
  }

  @Test
  void noAttemptIdNoNote() {
    assertNull(HadoopSettings.engineAttempts(conf("yarn", null)));
    assertNull(HadoopSettings.engineAttempts(conf("yarn", "not-an-attempt-id")));
  }

  /**
   * The ids Spark 4.0.1 makes: HadoopRDD's job tracker part is the time, SparkHadoopWriter's the time plus
   * random digits with (stage attempt << 16 | attempt number) as attempt. No Spark module here, so the note
   * must not claim MapReduce's or the LocalJobRunner's count.
   */
  @Test
  void underSparkWithoutTheSparkModuleTheNoteNamesSparksSettingWithoutACount() {
    String read = HadoopSettings.engineAttempts(conf(null, "attempt_20261129003015_0003_m_000001_2"));
    assertEquals("task attempt 3, run by Spark: spark.task.maxFailures (default 4; 1 under a local master unless"
        + " it is local[N,F]) limits its attempts", read);
    String write = HadoopSettings.engineAttempts(
        conf("local", "attempt_202611290030158418535316549741375_0005_m_000000_" + ((1 << 16) | 1)));
    assertTrue(write.startsWith("task attempt 2, run by Spark: spark.task.maxFailures"), write);
    assertFalse(write.contains("of 1"), write);
  }

  @Test
  void sparkJobTrackerIdsAreTellableFromHadoopOnes() {
    assertTrue(HadoopSettings.isSparkJobTracker("20261129003015"));
    assertTrue(HadoopSettings.isSparkJobTracker("202611290030158418535316549741375"));
    assertFalse(HadoopSettings.isSparkJobTracker("1764374400123"), "YARN: the cluster start in ms");
    assertFalse(HadoopSettings.isSparkJobTracker("17643744001234"), "not a date");
    assertFalse(HadoopSettings.isSparkJobTracker("local1234567890"));
  }

  @Test
  void jobGroupPrefersTheStampedOrGivenGroupThenHiveQueryThenTheJobId() {
    Configuration c = new Configuration(false);
    assertNull(HadoopSettings.jobGroup(c), "no identity: the planned division is used");
    c.set("mapred.task.id", "attempt_1700000000000_0007_m_000003_0");
    assertEquals("job-job_1700000000000_0007", HadoopSettings.jobGroup(c), "from the task attempt id");
    c.set("mapreduce.job.id", "job_1700000000000_0007");
    assertEquals("job-job_1700000000000_0007", HadoopSettings.jobGroup(c));
    c.set("hive.query.id", "hive_20261129_q1");
    assertEquals("hive-hive_20261129_q1", HadoopSettings.jobGroup(c), "every task of a Hive query, MR or Tez");
    c.set("dynamodb.throughput.coordination.group", "");
    assertEquals("hive-hive_20261129_q1", HadoopSettings.jobGroup(c), "Hive sets unset keys to empty");
    HadoopSettings.stampJobGroup(c);
    assertTrue(HadoopSettings.jobGroup(c).startsWith("submit-"), HadoopSettings.jobGroup(c));
    String stamped = HadoopSettings.jobGroup(c);
    HadoopSettings.stampJobGroup(c);
    assertEquals(stamped, HadoopSettings.jobGroup(c), "a stamp is kept");
    c.set("dynamodb.throughput.coordination.group", "nightly-export");
    assertEquals("nightly-export", HadoopSettings.jobGroup(c));
  }

  @Test
  void secretsAreMarkedSensitiveOnceKeepingHadoopsPatterns() {
    Configuration c = new Configuration(false);
    c.set("dynamodb.awsSecretAccessKey", "s");
    c.set("dynamodb.awsSecretAccesKey", "misspelt");
    c.set("dynamodb.region", "r");
    c.set("mapreduce.job.redacted-properties", "fs.s3a.secret.key");
    HadoopSettings.markSecretsSensitive(c);
    HadoopSettings.markSecretsSensitive(c);
    String patterns = c.get("hadoop.security.sensitive-config-keys");
    assertTrue(patterns.startsWith("secret$,password$,"), "Hadoop's defaults first: " + patterns);
    String secretKey = "^dynamodb\\.awsSecretAccessKey$";
    assertTrue(patterns.contains(secretKey), patterns);
    assertEquals(patterns.indexOf(secretKey), patterns.lastIndexOf(secretKey), "added once: " + patterns);
    assertTrue(patterns.contains("^dynamodb\\.awsSecretAccesKey$"), patterns);
    assertTrue(patterns.contains("^dynamodb\\.proxy\\.password$"), patterns);
    assertEquals("fs.s3a.secret.key,dynamodb.awsSecretAccesKey,dynamodb.awsSecretAccessKey",
        c.get("mapreduce.job.redacted-properties"), "the secret keys present, after the job's own");
  }

  @Test
  void clearTextFallbackOffDropsCredentialsNoProviderHolds() throws Exception {
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("creds");
    Configuration c = new Configuration(false);
    c.set("hadoop.security.credential.provider.path", "jceks://file" + dir.resolve("c.jceks"));
    org.apache.hadoop.security.alias.CredentialProvider p =
        org.apache.hadoop.security.alias.CredentialProviderFactory.getProviders(c).get(0);
    p.createCredentialEntry("dynamodb.awsSecretAccessKey", "fromStore".toCharArray());
    p.flush();
    c.set("dynamodb.awsAccessKeyId", "clearId");
    c.set("dynamodb.awsSecretAccessKey", "clearSecret");
    assertEquals("fromStore", HadoopSettings.from(c).raw().get("dynamodb.awsSecretAccessKey"), "the store wins");
    assertEquals("clearId", HadoopSettings.from(c).raw().get("dynamodb.awsAccessKeyId"), "clear-text fallback");
    c.setBoolean("hadoop.security.credential.clear-text-fallback", false);
    assertNull(HadoopSettings.from(c).raw().get("dynamodb.awsAccessKeyId"), "no fallback");
    c.set("hadoop.security.credential.provider.path", "nosuchscheme://x");
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> HadoopSettings.from(c));
    assertTrue(e.getMessage().contains("hadoop.security.credential.provider.path"), e.getMessage());
    assertFalse(e.getMessage().contains("clearSecret") || e.getMessage().contains("fromStore"), e.getMessage());
  }

  @Test
  void theTestkitsCredentialStoreIsOneHadoopReads() throws Exception {
    Configuration c = new Configuration(false);
    c.set("hadoop.security.credential.provider.path", io.ddbconnector.testkit.FakeCredentials.writeStore(
        java.nio.file.Files.createTempDirectory("store").resolve("fake.jceks")));
    assertEquals(io.ddbconnector.testkit.FakeCredentials.asSettings(), HadoopSettings.from(c).raw());
  }
}
