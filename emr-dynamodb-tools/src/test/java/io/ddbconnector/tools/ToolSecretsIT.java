package io.ddbconnector.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddbconnector.tools.ToolsIT.DynamoDBToolTestSupport;
import io.ddbconnector.tools.ToolsIT.Outcome;
import io.ddbconnector.testkit.Backend;
import io.ddbconnector.testkit.DynamoDBBackendExtension;
import io.ddbconnector.testkit.FakeCredentials;
import io.ddbconnector.testkit.ItemCorpus;
import io.ddbconnector.testkit.RecordGrep;
import io.ddbconnector.testkit.proxy.StsStub;
import io.ddbconnector.testkit.proxy.ThrottlingProxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The tools with credentials given on the command line ({@code --conf}) or in a Hadoop credential store
 * ({@code --hadoop hadoop.security.credential.provider.path=...}): they reach the SDK, and neither the
 * tools' output, their log (with {@code --verbose}), the exported files nor an error holds them.
 */
@ExtendWith(DynamoDBBackendExtension.class)
class ToolSecretsIT {

  @Test
  void noOutputOfTheToolsHoldsTheCredentials(Backend backend, @TempDir Path tmp) throws Exception {
    String source = ToolsIT.table(backend, "tool_sec_src", "id", ScalarAttributeType.S);
    backend.putAll(source, ItemCorpus.generated("id", 300, 9));
    String imported = ToolsIT.table(backend, "tool_sec_imp", "id", ScalarAttributeType.S);
    String copied = ToolsIT.table(backend, "tool_sec_cp", "id", ScalarAttributeType.S);
    Path export = tmp.resolve("export");
    try (ThrottlingProxy proxy = ThrottlingProxy.start(backend.endpoint());
        RecordGrep grep = RecordGrep.start(FakeCredentials.values())) {
      List<String> inClear = new ArrayList<>(List.of("--endpoint", proxy.endpoint().toString(), "--region",
          backend.region(), "--verbose"));
      FakeCredentials.asSettings().forEach((k, v) -> inClear.addAll(List.of("--conf", k + "=" + v)));
      run(grep, 0, "export", inClear, "--table", source, "--to", export.toString(), "--segments", "3");
      run(grep, 0, "import", inClear, "--from", export.toString(), "--table", imported);
      run(grep, 1, "copy", inClear, "--source", "no_such_table", "--target", copied);
      assertEquals(Set.of(FakeCredentials.ACCESS_KEY_ID), proxy.accessKeyIds());
      assertEquals(Set.of(FakeCredentials.SESSION_TOKEN), proxy.sessionTokens());
      assertEquals(300, backend.count(imported));

      List<String> misspelt = new ArrayList<>(inClear);
      misspelt.set(misspelt.indexOf("dynamodb.awsSecretAccessKey=" + FakeCredentials.SECRET_ACCESS_KEY),
          "dynamodb.awsSecretAccesKey=" + FakeCredentials.SECRET_ACCESS_KEY);
      Outcome typo = run(grep, 2, "copy", misspelt, "--source", source, "--target", copied);
      assertTrue(typo.err.contains("did you mean 'dynamodb.awsSecretAccessKey'"), typo.toString());

      try (ThrottlingProxy own = ThrottlingProxy.start(backend.endpoint())) {
        List<String> fromStore = List.of("--endpoint", own.endpoint().toString(), "--region", backend.region(),
            "--hadoop", "hadoop.security.credential.provider.path="
                + FakeCredentials.writeStore(tmp.resolve("ddb.jceks")));
        run(grep, 0, "copy", fromStore, "--source", source, "--target", copied);
        assertEquals(Set.of(FakeCredentials.ACCESS_KEY_ID), own.accessKeyIds(), "the store's key signs");
        assertEquals(Set.of(FakeCredentials.SESSION_TOKEN), own.sessionTokens());
        assertEquals(300, backend.count(copied));
      }
      assertTrue(grep.tree("export", export, f -> true) >= 4, "the parts and the manifest");
      grep.assertClean("tool output", "export");
    }
  }

  /**
   * {@code copy --conf dynamodb.sts.roleArn=... --conf dynamodb.sts.endpoint=...}: the role is assumed with the
   * keys given on the command line, and every DynamoDB request of the copy (describe, scan, write) is signed
   * with the role's temporary key, none with the user's own.
   */
  @Test
  void aCopyAsAnAssumedRoleSignsEveryRequestWithTheRolesKey(Backend backend) {
    String role = "arn:aws:iam::210987654321:role/table-copier";
    String source = ToolsIT.table(backend, "tool_role_src", "id", ScalarAttributeType.S);
    backend.putAll(source, ItemCorpus.generated("id", 150, 4));
    String target = ToolsIT.table(backend, "tool_role_dst", "id", ScalarAttributeType.S);
    try (ThrottlingProxy proxy = ThrottlingProxy.start(backend.endpoint());
        StsStub sts = StsStub.start().allow(role, "ext-42")) {
      List<String> args = new ArrayList<>(List.of("copy", "--endpoint", proxy.endpoint().toString(), "--region",
          backend.region()));
      FakeCredentials.asSettings().forEach((k, v) -> args.addAll(List.of("--conf", k + "=" + v)));
      args.addAll(List.of("--conf", "dynamodb.sts.roleArn=" + role, "--conf", "dynamodb.sts.externalId=ext-42",
          "--conf", "dynamodb.sts.endpoint=" + sts.endpoint(), "--source", source, "--target", target));
      Outcome o = DynamoDBToolTestSupport.run(args.toArray(new String[0]));

      assertEquals(0, o.code, o.toString());
      assertTrue(o.out.contains("Copied 150 items"), o.out);
      assertEquals(150, backend.count(target));
      assertEquals(1, sts.calls().size(), "one role session for the copy: " + sts.calls());
      assertEquals(FakeCredentials.ACCESS_KEY_ID, sts.calls().get(0).callerAccessKeyId(),
          "the role is assumed with the keys given to the tool");
      assertEquals(Set.copyOf(sts.issuedAccessKeyIds()), proxy.accessKeyIds(),
          "every DynamoDB request was signed with the role's key, none with the tool's own");
      assertFalse(proxy.accessKeyIds().contains(FakeCredentials.ACCESS_KEY_ID));
      assertTrue(proxy.requests(source, "Scan") > 0 && proxy.requests(target, "BatchWriteItem") > 0);
    }
  }

  /** Runs a command with the connection options; its output goes to the grep. */
  private static Outcome run(RecordGrep grep, int exit, String command, List<String> connection, String... args) {
    List<String> all = new ArrayList<>(List.of(command));
    all.addAll(connection);
    all.addAll(Arrays.asList(args));
    Outcome o = DynamoDBToolTestSupport.run(all.toArray(new String[0]));
    assertEquals(exit, o.code, o.toString());
    grep.text("tool output", command + " " + String.join(" ", args), o.out + "\n" + o.err);
    assertFalse(o.err.contains("Exception in thread"), o.toString());
    return o;
  }
}
