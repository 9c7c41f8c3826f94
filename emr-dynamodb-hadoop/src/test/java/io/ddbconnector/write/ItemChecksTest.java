package io.ddbconnector.write;

import static io.ddbconnector.types.TestItems.bs;
import static io.ddbconnector.types.TestItems.n;
import static io.ddbconnector.types.TestItems.ns;
import static io.ddbconnector.types.TestItems.ss;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddbconnector.table.TableInfo;
import io.ddbconnector.testkit.ItemCorpus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The value rules of {@link ItemChecks}, at their boundaries, with the attribute path in the message. */
class ItemChecksTest {

  private static final String LARGEST = "9.9999999999999999999999999999999999999E+125";
  private static final String DIGITS_38 = "12345678901234567890123456789012345678";
  private static final String DIGITS_39 = "123456789012345678901234567890123456789";

  private static AttributeValue m(String name, AttributeValue value) {
    return AttributeValue.fromM(Map.of(name, value));
  }

  private static AttributeValue l(AttributeValue... elements) {
    return AttributeValue.fromL(Arrays.asList(elements));
  }

  /** The problem of an item with {@code value} as attribute {@code a}; fails when there is none. */
  private static String problem(AttributeValue value, String... fragments) {
    String problem = ItemChecks.valueProblem(Map.of("a", value));
    assertNotNull(problem, "refused: " + value);
    for (String f : fragments) {
      assertTrue(problem.contains(f), "'" + f + "' in: " + problem);
    }
    return problem;
  }

  private static void accepted(AttributeValue value) {
    assertNull(ItemChecks.valueProblem(Map.of("a", value)), "accepted: " + value);
  }

  // ---------------------------------------------------------------------------------------------- numbers

  @ParameterizedTest
  @ValueSource(strings = {"0", "-0", "+0", "0.000", "0E-200", "0e1000", "-0.0e-999999999999", "3", "-7.1234",
      "-17e5", "-17.4E37", "+3", ".123", "-.5", "1.", "0001.23", "1e+5", "1E-0", DIGITS_38, "-" + DIGITS_38,
      "000" + DIGITS_38 + "000", "0.00" + DIGITS_38 + "e5", "1.0000000000000000000000000000000000000000000",
      "1E-130", "-1E-130", "0.1E-129", "100E-132", LARGEST, "-" + LARGEST, "1e125", "0.01e127",
      "99999999999999999999999999999999999999e88", "1000000000000000000000000000000000000000000000000000"})
  void numbersTheServiceStores(String number) {
    assertNull(io.ddbconnector.types.DynamoNumbers.problem(number), number);
    accepted(n(number));
  }

