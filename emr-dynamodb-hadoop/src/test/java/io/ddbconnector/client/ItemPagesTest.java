package io.ddbconnector.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.Crc32MismatchException;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.InterceptorContext;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/** The interceptor on its own, with responses made up here; {@code ItemPagesIT} runs it against the backend. */
class ItemPagesTest {

  private static final String BODY = "{\"Count\":1,\"Items\":[{\"id\":{\"S\":\"a\"}}],\"ScannedCount\":1}";

  private static long crc(byte[] b) {
    CRC32 c = new CRC32();
    c.update(b);
    return c.getValue();
  }

  private static InterceptorContext context(int status, String body, Long crc, String encoding) {
    SdkHttpResponse.Builder r = SdkHttpResponse.builder().statusCode(status);
    if (crc != null) {
      r.putHeader("x-amz-crc32", Long.toString(crc));
    }
    if (encoding != null) {
      r.putHeader("Content-Encoding", encoding);
    }
    return InterceptorContext.builder().request(ScanRequest.builder().build()).httpResponse(r.build())
        .responseBody(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8))).build();
  }

  private static ExecutionAttributes with(ItemPages.Slot slot) {
    ExecutionAttributes a = new ExecutionAttributes();
    a.putAttribute(ItemPages.SLOT, slot);
    return a;
  }

  private static String read(InputStream in) throws Exception {
    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
  }

  @Test
  void aPageGoesToTheSlotAndTheSdkGetsTheRestWithItsOwnChecksum() throws Exception {
    ItemPages.Interceptor i = new ItemPages.Interceptor();
    ItemPages.Slot slot = new ItemPages.Slot();
    InterceptorContext c = context(200, BODY, crc(BODY.getBytes(StandardCharsets.UTF_8)), null);
    SdkHttpResponse r = i.modifyHttpResponse(c, with(slot));
    String rest = read(i.modifyHttpResponseContent(c, with(slot)).orElseThrow());
    assertEquals("{\"Count\":1,\"Items\":[],\"ScannedCount\":1}", rest);
    assertEquals(Long.toString(crc(rest.getBytes(StandardCharsets.UTF_8))), r.firstMatchingHeader("x-amz-crc32").orElseThrow());
    assertEquals(Integer.toString(rest.length()), r.firstMatchingHeader("Content-Length").orElseThrow());
    assertEquals(List.of(Map.of("id", AttributeValue.fromS("a"))), slot.itemsOr(List.of()));
  }

  @Test
  void aBodyThatDoesNotMatchItsChecksumFailsAsTheSdkWould() {
    ItemPages.Slot slot = new ItemPages.Slot();
    InterceptorContext c = context(200, BODY, 12345L, null);
    assertThrows(Crc32MismatchException.class, () -> new ItemPages.Interceptor().modifyHttpResponse(c, with(slot)));
    assertFalse(slot.parsed());
  }

  @Test
  void errorsCompressedBodiesAndUnknownBodiesAreTheSdks() throws Exception {
    ItemPages.Interceptor i = new ItemPages.Interceptor();
    for (InterceptorContext c : List.of(context(400, "{\"__type\":\"x\",\"message\":\"m\"}", null, null),
        context(200, BODY, null, "gzip"))) {
      ItemPages.Slot slot = new ItemPages.Slot();
      i.modifyHttpResponse(c, with(slot));
      assertFalse(slot.parsed());
      assertTrue(read(i.modifyHttpResponseContent(c, with(slot)).orElseThrow()).startsWith("{"), "body untouched");
    }
    String odd = "{\"Items\":[{\"id\":{\"X\":\"a\"}}]}";
    ItemPages.Slot slot = new ItemPages.Slot();
    InterceptorContext c = context(200, odd, null, null);
    i.modifyHttpResponse(c, with(slot));
    assertFalse(slot.parsed());
    assertEquals(odd, read(i.modifyHttpResponseContent(c, with(slot)).orElseThrow()), "the SDK gets the body as received");
  }
}
