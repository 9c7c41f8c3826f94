package io.ddbconnector.testkit.proxy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for one operation of AWS STS, {@code AssumeRole}, on loopback, for testing cross-account access
 * without AWS.
 *
 * <p>What it models, from the STS API reference: the AWS query protocol (a signed form-encoded POST with
 * {@code Action=AssumeRole}, {@code Version=2011-06-15}, {@code RoleArn}, {@code RoleSessionName},
 * {@code DurationSeconds}, {@code ExternalId}); the {@code AssumeRoleResponse} XML with {@code Credentials}
 * ({@code AccessKeyId}, {@code SecretAccessKey}, {@code SessionToken}, {@code Expiration}) and
 * {@code AssumedRoleUser}; the {@code ErrorResponse} XML with HTTP 400/403 and codes {@code AccessDenied} (a
 * role not trusted, or the wrong or a missing external id when the trust policy asks for one) and
 * {@code ValidationError} (session name outside STS's pattern, duration outside 900..43200 s, missing
 * parameter). Each role allowed by {@link #allow} issues fresh credentials per call ({@code ASIA...} key ids,
 * distinct session tokens) and records who asked ({@link #calls()}: the caller's access key id from the
 * {@code Authorization} header and the parameters).
 *
 * <p>What it does not model: signature verification, policies, session policies, tags, MFA, source
 * identity, the role's maximum session duration (any 900..43200 is granted), regional endpoints, any other
 * action. The credentials it issues mean nothing to the backend (dynalite accepts any); tests check them at
 * the {@link ThrottlingProxy} ({@link ThrottlingProxy#accessKeyIds()}, {@link ThrottlingProxy#sessionTokens()}).
 */
public final class StsStub implements AutoCloseable {

  /** One AssumeRole request as received. */
  public record Call(String callerAccessKeyId, String roleArn, String sessionName, String externalId,
      Integer durationSeconds, String issuedAccessKeyId) {}

  private static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]{2,64}");
  private static final Pattern CREDENTIAL = Pattern.compile("Credential=([^/,\\s]+)/[^/]+/[^/]+/([^/]+)/");

  private final HttpServer server;
  private final Map<String, String> roles = new ConcurrentHashMap<>();
  private final List<Call> calls = new ArrayList<>();
  private final AtomicInteger issued = new AtomicInteger();

  private StsStub() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "sts-stub");
      t.setDaemon(true);
      return t;
    }));
    server.start();
  }

  public static StsStub start() {
    try {
      return new StsStub();
    } catch (IOException e) {
      throw new IllegalStateException("Cannot start the STS stub", e);
    }
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Lets {@code roleArn} be assumed; with a non-null {@code externalId} only by callers who pass it. */
  public StsStub allow(String roleArn, String externalId) {
    roles.put(roleArn, externalId == null ? "" : externalId);
    return this;
  }

  /** The AssumeRole requests received so far, in order (refused ones included, with no issued key). */
  public synchronized List<Call> calls() {
    return List.copyOf(calls);
  }

  /** The access key ids this stub has issued. */
  public synchronized List<String> issuedAccessKeyIds() {
    return calls.stream().map(Call::issuedAccessKeyId).filter(Objects::nonNull).toList();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      Map<String, String> form = form(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      Matcher m = auth == null ? null : CREDENTIAL.matcher(auth);
      String caller = m != null && m.find() ? m.group(1) : null;
      if (!"POST".equals(ex.getRequestMethod()) || caller == null || !"sts".equals(m.group(2))) {
        error(ex, 403, "MissingAuthenticationToken", "Request is missing a SigV4 Authorization header for sts.");
        return;
      }
      if (!"AssumeRole".equals(form.get("Action")) || !"2011-06-15".equals(form.get("Version"))) {
        error(ex, 400, "InvalidAction", "This stub serves only Action=AssumeRole, Version=2011-06-15, not "
            + form.get("Action") + " " + form.get("Version") + ".");
        return;
      }
      String role = form.get("RoleArn");
      String session = form.get("RoleSessionName");
      String external = form.get("ExternalId");
      Integer duration = form.containsKey("DurationSeconds") ? Integer.valueOf(form.get("DurationSeconds")) : null;
      int seconds = duration == null ? 3600 : duration;
      String issuedKey = null;
      try {
        if (role == null || session == null) {
          error(ex, 400, "ValidationError", "RoleArn and RoleSessionName are required.");
          return;
        }
        if (!SESSION_NAME.matcher(session).matches()) {
          error(ex, 400, "ValidationError", "1 validation error detected: Value '" + session
              + "' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression"
              + " pattern: [\\w+=,.@-]*");
          return;
        }
        if (seconds < 900 || seconds > 43_200) {
          error(ex, 400, "ValidationError", "DurationSeconds " + seconds + " is outside 900..43200.");
          return;
        }
        String wanted = roles.get(role);
        if (wanted == null || !(wanted.isEmpty() || wanted.equals(external))) {
          error(ex, 403, "AccessDenied", "User: arn:aws:iam::000000000000:user/" + caller
              + " is not authorized to perform: sts:AssumeRole on resource: " + role);
          return;
        }
        int n = issued.incrementAndGet();
        issuedKey = String.format("ASIASTUB%012d", n);
        Instant expires = Instant.now().plusSeconds(seconds).truncatedTo(ChronoUnit.SECONDS);
        String roleName = role.substring(role.lastIndexOf('/') + 1);
        String account = role.split(":")[4];
        String body = "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n"
            + "  <AssumeRoleResult>\n"
            + "    <SourceIdentity/>\n"
            + "    <AssumedRoleUser>\n"
            + "      <Arn>arn:aws:sts::" + account + ":assumed-role/" + xml(roleName) + "/" + xml(session) + "</Arn>\n"
            + "      <AssumedRoleId>AROASTUB" + n + ":" + xml(session) + "</AssumedRoleId>\n"
            + "    </AssumedRoleUser>\n"
            + "    <Credentials>\n"
            + "      <AccessKeyId>" + issuedKey + "</AccessKeyId>\n"
            + "      <SecretAccessKey>stub-secret-" + n + "</SecretAccessKey>\n"
            + "      <SessionToken>stub-session-token-" + n + "</SessionToken>\n"
            + "      <Expiration>" + expires + "</Expiration>\n"
            + "    </Credentials>\n"
            + "    <PackedPolicySize>0</PackedPolicySize>\n"
            + "  </AssumeRoleResult>\n"
            + "  <ResponseMetadata><RequestId>stub-" + n + "</RequestId></ResponseMetadata>\n"
            + "</AssumeRoleResponse>\n";
        send(ex, 200, body);
      } finally {
        synchronized (this) {
          calls.add(new Call(caller, role, session, external, duration, issuedKey));
        }
      }
    }
  }

  private static Map<String, String> form(String body) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : body.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.put(k, v);
    }
    return out;
  }

  private static void error(HttpExchange ex, int status, String code, String message) throws IOException {
    send(ex, status, "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n"
        + "  <Error>\n    <Type>Sender</Type>\n    <Code>" + code + "</Code>\n    <Message>" + xml(message)
        + "</Message>\n  </Error>\n  <RequestId>stub-error</RequestId>\n</ErrorResponse>\n");
  }

  private static void send(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "text/xml");
    ex.getResponseHeaders().set("x-amzn-RequestId", "stub");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static String xml(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
