#!/usr/bin/env bash
# Offsite encryption throughput and memory: bench/crypto-bench.sh [bytes] (default 1 GiB), heap capped at 48 MiB to
# show memory does not grow with the archive. Needs backup-core compiled (./mvnw -pl backup-core compile).
set -euo pipefail
REPO_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
size="${1:-1073741824}"
# backup-core's classes and its dependencies (Tink among them), as Maven resolves them.
deps="$(mktemp)"; trap 'rm -f "$deps"' EXIT
(cd "$REPO_DIR" && ./mvnw -B -q -o -pl backup-core dependency:build-classpath -Dmdep.outputFile="$deps" >/dev/null)
java -Xmx48m -XX:+UseSerialGC -cp "$REPO_DIR/backup-core/target/classes:$(cat "$deps")" "$REPO_DIR/bench/CryptoBench.java" "$size"
