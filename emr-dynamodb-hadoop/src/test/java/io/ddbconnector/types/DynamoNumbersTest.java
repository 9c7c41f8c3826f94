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
}
