#!/usr/bin/env bash
# Command 1 of the README: builds the samples quietly (errors are shown), then runs the main sample --
# starts an embedded DynamoDB-compatible backend, loads 100,000 generated orders, analyses them with Spark
# through the connector, writes the result to a second table, prints it and stops the backend.
#
#   ./run-sample.sh [--items N] [--endpoint URL --region R --table NAME [--load]] [--help]
#   ./run-sample.sh mapreduce|spark-rdd|spark-sql|streaming [options]   the other samples
#   ./run-sample.sh tool export|import|copy [options]           the export/import/copy tools: builds and runs
#                                                               java -jar emr-dynamodb-tools/target/*-all.jar (no Node.js)
set -euo pipefail
cd "$(dirname "$0")"
root=$(pwd)

command -v java >/dev/null || { echo "run-sample: Java 17 is required" >&2; exit 1; }
command -v mvn >/dev/null || { echo "run-sample: Maven is required" >&2; exit 1; }
java_cmd=java
[ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && java_cmd="$JAVA_HOME/bin/java"

# The tools are their own runnable jar: build it (quietly) and hand it the rest of the command line.
if [ "${1:-}" = tool ]; then
  shift
  log=$(mktemp)
  trap 'rm -f "$log"' EXIT
  echo "Building the tools (mvn package -pl emr-dynamodb-tools -am) ..." >&2
  if ! mvn -B -ntp -q -Dmaven.test.skip=true package -pl emr-dynamodb-tools -am >"$log" 2>&1; then
    cat "$log" >&2
    echo "run-sample: the build failed (output above)" >&2
    exit 1
  fi
  jar=$(ls emr-dynamodb-tools/target/emr-dynamodb-tools-*-all.jar | head -1)
  rm -f "$log"
  trap - EXIT
  exec "$java_cmd" -jar "$jar" "$@"
fi

command -v node >/dev/null || { echo "run-sample: Node.js is required (the embedded backend, dynalite, runs on it)" >&2; exit 1; }

# Build only what the samples need (test kit, core, samples), without tests. Quiet unless it fails.
log=$(mktemp)
trap 'rm -f "$log"' EXIT
echo "Building the samples (mvn package -pl samples -am) ..."
if ! mvn -B -ntp -q -Dmaven.test.skip=true package -pl samples -am >"$log" 2>&1; then
  cat "$log" >&2
  echo "run-sample: the build failed (output above)" >&2
  exit 1
fi

# The build wrote the runtime classpath and the JVM flags Spark needs on Java 17 (the root pom's jvm.opens).
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
exec "$java_cmd" @samples/target/launcher/jvm.args -Dddb.project.root="$root" \
  -cp "samples/target/classes:$(cat samples/target/launcher/classpath.txt)" \
  io.ddbconnector.samples.Launcher "$@"
