package io.ddbconnector.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddbconnector.client.ClientSettings;
import io.ddbconnector.hadoop.DynamoDBItemWritable;
import io.ddbconnector.hadoop.HadoopSettings;
import io.ddbconnector.mapred.DynamoDBInputFormat;
import io.ddbconnector.mapred.DynamoDBOutputFormat;
import io.ddbconnector.testkit.Backend;
import io.ddbconnector.testkit.DynamoDBBackendExtension;
import io.ddbconnector.testkit.FakeCredentials;
import io.ddbconnector.testkit.ItemCorpus;
import io.ddbconnector.testkit.proxy.StsStub;
import io.ddbconnector.testkit.proxy.ThrottlingProxy;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapred.lib.IdentityMapper;
import org.apache.hadoop.mapred.JobClient;
import org.apache.hadoop.mapred.JobConf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Cross-account access in a real MapReduce job (LocalJobRunner): with {@code dynamodb.sts.roleArn} every read
 * and write is signed with the role's temporary credentials, obtained from STS (the test kit's {@link StsStub})
 * with the job's own credentials, external id and session name; one session serves the whole JVM; a refusal
 * fails the job naming the role and the keys, and writes nothing.
 */
@ExtendWith(DynamoDBBackendExtension.class)
class AssumeRoleIT {

  static final String ROLE = "arn:aws:iam::210987654321:role/analytics-reader";
  static final String EXTERNAL_ID = "ext-4711";
  static final int ITEMS = 200;

  @Test
  void aJobReadsAndWritesAsTheAssumedRole(Backend backend, @TempDir Path tmp) throws Exception {
    String source = backend.createTable("role_src", "id", ScalarAttributeType.S);
    backend.putAll(source, ItemCorpus.generated("id", ITEMS, 5));
    String target = backend.createTable("role_dst", "id", ScalarAttributeType.S);
    try (ThrottlingProxy proxy = ThrottlingProxy.start(backend.endpoint());
        StsStub sts = StsStub.start().allow(ROLE, EXTERNAL_ID)) {
      JobConf conf = copyJob(backend, tmp, proxy, sts, source, target);
      conf.set("dynamodb.sts.externalId", EXTERNAL_ID);
      conf.set("dynamodb.sts.roleSessionName", "nightly-copy");

      assertTrue(JobClient.runJob(conf).isSuccessful());

      assertEquals(ITEMS, backend.count(target));
      List<StsStub.Call> calls = sts.calls();
      assertEquals(1, calls.size(), "one role session for the whole job (one JVM, one settings): " + calls);
      StsStub.Call call = calls.get(0);
      assertEquals(FakeCredentials.ACCESS_KEY_ID, call.callerAccessKeyId(), "the role is assumed with the job's own keys");
      assertEquals(ROLE, call.roleArn());
      assertEquals(EXTERNAL_ID, call.externalId());
      assertEquals("nightly-copy", call.sessionName());
      assertEquals(3600, call.durationSeconds());
      assertEquals(Set.copyOf(sts.issuedAccessKeyIds()), proxy.accessKeyIds(),
          "every DynamoDB request (planning, reads, writes) was signed with the role's key, none with the job's");
      assertEquals(Set.of("stub-session-token-1"), proxy.sessionTokens());
      assertTrue(proxy.requests(source, "Scan") > 0 && proxy.requests(target, "BatchWriteItem") > 0);
    }
  }

  @Test
  void aRefusedRoleFailsTheJobNamingTheRoleAndWritesNothing(Backend backend, @TempDir Path tmp) {
    String source = backend.createTable("role_src", "id", ScalarAttributeType.S);
    backend.putAll(source, ItemCorpus.generated("id", 20, 5));
    String target = backend.createTable("role_dst", "id", ScalarAttributeType.S);
    try (ThrottlingProxy proxy = ThrottlingProxy.start(backend.endpoint());
        StsStub sts = StsStub.start().allow(ROLE, EXTERNAL_ID)) {
      JobConf conf = copyJob(backend, tmp, proxy, sts, source, target);
      conf.set("dynamodb.sts.externalId", "wrong-id");

      Exception e = assertThrows(Exception.class, () -> JobClient.runJob(conf));

      String all = messages(e);
      assertTrue(all.contains("Cannot assume role '" + ROLE + "'") && all.contains("'dynamodb.sts.roleArn'")
          && all.contains("'dynamodb.sts.externalId'") && all.contains("AccessDenied"), all);
      assertEquals(0, backend.count(target));
      assertEquals(Set.of(), proxy.accessKeyIds(), "no DynamoDB request was sent without the role");
      assertTrue(sts.calls().size() >= 1);
    }
  }

  @Test
  void roleSettingsAreCheckedWhereConfigured(Backend backend, @TempDir Path tmp) {
    JobConf conf = Jobs.localConf(backend, tmp);
    conf.set("dynamodb.sts.roleArn", "analytics-reader");
    IllegalArgumentException arn = assertThrows(IllegalArgumentException.class,
        () -> ClientSettings.from(HadoopSettings.from(conf)));
    assertTrue(arn.getMessage().contains("'dynamodb.sts.roleArn'") && arn.getMessage().contains("analytics-reader"),
        arn.getMessage());
    conf.set("dynamodb.sts.roleArn", ROLE);
    conf.set("dynamodb.sts.roleSessionName", "has space");
    IllegalArgumentException name = assertThrows(IllegalArgumentException.class,
        () -> ClientSettings.from(HadoopSettings.from(conf)));
    assertTrue(name.getMessage().contains("'dynamodb.sts.roleSessionName'"), name.getMessage());
    conf.unset("dynamodb.sts.roleSessionName");
    conf.unset("dynamodb.sts.roleArn");
    conf.set("dynamodb.sts.externalId", EXTERNAL_ID);
    IllegalArgumentException orphan = assertThrows(IllegalArgumentException.class,
        () -> ClientSettings.from(HadoopSettings.from(conf)));
    assertTrue(orphan.getMessage().contains("'dynamodb.sts.externalId' is set but 'dynamodb.sts.roleArn' is not"),
        orphan.getMessage());
    conf.set("dynamodb.sts.roleArn", ROLE);
    assertTrue(ClientSettings.from(HadoopSettings.from(conf)).toString().contains("role " + ROLE),
        "the role shows in what the connector logs of its client");
  }

  private static JobConf copyJob(Backend backend, Path tmp, ThrottlingProxy proxy, StsStub sts, String from,
      String to) {
    JobConf conf = Jobs.localConf(backend, tmp);
    conf.set("dynamodb.endpoint", proxy.endpoint().toString());
    conf.set("dynamodb.awsAccessKeyId", FakeCredentials.ACCESS_KEY_ID);
    conf.set("dynamodb.awsSecretAccessKey", FakeCredentials.SECRET_ACCESS_KEY);
    conf.set("dynamodb.sts.roleArn", ROLE);
    conf.set("dynamodb.sts.endpoint", sts.endpoint().toString());
    conf.set("dynamodb.scan.segments", "2");
    conf.set("dynamodb.input.tableName", from);
    conf.set("dynamodb.output.tableName", to);
    conf.setInputFormat(DynamoDBInputFormat.class);
    conf.setMapperClass(IdentityMapper.class);
    conf.setNumReduceTasks(0);
    conf.setOutputKeyClass(Text.class);
    conf.setOutputValueClass(DynamoDBItemWritable.class);
    conf.setOutputFormat(DynamoDBOutputFormat.class);
    return conf;
  }

  private static String messages(Throwable e) {
    StringBuilder sb = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      sb.append(t).append('\n');
    }
    return sb.toString();
  }
}
