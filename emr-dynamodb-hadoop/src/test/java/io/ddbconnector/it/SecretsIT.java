package io.ddbconnector.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddbconnector.client.ClientSettings;
import io.ddbconnector.client.DynamoDBClientFactory;
import io.ddbconnector.hadoop.DynamoDBItemWritable;
import io.ddbconnector.hadoop.HadoopSettings;
import io.ddbconnector.mapred.DynamoDBInputFormat;
import io.ddbconnector.mapred.DynamoDBOutputFormat;
import io.ddbconnector.testkit.Backend;
import io.ddbconnector.testkit.DynamoDBBackendExtension;
import io.ddbconnector.testkit.FakeCredentials;
import io.ddbconnector.testkit.ItemCorpus;
import io.ddbconnector.testkit.RecordGrep;
import io.ddbconnector.testkit.proxy.ThrottlingProxy;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.hadoop.conf.ConfigRedactor;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapred.JobClient;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.mapred.MapReduceBase;
import org.apache.hadoop.mapred.Mapper;
import org.apache.hadoop.mapred.OutputCollector;
import org.apache.hadoop.mapred.Reporter;
import org.apache.hadoop.mapreduce.util.MRJobConfUtil;
import org.apache.hadoop.security.alias.CredentialProvider;
import org.apache.hadoop.security.alias.CredentialProviderFactory;
import org.apache.log4j.AppenderSkeleton;
import org.apache.log4j.Level;
import org.apache.log4j.Logger;
import org.apache.log4j.spi.LoggingEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Credentials and misspelt keys in real MapReduce jobs (old API, LocalJobRunner): a Hadoop credential provider
 * supplies the credentials, which reach the SDK (the proxy sees the access key id and token they sign with)
 * and no record the job leaves holds (logs, the submitted {@code job.xml} and the runner's copy, exceptions);
 * secrets set in clear are marked for Hadoop's redaction; a near-miss key fails the job at submission unless
 * the opt-out is set.
 */
@ExtendWith(DynamoDBBackendExtension.class)
class SecretsIT {

  static final String ACCESS_KEY = FakeCredentials.ACCESS_KEY_ID;
  static final String SECRET_KEY = FakeCredentials.SECRET_ACCESS_KEY;
  static final String TOKEN = FakeCredentials.SESSION_TOKEN;
  /** Where {@link CaptureMapper} copies the job files the LocalJobRunner deletes when the job ends. */
  static final String CAPTURE_DIR = "test.capture.dir";
  /** The job's {@code mapreduce.cluster.local.dir} (a task sees its own attempt's directory there). */
  static final String LOCAL_DIR = "test.local.dir";
  static final int ITEMS = 300;
  static String source;

  @BeforeAll
  static void load(Backend backend) {
    source = backend.createTable("sec_src", "id", ScalarAttributeType.S);
    backend.putAll(source, ItemCorpus.generated("id", ITEMS, 5));
  }

  @Test
  void credentialProviderSuppliesTheCredentialsAndNoRecordHoldsThem(Backend backend, @TempDir Path tmp)
      throws Exception {
    String target = backend.createTable("sec_dst", "id", ScalarAttributeType.S);
    try (ThrottlingProxy proxy = ThrottlingProxy.start(backend.endpoint());
        RecordGrep grep = RecordGrep.start(ACCESS_KEY, SECRET_KEY, TOKEN);
        Log4jLines log = new Log4jLines(grep)) {
      JobConf conf = copyJob(backend, tmp, proxy.endpoint().toString(), source, target);
      conf.set(CredentialProviderFactory.CREDENTIAL_PROVIDER_PATH, credentialStore(tmp));

      AwsCredentials c = DynamoDBClientFactory.credentials(ClientSettings.from(HadoopSettings.from(conf)))
          .resolveCredentials();
      assertEquals(ACCESS_KEY, c.accessKeyId());
      assertEquals(SECRET_KEY, c.secretAccessKey());
      assertEquals(TOKEN, ((AwsSessionCredentials) c).sessionToken());

      assertTrue(JobClient.runJob(conf).isSuccessful());
      assertEquals(ITEMS, backend.count(target));
      assertEquals(Set.of(ACCESS_KEY), proxy.accessKeyIds(), "every request was signed with the provider's key");
      assertEquals(Set.of(TOKEN), proxy.sessionTokens());

      // a failing job's errors: a missing table, and a misspelt secret key holding a secret
      JobConf failing = copyJob(backend, tmp, proxy.endpoint().toString(), "no_such_table", target);
      failing.set(CredentialProviderFactory.CREDENTIAL_PROVIDER_PATH, credentialStore(tmp));
      grep.throwable("missing table", assertThrows(Exception.class, () -> JobClient.runJob(failing)));
      failing.set("dynamodb.input.tableName", source);
      failing.set("dynamodb.awsSecretAccesKey", SECRET_KEY);
      IllegalArgumentException misspelt = assertThrows(IllegalArgumentException.class,
          () -> JobClient.runJob(failing));
      assertTrue(misspelt.getMessage().contains("'dynamodb.awsSecretAccesKey' (did you mean"
          + " 'dynamodb.awsSecretAccessKey'?)"), misspelt.getMessage());
      grep.throwable("misspelt secret key", misspelt);

      Path captured = tmp.resolve("captured");
      assertTrue(grep.tree("job.xml", captured, f -> f.toString().endsWith(".xml")) >= 2,
          "the submitted job.xml and the LocalJobRunner's copy");
      Configuration submitted = new Configuration(false);
      submitted.addResource(new org.apache.hadoop.fs.Path(captured.resolve("job.xml").toUri()));
      assertEquals(credentialStore(tmp), submitted.get(CredentialProviderFactory.CREDENTIAL_PROVIDER_PATH));
      assertTrue(log.lines > 0, "Hadoop's log was captured");
      grep.assertClean("job.xml", "exception");
    }
  }

  @Test
  void secretsGivenInClearAreMarkedForHadoopsRedaction(Backend backend, @TempDir Path tmp) throws Exception {
    String target = backend.createTable("sec_dst", "id", ScalarAttributeType.S);
    JobConf conf = copyJob(backend, tmp, backend.endpoint().toString(), source, target);
    conf.set("dynamodb.awsAccessKeyId", ACCESS_KEY);
    conf.set("dynamodb.awsSecretAccessKey", SECRET_KEY);
    conf.set("dynamodb.awsSessionToken", TOKEN);
    assertTrue(JobClient.runJob(conf).isSuccessful());

    // the tasks read their settings from job.xml, so it holds them; Hadoop redacts what it shows of it
    Configuration submitted = new Configuration(false);
    submitted.addResource(new org.apache.hadoop.fs.Path(tmp.resolve("captured/job.xml").toUri()));
    assertEquals(SECRET_KEY, submitted.get("dynamodb.awsSecretAccessKey"));
    String sensitive = submitted.get("hadoop.security.sensitive-config-keys");
    assertTrue(sensitive.contains("secret$") && sensitive.contains("password$"), "Hadoop's defaults kept: " + sensitive);
    ConfigRedactor redactor = new ConfigRedactor(submitted);
    for (String k : List.of("dynamodb.awsAccessKeyId", "dynamodb.awsSecretAccessKey", "dynamodb.awsSessionToken")) {
      assertFalse(redactor.redact(k, submitted.get(k)).contains("TestGrep"), k + " shown by ConfigRedactor");
      assertFalse(redactor.redact(k, submitted.get(k)).contains(ACCESS_KEY), k + " shown by ConfigRedactor");
    }
    assertEquals("dummy", redactor.redact("dynamodb.region", "dummy"), "only secrets are redacted");
    // what the MapReduce application master writes for the history server and shows in its web UI
    Configuration history = new Configuration(submitted);
    MRJobConfUtil.redact(history);
    StringWriter xml = new StringWriter();
    history.writeXml(xml);
    for (String secret : List.of(ACCESS_KEY, SECRET_KEY, TOKEN)) {
      assertFalse(xml.toString().contains(secret), "the history copy of the job conf holds " + secret);
    }
  }

  @Test
  void aNearMissKeyFailsTheJobAtSubmissionUnlessAllowed(Backend backend, @TempDir Path tmp) throws Exception {
    String target = backend.createTable("sec_dst", "id", ScalarAttributeType.S);
    JobConf conf = copyJob(backend, tmp, backend.endpoint().toString(), source, target);
    conf.set("dynamodb.awsAccessKeyId", "dummy");
    conf.set("dynamodb.awsSecretAccessKey", "dummy");
    conf.set("dynamodb.throughput.read.precent", "0.1");
    conf.set("dynamodb.regionid", backend.region()); // the EMR connector's name for dynamodb.region: honoured, never a typo
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JobClient.runJob(conf));
    assertTrue(e.getMessage().contains("'dynamodb.throughput.read.precent' (did you mean"
        + " 'dynamodb.throughput.read.percent'?)"), e.getMessage());
    assertTrue(e.getMessage().contains("dynamodb.config.allowUnknownKeys=true"), e.getMessage());
    assertFalse(e.getMessage().contains("regionid"), e.getMessage());
    assertEquals(0, backend.count(target), "nothing ran");

    // a write-only job fails at its output check
    JobConf write = new JobConf(conf);
    write.unset("dynamodb.input.tableName");
    write.set("dynamodb.throughput.write.precent", "0.1");
    IllegalArgumentException w = assertThrows(IllegalArgumentException.class,
        () -> new DynamoDBOutputFormat<Text>().checkOutputSpecs(null, write));
    assertTrue(w.getMessage().contains("did you mean 'dynamodb.throughput.write.percent'"), w.getMessage());

    conf.set("dynamodb.config.allowUnknownKeys", "true");
    assertTrue(JobClient.runJob(conf).isSuccessful());
    assertEquals(ITEMS, backend.count(target));
  }

  /** A copy job from {@code from} to {@code to} through {@code endpoint}, without credentials, keeping its job files. */
  static JobConf copyJob(Backend backend, Path tmp, String endpoint, String from, String to) {
    JobConf conf = Jobs.localConf(backend, tmp);
    conf.unset("dynamodb.awsAccessKeyId");
    conf.unset("dynamodb.awsSecretAccessKey");
    conf.set("dynamodb.endpoint", endpoint);
    conf.set("dynamodb.scan.segments", "2");
    conf.set("dynamodb.input.tableName", from);
    conf.set("dynamodb.output.tableName", to);
    conf.set(CAPTURE_DIR, tmp.resolve("captured").toString());
    conf.set(LOCAL_DIR, tmp.resolve("local").toString());
    conf.setInputFormat(DynamoDBInputFormat.class);
    conf.setMapperClass(CaptureMapper.class);
    conf.setNumReduceTasks(0);
    conf.setOutputKeyClass(Text.class);
    conf.setOutputValueClass(DynamoDBItemWritable.class);
    conf.setOutputFormat(DynamoDBOutputFormat.class);
    return conf;
  }

  /** A JCEKS credential store holding the three credentials, made with Hadoop's credential provider API. */
  static String credentialStore(Path tmp) throws IOException {
    Path file = tmp.resolve("dynamodb.jceks");
    String uri = "jceks://file" + file.toAbsolutePath();
    if (!Files.exists(file)) {
      Configuration c = new Configuration(false);
      c.set(CredentialProviderFactory.CREDENTIAL_PROVIDER_PATH, uri);
      CredentialProvider store = CredentialProviderFactory.getProviders(c).get(0);
      store.createCredentialEntry("dynamodb.awsAccessKeyId", ACCESS_KEY.toCharArray());
      store.createCredentialEntry("dynamodb.awsSecretAccessKey", SECRET_KEY.toCharArray());
      store.createCredentialEntry("dynamodb.awsSessionToken", TOKEN.toCharArray());
      store.flush();
    }
    return uri;
  }

  /**
   * Passes items through and, in each task, copies the job's files (the submitted {@code job.xml} in the
   * staging directory and the LocalJobRunner's copy) to {@link #CAPTURE_DIR}: the runner deletes them when
   * the job ends.
   */
  public static class CaptureMapper extends MapReduceBase
      implements Mapper<Text, DynamoDBItemWritable, Text, DynamoDBItemWritable> {

    @Override
    public void configure(JobConf job) {
      try {
        Path to = Path.of(job.get(CAPTURE_DIR));
        Files.createDirectories(to);
        Path jobDir = Path.of(new org.apache.hadoop.fs.Path(job.get("mapreduce.job.dir")).toUri().getPath());
        Files.copy(jobDir.resolve("job.xml"), to.resolve("job.xml"), StandardCopyOption.REPLACE_EXISTING);
        Path runner = Path.of(job.get(LOCAL_DIR), "localRunner");
        try (Stream<Path> files = Files.walk(runner)) {
          for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".xml"))::iterator) {
            Files.copy(f, to.resolve("local-" + f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
          }
        }
      } catch (IOException e) {
        throw new IllegalStateException("cannot capture the job's files", e);
      }
    }

    @Override
    public void map(Text key, DynamoDBItemWritable value, OutputCollector<Text, DynamoDBItemWritable> out,
        Reporter reporter) throws IOException {
      out.collect(key, value);
    }
  }

  /** Hadoop's Log4j output at INFO and above while open, into the grep. */
  static final class Log4jLines extends AppenderSkeleton implements AutoCloseable {
    private final RecordGrep grep;
    private final Level rootLevel = Logger.getRootLogger().getLevel();
    volatile int lines;

    Log4jLines(RecordGrep grep) {
      this.grep = grep;
      Logger.getRootLogger().addAppender(this);
      Logger.getRootLogger().setLevel(Level.INFO);
    }

    @Override
    protected void append(LoggingEvent event) {
      lines++;
      grep.log(event.getLoggerName() + ": " + event.getRenderedMessage());
      if (event.getThrowableStrRep() != null) {
        grep.log(String.join("\n", event.getThrowableStrRep()));
      }
    }

    @Override
    public boolean requiresLayout() {
      return false;
    }

    @Override
    public void close() {
      Logger.getRootLogger().removeAppender(this);
      Logger.getRootLogger().setLevel(rootLevel);
    }
  }
}
