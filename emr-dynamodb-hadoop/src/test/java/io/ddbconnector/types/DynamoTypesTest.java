package io.ddbconnector.types;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class DynamoTypesTest {

  @Test
  void namesAreDynamoDBs() {
    SdkBytes bytes = SdkBytes.fromByteArray(new byte[] {1});
    assertEquals("S", DynamoTypes.name(AttributeValue.fromS("")));
    assertEquals("N", DynamoTypes.name(AttributeValue.fromN("1")));
    assertEquals("B", DynamoTypes.name(AttributeValue.fromB(bytes)));
    assertEquals("SS", DynamoTypes.name(AttributeValue.fromSs(List.of("a"))));
    assertEquals("NS", DynamoTypes.name(AttributeValue.fromNs(List.of("1"))));
    assertEquals("BS", DynamoTypes.name(AttributeValue.fromBs(List.of(bytes))));
    assertEquals("M", DynamoTypes.name(AttributeValue.fromM(Map.of())));
    assertEquals("L", DynamoTypes.name(AttributeValue.fromL(List.of())));
    assertEquals("BOOL", DynamoTypes.name(AttributeValue.fromBool(false)));
    assertEquals("NULL", DynamoTypes.name(AttributeValue.fromNul(true)), "not the SDK's NUL");
  }

  @Test
  void namingNeverFails() {
    assertEquals("nothing", DynamoTypes.name(null));
    assertEquals("unknown", DynamoTypes.name(AttributeValue.builder().build()));
    assertEquals("S", DynamoTypes.name(AttributeValue.builder().s("a").n("1").build()), "the first scalar");
    assertEquals("mixed", DynamoTypes.name(AttributeValue.builder().bool(true).nul(true).build()));
  }

  @Test
  void numbersAreIdenticalWhenEqual() {
    AttributeValue one = DynamoTypes.identity(AttributeValue.fromN("1"));
    assertEquals(one, DynamoTypes.identity(AttributeValue.fromN("1.0")));
    assertEquals(one, DynamoTypes.identity(AttributeValue.fromN("1E0")));
    assertEquals(one.hashCode(), DynamoTypes.identity(AttributeValue.fromN("+0.10e1")).hashCode());
    assertNotEquals(one, DynamoTypes.identity(AttributeValue.fromN("1.01")));
    assertNotEquals(one, DynamoTypes.identity(AttributeValue.fromS("1")), "a string is no number");
    AttributeValue s = AttributeValue.fromS("1.0");
    assertSame(s, DynamoTypes.identity(s));
  }
}
