package io.ddbconnector.types;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Reads and writes items in DynamoDB JSON, the typed JSON form used by the DynamoDB wire
 * protocol, by {@code aws dynamodb scan} and by DynamoDB's S3 export ({@code DYNAMODB_JSON}):
 *
 * <pre>{@code
 * {"id":{"S":"a"},"n":{"N":"1.5"},"b":{"B":"AQI="},"ss":{"SS":["x"]},"ns":{"NS":["1"]},
 *  "bs":{"BS":["AQI="]},"m":{"M":{"k":{"S":"v"}}},"l":{"L":[{"N":"1"}]},
 *  "t":{"BOOL":true},"z":{"NULL":true}}
 * }</pre>
 *
 * <p>Binary values are standard base64 with padding. Numbers are written as JSON strings (as
 * DynamoDB does) and are never converted: the parser keeps the exact text of a number, whether
 * it arrives as a JSON string ({@code {"N":"1E-130"}}) or as a bare JSON number token ({@code
 * {"N":1E-130}}). Attribute order is preserved; parsed items and maps are {@link
 * LinkedHashMap}s.
 *
 * <p>The writer emits compact JSON (no whitespace), escapes {@code "} and {@code \}, every
 * control character, U+2028/U+2029 and unpaired surrogates, and writes all other characters
 * as they are. The parser is strict JSON (RFC 8259) plus the DynamoDB JSON structure rules: every
 * attribute value is an object with exactly one type descriptor, attribute names in one object
 * are unique and nesting is limited to 64 levels. Errors are {@link ParseException}s (an
 * {@link IllegalArgumentException}) naming the character offset and what was expected.
 *
 * <p>Thread-safe: all methods are static and keep no shared state.
 */
public final class DynamoJson {

  private DynamoJson() {}

  /**
   * A DynamoDB JSON syntax or structure error. {@link #offset()} is the zero-based offset, in
   * UTF-16 chars from the start of the input, where the problem was found.
   */
  public static final class ParseException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final long offset;

    ParseException(String message, long offset) {
      super("invalid DynamoDB JSON at offset " + offset + ": " + message);
      this.offset = offset;
    }

    /** Zero-based character offset of the error. */
    public long offset() {
      return offset;
    }
  }

  // ------------------------------------------------------------------------------- writing

  /**
   * The DynamoDB JSON text of {@code item}.
   *
   * @throws IllegalArgumentException if a value has no (or more than one) data type, holds a
   *     null member or is nested deeper than 64 levels; the message names the attribute path
   */
  public static String toJson(Map<String, AttributeValue> item) {
    Objects.requireNonNull(item, "item");
    StringBuilder sb = new StringBuilder(64 + 32 * item.size());
    try {
      writeAttributes(item, sb, 0);
    } catch (IOException e) {
      throw new AssertionError("StringBuilder does not throw", e);
    }
    return sb.toString();
  }

  /**
   * Appends the DynamoDB JSON text of {@code item} to {@code out}. An invalid value is detected
   * while writing, so {@code out} may already hold part of the item when the exception is
   * thrown.
   *
   * @throws UncheckedIOException if {@code out} throws an {@link IOException}
   * @throws IllegalArgumentException as for {@link #toJson(Map)}
   */
  public static void writeJson(Map<String, AttributeValue> item, Appendable out) {
    Objects.requireNonNull(item, "item");
    Objects.requireNonNull(out, "out");
    try {
      writeAttributes(item, out, 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The DynamoDB JSON text of a single value, for example {@code {"N":"1.5"}}. */
  public static String toJson(AttributeValue value) {
    return valueJson(value, false);
  }

  /**
   * A single value in the spelling of the EMR DynamoDB connector (awslabs/emr-dynamodb-connector), whose
   * Hive whole-item column holds each attribute this way: the type descriptors keep the field names of the
   * AWS SDK v1 model, first letter lower case and the rest upper case ({@code s, n, b, sS, nS, bS, m, l,
   * bOOL, nULL}), nested values likewise, e.g. {@code {"m":{"k":{"sS":["a"]}}}}. Strings are escaped as
   * {@link #toJson(AttributeValue)} does (which is how that connector's JSON library escapes them when HTML
   * escaping is off), so text exported by either connector is the same. {@link #parseEmrValue} reads it back.
   */
  public static String toEmrJson(AttributeValue value) {
    return valueJson(value, true);
  }

  private static String valueJson(AttributeValue value, boolean emr) {
    StringBuilder sb = new StringBuilder();
    try {
      writeValue(value, sb, 1, emr);
    } catch (IOException e) {
      throw new AssertionError("StringBuilder does not throw", e);
    }
    return sb.toString();
  }

  /** {@code {"<descriptor>":}} in the standard or the EMR connector's spelling ({@link #toEmrJson}). */
  private static String open(String type, boolean emr) {
    String d = emr ? Character.toLowerCase(type.charAt(0)) + type.substring(1) : type;
    return "{\"" + d + "\":";
  }

  /** Writes {@code {"name":value,...}}; the values are at {@code depth + 1}. */
  private static void writeAttributes(Map<String, AttributeValue> map, Appendable out, int depth)
      throws IOException {
    writeAttributes(map, out, depth, false);
  }

  private static void writeAttributes(Map<String, AttributeValue> map, Appendable out, int depth,
      boolean emr) throws IOException {
    out.append('{');
    boolean first = true;
    for (Map.Entry<String, AttributeValue> e : map.entrySet()) {
      String name = e.getKey();
      if (!first) {
        out.append(',');
      }
      first = false;
      try {
        writeString(Values.member(name, "attribute name"), out);
        out.append(':');
        writeValue(e.getValue(), out, depth + 1, emr);
      } catch (InvalidAttributeException x) {
        throw x.inAttribute(name);
      }
    }
    out.append('}');
  }

  private static void writeValue(AttributeValue v, Appendable out, int depth, boolean emr)
      throws IOException {
    Values.checkDepth(depth);
    switch (Values.typeOf(v)) {
      case S:
        out.append(open("S", emr));
        writeString(v.s(), out);
        break;
      case N:
        out.append(open("N", emr));
        writeString(v.n(), out);
        break;
      case B:
        out.append(open("B", emr)).append('"').append(base64(v.b())).append('"');
        break;
      case SS:
        out.append(open("SS", emr));
        writeStrings(v.ss(), "SS member", out);
        break;
      case NS:
        out.append(open("NS", emr));
        writeStrings(v.ns(), "NS member", out);
        break;
      case BS:
        {
          out.append(open("BS", emr)).append('[');
          List<SdkBytes> members = v.bs();
          for (int i = 0; i < members.size(); i++) {
            if (i > 0) {
              out.append(',');
            }
            try {
              out.append('"').append(base64(Values.member(members.get(i), "BS member")));
            } catch (InvalidAttributeException x) {
              throw x.atIndex(i);
            }
            out.append('"');
          }
          out.append(']');
          break;
        }
      case M:
        out.append(open("M", emr));
        writeAttributes(v.m(), out, depth, emr);
        break;
      case L:
        {
          out.append(open("L", emr)).append('[');
          List<AttributeValue> elements = v.l();
          for (int i = 0; i < elements.size(); i++) {
            if (i > 0) {
              out.append(',');
            }
            try {
              writeValue(elements.get(i), out, depth + 1, emr);
            } catch (InvalidAttributeException x) {
              throw x.atIndex(i);
            }
          }
          out.append(']');
          break;
        }
      case BOOL:
        out.append(open("BOOL", emr)).append(v.bool() ? "true" : "false");
        break;
      case NUL:
        out.append(open("NULL", emr)).append(v.nul() ? "true" : "false");
        break;
      default:
        throw new InvalidAttributeException("unsupported AttributeValue type " + v.type());
    }
    out.append('}');
  }

  private static String base64(SdkBytes bytes) {
    return Base64.getEncoder().encodeToString(bytes.asByteArrayUnsafe());
  }

  private static void writeStrings(List<String> members, String what, Appendable out)
      throws IOException {
    out.append('[');
    for (int i = 0; i < members.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      try {
        writeString(Values.member(members.get(i), what), out);
      } catch (InvalidAttributeException x) {
        throw x.atIndex(i);
      }
    }
    out.append(']');
  }

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private static void writeString(String s, Appendable out) throws IOException {
    out.append('"');
    int run = 0;
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x20
          && c != '"'
          && c != '\\'
          && c != 0x2028
          && c != 0x2029
          && !Character.isSurrogate(c)) {
        continue;
      }
      if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++; // a well-formed surrogate pair is written as is
        continue;
      }
      out.append(s, run, i);
      switch (c) {
        case '"':
          out.append("\\\"");
          break;
        case '\\':
          out.append("\\\\");
          break;
        case '\n':
          out.append("\\n");
          break;
        case '\r':
          out.append("\\r");
          break;
        case '\t':
          out.append("\\t");
          break;
        case '\b':
          out.append("\\b");
          break;
        case '\f':
          out.append("\\f");
          break;
        default: // other control characters, U+2028/U+2029 and unpaired surrogates
          out.append("\\u")
              .append(HEX[c >> 12])
              .append(HEX[(c >> 8) & 0xF])
              .append(HEX[(c >> 4) & 0xF])
              .append(HEX[c & 0xF]);
      }
      run = i + 1;
    }
    out.append(s, run, n);
    out.append('"');
  }

  // ------------------------------------------------------------------------------- parsing

  /**
   * The value of a configuration key holding expression attribute values in DynamoDB JSON (e.g.
   * {@code dynamodb.read.expressionValues}): empty when blank; a parse error names the key.
   */
  public static Map<String, AttributeValue> parseSetting(String json, String key) {
    if (json == null || json.trim().isEmpty()) {
      return java.util.Collections.emptyMap();
    }
    try {
      return parseItem(json);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Invalid value for configuration key '" + key + "': " + e.getMessage(), e);
    }
  }

  /**
   * Parses one item in DynamoDB JSON: an object mapping attribute names to typed values. Only
   * whitespace may follow the item.
   *
   * @throws ParseException (an {@link IllegalArgumentException}) naming the offset and what was
   *     expected
   */
  public static Map<String, AttributeValue> parseItem(String json) {
    Objects.requireNonNull(json, "json");
    return new Parser(json).item();
  }

  /**
   * Parses one attribute value in DynamoDB JSON, for example {@code {"N":"1.5"}} or {@code
   * {"L":[{"S":"a"}]}}: the inverse of {@link #toJson(AttributeValue)}. Only whitespace may surround
   * it; offsets in errors count from the start of {@code json}.
   *
   * @throws ParseException (an {@link IllegalArgumentException}) naming the offset and what was
   *     expected
   */
  public static AttributeValue parseValue(String json) {
    Objects.requireNonNull(json, "json");
    return new Parser(json).singleValue();
  }

  /**
   * Parses one attribute value as {@link #parseValue} does, but takes the type descriptors in any case, so
   * that it reads both the standard spelling and the EMR connector's ({@link #toEmrJson}), including
   * {@code nULLValue}, the NULL descriptor of that connector's releases built on the AWS SDK v1.
   */
  public static AttributeValue parseEmrValue(String json) {
    Objects.requireNonNull(json, "json");
    Parser p = new Parser(json);
    p.anyCase = true;
    return p.singleValue();
  }

  /**
   * Parses one item from {@code reader} (which is read to its end but not closed); see {@link
   * #parseItem(String)}.
   *
   * @throws UncheckedIOException if the reader throws an {@link IOException}
   */
  public static Map<String, AttributeValue> parseItem(Reader reader) {
    Objects.requireNonNull(reader, "reader");
    return new Parser(reader).item();
  }

  /**
   * Parses one line of a DynamoDB S3 export in {@code DYNAMODB_JSON} format, {@code
   * {"Item":{...}}}, and also accepts a bare item. An object whose only member is {@code "Item"}
   * holding a valid item is taken as the wrapped form; otherwise the line is parsed as a bare
   * item (so a bare item that merely has an attribute called {@code Item} still parses, except
   * in the pathological case where it is also a valid wrapped line). If neither form fits, the
   * error that got further into the line is reported.
   */
  public static Map<String, AttributeValue> parseExportLine(String line) {
    Objects.requireNonNull(line, "line");
    ParseException wrappedError = null;
    try {
      Map<String, AttributeValue> item = new Parser(line).wrappedItemOrNull();
      if (item != null) {
        return item;
      }
    } catch (ParseException e) {
      wrappedError = e;
    }
    try {
      return new Parser(line).item();
    } catch (ParseException bareError) {
      if (wrappedError != null && wrappedError.offset() > bareError.offset()) {
        throw wrappedError;
      }
      throw bareError;
    }
  }

  private static final class Parser {
    private final Reader reader; // null when parsing a String
    private final char[] buf;
    private int pos;
    private int lim;
    private long base; // offset of buf[0] in the whole input
    /** Type descriptors in any case, and NULLVALUE for NULL ({@link #parseEmrValue}). */
    private boolean anyCase;

    Parser(String s) {
      this.reader = null;
      this.buf = s.toCharArray();
      this.lim = buf.length;
    }

    Parser(Reader reader) {
      this.reader = reader;
      this.buf = new char[8192];
    }

    // ----- low level

    private long offset() {
      return base + pos;
    }

    private boolean fill() {
      if (reader == null) {
        return false;
      }
      base += lim;
      pos = 0;
      lim = 0;
      try {
        int n;
        do {
          n = reader.read(buf, 0, buf.length);
        } while (n == 0);
        if (n < 0) {
          return false;
        }
        lim = n;
        return true;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private int peek() {
      if (pos >= lim && !fill()) {
        return -1;
      }
      return buf[pos];
    }

    private int read() {
      int c = peek();
      if (c >= 0) {
        pos++;
      }
      return c;
    }

    private int peekNonWhitespace() {
      for (; ; ) {
        int c = peek();
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
          pos++;
        } else {
          return c;
        }
      }
    }

    private ParseException error(String expected, int found) {
      return error(expected, found, offset());
    }

    private static ParseException error(String expected, int found, long at) {
      return new ParseException("expected " + expected + " but found " + describe(found), at);
    }

    private static String describe(int c) {
      if (c < 0) {
        return "end of input";
      }
      if (c >= 0x20 && c < 0x7F) {
        return "'" + (char) c + "'";
      }
      return String.format("U+%04X", c);
    }

    private void expect(char c, String expected) {
      int found = peekNonWhitespace();
      if (found != c) {
        throw error(expected, found);
      }
      pos++;
    }

    // ----- JSON tokens

    /** Reads a JSON string whose opening quote is next (after whitespace). */
    private String string(String expected) {
      int c = peekNonWhitespace();
      if (c != '"') {
        throw error(expected, c);
      }
      long start = offset();
      pos++;
      StringBuilder sb = null;
      for (; ; ) {
        int runStart = pos;
        while (pos < lim) {
          char x = buf[pos];
          if (x == '"' || x == '\\' || x < 0x20) {
            break;
          }
          pos++;
        }
        if (pos >= lim) {
          if (sb == null) {
            sb = new StringBuilder();
          }
          sb.append(buf, runStart, pos - runStart);
          if (!fill()) {
            throw new ParseException(
                "unterminated string starting at offset " + start + ": expected '\"'", offset());
          }
          continue;
        }
        char x = buf[pos];
        if (x == '"') {
          String s;
          if (sb == null) {
            s = new String(buf, runStart, pos - runStart);
          } else {
            s = sb.append(buf, runStart, pos - runStart).toString();
          }
          pos++;
          return s;
        }
        if (sb == null) {
          sb = new StringBuilder(pos - runStart + 16);
        }
        sb.append(buf, runStart, pos - runStart);
        if (x < 0x20) {
          throw error("'\\' escape for control character in string", x);
        }
        long escapeAt = offset();
        pos++; // the backslash
        int e = read();
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
            {
              int v = 0;
              for (int k = 0; k < 4; k++) {
                int h = read();
                int d = Character.digit(h < 0 ? -1 : h, 16);
                if (h > 0x7F || d < 0) {
                  throw error(
                      "four hex digits after \\u (escape at offset " + escapeAt + ")",
                      h,
                      h < 0 ? offset() : offset() - 1);
                }
                v = (v << 4) | d;
              }
              // Surrogate pairs arrive as two escapes and combine naturally in UTF-16.
              sb.append((char) v);
              break;
            }
          default:
            throw error(
                "one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX", e, e < 0 ? offset() : escapeAt);
        }
      }
    }

    /** Reads a JSON number token and returns its exact text. */
    private String numberToken() {
      long start = offset();
      StringBuilder sb = new StringBuilder(24);
      if (peek() == '-') {
        sb.append('-');
        pos++;
      }
      int c = peek();
      if (c == '0') {
        sb.append('0');
        pos++;
      } else if (c >= '1' && c <= '9') {
        digits(sb);
      } else {
        throw error("a digit in the number starting at offset " + start, c);
      }
      if (peek() == '.') {
        sb.append('.');
        pos++;
        requireDigit(start);
        digits(sb);
      }
      c = peek();
      if (c == 'e' || c == 'E') {
        sb.append((char) c);
        pos++;
        c = peek();
        if (c == '+' || c == '-') {
          sb.append((char) c);
          pos++;
        }
        requireDigit(start);
        digits(sb);
      }
      return sb.toString();
    }

    private void requireDigit(long start) {
      int c = peek();
      if (c < '0' || c > '9') {
        throw error("a digit in the number starting at offset " + start, c);
      }
    }

    private void digits(StringBuilder sb) {
      for (int c = peek(); c >= '0' && c <= '9'; c = peek()) {
        sb.append((char) c);
        pos++;
      }
    }

    /** Reads {@code true} or {@code false}. */
    private boolean bool(String expected) {
      int c = peekNonWhitespace();
      long start = offset();
      String word;
      if (c == 't') {
        word = "true";
      } else if (c == 'f') {
        word = "false";
      } else {
        throw error(expected, c);
      }
      for (int i = 0; i < word.length(); i++) {
        int x = read();
        if (x != word.charAt(i)) {
          throw error(
              expected + " (literal starting at offset " + start + ")",
              x,
              x < 0 ? offset() : offset() - 1);
        }
      }
      int after = peek();
      if (after >= 0 && Character.isLetterOrDigit(after)) {
        throw error(expected + " (literal starting at offset " + start + ")", after);
      }
      return c == 't';
    }

    // ----- DynamoDB JSON structure

    Map<String, AttributeValue> item() {
      Map<String, AttributeValue> item = attributes(0);
      int c = peekNonWhitespace();
      if (c >= 0) {
        throw error("end of input after the item", c);
      }
      return item;
    }

    AttributeValue singleValue() {
      AttributeValue v = value(1);
      int c = peekNonWhitespace();
      if (c >= 0) {
        throw error("end of input after the value", c);
      }
      return v;
    }

    /** The item inside a {@code {"Item":{...}}} line, or null if the line has another shape. */
    Map<String, AttributeValue> wrappedItemOrNull() {
      expect('{', "'{' to open the export line");
      if (peekNonWhitespace() != '"') {
        return null;
      }
      if (!"Item".equals(string("a string"))) {
        return null;
      }
      expect(':', "':' after \"Item\"");
      if (peekNonWhitespace() != '{') {
        return null;
      }
      Map<String, AttributeValue> item = attributes(0);
      int c = peekNonWhitespace();
      if (c == ',') {
        return null; // more members: not the wrapper
      }
      expect('}', "'}' to close the export line");
      c = peekNonWhitespace();
      if (c >= 0) {
        throw error("end of input after the item", c);
      }
      return item;
    }

    /** Parses {@code {"name":value,...}}; the values are at {@code depth + 1}. */
    private Map<String, AttributeValue> attributes(int depth) {
      expect('{', depth == 0 ? "'{' to open the item" : "'{' to open the M value");
      Map<String, AttributeValue> map = new LinkedHashMap<>();
      if (peekNonWhitespace() == '}') {
        pos++;
        return map;
      }
      for (; ; ) {
        peekNonWhitespace();
        long nameAt = offset();
        String name = string("an attribute name string");
        expect(':', "':' after attribute name");
        AttributeValue value = value(depth + 1);
        if (map.put(name, value) != null) {
          throw new ParseException("duplicate attribute name \"" + name + "\"", nameAt);
        }
        int c = peekNonWhitespace();
        if (c == ',') {
          pos++;
        } else if (c == '}') {
          pos++;
          return map;
        } else {
          throw error("',' or '}' after an attribute", c);
        }
      }
    }

    private AttributeValue value(int depth) {
      int open = peekNonWhitespace();
      if (open != '{') {
        throw error("'{' to open an attribute value such as {\"S\":\"text\"}", open);
      }
      if (depth > Values.MAX_DEPTH) {
        throw new ParseException(
            "attribute values nested deeper than " + Values.MAX_DEPTH + " levels", offset());
      }
      pos++;
      int c = peekNonWhitespace();
      long typeAt = offset();
      if (c != '"') {
        throw error("a type descriptor (S, N, B, SS, NS, BS, M, L, BOOL or NULL)", c);
      }
      String type = string("a type descriptor");
      expect(':', "':' after type descriptor \"" + type + "\"");
      AttributeValue v;
      String t = type;
      if (anyCase) {
        t = type.toUpperCase(java.util.Locale.ROOT);
        t = t.equals("NULLVALUE") ? "NULL" : t;
      }
      switch (t) {
        case "S":
          v = AttributeValue.fromS(string("a JSON string for S"));
          break;
        case "N":
          v = AttributeValue.fromN(number("a number (JSON string or number) for N"));
          break;
        case "B":
          v = AttributeValue.fromB(binary("a base64 JSON string for B"));
          break;
        case "SS":
          {
            List<String> members = new ArrayList<>();
            if (openArray("SS")) {
              do {
                members.add(string("a JSON string as SS member"));
              } while (nextElement("SS"));
            }
            v = AttributeValue.fromSs(members);
            break;
          }
        case "NS":
          {
            List<String> members = new ArrayList<>();
            if (openArray("NS")) {
              do {
                members.add(number("a number (JSON string or number) as NS member"));
              } while (nextElement("NS"));
            }
            v = AttributeValue.fromNs(members);
            break;
          }
        case "BS":
          {
            List<SdkBytes> members = new ArrayList<>();
            if (openArray("BS")) {
              do {
                members.add(binary("a base64 JSON string as BS member"));
              } while (nextElement("BS"));
            }
            v = AttributeValue.fromBs(members);
            break;
          }
        case "M":
          v = AttributeValue.fromM(attributes(depth));
          break;
        case "L":
          {
            List<AttributeValue> elements = new ArrayList<>();
            if (openArray("L")) {
              do {
                elements.add(value(depth + 1));
              } while (nextElement("L"));
            }
            v = AttributeValue.fromL(elements);
            break;
          }
        case "BOOL":
          v = AttributeValue.fromBool(bool("true or false for BOOL"));
          break;
        case "NULL":
          v = AttributeValue.fromNul(bool("true for NULL"));
          break;
        default:
          throw new ParseException(
              "expected a type descriptor (S, N, B, SS, NS, BS, M, L, BOOL or NULL) but found \""
                  + type
                  + "\"",
              typeAt);
      }
      c = peekNonWhitespace();
      if (c == ',') {
        throw new ParseException(
            "expected '}' after the " + type + " value: an attribute value holds exactly one"
                + " type descriptor",
            offset());
      }
      expect('}', "'}' to close the " + type + " attribute value");
      return v;
    }

    private String number(String expected) {
      int c = peekNonWhitespace();
      if (c == '"') {
        return string(expected);
      }
      if (c == '-' || (c >= '0' && c <= '9')) {
        return numberToken();
      }
      throw error(expected, c);
    }

    private SdkBytes binary(String expected) {
      peekNonWhitespace();
      long at = offset();
      String text = string(expected);
      try {
        return SdkBytes.fromByteArrayUnsafe(Base64.getDecoder().decode(text));
      } catch (IllegalArgumentException e) {
        throw new ParseException("invalid base64 (" + e.getMessage() + ")", at);
      }
    }

    /** Consumes '[' and returns false if the array is empty (its ']' consumed too). */
    private boolean openArray(String type) {
      expect('[', "'[' to open the " + type + " array");
      if (peekNonWhitespace() == ']') {
        pos++;
        return false;
      }
      return true;
    }

    /** After an element: consumes ',' and returns true, or consumes ']' and returns false. */
    private boolean nextElement(String type) {
      int c = peekNonWhitespace();
      if (c == ',') {
        pos++;
        return true;
      }
      if (c == ']') {
        pos++;
        return false;
      }
      throw error("',' or ']' in the " + type + " array", c);
    }
  }
}
