package io.ddbconnector.hive;

import io.ddbconnector.conf.ConfigKey;
import io.ddbconnector.conf.ConnectorOptions;
import io.ddbconnector.hadoop.HadoopSettings;
import io.ddbconnector.hive.PredicateTranslator.Conjunct;
import io.ddbconnector.mapred.DynamoDBOutputCommitter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.hive.metastore.HiveMetaHook;
import org.apache.hadoop.hive.ql.io.HiveFileFormatUtils;
import org.apache.hadoop.hive.ql.metadata.DefaultStorageHandler;
import org.apache.hadoop.hive.ql.metadata.HiveStoragePredicateHandler;
import org.apache.hadoop.hive.ql.plan.ExprNodeDesc;
import org.apache.hadoop.hive.ql.plan.ExprNodeDescUtils;
import org.apache.hadoop.hive.ql.plan.ExprNodeGenericFuncDesc;
import org.apache.hadoop.hive.ql.plan.TableDesc;
import org.apache.hadoop.hive.serde2.AbstractSerDe;
import org.apache.hadoop.hive.serde2.Deserializer;
import org.apache.hadoop.mapred.InputFormat;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.mapred.OutputFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The class users name in {@code STORED BY}: ties the SerDe, the input and output formats and the
 * validating metadata hook together, hands each job the table's settings, and decides which parts of a
 * {@code WHERE} clause are pushed to DynamoDB.
 *
 * <p>Pushdown: the translatable conjuncts ({@link PredicateTranslator}) are pushed; the input format
 * turns hash-key equality / IN into Queries and the rest into a FilterExpression. The residual Hive
 * evaluates is the <em>whole</em> predicate, so results never depend on DynamoDB's comparison rules:
 * pushdown only reduces what is read. {@code dynamodb.filter.pushdown=false} turns it off.
 *
 * <p>A job that writes a table gets {@link DynamoDBOutputCommitter} (see {@link #configureJobConf}); the
 * statement's own error carries the job-wide figures only with {@link DynamoDBWriteFailureHook}.
 */
public class DynamoDBStorageHandler extends DefaultStorageHandler implements HiveStoragePredicateHandler {

  private static final Logger LOG = LoggerFactory.getLogger(DynamoDBStorageHandler.class);
  /** The old-API committer key: Hive sets its null committer there; MapReduce and Tez's MROutputCommitter read it. */
  static final String COMMITTER_KEY = "mapred.output.committer.class";
  /** The job-level keys the committer reads, which Hive otherwise hands only to the tasks (table job properties). */
  private static final List<ConfigKey<?>> COMMITTER_KEYS = List.of(ConnectorOptions.OUTPUT_TABLE_NAME,
      ConnectorOptions.WRITE_REPORT_DIR, ConnectorOptions.RETRY_MAX_DURATION_MS, ConnectorOptions.COORDINATION_GROUP);

  @Override
  @SuppressWarnings("rawtypes") // Hive's signature
  public Class<? extends InputFormat> getInputFormatClass() {
    return HiveDynamoDBInputFormat.class;
  }

  @Override
  @SuppressWarnings("rawtypes") // Hive's signature
  public Class<? extends OutputFormat> getOutputFormatClass() {
    return HiveDynamoDBOutputFormat.class;
  }

  @Override
  public Class<? extends AbstractSerDe> getSerDeClass() {
    return DynamoDBSerDe.class;
  }

  @Override
  public HiveMetaHook getMetaHook() {
    return new DynamoDBMetaHook(getConf());
  }

  @Override
  public void configureInputJobProperties(TableDesc table, Map<String, String> jobProperties) {
    jobProperties.putAll(HiveTableProperties.inputJobProperties(table.getProperties(), table.getTableName(),
        getConf()));
  }

  @Override
  public void configureOutputJobProperties(TableDesc table, Map<String, String> jobProperties) {
    jobProperties.putAll(HiveTableProperties.outputJobProperties(table.getProperties(), table.getTableName(),
        getConf()));
  }

  @Override
  public void configureTableJobProperties(TableDesc table, Map<String, String> jobProperties) {
    configureInputJobProperties(table, jobProperties);
    configureOutputJobProperties(table, jobProperties);
  }

  /**
   * Marks the connector's secrets sensitive in the job Hive submits
   * ({@link HadoopSettings#markSecretsSensitive}), so the job history and web UIs redact them. For a job that
   * writes this table (its job properties name an output table): replaces Hive's null
   * committer with {@link DynamoDBOutputCommitter}, so that when the stage fails the engine has every task
   * attempt's write report summed, logged and written to the summary file, and when it succeeds has them
   * removed. MapReduce (local and on YARN) calls it itself; Hive on Tez through {@code MROutputCommitter}
   * ({@code hive.tez.mapreduce.output.committer.class}). Hive runs this after installing its null committer
   * and before submitting. A committer of another handler is left alone: the job then keeps its reports.
   */
  @Override
  public void configureJobConf(TableDesc table, JobConf jobConf) {
    super.configureJobConf(table, jobConf);
    HadoopSettings.markSecretsSensitive(jobConf);
    Map<String, String> props = table.getJobProperties();
    String target = props == null ? null : props.get(ConnectorOptions.OUTPUT_TABLE_NAME.name());
    if (target == null || target.isEmpty()) {
      return;
    }
    String current = jobConf.get(COMMITTER_KEY);
    if (current != null && !current.equals(HiveFileFormatUtils.NullOutputCommitter.class.getName())
        && !current.equals(DynamoDBOutputCommitter.class.getName())) {
      LOG.warn("The job writing DynamoDB table '" + target + "' already has committer " + current + " ("
          + COMMITTER_KEY + "): a failure will not sum the write reports of its tasks");
      return;
    }
    jobConf.setOutputCommitter(DynamoDBOutputCommitter.class);
    for (ConfigKey<?> k : COMMITTER_KEYS) {
      String v = props.get(k.name());
      if (v != null && !v.isEmpty()) {
        jobConf.set(k.name(), v);
      }
    }
  }

  @Override
  public DecomposedPredicate decomposePredicate(JobConf jobConf, Deserializer deserializer, ExprNodeDesc predicate) {
    if (!(deserializer instanceof DynamoDBSerDe) || !(predicate instanceof ExprNodeGenericFuncDesc)) {
      return null;
    }
    DynamoDBSerDe serde = (DynamoDBSerDe) deserializer;
    if (!serde.pushdownEnabled()) {
      return null;
    }
    List<Conjunct> conjuncts = new PredicateTranslator(serde.mapping()).conjuncts(predicate);
    if (conjuncts.isEmpty()) {
      return null;
    }
    List<ExprNodeDesc> pushed = new ArrayList<>();
    for (Conjunct c : conjuncts) {
      pushed.add(c.hive());
    }
    ExprNodeDesc merged = ExprNodeDescUtils.mergePredicates(pushed);
    if (!(merged instanceof ExprNodeGenericFuncDesc)) {
      return null;
    }
    DecomposedPredicate d = new DecomposedPredicate();
    d.pushedPredicate = (ExprNodeGenericFuncDesc) merged;
    d.residualPredicate = (ExprNodeGenericFuncDesc) predicate;
    return d;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName(); // a subclass under another name (e.g. the EMR connector's) says so
  }
}
