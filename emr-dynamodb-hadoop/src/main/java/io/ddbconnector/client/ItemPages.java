package io.ddbconnector.client;

import io.ddbconnector.types.ItemPageParser;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.exception.Crc32MismatchException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Lets the connector's {@link ItemPageParser} read the items of a Scan or Query page instead of the SDK's
 * unmarshaller. A request that carries a {@link Slot} ({@link #into}) gets its successful response body
 * parsed by the connector; the items go into the slot and the SDK unmarshals the rest of the body (counts,
 * the last evaluated key, consumed capacity) with {@code "Items":[]}. Everything else is the SDK's as
 * before: signing, HTTP, errors (a non-2xx body is never touched), and the {@code x-amz-crc32} check, which
 * this interceptor performs on the body as received (a mismatch is the SDK's own retryable
 * {@link Crc32MismatchException}) before it hands the SDK the shorter body with its own checksum.
 *
 * <p>A compressed body, a body the parser does not understand completely, or a client built without this
 * interceptor leaves the slot empty, and the caller takes the SDK's items ({@link Slot#itemsOr}).
 */
public final class ItemPages {

  /** Where a request's parsed items are left: one slot per request. */
  public static final class Slot {
    private volatile List<Map<String, AttributeValue>> items;
    private volatile byte[] rest;

    /** The connector's items if it parsed the page, else {@code sdkItems}. */
    public List<Map<String, AttributeValue>> itemsOr(List<Map<String, AttributeValue>> sdkItems) {
      List<Map<String, AttributeValue>> mine = items;
      return mine != null ? mine : sdkItems;
    }

    /** Whether the connector parsed the last response. */
    public boolean parsed() {
      return items != null;
    }
  }

  static final ExecutionAttribute<Slot> SLOT = new ExecutionAttribute<>("io.ddbconnector.itemPageSlot");
  private static final String CRC32_HEADER = "x-amz-crc32";

  private ItemPages() {}

  /** For a request builder's {@code overrideConfiguration(...)}: parse this request's page into {@code slot}. */
  public static Consumer<AwsRequestOverrideConfiguration.Builder> into(Slot slot) {
    return o -> o.putExecutionAttribute(SLOT, slot);
  }

  /** The interceptor {@link DynamoDBClientFactory} adds to every client it builds. */
  static final class Interceptor implements ExecutionInterceptor {

    @Override
    public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
      Slot slot = attributes.getAttribute(SLOT);
      SdkHttpResponse response = context.httpResponse();
      if (slot == null) {
        return response;
      }
      slot.items = null;
      slot.rest = null;
      Optional<InputStream> body = context.responseBody();
      if (!response.isSuccessful() || body.isEmpty() || response.firstMatchingHeader("Content-Encoding")
          .filter(e -> !e.equalsIgnoreCase("identity")).isPresent()) {
        return response;
      }
      byte[] bytes;
      try {
        bytes = body.get().readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException("Reading a DynamoDB response body failed", e);
      }
      Optional<String> expected = response.firstMatchingHeader(CRC32_HEADER);
      if (expected.isPresent()) {
        long want;
        try {
          want = Long.parseLong(expected.get().trim());
        } catch (NumberFormatException e) {
          want = -1;
        }
        long got = crc32(bytes);
        if (want != got) {
          throw Crc32MismatchException.builder().message("Expected " + CRC32_HEADER + " " + expected.get()
              + " but the response body's CRC32 is " + got).build();
        }
      }
      ItemPageParser.Page page = ItemPageParser.parse(bytes);
      if (page == null) {
        slot.rest = bytes; // the SDK parses the body as received
        return response;
      }
      slot.items = page.items();
      slot.rest = page.rest();
      SdkHttpResponse.Builder b = response.toBuilder()
          .putHeader("Content-Length", Integer.toString(page.rest().length));
      if (expected.isPresent()) {
        b.putHeader(CRC32_HEADER, Long.toString(crc32(page.rest())));
      }
      return b.build();
    }

    @Override
    public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context,
        ExecutionAttributes attributes) {
      Slot slot = attributes.getAttribute(SLOT);
      byte[] rest = slot == null ? null : slot.rest;
      if (rest == null) {
        return context.responseBody();
      }
      slot.rest = null;
      return Optional.of(new ByteArrayInputStream(rest));
    }
  }

  private static long crc32(byte[] bytes) {
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, bytes.length);
    return crc.getValue();
  }
}
