package io.ddbconnector.testkit;

import io.ddbconnector.testkit.proxy.ThrottlingProxy;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * What a user's project does with the test kit, run by {@link DynaliteOutsideRepositoryIT} in a JVM whose
 * working directory is outside this repository and which has no {@value DynaliteServer#PROJECT_ROOT_PROPERTY}:
 * start the backend, put the throttling proxy in front of it, create a table, write and count through the proxy.
 */
public final class OutsideRepositoryMain {

  private OutsideRepositoryMain() {}

  public static void main(String[] args) {
    try (DynaliteServer server = DynaliteServer.start();
        ThrottlingProxy proxy = ThrottlingProxy.start(server.endpoint())) {
      Backend direct = Backend.of(server.endpoint(), "us-east-1");
      String table = direct.createTable("outside", "id", ScalarAttributeType.S);
      Backend viaProxy = Backend.of(proxy.endpoint(), "us-east-1");
      viaProxy.putAll(table, ItemCorpus.generated("id", 50, 1));
      System.out.println("OK " + viaProxy.count(table) + " items via the proxy; dynalite at " + server.endpoint()
          + " from " + DynaliteServer.locate().dir);
    }
  }
}
