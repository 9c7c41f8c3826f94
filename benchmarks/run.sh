#!/usr/bin/env bash
# Builds the benchmarks module (and what it depends on) and runs a benchmark:
#   benchmarks/run.sh [rate|scan|write|memory|jmh|all] [--option value]...   (run.sh help lists the options)
# Results: benchmarks/results/<name>.csv, rate-over-time.png. Needs Java 17, Maven and Node.js (dynalite).
# BENCH_SKIP_BUILD=1 reuses the last build; BENCH_JAVA_OPTS adds JVM options (default -Xmx4g).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v node >/dev/null || { echo "Node.js is required (the benchmark backend, dynalite, runs on it)" >&2; exit 1; }
(cd backend && [ -d node_modules/dynalite ] || npm ci --no-audit --no-fund >/dev/null)

cp_file=benchmarks/target/classpath.txt
if [ "${BENCH_SKIP_BUILD:-0}" != 1 ] || [ ! -f "$cp_file" ]; then
  echo "building (mvn install -pl benchmarks -am, tests skipped) ..." >&2
  mvn -B -ntp -q -DskipTests install -pl benchmarks -am
  mvn -B -ntp -q -pl benchmarks dependency:build-classpath -Dmdep.outputFile=target/classpath.txt \
    -Dmdep.includeScope=runtime
fi

exec java ${BENCH_JAVA_OPTS:--Xmx4g} -Dddb.project.root="$PWD" \
  -cp "benchmarks/target/classes:$(cat "$cp_file")" io.ddbconnector.benchmarks.BenchmarkMain "$@"
