package io.ddbconnector.testkit.proxy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON reader and writer, enough for DynamoDB's JSON 1.0 wire protocol.
 *
 * <p>Values parse to {@link Map} (insertion ordered), {@link List}, {@link String},
 * {@link BigDecimal}, {@link Boolean} or {@code null}. Parsing works on UTF-8 bytes directly, so a
 * body never has to be decoded as a whole. {@link #members} locates the members of the top-level
 * object without building their values, so that a large response can be inspected and spliced
 * cheaply instead of being re-serialised.
 */
final class Json {

  private Json() {
  }

  /** Parses a complete JSON text. */
  static Object parse(String text) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    return parse(b, 0, b.length);
  }

  /** Parses the JSON value that spans exactly {@code b[from, to)} (surrounding whitespace allowed). */
  static Object parse(byte[] b, int from, int to) {
    Reader r = new Reader(b, from, to);
    r.skipWhitespace();
    Object v = r.value();
    r.skipWhitespace();
    if (r.pos != to) {
      throw r.error("unexpected trailing data");
    }
    return v;
  }

  /**
   * Locates the members of the object spanning {@code b[from, to)} without materialising their
   * values. Returns {@code null} when the text is not a well-formed JSON object.
   */
  static Members members(byte[] b, int from, int to) {
    try {
      Reader r = new Reader(b, from, to);
      r.skipWhitespace();
      if (r.pos >= to || b[r.pos] != '{') {
        return null;
      }
      int objectStart = r.pos;
      r.pos++;
      List<Span> spans = new ArrayList<>();
      r.skipWhitespace();
      if (r.peek() == '}') {
        r.pos++;
      } else {
        while (true) {
          r.skipWhitespace();
          int keyStart = r.pos;
          if (r.peek() != '"') {
            return null;
          }
          String name = r.string();
          r.skipWhitespace();
          r.expect(':');
          r.skipWhitespace();
          int valueStart = r.pos;
          r.skipValue();
          spans.add(new Span(name, keyStart, valueStart, r.pos));
          r.skipWhitespace();
          byte c = r.next();
          if (c == '}') {
            break;
          }
          if (c != ',') {
            return null;
          }
        }
      }
      int objectEnd = r.pos;
      r.skipWhitespace();
      if (r.pos != to) {
        return null;
      }
      return new Members(objectStart, objectEnd, spans);
    } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
      return null;
    }
  }

  /** Serialises a value made of maps, collections, strings, numbers, booleans and nulls. */
  static String write(Object value) {
    StringBuilder sb = new StringBuilder();
    write(value, sb);
    return sb.toString();
  }

  /** {@link #write(Object)} as UTF-8 bytes. */
  static byte[] writeBytes(Object value) {
    return write(value).getBytes(StandardCharsets.UTF_8);
  }

  static void write(Object value, StringBuilder sb) {
    if (value == null) {
      sb.append("null");
    } else if (value instanceof CharSequence) {
      writeString(value.toString(), sb);
    } else if (value instanceof Map) {
      sb.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
        if (!first) {
          sb.append(',');
        }
        first = false;
        writeString(String.valueOf(e.getKey()), sb);
        sb.append(':');
        write(e.getValue(), sb);
      }
      sb.append('}');
    } else if (value instanceof Collection) {
      sb.append('[');
      boolean first = true;
      for (Object o : (Collection<?>) value) {
        if (!first) {
          sb.append(',');
        }
        first = false;
        write(o, sb);
      }
      sb.append(']');
    } else if (value instanceof Boolean) {
      sb.append(((Boolean) value).booleanValue());
    } else if (value instanceof BigDecimal) {
      sb.append(value);
    } else if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        throw new IllegalArgumentException("JSON cannot represent " + d);
      }
      sb.append(BigDecimal.valueOf(d).stripTrailingZeros());
    } else if (value instanceof Number) {
      if (value instanceof BigInteger || value instanceof Long || value instanceof Integer
          || value instanceof Short || value instanceof Byte) {
        sb.append(value);
      } else {
        sb.append(new BigDecimal(value.toString()));
      }
    } else {
      throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
    }
  }

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  static void writeString(String s, StringBuilder sb) {
    sb.append('"');
    int n = s.length();
    int run = 0;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      String esc;
      switch (c) {
        case '"': esc = "\\\""; break;
        case '\\': esc = "\\\\"; break;
        case '\n': esc = "\\n"; break;
        case '\r': esc = "\\r"; break;
        case '\t': esc = "\\t"; break;
        case '\b': esc = "\\b"; break;
        case '\f': esc = "\\f"; break;
        default:
          if (c < 0x20 || c == '\u2028' || c == '\u2029') {
            esc = "\\u" + HEX[(c >> 12) & 15] + HEX[(c >> 8) & 15] + HEX[(c >> 4) & 15] + HEX[c & 15];
          } else {
            continue;
          }
      }
      sb.append(s, run, i).append(esc);
      run = i + 1;
    }
    sb.append(s, run, n).append('"');
  }

  /** The position of one member of an object: {@code "name"} starts at keyStart, its value spans [valueStart, valueEnd). */
  static final class Span {
    final String name;
    final int keyStart;
    final int valueStart;
    final int valueEnd;

    Span(String name, int keyStart, int valueStart, int valueEnd) {
      this.name = name;
      this.keyStart = keyStart;
      this.valueStart = valueStart;
      this.valueEnd = valueEnd;
    }
  }

  /** The members of an object, in text order; the object spans [objectStart, objectEnd). */
  static final class Members {
    final int objectStart;
    final int objectEnd;
    final List<Span> spans;

    Members(int objectStart, int objectEnd, List<Span> spans) {
      this.objectStart = objectStart;
      this.objectEnd = objectEnd;
      this.spans = Collections.unmodifiableList(spans);
    }

    /** The first member with that name, or null. */
    Span get(String name) {
      for (Span s : spans) {
        if (s.name.equals(name)) {
          return s;
        }
      }
      return null;
    }

    int size() {
      return spans.size();
    }

    /** The byte range that removing {@code s} (with one adjacent comma) deletes. */
    int[] removalRange(Span s) {
      int i = spans.indexOf(s);
      if (i < 0) {
        throw new IllegalArgumentException("not a member of this object");
      }
      if (i > 0) {
        return new int[] {spans.get(i - 1).valueEnd, s.valueEnd};
      }
      if (spans.size() > 1) {
        return new int[] {s.keyStart, spans.get(1).keyStart};
      }
      return new int[] {s.keyStart, s.valueEnd};
    }
  }

  private static final class Reader {
    final byte[] b;
    final int end;
    int pos;

    Reader(byte[] b, int from, int to) {
      if (from < 0 || to > b.length || from > to) {
        throw new IndexOutOfBoundsException("[" + from + ", " + to + ") of " + b.length);
      }
      this.b = b;
      this.pos = from;
      this.end = to;
    }

    IllegalArgumentException error(String what) {
      return new IllegalArgumentException("malformed JSON at byte " + pos + ": " + what);
    }

    byte peek() {
      if (pos >= end) {
        throw error("unexpected end");
      }
      return b[pos];
    }

    byte next() {
      byte c = peek();
      pos++;
      return c;
    }

    void expect(char c) {
      if (next() != c) {
        pos--;
        throw error("expected '" + c + "'");
      }
    }

    void skipWhitespace() {
      while (pos < end) {
        byte c = b[pos];
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
          pos++;
        } else {
          return;
        }
      }
    }

    Object value() {
      byte c = peek();
      switch (c) {
        case '{':
          return object();
        case '[':
          return array();
        case '"':
          return string();
        case 't':
          literal("true");
          return Boolean.TRUE;
        case 'f':
          literal("false");
          return Boolean.FALSE;
        case 'n':
          literal("null");
          return null;
        default:
          if (c == '-' || (c >= '0' && c <= '9')) {
            return number();
          }
          throw error("unexpected character '" + (char) c + "'");
      }
    }

    private void literal(String word) {
      if (end - pos < word.length()) {
        throw error("expected " + word);
      }
      for (int i = 0; i < word.length(); i++) {
        if (b[pos + i] != word.charAt(i)) {
          throw error("expected " + word);
        }
      }
      pos += word.length();
    }

    private Map<String, Object> object() {
      pos++;
      Map<String, Object> m = new LinkedHashMap<>();
      skipWhitespace();
      if (peek() == '}') {
        pos++;
        return m;
      }
      while (true) {
        skipWhitespace();
        if (peek() != '"') {
          throw error("expected a member name");
        }
        String k = string();
        skipWhitespace();
        expect(':');
        skipWhitespace();
        m.put(k, value());
        skipWhitespace();
        byte c = next();
        if (c == '}') {
          return m;
        }
        if (c != ',') {
          pos--;
          throw error("expected ',' or '}'");
        }
      }
    }

    private List<Object> array() {
      pos++;
      List<Object> l = new ArrayList<>();
      skipWhitespace();
      if (peek() == ']') {
        pos++;
        return l;
      }
      while (true) {
        skipWhitespace();
        l.add(value());
        skipWhitespace();
        byte c = next();
        if (c == ']') {
          return l;
        }
        if (c != ',') {
          pos--;
          throw error("expected ',' or ']'");
        }
      }
    }

    private BigDecimal number() {
      int start = pos;
      if (b[pos] == '-') {
        pos++;
      }
      int digits = 0;
      while (pos < end && b[pos] >= '0' && b[pos] <= '9') {
        pos++;
        digits++;
      }
      if (digits == 0) {
        throw error("expected a digit");
      }
      if (pos < end && b[pos] == '.') {
        pos++;
        int frac = 0;
        while (pos < end && b[pos] >= '0' && b[pos] <= '9') {
          pos++;
          frac++;
        }
        if (frac == 0) {
          throw error("expected a digit after '.'");
        }
      }
      if (pos < end && (b[pos] == 'e' || b[pos] == 'E')) {
        pos++;
        if (pos < end && (b[pos] == '+' || b[pos] == '-')) {
          pos++;
        }
        int exp = 0;
        while (pos < end && b[pos] >= '0' && b[pos] <= '9') {
          pos++;
          exp++;
        }
        if (exp == 0) {
          throw error("expected a digit in the exponent");
        }
      }
      return new BigDecimal(new String(b, start, pos - start, StandardCharsets.ISO_8859_1));
    }

    /** Reads a string; pos is at the opening quote. */
    String string() {
      int start = ++pos;
      while (pos < end) {
        byte c = b[pos];
        if (c == '"') {
          String s = new String(b, start, pos - start, StandardCharsets.UTF_8);
          pos++;
          return s;
        }
        if (c == '\\') {
          return escapedString(start);
        }
        pos++;
      }
      throw error("unterminated string");
    }

    private String escapedString(int start) {
      StringBuilder sb = new StringBuilder();
      int run = start;
      while (pos < end) {
        byte c = b[pos];
        if (c == '"') {
          sb.append(new String(b, run, pos - run, StandardCharsets.UTF_8));
          pos++;
          return sb.toString();
        }
        if (c != '\\') {
          pos++;
          continue;
        }
        sb.append(new String(b, run, pos - run, StandardCharsets.UTF_8));
        pos++;
        byte e = next();
        switch (e) {
          case '"': sb.append('"'); break;
          case '\\': sb.append('\\'); break;
          case '/': sb.append('/'); break;
          case 'b': sb.append('\b'); break;
          case 'f': sb.append('\f'); break;
          case 'n': sb.append('\n'); break;
          case 'r': sb.append('\r'); break;
          case 't': sb.append('\t'); break;
          case 'u':
            if (end - pos < 4) {
              throw error("truncated \\u escape");
            }
            int cp = 0;
            for (int i = 0; i < 4; i++) {
              int d = Character.digit(b[pos + i], 16);
              if (d < 0) {
                throw error("bad \\u escape");
              }
              cp = cp * 16 + d;
            }
            pos += 4;
            sb.append((char) cp);
            break;
          default:
            pos--;
            throw error("bad escape");
        }
        run = pos;
      }
      throw error("unterminated string");
    }

    private void skipString() {
      pos++;
      while (pos < end) {
        byte c = b[pos];
        if (c == '"') {
          pos++;
          return;
        }
        pos += c == '\\' ? 2 : 1;
      }
      throw error("unterminated string");
    }

    /** Moves past one value without building it (structure is checked only loosely). */
    void skipValue() {
      byte c = peek();
      if (c == '"') {
        skipString();
      } else if (c == '{' || c == '[') {
        int depth = 0;
        while (pos < end) {
          byte x = b[pos];
          if (x == '"') {
            skipString();
            continue;
          }
          if (x == '{' || x == '[') {
            depth++;
          } else if (x == '}' || x == ']') {
            depth--;
            if (depth == 0) {
              pos++;
              return;
            }
          }
          pos++;
        }
        throw error("unterminated " + (c == '{' ? "object" : "array"));
      } else {
        int start = pos;
        while (pos < end) {
          byte x = b[pos];
          if (x == ',' || x == '}' || x == ']' || x == ' ' || x == '\n' || x == '\r' || x == '\t') {
            break;
          }
          pos++;
        }
        if (pos == start) {
          throw error("expected a value");
        }
      }
    }
  }
}
