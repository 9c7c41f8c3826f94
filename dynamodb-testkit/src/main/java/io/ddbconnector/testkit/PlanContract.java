package io.ddbconnector.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The cases of the read planner's cross-engine contract ({@code plan-contract.tsv}) and the table they run
 * against: hash key {@code pk}, range key {@code sk}, a GSI {@code by_cat} on {@code cat}. Each engine's
 * {@code PlanContractIT} runs every predicate through its own translation and expects the stated plan.
 */
public final class PlanContract {

  /**
   * One predicate and the plan both engines must produce; {@code hiveExpected} differs from {@code expected}
   * only where the file states why the engines must differ.
   */
  public record Case(String name, String where, String expected, String hiveExpected) {}

  private PlanContract() {}

  public static List<Case> cases() {
    List<Case> out = new ArrayList<>();
    try (InputStream in = PlanContract.class.getResourceAsStream("plan-contract.tsv");
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (!line.isBlank() && !line.startsWith("#")) {
          String[] f = line.split("\t");
          out.add(new Case(f[0], f[1], f[2], f.length > 3 ? f[3] : f[2]));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** Creates the contract's table with two items; returns its name. */
  public static String createTable(Backend backend) {
    String table = backend.createTable("plan_contract", "pk", ScalarAttributeType.S, "sk", ScalarAttributeType.S,
        t -> t.attributeDefinitions(attribute("pk", ScalarAttributeType.S), attribute("sk", ScalarAttributeType.S),
                attribute("cat", ScalarAttributeType.S))
            .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("by_cat")
                .keySchema(KeySchemaElement.builder().attributeName("cat").keyType(KeyType.HASH).build())
                .projection(p -> p.projectionType("ALL"))
                .provisionedThroughput(p -> p.readCapacityUnits(100L).writeCapacityUnits(100L)).build()));
    backend.putAll(table, List.of(
        Map.of("pk", s("p1"), "sk", s("a1"), "cat", s("books"), "qty", AttributeValue.fromN("12"),
            "price", AttributeValue.fromN("9.99"), "name", s("x"),
            "doc", AttributeValue.fromM(Map.of("city", s("Paris"))), "note", s("n")),
        Map.of("pk", s("p2"), "sk", s("b2"), "cat", s("toys"), "qty", AttributeValue.fromN("2"),
            "price", AttributeValue.fromN("1.5"), "name", s("y"),
            "doc", AttributeValue.fromM(Map.of("city", s("Rome"))))));
    return table;
  }

  private static AttributeDefinition attribute(String name, ScalarAttributeType type) {
    return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
  }

  private static AttributeValue s(String v) {
    return AttributeValue.fromS(v);
  }
}
