#!/usr/bin/env bash
# Builds the benchmarks module (and what it depends on) and runs a benchmark:
#   benchmarks/run.sh [rate|jobs|scan|write|memory|jmh|streaming|pushdown|all] [--option value]...   (run.sh help lists the options)
# Results: benchmarks/results/<name>.csv (rate: also rate.md, rate-series.csv and one rate-<path>.png per row;
# jobs: also jobs-runs.csv, jobs.md and jobs.png; streaming: also streaming.md; pushdown: also pushdown-runs.csv, pushdown.md).
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
# The jobs benchmark runs each variant in a JVM on its own classpath: Hadoop (benchmarks/jobs/hadoop/pom.xml),
# this project's emr-dynamodb-hadoop with its runtime dependencies, the reference connector from Maven Central
# (benchmarks/jobs/reference/pom.xml); the lists go to benchmarks/target/jobs/. The rate benchmark's
# mr-write, ref-mr-write and ref-mr-read rows run their jobs on the same classpaths.
jobs=0
case "$command" in jobs|rate|all) jobs=1 ;; esac
dep_plugin=org.apache.maven.plugins:maven-dependency-plugin:3.8.1

launcher=benchmarks/target/launcher
jobs_dir=$PWD/benchmarks/target/jobs
if [ "${BENCH_SKIP_BUILD:-0}" != 1 ] || [ ! -f "$launcher/classpath.txt" ] \
    || { [ "$jobs" = 1 ] && [ ! -f "$jobs_dir/hadoop.txt" ]; }; then
  # package, not install: the reactor's own jars (target/) are on every classpath, nothing goes to ~/.m2
  echo "building (mvn package -pl benchmarks$child_modules -am, tests compiled but not run) ..." >&2
  # shellcheck disable=SC2086
  mvn -B -ntp -q ${BENCH_MVN_FLAGS:-} -DskipTests -pl "benchmarks$child_modules" -am \
    package $dep_plugin:build-classpath -Dmdep.outputFile=target/bench-classpath.txt
  if [ "$jobs" = 1 ]; then
    mkdir -p "$jobs_dir"
    # shellcheck disable=SC2086
    mvn -B -ntp -q ${BENCH_MVN_FLAGS:-} -pl emr-dynamodb-hadoop $dep_plugin:build-classpath \
      -DincludeScope=runtime -Dmdep.outputFile="$jobs_dir/ours-deps.txt"
    # shellcheck disable=SC2086
    mvn -B -ntp -q ${BENCH_MVN_FLAGS:-} -f benchmarks/jobs/hadoop/pom.xml $dep_plugin:build-classpath \
      -DincludeScope=runtime -Dmdep.outputFile="$jobs_dir/hadoop.txt"
    # the reference may need Maven Central the first time (drop -o from BENCH_MVN_FLAGS); without it the jobs
    # benchmark runs the other variants and says why
    rm -f "$jobs_dir/reference-deps.txt"
    # shellcheck disable=SC2086
    mvn -B -ntp -q ${BENCH_MVN_FLAGS:-} -f benchmarks/jobs/reference/pom.xml $dep_plugin:build-classpath \
      -DincludeScope=runtime -Dmdep.outputFile="$jobs_dir/reference-deps.txt" \
      || echo "could not resolve the reference connector (benchmarks/jobs/reference/pom.xml)" >&2
  fi
fi

# Spark (and the Hive child JVM) need the root pom's jvm.opens on Java 17; the build wrote them to jvm.args.
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
# shellcheck disable=SC2086
exec java ${BENCH_JAVA_OPTS:--Xmx4g} @"$launcher/jvm.args" -Dddb.project.root="$PWD" \
  -cp "benchmarks/target/classes:$(cat "$launcher/classpath.txt")" io.ddbconnector.benchmarks.BenchmarkMain "$@"
