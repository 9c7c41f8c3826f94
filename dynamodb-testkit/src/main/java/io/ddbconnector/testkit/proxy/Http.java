package io.ddbconnector.testkit.proxy;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A minimal blocking HTTP/1.1 message reader and writer (Content-Length and chunked bodies). */
final class Http {

  private static final int MAX_LINE = 64 * 1024;
  private static final int MAX_HEADERS = 200;
  private static final int MAX_BODY = 64 * 1024 * 1024;

  private Http() {
  }

  /** A request or response: start line, headers in order, body. */
  static final class Message {
    /** For a request: method; for a response: the protocol version. */
    final String first;
    /** For a request: request target; for a response: the status code. */
    final String second;
    /** For a request: the protocol version; for a response: the reason phrase. */
    final String third;
    final List<String[]> headers;
    final boolean response;
    byte[] body;

    Message(boolean response, String first, String second, String third, List<String[]> headers, byte[] body) {
      this.response = response;
      this.first = first;
      this.second = second;
      this.third = third;
      this.headers = headers;
      this.body = body;
    }

    String header(String name) {
      for (String[] h : headers) {
        if (h[0].equalsIgnoreCase(name)) {
          return h[1];
        }
      }
      return null;
    }

    void setHeader(String name, String value) {
      for (String[] h : headers) {
        if (h[0].equalsIgnoreCase(name)) {
          h[1] = value;
          return;
        }
      }
      headers.add(new String[] {name, value});
    }

    int status() {
      return Integer.parseInt(second);
    }

    /** True when the sender announced it will close the connection after this message. */
    boolean closes() {
      String c = header("Connection");
      if (c != null && c.toLowerCase(Locale.ROOT).contains("close")) {
        return true;
      }
      String version = response ? first : third;
      return "HTTP/1.0".equals(version) && (c == null || !c.toLowerCase(Locale.ROOT).contains("keep-alive"));
    }
  }

  /** A buffered input without the per-call locking of BufferedInputStream. */
  static final class In {
    private final InputStream in;
    private final byte[] buf = new byte[16 * 1024];
    private int pos;
    private int lim;
    private long consumed;

    In(InputStream in) {
      this.in = in;
    }

    /** Bytes consumed so far (to tell "nothing arrived" from "broke mid-message"). */
    long consumed() {
      return consumed;
    }

    private boolean fill() throws IOException {
      if (pos < lim) {
        return true;
      }
      int n = in.read(buf, 0, buf.length);
      if (n <= 0) {
        return false;
      }
      pos = 0;
      lim = n;
      return true;
    }

    /** Reads a CRLF (or LF) terminated line as ISO-8859-1; null at end of stream before any byte. */
    String readLine() throws IOException {
      StringBuilder sb = null;
      while (true) {
        if (!fill()) {
          if (sb == null) {
            return null;
          }
          throw new EOFException("end of stream inside a line");
        }
        int start = pos;
        while (pos < lim && buf[pos] != '\n') {
          pos++;
        }
        boolean done = pos < lim;
        int len = pos - start;
        if (sb == null && done) {
          int l = len > 0 && buf[pos - 1] == '\r' ? len - 1 : len;
          String s = new String(buf, start, l, StandardCharsets.ISO_8859_1);
          pos++;
          consumed += len + 1;
          return s;
        }
        if (sb == null) {
          sb = new StringBuilder();
        }
        sb.append(new String(buf, start, len, StandardCharsets.ISO_8859_1));
        consumed += len;
        if (done) {
          pos++;
          consumed++;
          int l = sb.length();
          if (l > 0 && sb.charAt(l - 1) == '\r') {
            sb.setLength(l - 1);
          }
          return sb.toString();
        }
        if (sb.length() > MAX_LINE) {
          throw new IOException("line too long");
        }
      }
    }

    void readFully(byte[] dst, int off, int len) throws IOException {
      while (len > 0) {
        if (!fill()) {
          throw new EOFException("end of stream inside a body");
        }
        int n = Math.min(len, lim - pos);
        System.arraycopy(buf, pos, dst, off, n);
        pos += n;
        off += n;
        len -= n;
        consumed += n;
      }
    }

    byte[] readToEnd() throws IOException {
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      while (fill()) {
        out.write(buf, pos, lim - pos);
        consumed += lim - pos;
        pos = lim;
        if (out.size() > MAX_BODY) {
          throw new IOException("body too large");
        }
      }
      return out.toByteArray();
    }
  }

  /**
   * Reads a request. Returns null on a clean end of stream before the request line. When the
   * request carries {@code Expect: 100-continue}, {@code interim} receives the 100 response first.
   */
  static Message readRequest(In in, OutputStream interim) throws IOException {
    String line = in.readLine();
    while (line != null && line.isEmpty()) {
      line = in.readLine();
    }
    if (line == null) {
      return null;
    }
    String[] parts = line.split(" ", 3);
    if (parts.length != 3) {
      throw new IOException("bad request line: " + line);
    }
    List<String[]> headers = readHeaders(in);
    Message m = new Message(false, parts[0], parts[1], parts[2], headers, null);
    String expect = m.header("Expect");
    if (expect != null && expect.equalsIgnoreCase("100-continue") && interim != null) {
      interim.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      interim.flush();
    }
    m.body = readBody(in, m, false);
    return m;
  }

