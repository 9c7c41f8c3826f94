package io.ddbconnector.types;

import static io.ddbconnector.types.TestItems.assertSameItem;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Round trips over random items from a seeded generator, so failures are reproducible. */
class RoundTripPropertyTest {

  private static final long SEED = 20240611L;
  private static final int ITEMS = 2_000;

  @Test
  void randomItemsRoundTripThroughCodecAndJson() throws IOException {
    TestItems.RandomItems generator = new TestItems.RandomItems(SEED);
    for (int i = 0; i < ITEMS; i++) {
      Map<String, AttributeValue> item = generator.item();
      String context = "item #" + i + " of seed " + SEED;
      try {
        assertSameItem(item, ItemCodec.fromBytes(ItemCodec.toBytes(item)));
        String json = DynamoJson.toJson(item);
        assertSameItem(item, DynamoJson.parseItem(json));
        assertSameItem(item, DynamoJson.parseExportLine("{\"Item\":" + json + "}"));
        assertTrue(ItemSize.bytes(item) >= 0);
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError(context + ": " + DynamoJson.toJson(item), e);
      }
    }
  }
}
