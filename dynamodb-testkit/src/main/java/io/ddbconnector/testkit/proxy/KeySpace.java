package io.ddbconnector.testkit.proxy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The emulated tables' key space: where a partition key falls and which partitions own which part.
 *
 * <p>Like the service, a table's partitions own contiguous ranges of the <em>hashed</em> partition key.
 * The hash is dynalite's own ({@code md5("Outliers" + key bytes)}, first 24 bits, numbers in
 * dynalite's canonical byte form), because dynalite stores and scans items in that order: a Scan page
 * then covers the range of positions between its start key and its last evaluated key, and the parallel
 * scan segment {@code s} of {@code S} covers the 12-bit hash prefixes dynalite gives it. Partition
 * {@code p} of {@code P} owns the prefixes {@code [ceil(4096 p / P), ceil(4096 (p + 1) / P))}: the same
 * split dynalite uses for segments, so a parallel scan with {@code TotalSegments = P} reads exactly one
 * partition per segment. Hence at most {@link #MAX_PARTITIONS} partitions.
 */
final class KeySpace {

  /** Positions are the first 24 bits of the key's hash: [0, POSITIONS). */
  static final int POSITIONS = 1 << 24;
  /** Partitions (and segments) are cut on 12-bit hash prefixes. */
  static final int MAX_PARTITIONS = 4096;
  private static final int PREFIX_SHIFT = 12;
  private static final byte[] SALT = "Outliers".getBytes(StandardCharsets.US_ASCII);

  private KeySpace() {
  }

  /**
   * The position of a partition key value given as parsed DynamoDB JSON ({@code {"S": "a"}},
   * {@code {"N": "1.5"}}, {@code {"B": "base64"}}), or -1 if it is not a scalar key value.
   */
  static int position(Object attributeValue) {
    if (!(attributeValue instanceof Map) || ((Map<?, ?>) attributeValue).size() != 1) {
      return -1;
    }
    Map.Entry<?, ?> e = ((Map<?, ?>) attributeValue).entrySet().iterator().next();
    if (!(e.getValue() instanceof String)) {
      return -1;
    }
    return position(String.valueOf(e.getKey()), (String) e.getValue());
  }

  /** The position of a partition key of type S, N or B (base64), or -1 for another type or a bad value. */
  static int position(String type, String value) {
    byte[] bytes;
    try {
      switch (type) {
        case "S":
          bytes = value.getBytes(StandardCharsets.UTF_8);
          break;
        case "N":
          bytes = numberBytes(new BigDecimal(value));
          break;
        case "B":
          bytes = Base64.getDecoder().decode(value);
          break;
        default:
          return -1;
      }
    } catch (IllegalArgumentException e) { // NumberFormatException included
      return -1;
    }
    MessageDigest md5;
    try {
      md5 = MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no MD5 in this JVM", e);
    }
    md5.update(SALT);
    byte[] h = md5.digest(bytes);
    return (h[0] & 0xff) << 16 | (h[1] & 0xff) << 8 | (h[2] & 0xff);
  }

  /** The partition (of {@code partitions}) that owns a position. */
  static int partitionOf(int position, int partitions) {
    return (int) (((long) (position >>> PREFIX_SHIFT) * partitions) / MAX_PARTITIONS);
  }

  /** The first position partition {@code p} (of {@code partitions}) owns; {@code p == partitions} gives the end. */
  static int partitionStart(int p, int partitions) {
    return ceilDiv((long) MAX_PARTITIONS * p, partitions) << PREFIX_SHIFT;
  }

  /** The first position of parallel scan segment {@code segment} of {@code total}, as dynalite cuts segments. */
  static int segmentStart(int segment, int total) {
    return ceilDiv((long) MAX_PARTITIONS * segment, total) << PREFIX_SHIFT;
  }

  /**
   * How the positions {@code [from, to)} split over the partitions: the partitions they touch and the
   * fraction of the range each owns. An empty range counts wholly to the partition of {@code from}.
   */
  static Shares spread(int from, int to, int partitions) {
    int first = partitionOf(Math.min(from, POSITIONS - 1), partitions);
    if (to <= from) {
      return Shares.of(first);
    }
    int last = partitionOf(Math.min(to, POSITIONS) - 1, partitions);
    List<Integer> ps = new ArrayList<>(last - first + 1);
    List<Double> fs = new ArrayList<>(last - first + 1);
    for (int p = first; p <= last; p++) {
      int lo = Math.max(from, partitionStart(p, partitions));
      int hi = Math.min(to, partitionStart(p + 1, partitions));
      if (hi > lo) {
        ps.add(p);
        fs.add((double) (hi - lo) / (to - from));
      }
    }
    int[] pa = new int[ps.size()];
    double[] fa = new double[fs.size()];
    for (int i = 0; i < pa.length; i++) {
      pa[i] = ps.get(i);
      fa[i] = fs.get(i);
    }
    return new Shares(pa, fa);
  }

  private static int ceilDiv(long a, int b) {
    return (int) ((a + b - 1) / b);
  }

  /**
   * A number in dynalite's canonical byte form (its {@code numToBuffer}, a port of DynamoDB's own
   * encoding: a sign-adjusted base-100 exponent byte, then two decimal digits per byte), so that equal
   * numbers ({@code 1}, {@code 1.0}, {@code 10E-1}) hash alike and positions match dynalite's order.
   */
  static byte[] numberBytes(BigDecimal number) {
    if (number.signum() == 0) {
      return new byte[] {(byte) 0x80};
    }
    BigDecimal n = number.stripTrailingZeros();
    boolean negative = n.signum() < 0;
    String digits = n.unscaledValue().abs().toString();
    int[] mantissa = new int[digits.length()];
    for (int i = 0; i < mantissa.length; i++) {
      mantissa[i] = digits.charAt(i) - '0';
    }
    int exponent = digits.length() - n.scale(); // Big.js's e + 1
    int appendZero = exponent % 2 != 0 ? 1 : 0;
    int length = (mantissa.length + appendZero + 1) / 2;
    int[] out;
    if (length < 20 && negative) {
      out = new int[length + 2];
      out[length + 1] = 102;
    } else {
      out = new int[length + 1];
    }
    out[0] = Math.floorDiv(exponent + appendZero, 2) - 64;
    if (negative) {
      out[0] = ~out[0];
    }
    boolean appendedZero = false;
    for (int m = 0; m < mantissa.length; m++) {
      int b = (m + appendZero) / 2 + 1;
      if (appendZero == 1 && m == 0 && !appendedZero) {
        out[b] = 0;
        appendedZero = true;
        m--;
      } else if ((m + appendZero) % 2 == 0) {
        out[b] = mantissa[m] * 10;
      } else {
        out[b] += mantissa[m];
      }
      if ((m + appendZero) % 2 != 0 || m == mantissa.length - 1) {
        out[b] = negative ? 101 - out[b] : out[b] + 1;
      }
    }
    byte[] bytes = new byte[out.length];
    for (int i = 0; i < out.length; i++) {
      bytes[i] = (byte) out[i];
    }
    return bytes;
  }

  /** Partitions and the fraction of a cost each bears (the fractions add up to 1). */
  static final class Shares {
    final int[] partitions;
    final double[] fractions;

    Shares(int[] partitions, double[] fractions) {
      this.partitions = partitions;
      this.fractions = fractions;
    }

    static Shares of(int partition) {
      return new Shares(new int[] {partition}, new double[] {1.0});
    }

    /** Shares in proportion to {@code counts[p]} (e.g. the items of a batch on each partition); null if none. */
    static Shares ofCounts(int[] counts) {
      int nonZero = 0;
      long total = 0;
      for (int c : counts) {
        if (c > 0) {
          nonZero++;
          total += c;
        }
      }
      if (nonZero == 0) {
        return null;
      }
      int[] ps = new int[nonZero];
      double[] fs = new double[nonZero];
      int i = 0;
      for (int p = 0; p < counts.length; p++) {
        if (counts[p] > 0) {
          ps[i] = p;
          fs[i++] = (double) counts[p] / total;
        }
      }
      return new Shares(ps, fs);
    }
  }
}
