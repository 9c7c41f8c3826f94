package io.ddbconnector.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.spec.SecretKeySpec;

/**
 * Distinctive fake credentials for tests that look for secrets in what a job leaves ({@link RecordGrep}); the
 * backend accepts any credentials, so they work. Also writes them to a credential store that Hadoop's
 * {@code JavaKeyStoreProvider} reads ({@code jceks://file/...}): a JCEKS key store with the default password
 * {@code none}, each credential an AES secret key of its UTF-8 bytes, named like the connector's key.
 */
public final class FakeCredentials {

  public static final String ACCESS_KEY_ID = "AKIATESTSECRETGREP1";
  public static final String SECRET_ACCESS_KEY = "SecretKeyTestGrep2wJalrXUtnFEMI";
  public static final String SESSION_TOKEN = "SessionTokenTestGrep3FwoGZXIvYXdz";

  private FakeCredentials() {}

  /** The three values, for {@link RecordGrep#start}. */
  public static String[] values() {
    return new String[] {ACCESS_KEY_ID, SECRET_ACCESS_KEY, SESSION_TOKEN};
  }

  /** The connector's credential keys and the fake values. */
  public static Map<String, String> asSettings() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("dynamodb.awsAccessKeyId", ACCESS_KEY_ID);
    m.put("dynamodb.awsSecretAccessKey", SECRET_ACCESS_KEY);
    m.put("dynamodb.awsSessionToken", SESSION_TOKEN);
    return m;
  }

  /**
   * Writes the three credentials to {@code file} as a Hadoop credential store; returns its provider URI for
   * {@code hadoop.security.credential.provider.path}.
   */
  public static String writeStore(Path file) throws IOException {
    try {
      KeyStore store = KeyStore.getInstance("JCEKS");
      store.load(null, null);
      char[] password = "none".toCharArray();
      for (Map.Entry<String, String> e : asSettings().entrySet()) {
        store.setKeyEntry(e.getKey(), new SecretKeySpec(e.getValue().getBytes(StandardCharsets.UTF_8), "AES"),
            password, null);
      }
      Files.createDirectories(file.toAbsolutePath().getParent());
      try (OutputStream out = Files.newOutputStream(file)) {
        store.store(out, password);
      }
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot write the credential store " + file, e);
    }
    return "jceks://file" + file.toAbsolutePath();
  }
}
