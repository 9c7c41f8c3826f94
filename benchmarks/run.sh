#!/usr/bin/env bash
# Builds the benchmarks module (and what it depends on) and runs a benchmark:
#   benchmarks/run.sh [rate|scan|write|memory|jmh|all] [--option value]...   (run.sh help lists the options)
# Results: benchmarks/results/<name>.csv (rate: also rate.md, rate-series.csv and one rate-<path>.png per row).
# Needs Java 17, Maven and Node.js (dynalite).
# BENCH_SKIP_BUILD=1 reuses the last build; BENCH_JAVA_OPTS adds JVM options (default -Xmx4g);
# BENCH_MVN_FLAGS adds Maven flags (e.g. -o when the local repository is warm).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v node >/dev/null || { echo "Node.js is required (the benchmark backend, dynalite, runs on it)" >&2; exit 1; }
(cd backend && [ -d node_modules/dynalite ] || npm ci --no-audit --no-fund >/dev/null)

command=${1:-all}
# The rate benchmark's Hive and mini YARN rows run in child JVMs on those modules' test classpaths (their
# unshaded Hadoop jars cannot share the benchmark's Spark classpath): build them too and write their classpaths.
child_modules=
case "$command" in rate|all) child_modules=",emr-dynamodb-hive,yarn-tests" ;; esac

launcher=benchmarks/target/launcher
if [ "${BENCH_SKIP_BUILD:-0}" != 1 ] || [ ! -f "$launcher/classpath.txt" ]; then
  echo "building (mvn install -pl benchmarks$child_modules -am, tests compiled but not run) ..." >&2
  # shellcheck disable=SC2086
  mvn -B -ntp -q ${BENCH_MVN_FLAGS:-} -DskipTests install -pl "benchmarks$child_modules" -am
  if [ -n "$child_modules" ]; then
    # shellcheck disable=SC2086
    mvn -B -ntp -q ${BENCH_MVN_FLAGS:-} -pl "${child_modules#,}" \
      org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
      -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
  fi
fi

# Spark (and the Hive child JVM) need the root pom's jvm.opens on Java 17; the build wrote them to jvm.args.
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
# shellcheck disable=SC2086
exec java ${BENCH_JAVA_OPTS:--Xmx4g} @"$launcher/jvm.args" -Dddb.project.root="$PWD" \
  -cp "benchmarks/target/classes:$(cat "$launcher/classpath.txt")" io.ddbconnector.benchmarks.BenchmarkMain "$@"
