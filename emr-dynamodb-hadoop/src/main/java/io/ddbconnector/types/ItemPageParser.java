package io.ddbconnector.types;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Reads the {@code Items} of a Scan or Query response body (the service's JSON, UTF-8 bytes) straight into
 * attribute maps, in one pass and without the SDK's intermediate copies: the SDK's unmarshaller builds
 * every map twice (once while parsing, once more in the response's defensive copy) and re-hashes every
 * attribute name of every item, which made it the largest part of a whole job's client CPU.
 *
 * <p>Each item is one {@code LinkedHashMap} in the order of the response, as the SDK's are (exports and Hive's
 * whole-item maps list attributes in that order). Values are exact: numbers stay the service's text ({@code {"N":"…"}} is a JSON string), binaries are
 * the decoded base64, sets and lists keep their order. Attribute names repeat from item to item, so a name
 * already seen at the same position is reused (its hash is cached in the {@code String}).
 *
 * <p>The parser is strict about what it accepts and never guesses: anything it does not recognise — an
 * unknown type descriptor, a value with two descriptors, malformed JSON — makes {@link #parse} return null,
 * and the caller lets the SDK parse the body as it would have (and report what is wrong with it).
 */
public final class ItemPageParser {

  /** A parsed page: its items, and the body with {@code "Items"} emptied for the SDK to read the rest. */
  public static final class Page {
    private final List<Map<String, AttributeValue>> items;
    private final byte[] rest;

    Page(List<Map<String, AttributeValue>> items, byte[] rest) {
      this.items = items;
      this.rest = rest;
    }

    /** The items, in the order of the response. */
    public List<Map<String, AttributeValue>> items() {
      return items;
    }

    /** The response body with {@code "Items":[]} in place of the items (every other member as it was). */
    public byte[] rest() {
      return rest;
    }
  }

  private static final byte[] EMPTY_ARRAY = {'[', ']'};
  private static final byte[] ITEMS = "Items".getBytes(StandardCharsets.US_ASCII);
  private static final int MAX_DEPTH = 64; // the service nests documents at most 32 levels

  private final byte[] b;
  private int pos;
  private final int end;
  // top-level attribute names by position in the item, reused while the items repeat them
  private String[] names = new String[16];
  private int[] nameStarts = new int[16];
  private int[] nameLengths = new int[16];
  private int lastSize = 8;

  private ItemPageParser(byte[] body) {
    this.b = body;
    this.end = body.length;
  }

  /**
   * Parses a response body. Returns null when the body is not a JSON object with an {@code "Items"} array
   * of items this parser understands completely (the caller then lets the SDK parse it).
   */
  public static Page parse(byte[] body) {
    try {
      return new ItemPageParser(body).page();
    } catch (Malformed | ArrayIndexOutOfBoundsException | IllegalArgumentException e) {
      return null;
    }
  }

  /** Thrown (without a stack) at the first thing the parser does not accept. */
  private static final class Malformed extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final Malformed INSTANCE = new Malformed();

    private Malformed() {
      super(null, null, false, false);
    }
  }

  private static Malformed malformed() {
    return Malformed.INSTANCE;
  }

  private Page page() {
    ws();
    expect('{');
    List<Map<String, AttributeValue>> items = null;
    int itemsStart = -1;
    int itemsEnd = -1;
    ws();
    if (peek() != '}') {
      for (; ; ) {
        ws();
        int nameStart = pos + 1;
        skipString();
        int nameEnd = pos - 1;
        ws();
        expect(':');
        ws();
        if (nameEnd - nameStart == ITEMS.length && Arrays.equals(b, nameStart, nameEnd, ITEMS, 0, ITEMS.length)) {
          if (items != null) {
            throw malformed(); // two "Items" members
          }
          itemsStart = pos;
          items = itemList();
          itemsEnd = pos;
        } else {
          skipValue(0);
        }
        ws();
        int c = next();
        if (c == '}') {
          break;
        }
        if (c != ',') {
          throw malformed();
        }
      }
    } else {
      pos++;
    }
    ws();
    if (pos != end || items == null) {
      throw malformed();
    }
    byte[] rest = new byte[end - (itemsEnd - itemsStart) + EMPTY_ARRAY.length];
    System.arraycopy(b, 0, rest, 0, itemsStart);
    System.arraycopy(EMPTY_ARRAY, 0, rest, itemsStart, EMPTY_ARRAY.length);
    System.arraycopy(b, itemsEnd, rest, itemsStart + EMPTY_ARRAY.length, end - itemsEnd);
    return new Page(items, rest);
  }

  private List<Map<String, AttributeValue>> itemList() {
    return array(this::item);
  }

  /** A JSON array of {@code element}s. */
  private <T> List<T> array(java.util.function.Supplier<T> element) {
    expect('[');
    List<T> l = new ArrayList<>();
    ws();
    if (peek() == ']') {
      pos++;
      return l;
    }
    for (; ; ) {
      ws();
      l.add(element.get());
      ws();
      int c = next();
      if (c == ']') {
        return l;
      }
      if (c != ',') {
        throw malformed();
      }
    }
  }

  private Map<String, AttributeValue> item() {
    expect('{');
    Map<String, AttributeValue> item = new LinkedHashMap<>(capacity(lastSize));
    ws();
    if (peek() == '}') {
      pos++;
      lastSize = 0;
      return item;
    }
    int i = 0;
    for (; ; ) {
      ws();
      String name = topName(i++);
      ws();
      expect(':');
      ws();
      if (item.put(name, value(1)) != null) {
        throw malformed(); // a name twice: let the SDK decide
      }
      ws();
      int c = next();
      if (c == '}') {
        lastSize = item.size();
        return item;
      }
      if (c != ',') {
        throw malformed();
      }
    }
  }

  private static int capacity(int size) {
    return size < 3 ? 4 : (int) (size / 0.75f) + 1;
  }

  /** The attribute name at position {@code i} of an item, reusing the previous item's when the bytes match. */
  private String topName(int i) {
    if (peek() != '"') {
      throw malformed();
    }
    int start = pos + 1;
    int j = start;
    while (j < end && b[j] != '"' && b[j] != '\\') {
      j++;
    }
    if (j < end && b[j] == '"') {
      int len = j - start;
      if (i < names.length && names[i] != null && nameLengths[i] == len
          && Arrays.equals(b, start, j, b, nameStarts[i], nameStarts[i] + len)) {
        pos = j + 1;
        // the bytes compared are the previous item's in the same body: point at the newest copy
        nameStarts[i] = start;
        return names[i];
      }
      String s = new String(b, start, len, StandardCharsets.UTF_8);
      pos = j + 1;
      remember(i, s, start, len);
      return s;
    }
    return string(); // escapes: decoded, not cached
  }

  private void remember(int i, String s, int start, int len) {
    if (i >= names.length) {
      if (i >= 1024) {
        return;
      }
      int n = Math.max(names.length * 2, i + 1);
      names = Arrays.copyOf(names, n);
      nameStarts = Arrays.copyOf(nameStarts, n);
      nameLengths = Arrays.copyOf(nameLengths, n);
    }
    names[i] = s;
    nameStarts[i] = start;
    nameLengths[i] = len;
  }

  /** A typed value, e.g. {@code {"S":"x"}}: exactly one type descriptor. */
  private AttributeValue value(int depth) {
    if (depth > MAX_DEPTH) {
      throw malformed();
    }
    expect('{');
    ws();
    if (peek() != '"') {
      throw malformed();
    }
    int t0 = pos + 1;
    skipString();
    int tlen = pos - 1 - t0;
    ws();
    expect(':');
    ws();
    AttributeValue v;
    if (tlen == 1) {
      switch (b[t0]) {
        case 'S':
          v = AttributeValue.fromS(string());
          break;
        case 'N':
          v = AttributeValue.fromN(string());
          break;
        case 'B':
          v = AttributeValue.fromB(binary());
          break;
        case 'M':
          v = AttributeValue.fromM(map(depth));
          break;
        case 'L':
          v = AttributeValue.fromL(list(depth));
          break;
        default:
          throw malformed();
      }
    } else if (tlen == 2 && b[t0 + 1] == 'S') {
      switch (b[t0]) {
        case 'S':
          v = AttributeValue.fromSs(strings());
          break;
        case 'N':
          v = AttributeValue.fromNs(strings());
          break;
        case 'B':
          v = AttributeValue.fromBs(binaries());
          break;
        default:
          throw malformed();
      }
    } else if (tlen == 4 && b[t0] == 'N' && b[t0 + 1] == 'U' && b[t0 + 2] == 'L' && b[t0 + 3] == 'L') {
      if (!literal("true")) {
        throw malformed(); // {"NULL":false} is not a value the service sends
      }
      v = AttributeValue.fromNul(true);
    } else if (tlen == 4 && b[t0] == 'B' && b[t0 + 1] == 'O' && b[t0 + 2] == 'O' && b[t0 + 3] == 'L') {
      v = AttributeValue.fromBool(bool());
    } else {
      throw malformed();
    }
    ws();
    expect('}'); // a second descriptor is not accepted
    return v;
  }

  private Map<String, AttributeValue> map(int depth) {
    expect('{');
    Map<String, AttributeValue> m = new LinkedHashMap<>();
    ws();
    if (peek() == '}') {
      pos++;
      return m;
    }
    for (; ; ) {
      ws();
      String name = string();
      ws();
      expect(':');
      ws();
      if (m.put(name, value(depth + 1)) != null) {
        throw malformed();
      }
      ws();
      int c = next();
      if (c == '}') {
        return m;
      }
      if (c != ',') {
        throw malformed();
      }
    }
  }

  private List<AttributeValue> list(int depth) {
    return array(() -> value(depth + 1));
  }

  private List<String> strings() {
    return array(this::string);
  }

  private List<SdkBytes> binaries() {
    return array(this::binary);
  }

  private SdkBytes binary() {
    if (peek() != '"') {
      throw malformed();
    }
    int start = pos + 1;
    int j = start;
    while (j < end && b[j] != '"' && b[j] != '\\') {
      j++;
    }
    byte[] decoded;
    if (j < end && b[j] == '"') {
      decoded = Base64.getDecoder().decode(Arrays.copyOfRange(b, start, j));
      pos = j + 1;
    } else {
      decoded = Base64.getDecoder().decode(string()); // "\/" and the like
    }
    return SdkBytes.fromByteArrayUnsafe(decoded);
  }

  private boolean bool() {
    if (peek() == 't') {
      if (literal("true")) {
        return true;
      }
    } else if (literal("false")) {
      return false;
    }
    throw malformed();
  }

  private boolean literal(String word) {
    int n = word.length();
    if (pos + n > end) {
      return false;
    }
    for (int k = 0; k < n; k++) {
      if (b[pos + k] != word.charAt(k)) {
        return false;
      }
    }
    pos += n;
    return true;
  }

  /** A JSON string decoded from UTF-8, with escapes. */
  private String string() {
    if (peek() != '"') {
      throw malformed();
    }
    int start = pos + 1;
    int j = start;
    while (j < end) {
      byte c = b[j];
      if (c == '"') {
        pos = j + 1;
        return new String(b, start, j - start, StandardCharsets.UTF_8);
      }
      if (c == '\\') {
        break;
      }
      if (c >= 0 && c < 0x20) {
        throw malformed();
      }
      j++;
    }
    if (j >= end) {
      throw malformed();
    }
    // escapes: decode the runs between them as UTF-8 and the escapes as UTF-16 units
    StringBuilder sb = new StringBuilder(j - start + 16);
    sb.append(new String(b, start, j - start, StandardCharsets.UTF_8));
    pos = j;
    for (; ; ) {
      int runStart = pos;
      while (pos < end && b[pos] != '"' && b[pos] != '\\') {
        if (b[pos] >= 0 && b[pos] < 0x20) {
          throw malformed();
        }
        pos++;
      }
      if (pos >= end) {
        throw malformed();
      }
      sb.append(new String(b, runStart, pos - runStart, StandardCharsets.UTF_8));
      if (b[pos] == '"') {
        pos++;
        return sb.toString();
      }
      pos++; // the backslash
      int e = next();
      switch (e) {
        case '"':
          sb.append('"');
          break;
        case '\\':
          sb.append('\\');
          break;
        case '/':
          sb.append('/');
          break;
        case 'b':
          sb.append('\b');
          break;
        case 'f':
          sb.append('\f');
          break;
        case 'n':
          sb.append('\n');
          break;
        case 'r':
          sb.append('\r');
          break;
        case 't':
          sb.append('\t');
          break;
        case 'u':
          int v = 0;
          for (int k = 0; k < 4; k++) {
            int d = Character.digit(next(), 16);
            if (d < 0) {
              throw malformed();
            }
            v = (v << 4) | d;
          }
          sb.append((char) v);
          break;
        default:
          throw malformed();
      }
    }
  }

  // ---------------------------------------------------------------------------- skipping members

  private void skipValue(int depth) {
    if (depth > MAX_DEPTH) {
      throw malformed();
    }
    int c = peek();
    switch (c) {
      case '"':
        skipString();
        return;
      case '{':
        pos++;
        ws();
        if (peek() == '}') {
          pos++;
          return;
        }
        for (; ; ) {
          ws();
          skipString();
          ws();
          expect(':');
          ws();
          skipValue(depth + 1);
          ws();
          int n = next();
          if (n == '}') {
            return;
          }
          if (n != ',') {
            throw malformed();
          }
        }
      case '[':
        pos++;
        ws();
        if (peek() == ']') {
          pos++;
          return;
        }
        for (; ; ) {
          ws();
          skipValue(depth + 1);
          ws();
          int n = next();
          if (n == ']') {
            return;
          }
          if (n != ',') {
            throw malformed();
          }
        }
      case 't':
        if (!literal("true")) {
          throw malformed();
        }
        return;
      case 'f':
        if (!literal("false")) {
          throw malformed();
        }
        return;
      case 'n':
        if (!literal("null")) {
          throw malformed();
        }
        return;
      default:
        if (c == '-' || (c >= '0' && c <= '9')) {
          int start = pos;
          while (pos < end && "+-0123456789.eE".indexOf(b[pos]) >= 0) {
            pos++;
          }
          if (pos == start) {
            throw malformed();
          }
          return;
        }
        throw malformed();
    }
  }

  private void skipString() {
    if (peek() != '"') {
      throw malformed();
    }
    pos++;
    while (pos < end) {
      byte c = b[pos++];
      if (c == '"') {
        return;
      }
      if (c == '\\') {
        pos++;
      }
    }
    throw malformed();
  }

  // ---------------------------------------------------------------------------- bytes

  private int peek() {
    return pos < end ? b[pos] : -1;
  }

  private int next() {
    return pos < end ? b[pos++] : -1;
  }

  private void expect(char c) {
    if (pos >= end || b[pos] != c) {
      throw malformed();
    }
    pos++;
  }

  private void ws() {
    while (pos < end) {
      byte c = b[pos];
      if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
        pos++;
      } else {
        return;
      }
    }
  }
}