  @ParameterizedTest
  @ValueSource(strings = {DIGITS_39, "-" + DIGITS_39, "3.14159265358979323846264338327950288419",
      "314159265358979323846264338327950288419e30", "1.00000000000000000000000000000000000001",
      "0.000" + DIGITS_39})
  void moreThan38SignificantDigits(String number) {
    problem(n(number), "'a'", number.length() <= 60 ? "'" + number + "'" : "chars)", "significant digits",
        "at most 38");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1E+126", "-1E+126", "1e126", "11e125", "10E125", "0.1e127", "1e99999999999999999999",
      "99999999999999999999999999999999999999e89"})
  void magnitudeAboveTheLargest(String number) {
    problem(n(number), "'" + number + "'", "larger in magnitude", LARGEST);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1E-131", "-1E-131", "0.9e-130", "0.1E-130", "1e-99999999999999999999"})
  void nonzeroMagnitudeBelowTheSmallest(String number) {
    problem(n(number), "'" + number + "'", "smaller in magnitude", "1E-130");
  }

  /**
   * Not numbers. " 1", "NaN" and "Infinity" are refused by the service (ScyllaDB's Alternator suite, run
   * against DynamoDB, checks them); a non-ASCII digit ("\u0661") is refused here as dynalite does: the
   * service documents numbers as decimal text and nothing wider.
   */
  @ParameterizedTest
  @ValueSource(strings = {"", " 1", "1 ", "NaN", "-NaN", "Infinity", "-Infinity", "dog", "-", "+", ".", "-.",
      "1e", "1e+", "e5", "E5", "+-1", "--1", "1.2.3", "1e2.5", "1e2e5", "0x10", "1,000", "1_000", "1d", "1f",
      "\u0661"})
  void notNumbers(String text) {
    problem(n(text), "'a'", "whose N value '" + text + "' is not a number");
  }

  @Test
  void zeroIsZeroWhateverItsExponentOrSign() {
    // Leading and trailing zeros are not significant, and zero has no magnitude to fall below 1E-130.
    for (String zero : List.of("0", "-0", "0E-200", "0e+1000", "00000.00000")) {
      assertNull(io.ddbconnector.types.DynamoNumbers.problem(zero), zero);
      assertEquals("0", io.ddbconnector.types.DynamoNumbers.canonicalNumber(zero), zero);
    }
  }

  @Test
  void canonicalNumbersAreEqualExactlyWhenTheNumbersAre() {
    assertEquals(io.ddbconnector.types.DynamoNumbers.canonicalNumber("1"), io.ddbconnector.types.DynamoNumbers.canonicalNumber("1.0"));
    assertEquals(io.ddbconnector.types.DynamoNumbers.canonicalNumber("10"), io.ddbconnector.types.DynamoNumbers.canonicalNumber("1E1"));
    assertEquals(io.ddbconnector.types.DynamoNumbers.canonicalNumber("-1500"), io.ddbconnector.types.DynamoNumbers.canonicalNumber("-1.5e+3"));
    assertEquals(io.ddbconnector.types.DynamoNumbers.canonicalNumber("0.0105"), io.ddbconnector.types.DynamoNumbers.canonicalNumber("+105E-4"));
    assertEquals("1005e1", io.ddbconnector.types.DynamoNumbers.canonicalNumber("10.050"));
    assertNotEquals(io.ddbconnector.types.DynamoNumbers.canonicalNumber("1"), io.ddbconnector.types.DynamoNumbers.canonicalNumber("-1"));
    assertNotEquals(io.ddbconnector.types.DynamoNumbers.canonicalNumber("1"), io.ddbconnector.types.DynamoNumbers.canonicalNumber("10"));
    assertNotEquals(io.ddbconnector.types.DynamoNumbers.canonicalNumber("105"), io.ddbconnector.types.DynamoNumbers.canonicalNumber("1005"));
    assertNotEquals(io.ddbconnector.types.DynamoNumbers.canonicalNumber("11"), io.ddbconnector.types.DynamoNumbers.canonicalNumber("1.1"));
  }

  // ------------------------------------------------------------------------------------------------- sets

  @Test
  void emptySets() {
    problem(ss(), "'a'", "empty set (SS)");
    problem(ns(), "'a'", "empty set (NS)");
    problem(bs(), "'a'", "empty set (BS)");
    accepted(ss("")); // empty strings and binaries are allowed inside a set
    accepted(bs(new byte[0]));
    accepted(AttributeValue.fromL(List.of())); // empty lists and maps are not sets
    accepted(AttributeValue.fromM(Map.of()));
  }

  @Test
  void duplicateMembers() {
    problem(ss("x", "y", "x"), "'a'", "set (SS) with the member 'x' twice", "duplicates");
    accepted(ss("x", "X", "x "));
    problem(ns("1", "2", "1.0"), "'a'", "set (NS) with equal members '1' and '1.0'");
    problem(ns("10", "1E1"), "equal members '10' and '1E1'");
    problem(ns("0", "-0.0"), "equal members '0' and '-0.0'");
    problem(ns("7", "7"), "the member '7' twice");
    accepted(ns("1", "-1", "10", "0.1", "1.1", "11"));
    problem(bs(new byte[] {1, 2}, new byte[] {3}, new byte[] {1, 2}), "'a'",
        "set (BS) with the member base64 'AQI=' twice");
    accepted(bs(new byte[] {1, 2}, new byte[] {2, 1}, new byte[] {1, 2, 0}));
  }

  @Test
  void numberSetMembersAreNumbers() {
    problem(ns("1", "abc"), "'a'", "whose NS member 'abc' is not a number");
    problem(ns("1", "1e126"), "whose NS member '1e126' is larger in magnitude");
    problem(ns(DIGITS_39), "whose NS member '" + DIGITS_39 + "' has 39 significant digits");
  }

  @Test
  void nullSetMembers() {
    problem(AttributeValue.fromSs(Arrays.asList("x", null)), "'a'", "set (SS) with a null member");
    problem(AttributeValue.fromNs(Arrays.asList(null, "1")), "set (NS) with a null member");
  }

  // ------------------------------------------------------------------------------------------------ types

  @Test
  void valuesWithoutExactlyOneType() {
    problem(AttributeValue.builder().build(), "'a'", "AttributeValue with no type set");
    problem(AttributeValue.builder().s("x").n("1").build(), "'a'", "more than one type set");
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    item.put("a", null);
    assertEquals("has attribute 'a' that is null", ItemChecks.valueProblem(item));
  }

  @Test
  void otherValuesPass() {
    accepted(AttributeValue.fromS(""));
    accepted(AttributeValue.fromB(SdkBytes.fromByteArray(new byte[0])));
    accepted(AttributeValue.fromBool(false));
    accepted(AttributeValue.fromNul(true));
    accepted(l(n("1"), ss("a", "b"), m("x", ns("1", "2"))));
  }

  // ------------------------------------------------------------------------------------------------ paths

  @Test
  void nestedValuesAreNamedByTheirPath() {
    AttributeValue deep = m("b", l(n("1"), n("2"), ss("ok"), n("1e200")));
    assertEquals("has attribute 'a.b[3]' whose N value '1e200' is larger in magnitude than DynamoDB's largest"
        + " number, " + LARGEST, ItemChecks.valueProblem(Map.of("a", deep)));
    problem(l(l(), l(AttributeValue.builder().build())), "attribute 'a[1][0]' that is an AttributeValue with"
        + " no type set");
    problem(m("tags", ss("x", "x")), "attribute 'a.tags' that is a set (SS) with the member 'x' twice");
    problem(l(m("n", ns("1", "one"))), "attribute 'a[0].n' whose NS member 'one' is not a number");
  }

  @Test
  void theFirstBadAttributeIsNamed() {
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    item.put("id", AttributeValue.fromS("k"));
    item.put("fine", n("1"));
    item.put("bad", n("x"));
    item.put("worse", ss());
    assertEquals("has attribute 'bad' whose N value 'x' is not a number", ItemChecks.valueProblem(item));
    assertNull(ItemChecks.valueProblem("fine", n("1")));
    assertEquals("has attribute 'worse' that is an empty set (SS); DynamoDB does not allow empty sets",
        ItemChecks.valueProblem("worse", ss()));
  }

  @Test
  void longValuesAreShortenedInMessages() {
    String huge = "0." + "1".repeat(4998);
    String p = problem(n(huge), "'0." + "1".repeat(58) + "...(5000 chars)'", "4998 significant digits");
    assertTrue(p.length() < 200, p);
  }

  // --------------------------------------------------------------------------------------- whole item

  /** What the backend stores passes: the shared corpus of tricky and generated items. */
  @Test
  void theTestCorpusPasses() {
    List<Map<String, AttributeValue>> corpus = new ArrayList<>(ItemCorpus.tricky("id"));
    corpus.addAll(ItemCorpus.generated("id", 2000, 5));
    List<TableInfo.KeyAttribute> keys = List.of(new TableInfo.KeyAttribute("id", "S"));
    for (Map<String, AttributeValue> item : corpus) {
      assertNull(ItemChecks.problem(item, keys), () -> "item " + item.get("id"));
    }
  }

  @Test
  void problemChecksKeysThenValuesThenSize() {
    List<TableInfo.KeyAttribute> keys = List.of(new TableInfo.KeyAttribute("id", "N"));
    assertTrue(ItemChecks.problem(Map.of("v", n("x")), keys).startsWith("has no key attribute 'id'"));
    assertEquals("has attribute 'id' whose N value '1e-131' is smaller in magnitude than DynamoDB's smallest"
        + " nonzero number, 1E-130", ItemChecks.problem(Map.of("id", n("1e-131")), keys));
    Map<String, AttributeValue> big = new LinkedHashMap<>();
    big.put("id", n("1"));
    big.put("v", ns("1", "1.00"));
    big.put("blob", AttributeValue.fromS("x".repeat(410 * 1024)));
    assertTrue(ItemChecks.problem(big, keys).contains("'v' that is a set (NS) with equal members"),
        ItemChecks.problem(big, keys));
    big.put("v", ns("1", "2"));
    assertTrue(ItemChecks.problem(big, keys).contains("DynamoDB's item limit"), ItemChecks.problem(big, keys));
    big.remove("blob");
    assertNull(ItemChecks.problem(big, keys));
  }
}
