package io.ddbconnector.types;

import java.util.ArrayDeque;

/**
 * Attribute path collected while an error unwinds out of nested maps and lists, so that the
 * happy path pays nothing for path tracking. Rendered as {@code a.b[3].c}. Shared by the codecs
 * and by the writers' item checks, so every error names a nested attribute the same way.
 */
public final class AttributePath {

  private final ArrayDeque<Object> segments = new ArrayDeque<>();

  public void prependName(String name) {
    segments.addFirst(name == null ? "<null>" : name);
  }

  public void prependIndex(int index) {
    segments.addFirst(index);
  }

  public boolean isEmpty() {
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
