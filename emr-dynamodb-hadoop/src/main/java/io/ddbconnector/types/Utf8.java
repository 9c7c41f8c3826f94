package io.ddbconnector.types;

import java.nio.charset.StandardCharsets;

/**
 * UTF-8 helpers shared by the codec and the size estimator.
 *
 * <p>Well-formed text is encoded exactly as standard UTF-8. A Java string may also contain an
 * unpaired surrogate, which standard encoders silently replace with {@code '?'}; here it is
 * encoded as its own three-byte sequence (the "generalized UTF-8" used by WTF-8) so that every
 * {@code String} survives an encode/decode cycle unchanged.
 */
final class Utf8 {

  private Utf8() {}

  /** Number of bytes {@link #encode} writes for {@code s}. */
  static long length(CharSequence s) {
    int n = s.length();
    long bytes = n;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        continue;
      }
      if (c < 0x800) {
        bytes += 1;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        bytes += 2; // two chars become four bytes
        i++;
      } else {
        bytes += 2;
      }
    }
    return bytes;
  }

  /**
   * Encodes {@code s} into {@code dst} starting at {@code off}; the caller guarantees room for
   * {@link #length} bytes. Returns the offset after the last byte written.
   */
  static int encode(String s, byte[] dst, int off) {
    int p = off;
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        dst[p++] = (byte) c;
      } else if (c < 0x800) {
        dst[p++] = (byte) (0xC0 | (c >> 6));
        dst[p++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, s.charAt(++i));
        dst[p++] = (byte) (0xF0 | (cp >> 18));
        dst[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
        dst[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
        dst[p++] = (byte) (0x80 | (cp & 0x3F));
      } else {
        dst[p++] = (byte) (0xE0 | (c >> 12));
        dst[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        dst[p++] = (byte) (0x80 | (c & 0x3F));
      }
    }
    return p;
  }

  /**
   * Decodes {@code len} bytes at {@code off}. Returns the string, or throws
   * {@link MalformedException} carrying the index (relative to {@code off}) of the first byte of
   * an ill-formed sequence.
   */
  static String decode(byte[] b, int off, int len) throws MalformedException {
    int end = off + len;
    int i = off;
    while (i < end && b[i] >= 0) {
      i++;
    }
    if (i == end) {
      // Pure ASCII: the Latin-1 decoder is an exact, intrinsified copy.
      return new String(b, off, len, StandardCharsets.ISO_8859_1);
    }
    char[] out = new char[len];
    int o = 0;
    for (int k = off; k < i; k++) {
      out[o++] = (char) b[k];
    }
    while (i < end) {
      int start = i;
      int b0 = b[i++] & 0xFF;
      if (b0 < 0x80) {
        out[o++] = (char) b0;
      } else if (b0 >= 0xC2 && b0 <= 0xDF) {
        int b1 = continuation(b, i++, end, start, off);
        out[o++] = (char) (((b0 & 0x1F) << 6) | b1);
      } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        int b1 = continuation(b, i++, end, start, off);
        if (b0 == 0xE0 && b1 < 0x20) {
          throw new MalformedException(start - off); // overlong
        }
        int b2 = continuation(b, i++, end, start, off);
        // 0xED 0xA0..0xBF (surrogates) is accepted on purpose: see the class comment.
        out[o++] = (char) (((b0 & 0x0F) << 12) | (b1 << 6) | b2);
      } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        int b1 = continuation(b, i++, end, start, off);
        if ((b0 == 0xF0 && b1 < 0x10) || (b0 == 0xF4 && b1 >= 0x10)) {
          throw new MalformedException(start - off); // overlong or above U+10FFFF
        }
        int b2 = continuation(b, i++, end, start, off);
        int b3 = continuation(b, i++, end, start, off);
        int cp = ((b0 & 0x07) << 18) | (b1 << 12) | (b2 << 6) | b3;
        out[o++] = Character.highSurrogate(cp);
        out[o++] = Character.lowSurrogate(cp);
      } else {
        throw new MalformedException(start - off);
      }
    }
    return new String(out, 0, o);
  }

  private static int continuation(byte[] b, int i, int end, int start, int off)
      throws MalformedException {
    if (i >= end || (b[i] & 0xC0) != 0x80) {
      throw new MalformedException(start - off);
    }
    return b[i] & 0x3F;
  }

  /** Ill-formed UTF-8; {@link #index} is relative to the start of the decoded range. */
  static final class MalformedException extends Exception {
    private static final long serialVersionUID = 1L;
    final int index;

    MalformedException(int index) {
      super("malformed UTF-8 at byte " + index, null, false, false);
      this.index = index;
    }
  }
}
