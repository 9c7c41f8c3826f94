package io.ddbconnector.types;

import java.util.ArrayDeque;

/**
 * Attribute path collected while an error unwinds out of nested maps and lists, so that the
 * happy path pays nothing for path tracking. Rendered as {@code a.b[3].c}.
 */
final class AttributePath {

  private final ArrayDeque<Object> segments = new ArrayDeque<>();

  void prependName(String name) {
    segments.addFirst(name == null ? "<null>" : name);
  }

  void prependIndex(int index) {
    segments.addFirst(index);
  }

  boolean isEmpty() {
    return segments.isEmpty();
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (Object s : segments) {
      if (s instanceof Integer) {
        sb.append('[').append(s).append(']');
      } else {
        if (sb.length() > 0) {
          sb.append('.');
        }
        sb.append(s);
      }
    }
    return sb.toString();
  }
}
