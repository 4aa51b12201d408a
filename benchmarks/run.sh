#!/usr/bin/env bash
# Full benchmark run (manual; CI only runs the smoke mode in `mvn verify`). Builds the benchmarks jar, runs the suite
# (or the benchmarks matching the regex given) with JMH's gc profiler, prints JMH's table and then a table with B/op
# and the gap to each target. Extra arguments go to JMH, e.g.:
#   benchmarks/run.sh                                   # everything (about an hour on 2 cores, 1M-row PostgreSQL load included)
#   benchmarks/run.sh 'ReconcileBenchmark'              # one class
#   benchmarks/run.sh 'PlanBenchmark.diffAndPlan' -p steps=1000 -i 10
#   SKIP_BUILD=1 benchmarks/run.sh ...                  # reuse benchmarks/target/benchmarks.jar
# PostgreSQL: -Dsm.bench.postgres.url is read from SM_BENCH_POSTGRES_URL (default 127.0.0.1:5432/test, user postgres).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
if [ -z "${SKIP_BUILD:-}" ]; then
  (cd "$root" && mvn -B -q -ntp install -DskipTests -pl benchmarks -am)
fi
jar="$here/target/benchmarks.jar"
regex="${1:-org\.scenariomigration\.benchmarks\..*}"
[ $# -gt 0 ] && shift
out="$here/target/results-$(date -u +%Y%m%dT%H%M%SZ).json"
echo "# $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores, load: $(cut -d' ' -f1-3 /proc/loadavg)"
java -jar "$jar" "$regex" -prof gc -rf json -rff "$out" "$@"
echo
echo "# results: $out"
java -cp "$jar" org.scenariomigration.benchmarks.Report "$out"
