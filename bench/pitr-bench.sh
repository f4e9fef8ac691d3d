#!/usr/bin/env bash
# Whole-cluster RTO, point-in-time recovery vs the logical restore-all of the same database (issue 17):
# bench/pitr-bench.sh [target-GB (default 1.6)]; ROUNDS (default 2); REPLAY_ROUNDS (default 0) rewrites of the largest
# table after the base backup, for a replay-heavy archive. Starts its own throw-away cluster (initdb; as
# root its programs run as the postgres OS user), so nothing of the shared server is touched; about 10 minutes for
# 1.6 GB here. Needs backup-core and test-support built (./mvnw -pl backup-core,test-support -am install -DskipTests).
set -euo pipefail
REPO_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_DIR"
deps="$(mktemp)"; trap 'rm -f "$deps"' EXIT
./mvnw -B -q -pl backup-core dependency:build-classpath -Dmdep.outputFile="$deps" -Dmdep.includeScope=test >/dev/null
java -Xmx256m -XX:+UseSerialGC \
  -cp "$REPO_DIR/backup-core/target/classes:$REPO_DIR/test-support/target/classes:$(cat "$deps")" \
  "$REPO_DIR/bench/PitrBench.java" "${1:-1.6}"
rm -rf "$REPO_DIR/bench/work/pitr"
