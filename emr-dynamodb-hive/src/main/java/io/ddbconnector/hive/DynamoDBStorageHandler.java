package io.ddbconnector.hive;

import io.ddbconnector.hadoop.HadoopSettings;
import io.ddbconnector.hive.PredicateTranslator.Conjunct;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.hive.metastore.HiveMetaHook;
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

/**
 * The class users name in {@code STORED BY}: ties the SerDe, the input and output formats and the
 * validating metadata hook together, hands each job the table's settings, and decides which parts of a
 * {@code WHERE} clause are pushed to DynamoDB.
 *
 * <p>Pushdown: the translatable conjuncts ({@link PredicateTranslator}) are pushed; the input format
 * turns hash-key equality / IN into Queries and the rest into a FilterExpression. The residual Hive
 * evaluates is the <em>whole</em> predicate, so results never depend on DynamoDB's comparison rules:
 * pushdown only reduces what is read. {@code dynamodb.filter.pushdown=false} turns it off.
 */
public class DynamoDBStorageHandler extends DefaultStorageHandler implements HiveStoragePredicateHandler {

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
   * ({@link HadoopSettings#markSecretsSensitive}), so the job history and web UIs redact them.
   */
  @Override
  public void configureJobConf(TableDesc tableDesc, JobConf jobConf) {
    super.configureJobConf(tableDesc, jobConf);
    HadoopSettings.markSecretsSensitive(jobConf);
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
    return "DynamoDBStorageHandler";
  }
}
