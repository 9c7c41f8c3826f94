package io.ddbconnector.conf;

import java.util.Locale;

/**
 * Which setting names hold secrets, so that no {@code toString}, log line or error message shows their
 * values. A name is secret when:
 * <ul>
 *   <li>the registry marks it so (the access key id, secret key and session token; the access key id is
 *       treated as a secret too: it names the account and, with the secret, grants access), or it is the
 *       reference connector's {@code dynamodb.proxy.password};
 *   <li>it looks like one, compared without case or separators: it contains {@code secret},
 *       {@code password}, {@code passwd}, {@code token}, {@code accesskey}, {@code privatekey},
 *       {@code apikey} or {@code sessionkey}; or {@code credential} unless it ends in {@code provider} or
 *       {@code class} (a class name, such as {@code dynamodb.customAWSCredentialsProvider}); or it ends in
 *       {@code keyid}, or in {@code key} unless that is an item key ({@code hashkey}, {@code rangekey},
 *       {@code sortkey}, {@code partitionkey}, {@code primarykey}, {@code startkey}); names that merely
 *       contain "key" elsewhere ({@code dynamodb.table.keyNames}, {@code dynamodb.table.name}) are not;
 *   <li>it is within 3 edits of a secret key's name ignoring case: a misspelt secret
 *       ({@code dynamodb.awsSecretAccesKey}, {@code dynamodb.awsSessionTokn}) is still a secret.
 * </ul>
 */
public final class Secrets {

  /** What a secret's value is shown as. */
  public static final String REDACTED = "****";

  private static final String[] SECRET_WORDS = {
    "secret", "password", "passwd", "token", "accesskey", "privatekey", "apikey", "sessionkey"};
  private static final String[] ITEM_KEYS = {
    "hashkey", "rangekey", "sortkey", "partitionkey", "primarykey", "startkey"};

  private Secrets() {}

  /** Whether the value of the setting {@code name} is a secret (see the class comment). */
  public static boolean isSecret(String name) {
    if (name == null) {
      return false;
    }
    if (ConnectorOptions.secretNames().contains(name)) {
      return true;
    }
    String s = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    for (String w : SECRET_WORDS) {
      if (s.contains(w)) {
        return true;
      }
    }
    if (s.contains("credential") && !s.endsWith("provider") && !s.endsWith("class")) {
      return true;
    }
    if (s.endsWith("keyid") || (s.endsWith("key") && !endsWithAny(s, ITEM_KEYS))) {
      return true;
    }
    String lower = name.toLowerCase(Locale.ROOT);
    for (String secret : ConnectorOptions.secretNames()) {
      if (Math.abs(lower.length() - secret.length()) <= 3
          && Suggestions.distance(lower, secret.toLowerCase(Locale.ROOT)) <= 3) {
        return true;
      }
    }
    return false;
  }

  /** The value to show for the setting {@code name}: {@link #REDACTED} for a secret. */
  public static String redact(String name, String value) {
    return value != null && isSecret(name) ? REDACTED : value;
  }

  private static boolean endsWithAny(String s, String[] suffixes) {
    for (String x : suffixes) {
      if (s.endsWith(x)) {
        return true;
      }
    }
    return false;
  }
}
