package io.ddbconnector.types;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class DynamoNumbersTest {

  private static final String MAX = "9.9999999999999999999999999999999999999E+125";

  @Test
  void theLimitsThemselvesAreNumbers() {
    for (String n : new String[] {MAX, "-" + MAX, "1E-130", "-1E-130", "0", "-0.000",
        "12345678901234567890123456789012345678", "0.12345678901234567890123456789012345678", "1.50"}) {
      assertEquals(0, new BigDecimal(n).compareTo(DynamoNumbers.parse(n)), n);
    }
  }

  @Test
  void beyondTheLimitsFailsSayingWhich() {
    assertTrue(message("1E+126").contains("outside DynamoDB's number range"));
    assertTrue(message("-1E-131").contains("outside DynamoDB's number range"));
    assertTrue(message("1234567890123456789012345678901234567891").contains("40 significant digits"));
    assertTrue(message("1.5.2").contains("'1.5.2' is not a number"));
    assertTrue(message("NaN").contains("is not a number"));
    assertTrue(message("").contains("is not a number"));
  }

  private static String message(String text) {
    return assertThrows(IllegalArgumentException.class, () -> DynamoNumbers.parse(text)).getMessage();
  }

  @Test
  void canonicalTextIsNumericallyEqualAndShort() {
    assertEquals("12.5", DynamoNumbers.format(new BigDecimal("12.50")));
    assertEquals("100", DynamoNumbers.format(new BigDecimal("1E+2")));
    assertEquals("0", DynamoNumbers.format(new BigDecimal("-0.000")));
    assertEquals("1E-130", DynamoNumbers.format(new BigDecimal("1E-130")));
    assertEquals(MAX, DynamoNumbers.format(new BigDecimal(MAX)));
    assertEquals("12345678901234567890123456789012345678",
        DynamoNumbers.format(new BigDecimal("1.2345678901234567890123456789012345678E+37")));
  }

  @Test
  void doublesAndFloatsAreWrittenAsTheirShortestText() {
    assertEquals("0.1", DynamoNumbers.format(DynamoNumbers.decimal(0.1)));
    assertEquals("0.1", DynamoNumbers.format(DynamoNumbers.decimal(0.1f)), "the float's text, not its double's");
    assertEquals("10000000000", DynamoNumbers.format(DynamoNumbers.decimal(1e10)));
    assertEquals("-1.5E-200", DynamoNumbers.format(DynamoNumbers.decimal(-1.5e-200)), "not range-checked");
    assertEquals("12345678901234568000000000000000000000",
        DynamoNumbers.format(DynamoNumbers.decimal(12345678901234567890123456789012345678.0)));
    assertEquals("0", DynamoNumbers.format(DynamoNumbers.decimal(-0.0)));
    for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DynamoNumbers.decimal(bad));
      assertTrue(e.getMessage().contains(bad + " cannot be stored"), e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> DynamoNumbers.decimal(Float.NaN));
    assertEquals("-9223372036854775808", DynamoNumbers.format(Long.MIN_VALUE));
  }

  @Test
  void plainTextFrom1EMinus20ToBelow1EPlus41() {
    assertEquals("1" + "0".repeat(40), DynamoNumbers.format(new BigDecimal("1E+40")));
    assertEquals("1E+41", DynamoNumbers.format(new BigDecimal("1E+41")));
    assertEquals("0.00000000000000000001", DynamoNumbers.format(new BigDecimal("1E-20")));
    assertEquals("1E-21", DynamoNumbers.format(new BigDecimal("1E-21")));
  }

  @Test
  void integersAreReadExactly() {
    assertEquals(Long.MAX_VALUE, DynamoNumbers.longValueExact("9223372036854775807"));
    assertEquals(Long.MIN_VALUE, DynamoNumbers.longValueExact("-9223372036854775808"));
    assertEquals(1000, DynamoNumbers.longValueExact("1E+3"));
    assertEquals(5, DynamoNumbers.longValueExact("5.0"));
    assertEquals(5, DynamoNumbers.longValueExact("+5"));
    assertThrows(ArithmeticException.class, () -> DynamoNumbers.longValueExact("1.5"));
    assertThrows(ArithmeticException.class, () -> DynamoNumbers.longValueExact("9223372036854775808"));
    assertThrows(NumberFormatException.class, () -> DynamoNumbers.longValueExact("-"));
    assertThrows(NumberFormatException.class, () -> DynamoNumbers.longValueExact("abc"));
  }

  @Test
  void equalNumbersHaveOneCanonicalForm() {
    String one = DynamoNumbers.canonicalNumber("1");
    for (String n : new String[] {"1.0", "+0.1e1", "10E-1", "001.000"}) {
      assertEquals(one, DynamoNumbers.canonicalNumber(n), n);
    }
    assertEquals(DynamoNumbers.canonicalNumber("0"), DynamoNumbers.canonicalNumber("-0.00E5"));
    assertTrue(!DynamoNumbers.canonicalNumber("1").equals(DynamoNumbers.canonicalNumber("-1")));
  }
}
