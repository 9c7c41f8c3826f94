package io.ddbconnector.hive;

import io.ddbconnector.conf.ConnectorOptions;
import io.ddbconnector.hadoop.HadoopSettings;
import io.ddbconnector.hadoop.HadoopWriteLedger;
import io.ddbconnector.write.WriteLedger;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hive.conf.HiveConf;
import org.apache.hadoop.hive.ql.hooks.Entity;
import org.apache.hadoop.hive.ql.hooks.ExecuteWithHookContext;
import org.apache.hadoop.hive.ql.hooks.HookContext;
import org.apache.hadoop.hive.ql.hooks.WriteEntity;
import org.apache.hadoop.hive.ql.metadata.HiveException;
import org.apache.hadoop.hive.ql.metadata.Table;

/**
 * Puts the job-wide figures of a failed {@code INSERT} into a DynamoDB-backed table into the statement's
 * error: items confirmed written, items in doubt (the table holds between the two), and the summary file
 * listing every key in doubt. Enable it with {@code SET hive.exec.failure.hooks=}this class (in
 * {@code hive-site.xml} for HiveServer2).
 *
 * <p>Why a hook: Hive gives a storage handler nothing on the client side when a stage fails. The metadata
 * hook's {@code rollbackInsertTable} runs only when {@code commitInsertTable} itself fails, after a stage
 * that succeeded; the error of a failed MapReduce stage is Hive's "return code 2 from MapRedTask", with the
 * failed tasks' messages only in the logs (and, on YARN, on the console); the committer that
 * {@link DynamoDBStorageHandler#configureJobConf} installs sums the reports but cannot reach the error.
 * A failure hook runs on the client with the statement's outputs and query id, before Hive builds the
 * error, on every engine.
 *
 * <p>How: the hook sums the reports of the statement's tasks ({@link HadoopWriteLedger#jobFailed}, waiting
 * for attempts still writing), then throws. Hive cannot pass a hook's text into its own error, but reports
 * a hook's exception as the statement's error: {@code FAILED: Hive Internal Error:
 * org.apache.hadoop.hive.ql.metadata.HiveException(<the figures>. Hive: <Hive's own error>)}, with return
 * code 12 instead of 2. Hive runs the failure hooks once more after that; this hook is then silent. A
 * statement that wrote nothing to DynamoDB (or keeps no reports, {@code dynamodb.write.reportDir=none}) is
 * left alone.
 */
public class DynamoDBWriteFailureHook implements ExecuteWithHookContext {

  /** Queries reported by this hook whose second round (Hive's, after the exception) is still to come. */
  private final Set<String> reported = Collections.newSetFromMap(new ConcurrentHashMap<>());

  @Override
  public void run(HookContext hook) throws Exception {
    if (hook.getHookType() != HookContext.HookType.ON_FAILURE_HOOK || hook.getOutputs() == null) {
      return;
    }
    String queryId = hook.getQueryState() != null ? hook.getQueryState().getQueryId()
        : HiveConf.getVar(hook.getConf(), HiveConf.ConfVars.HIVE_QUERY_ID);
    if (queryId == null || reported.remove(queryId)) {
      return;
    }
    // one report per ledger directory: the tables of one statement share its query's directory
    Map<String, String> figures = new LinkedHashMap<>();
    for (WriteEntity out : hook.getOutputs()) {
      Table table = out.getType() == Entity.Type.TABLE ? out.getTable() : null;
      if (table == null || !(handler(table) instanceof DynamoDBStorageHandler)) {
        continue;
      }
      Configuration conf = new Configuration(hook.getConf());
      conf.set(HiveConf.ConfVars.HIVE_QUERY_ID.varname, queryId);
      for (Map.Entry<String, String> e : HiveTableProperties.outputJobProperties(table.getMetadata(),
          table.getFullyQualifiedName(), hook.getConf()).entrySet()) {
        if (!e.getValue().isEmpty()) {
          conf.set(e.getKey(), e.getValue());
        }
      }
      String dynamoTable = conf.get(ConnectorOptions.OUTPUT_TABLE_NAME.name());
      WriteLedger.Summary s = HadoopWriteLedger.jobFailed(conf, HadoopSettings.jobGroup(conf), dynamoTable);
      if (s != null) {
        figures.putIfAbsent(s.location(), "Writing to DynamoDB table '" + dynamoTable + "' (Hive table "
            + table.getFullyQualifiedName() + ") failed. Job-wide: " + s.describe()
            + ". What was written stays in the table. Summary with every key in doubt or not written: "
            + s.location() + "/" + WriteLedger.SUMMARY);
      }
    }
    if (figures.isEmpty()) {
      return;
    }
    reported.add(queryId);
    throw new HiveException(String.join(". ", figures.values()) + ". Hive: " + hook.getErrorMessage(),
        hook.getException());
  }

  private static Object handler(Table table) {
    try {
      return table.getStorageHandler();
    } catch (RuntimeException e) {
      return null; // a handler that cannot be loaded is not this one
    }
  }
}