  /** Reads a response, skipping interim 1xx responses. Returns null on end of stream before any byte. */
  static Message readResponse(In in, boolean headRequest) throws IOException {
    while (true) {
      String line = in.readLine();
      if (line == null) {
        return null;
      }
      String[] parts = line.split(" ", 3);
      if (parts.length < 2 || parts[1].length() != 3 || !Character.isDigit(parts[1].charAt(0))) {
        throw new IOException("bad status line: " + line);
      }
      List<String[]> headers = readHeaders(in);
      Message m = new Message(true, parts[0], parts[1], parts.length > 2 ? parts[2] : "", headers, null);
      int status = m.status();
      if (status >= 100 && status < 200) {
        continue;
      }
      if (headRequest || status == 204 || status == 304) {
        m.body = new byte[0];
      } else {
        m.body = readBody(in, m, true);
      }
      return m;
    }
  }

  private static List<String[]> readHeaders(In in) throws IOException {
    List<String[]> headers = new ArrayList<>();
    while (true) {
      String line = in.readLine();
      if (line == null) {
        throw new EOFException("end of stream inside headers");
      }
      if (line.isEmpty()) {
        return headers;
      }
      if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && !headers.isEmpty()) {
        String[] last = headers.get(headers.size() - 1);
        last[1] = last[1] + " " + line.trim();
        continue;
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new IOException("bad header line: " + line);
      }
      headers.add(new String[] {line.substring(0, colon).trim(), line.substring(colon + 1).trim()});
      if (headers.size() > MAX_HEADERS) {
        throw new IOException("too many headers");
      }
    }
  }

  private static byte[] readBody(In in, Message m, boolean response) throws IOException {
    String te = m.header("Transfer-Encoding");
    if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
      return readChunked(in);
    }
    String cl = m.header("Content-Length");
    if (cl != null) {
      long n;
      try {
        n = Long.parseLong(cl.trim());
      } catch (NumberFormatException e) {
        throw new IOException("bad Content-Length: " + cl);
      }
      if (n < 0 || n > MAX_BODY) {
        throw new IOException("unsupported Content-Length: " + cl);
      }
      byte[] body = new byte[(int) n];
      in.readFully(body, 0, body.length);
      return body;
    }
    return response ? in.readToEnd() : new byte[0];
  }

  private static byte[] readChunked(In in) throws IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    while (true) {
      String line = in.readLine();
      if (line == null) {
        throw new EOFException("end of stream inside a chunked body");
      }
      int semi = line.indexOf(';');
      String hex = (semi >= 0 ? line.substring(0, semi) : line).trim();
      int size;
      try {
        size = Integer.parseInt(hex, 16);
      } catch (NumberFormatException e) {
        throw new IOException("bad chunk size: " + line);
      }
      if (size < 0 || out.size() + (long) size > MAX_BODY) {
        throw new IOException("chunked body too large");
      }
      if (size == 0) {
        readHeaders(in); // trailers, discarded
        return out.toByteArray();
      }
      byte[] chunk = new byte[size];
      in.readFully(chunk, 0, size);
      out.write(chunk, 0, size);
      String crlf = in.readLine();
      if (crlf == null || !crlf.isEmpty()) {
        throw new IOException("missing CRLF after a chunk");
      }
    }
  }

  /** Writes a message head and body (as a Content-Length body) and flushes. */
  static void write(OutputStream out, String startLine, List<String[]> headers, byte[] body) throws IOException {
    StringBuilder sb = new StringBuilder(256 + headers.size() * 48);
    sb.append(startLine).append("\r\n");
    for (String[] h : headers) {
      sb.append(h[0]).append(": ").append(h[1]).append("\r\n");
    }
    sb.append("\r\n");
    byte[] head = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    if (body.length > 0 && head.length + body.length <= 32 * 1024) {
      byte[] all = new byte[head.length + body.length];
      System.arraycopy(head, 0, all, 0, head.length);
      System.arraycopy(body, 0, all, head.length, body.length);
      out.write(all);
    } else {
      out.write(head);
      if (body.length > 0) {
        out.write(body);
      }
    }
    out.flush();
  }

  /** True for headers that belong to one connection and must not be forwarded. */
  static boolean hopByHop(String name) {
    switch (name.toLowerCase(Locale.ROOT)) {
      case "connection":
      case "keep-alive":
      case "proxy-connection":
      case "proxy-authenticate":
      case "proxy-authorization":
      case "te":
      case "trailer":
      case "transfer-encoding":
      case "upgrade":
      case "content-length":
      case "expect":
        return true;
      default:
        return false;
    }
  }
}
