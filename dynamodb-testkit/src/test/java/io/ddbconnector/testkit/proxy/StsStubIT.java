package io.ddbconnector.testkit.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * The STS stand-in answers the SDK's own STS client as the STS API reference documents AssumeRole: the
 * response's credentials, expiration and assumed-role user parse; a role not allowed, a wrong external id, a
 * bad session name and an out-of-range duration come back as the documented error codes and statuses.
 */
class StsStubIT {

  static final String ROLE = "arn:aws:iam::123456789012:role/reader";

  @Test
  void theSdksClientAssumesAllowedRolesAndGetsTheDocumentedErrors() {
    try (StsStub stub = StsStub.start().allow(ROLE, "ext-1");
        StsClient sts = StsClient.builder().endpointOverride(stub.endpoint()).region(Region.US_EAST_1)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIACALLER", "s")))
            .build()) {
      Instant before = Instant.now();
      AssumeRoleResponse r = sts.assumeRole(b -> b.roleArn(ROLE).roleSessionName("s-1").externalId("ext-1")
          .durationSeconds(900));
      assertTrue(r.credentials().accessKeyId().startsWith("ASIA"), r.credentials().accessKeyId());
      assertTrue(r.credentials().sessionToken().length() > 0);
      Duration left = Duration.between(before, r.credentials().expiration());
      assertTrue(left.toSeconds() >= 898 && left.toSeconds() <= 901, "expiration in 900 s: " + left);
      assertEquals("arn:aws:sts::123456789012:assumed-role/reader/s-1", r.assumedRoleUser().arn());
      AssumeRoleResponse again = sts.assumeRole(b -> b.roleArn(ROLE).roleSessionName("s-2").externalId("ext-1"));
      assertNotEquals(r.credentials().accessKeyId(), again.credentials().accessKeyId(), "fresh credentials per call");

      assertError(403, "AccessDenied", () -> sts.assumeRole(b -> b.roleArn(ROLE).roleSessionName("s-3").externalId("x")));
      assertError(403, "AccessDenied", () -> sts.assumeRole(b -> b.roleArn(ROLE).roleSessionName("s-3")));
      assertError(403, "AccessDenied", () -> sts.assumeRole(b -> b.roleArn(ROLE.replace("reader", "writer"))
          .roleSessionName("s-3")));
      assertError(400, "ValidationError", () -> sts.assumeRole(b -> b.roleArn(ROLE).roleSessionName("a b")
          .externalId("ext-1")));
      assertError(400, "ValidationError", () -> sts.assumeRole(b -> b.roleArn(ROLE).roleSessionName("s-3")
          .externalId("ext-1").durationSeconds(600)));

      assertEquals(7, stub.calls().size());
      StsStub.Call first = stub.calls().get(0);
      assertEquals("AKIACALLER", first.callerAccessKeyId());
      assertEquals("ext-1", first.externalId());
      assertEquals(900, first.durationSeconds());
      assertNull(stub.calls().get(1).durationSeconds(), "not sent when not set: STS's default of 3600 applies");
      assertEquals(2, stub.issuedAccessKeyIds().size());
    }
  }

  private static void assertError(int status, String code, Runnable call) {
    StsException e = assertThrows(StsException.class, call::run);
    assertEquals(status, e.statusCode(), e.getMessage());
    assertEquals(code, e.awsErrorDetails().errorCode(), e.getMessage());
  }
}
