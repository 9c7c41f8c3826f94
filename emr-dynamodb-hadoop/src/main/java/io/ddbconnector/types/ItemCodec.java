package io.ddbconnector.types;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.ConcurrentModificationException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Compact, versioned binary encoding of one DynamoDB item ({@code Map<String, AttributeValue>}).
 *
 * <p>Every DynamoDB type round-trips exactly: numbers stay the exact decimal strings they were
 * (they are never parsed), binary values keep every byte, set members and attributes keep their
 * order (items and maps are read back into {@link LinkedHashMap}s), and empty maps, lists,
 * strings, binaries and sets stay empty rather than becoming absent.
 *
 * <h2>Format (version 1)</h2>
 *
 * <pre>
 *   item    := version:u8(=1) bodyLength:varint body
 *   body    := count:varint (name:string value){count}
 *   value   := tag:u8 payload
 *   string  := length:varint utf8-bytes         (no 64 KB limit)
 *   bytes   := length:varint raw-bytes
 *
 *   tag  payload
 *    1   S     string
 *    2   N     string (the exact decimal text)
 *    3   B     bytes
 *    4   SS    count:varint string{count}
 *    5   NS    count:varint string{count}
 *    6   BS    count:varint bytes{count}
 *    7   M     count:varint (name:string value){count}
 *    8   L     count:varint value{count}
 *    9   BOOL false    (no payload)
 *   10   BOOL true     (no payload)
 *   11   NULL true     (no payload)
 *   12   NULL false    (no payload; not accepted by DynamoDB, kept for exact SDK round trips)
 * </pre>
 *
 * <p>Varints are unsigned LEB128 (7 bits per byte, least significant group first, at most five
 * bytes, value at most {@link Integer#MAX_VALUE}). The body length prefix lets a reader load an
 * item with one bulk read and detect both truncation and trailing garbage. Strings use UTF-8;
 * an unpaired surrogate in a Java string is kept as its own three-byte sequence so that any
 * {@code String} survives.
 *
 * <p>Limits: the body may not exceed {@link #MAX_BODY_BYTES}; nesting may not exceed 64 levels
 * (DynamoDB allows 32). Encoding an item beyond either limit fails with an {@link
 * IllegalArgumentException}; decoding input that claims more fails with an {@link IOException}
 * before any large allocation, so corrupt or hostile input cannot cause an out-of-memory error
 * or a stack overflow.
 *
 * <p>Thread-safe: all methods are static and keep no shared state.
 */
public final class ItemCodec {

  /** Version byte written at the start of every encoded item. */
  public static final int FORMAT_VERSION = 1;

  /** Largest accepted body (everything after the version byte and the length prefix). */
  public static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

  private static final int TAG_S = 1;
  private static final int TAG_N = 2;
  private static final int TAG_B = 3;
  private static final int TAG_SS = 4;
  private static final int TAG_NS = 5;
  private static final int TAG_BS = 6;
  private static final int TAG_M = 7;
  private static final int TAG_L = 8;
  private static final int TAG_FALSE = 9;
  private static final int TAG_TRUE = 10;
  private static final int TAG_NULL = 11;
  private static final int TAG_NULL_FALSE = 12;

  /** Bodies larger than this are read in chunks so a bogus length cannot force a big array. */
  private static final int READ_CHUNK = 1 << 20;

  // AttributeValue is immutable, so payload-free values can be shared.
  private static final AttributeValue BOOL_FALSE = AttributeValue.fromBool(false);
  private static final AttributeValue BOOL_TRUE = AttributeValue.fromBool(true);
  private static final AttributeValue NULL_TRUE = AttributeValue.fromNul(true);
  private static final AttributeValue NULL_FALSE = AttributeValue.fromNul(false);

  private ItemCodec() {}

  /**
   * Writes {@code item} to {@code out}. The item is fully encoded before anything is written, so
   * an invalid item leaves {@code out} untouched.
   *
   * @throws IllegalArgumentException if a value has no (or more than one) data type, a set, map
   *     or list holds a null, nesting exceeds 64 levels or the encoding exceeds {@link
   *     #MAX_BODY_BYTES}; the message names the attribute path
   */
  public static void write(Map<String, AttributeValue> item, DataOutput out) throws IOException {
    Objects.requireNonNull(out, "out");
    Encoder body = encodeBody(item);
    byte[] header = new byte[6];
    header[0] = FORMAT_VERSION;
    int headerLength = putVarint(header, 1, body.size);
    out.write(header, 0, headerLength);
    out.write(body.buf, 0, body.size);
  }

  /** Encodes {@code item} into a new array; see {@link #write}. */
  public static byte[] toBytes(Map<String, AttributeValue> item) {
    Encoder body = encodeBody(item);
    byte[] header = new byte[6];
    header[0] = FORMAT_VERSION;
    int headerLength = putVarint(header, 1, body.size);
    byte[] result = Arrays.copyOf(header, headerLength + body.size);
    System.arraycopy(body.buf, 0, result, headerLength, body.size);
    return result;
  }

  /**
   * Reads one item written by {@link #write}. Consumes exactly the bytes of that item.
   *
   * @return a mutable {@link LinkedHashMap} in the original attribute order
   * @throws EOFException if the input is already at its end (no item starts here)
   * @throws IOException if the data is truncated or corrupt; the message names the problem (for
   *     an unknown tag, its value), the byte offset within the item and the attribute path
   */
  public static Map<String, AttributeValue> read(DataInput in) throws IOException {
    Objects.requireNonNull(in, "in");
    int version;
    try {
      version = in.readUnsignedByte();
    } catch (EOFException e) {
      throw new EOFException("end of input: no encoded DynamoDB item to read");
    }
    checkVersion(version);
    int length = 0;
    int headerLength = 1;
    for (int shift = 0; ; shift += 7) {
      int b;
      try {
        b = in.readUnsignedByte();
      } catch (EOFException e) {
        throw new CorruptItemException("truncated input inside the item length", headerLength);
      }
      headerLength++;
      if (shift == 28 && b > 0x07) {
        throw new CorruptItemException("malformed item length varint", 1);
      }
      length |= (b & 0x7F) << shift;
      if (b < 0x80) {
        break;
      }
    }
    checkBodyLength(length, 1);
    byte[] body = readBody(in, length, headerLength);
    return new Decoder(body, 0, length, headerLength).item();
  }

  /**
   * Decodes an array produced by {@link #toBytes}; the array must hold exactly one item.
   *
   * @throws IOException if the data is truncated, corrupt or followed by trailing bytes
   */
  public static Map<String, AttributeValue> fromBytes(byte[] bytes) throws IOException {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length == 0) {
      throw new EOFException("empty input: no encoded DynamoDB item");
    }
    checkVersion(bytes[0] & 0xFF);
    Decoder header = new Decoder(bytes, 1, bytes.length, 0);
    int length = header.varint("item length");
    checkBodyLength(length, 1);
    int start = header.p;
    if (length > bytes.length - start) {
      throw new CorruptItemException(
          "truncated input: the item length is "
              + length
              + " bytes but only "
              + (bytes.length - start)
              + " follow",
          1);
    }
    if (length < bytes.length - start) {
      throw new CorruptItemException(
          (bytes.length - start - length) + " trailing bytes after the item",
          start + length);
    }
    return new Decoder(bytes, start, start + length, 0).item();
  }

  private static void checkVersion(int version) throws IOException {
    if (version != FORMAT_VERSION) {
      throw new CorruptItemException(
          String.format(
              "unsupported format version byte 0x%02x (expected 0x%02x)", version, FORMAT_VERSION),
          0);
    }
  }

  private static void checkBodyLength(int length, long offset) throws IOException {
    if (length > MAX_BODY_BYTES) {
      throw new CorruptItemException(
          "item length " + length + " exceeds the maximum of " + MAX_BODY_BYTES + " bytes", offset);
    }
  }

  private static byte[] readBody(DataInput in, int length, int headerLength) throws IOException {
    byte[] body = new byte[Math.min(length, READ_CHUNK)];
    int filled = 0;
    while (filled < length) {
      if (filled == body.length) {
        body = Arrays.copyOf(body, (int) Math.min(length, 2L * body.length));
      }
      int n = Math.min(body.length - filled, READ_CHUNK);
      try {
        in.readFully(body, filled, n);
      } catch (EOFException e) {
        throw new CorruptItemException(
            "truncated input: the item length is "
                + length
                + " bytes but the input ended within bytes ["
                + filled
                + ", "
                + (filled + n)
                + ") of it",
            headerLength + (long) filled);
      }
      filled += n;
    }
    return body;
  }

  private static Encoder encodeBody(Map<String, AttributeValue> item) {
    Objects.requireNonNull(item, "item");
    Encoder e = new Encoder();
    e.attributes(item, 0);
    e.checkSize();
    return e;
  }

  private static int putVarint(byte[] dst, int p, int value) {
    while ((value & ~0x7F) != 0) {
      dst[p++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    dst[p++] = (byte) value;
    return p;
  }

  // ---------------------------------------------------------------------------------------------

  private static final class Encoder {
    byte[] buf = new byte[256];
    int size;

    private void ensure(long extra) {
      long needed = size + extra;
      if (needed > buf.length) {
        if (needed > MAX_BODY_BYTES + 16L) {
          throw new InvalidAttributeException(
              "item encoding exceeds the maximum of " + MAX_BODY_BYTES + " bytes");
        }
        buf = Arrays.copyOf(buf, (int) Math.max(needed, Math.min(2L * buf.length, MAX_BODY_BYTES)));
      }
    }

    void checkSize() {
      if (size > MAX_BODY_BYTES) {
        throw new InvalidAttributeException(
            "item encoding exceeds the maximum of " + MAX_BODY_BYTES + " bytes");
      }
    }

    private void tag(int tag) {
      ensure(1);
      buf[size++] = (byte) tag;
    }

    private void varint(int value) {
      ensure(5);
      size = putVarint(buf, size, value);
    }

    private void string(String s) {
      long length = Utf8.length(s);
      if (length > MAX_BODY_BYTES) {
        throw new InvalidAttributeException(
            "string of " + length + " UTF-8 bytes exceeds the maximum of " + MAX_BODY_BYTES);
      }
      ensure(5 + length);
      size = putVarint(buf, size, (int) length);
      size = Utf8.encode(s, buf, size);
      checkSize();
    }

    private void bytes(SdkBytes b) {
      byte[] raw = b.asByteArrayUnsafe();
      ensure(5L + raw.length);
      size = putVarint(buf, size, raw.length);
      System.arraycopy(raw, 0, buf, size, raw.length);
      size += raw.length;
      checkSize();
    }

    /** Writes a count followed by name/value pairs; values are at {@code depth + 1}. */
    void attributes(Map<String, AttributeValue> map, int depth) {
      int expected = map.size();
      varint(expected);
      int written = 0;
      for (Map.Entry<String, AttributeValue> e : map.entrySet()) {
        String name = e.getKey();
        try {
          string(Values.member(name, "attribute name"));
          value(e.getValue(), depth + 1);
        } catch (InvalidAttributeException x) {
          throw x.inAttribute(name);
        }
        written++;
      }
      if (written != expected) {
        throw new ConcurrentModificationException("map changed size while being encoded");
      }
    }

    void value(AttributeValue v, int depth) {
      Values.checkDepth(depth);
      switch (Values.typeOf(v)) {
        case S:
          tag(TAG_S);
          string(v.s());
          break;
        case N:
          tag(TAG_N);
          string(v.n());
          break;
        case B:
          tag(TAG_B);
          bytes(v.b());
          break;
        case SS:
          tag(TAG_SS);
          stringSet(v.ss(), "SS member");
          break;
        case NS:
          tag(TAG_NS);
          stringSet(v.ns(), "NS member");
          break;
        case BS:
          {
            tag(TAG_BS);
            List<SdkBytes> members = v.bs();
            varint(members.size());
            for (int i = 0; i < members.size(); i++) {
              try {
                bytes(Values.member(members.get(i), "BS member"));
              } catch (InvalidAttributeException x) {
                throw x.atIndex(i);
              }
            }
            break;
          }
        case M:
          tag(TAG_M);
          attributes(v.m(), depth);
          break;
        case L:
          {
            tag(TAG_L);
            List<AttributeValue> elements = v.l();
            varint(elements.size());
            for (int i = 0; i < elements.size(); i++) {
              try {
                value(elements.get(i), depth + 1);
              } catch (InvalidAttributeException x) {
                throw x.atIndex(i);
              }
            }
            break;
          }
        case BOOL:
          tag(v.bool() ? TAG_TRUE : TAG_FALSE);
          break;
        case NUL:
          tag(v.nul() ? TAG_NULL : TAG_NULL_FALSE);
          break;
        default:
          throw new InvalidAttributeException("unsupported AttributeValue type " + v.type());
      }
    }

    private void stringSet(List<String> members, String what) {
      varint(members.size());
      for (int i = 0; i < members.size(); i++) {
        try {
          string(Values.member(members.get(i), what));
        } catch (InvalidAttributeException x) {
          throw x.atIndex(i);
        }
      }
    }
  }

  // ---------------------------------------------------------------------------------------------

  private static final class Decoder {
    final byte[] b;
    int p;
    final int end;
    /** Added to an array index to get the offset from the start of the item. */
    final long delta;

    Decoder(byte[] b, int start, int end, long delta) {
      this.b = b;
      this.p = start;
      this.end = end;
      this.delta = delta;
    }

    private CorruptItemException corrupt(String problem, int at) {
      return new CorruptItemException(problem, at + delta);
    }

    Map<String, AttributeValue> item() throws IOException {
      Map<String, AttributeValue> item = attributes(0);
      if (p != end) {
        throw corrupt((end - p) + " unused bytes at the end of the item body", p);
      }
      return item;
    }

    int varint(String what) throws IOException {
      int start = p;
      int value = 0;
      for (int shift = 0; ; shift += 7) {
        if (p >= end) {
          throw corrupt("truncated input inside the " + what, start);
        }
        int x = b[p++] & 0xFF;
        if (shift == 28 && x > 0x07) {
          throw corrupt("malformed varint for the " + what, start);
        }
        value |= (x & 0x7F) << shift;
        if (x < 0x80) {
          return value;
        }
      }
    }

    /** An element count; every element takes at least one byte, which bounds it. */
    private int count(String what) throws IOException {
      int start = p;
      int n = varint(what);
      if (n > end - p) {
        throw corrupt(
            what + " " + n + " exceeds the " + (end - p) + " bytes left in the item", start);
      }
      return n;
    }

    private int length(String what) throws IOException {
      int start = p;
      int n = varint(what + " length");
      if (n > end - p) {
        throw corrupt(
            what + " length " + n + " exceeds the " + (end - p) + " bytes left in the item",
            start);
      }
      return n;
    }

    private String string(String what) throws IOException {
      int n = length(what);
      int start = p;
      p += n;
      try {
        return Utf8.decode(b, start, n);
      } catch (Utf8.MalformedException e) {
        throw corrupt("malformed UTF-8 in " + what, start + e.index);
      }
    }

    private SdkBytes bytes(String what) throws IOException {
      int n = length(what);
      byte[] copy = Arrays.copyOfRange(b, p, p + n);
      p += n;
      return SdkBytes.fromByteArrayUnsafe(copy);
    }

    private static int initialCapacity(int n) {
      return Math.min(n, 1024);
    }

    /** Reads a count followed by name/value pairs; values are at {@code depth + 1}. */
    Map<String, AttributeValue> attributes(int depth) throws IOException {
      int n = count(depth == 0 ? "attribute count" : "map entry count");
      Map<String, AttributeValue> map =
          new LinkedHashMap<>(Math.max(16, (int) (initialCapacity(n) / 0.75f) + 1));
      for (int i = 0; i < n; i++) {
        int nameStart = p;
        String name = string("attribute name");
        AttributeValue value;
        try {
          value = value(depth + 1);
        } catch (CorruptItemException e) {
          throw e.inAttribute(name);
        }
        if (map.put(name, value) != null) {
          throw corrupt("duplicate attribute name '" + name + "'", nameStart);
        }
      }
      return map;
    }

    AttributeValue value(int depth) throws IOException {
      int tagAt = p;
      if (p >= end) {
        throw corrupt("truncated input: missing value tag", p);
      }
      int tag = b[p++] & 0xFF;
      if (depth > Values.MAX_DEPTH) {
        throw corrupt("values nested deeper than " + Values.MAX_DEPTH + " levels", tagAt);
      }
      switch (tag) {
        case TAG_S:
          return AttributeValue.fromS(string("S value"));
        case TAG_N:
          return AttributeValue.fromN(string("N value"));
        case TAG_B:
          return AttributeValue.fromB(bytes("B value"));
        case TAG_SS:
          return AttributeValue.fromSs(strings("SS"));
        case TAG_NS:
          return AttributeValue.fromNs(strings("NS"));
        case TAG_BS:
          {
            int n = count("BS member count");
            List<SdkBytes> members = new ArrayList<>(initialCapacity(n));
            for (int i = 0; i < n; i++) {
              try {
                members.add(bytes("BS member"));
              } catch (CorruptItemException e) {
                throw e.atIndex(i);
              }
            }
            return AttributeValue.fromBs(members);
          }
        case TAG_M:
          return AttributeValue.fromM(attributes(depth));
        case TAG_L:
          {
            int n = count("list element count");
            List<AttributeValue> elements = new ArrayList<>(initialCapacity(n));
            for (int i = 0; i < n; i++) {
              try {
                elements.add(value(depth + 1));
              } catch (CorruptItemException e) {
                throw e.atIndex(i);
              }
            }
            return AttributeValue.fromL(elements);
          }
        case TAG_FALSE:
          return BOOL_FALSE;
        case TAG_TRUE:
          return BOOL_TRUE;
        case TAG_NULL:
          return NULL_TRUE;
        case TAG_NULL_FALSE:
          return NULL_FALSE;
        default:
          throw corrupt(String.format("invalid value tag 0x%02x (%d)", tag, tag), tagAt);
      }
    }

    private List<String> strings(String type) throws IOException {
      int n = count(type + " member count");
      List<String> members = new ArrayList<>(initialCapacity(n));
      for (int i = 0; i < n; i++) {
        try {
          members.add(string(type + " member"));
        } catch (CorruptItemException e) {
          throw e.atIndex(i);
        }
      }
      return members;
    }
  }
}
