#!/usr/bin/env bash
# Offsite encryption throughput and memory: bench/crypto-bench.sh [bytes] (default 1 GiB), heap capped at 48 MiB to
# show memory does not grow with the archive. Needs backup-core compiled (./mvnw -pl backup-core compile).
set -euo pipefail
REPO_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
size="${1:-1073741824}"
java -Xmx48m -XX:+UseSerialGC -cp "$REPO_DIR/backup-core/target/classes" "$REPO_DIR/bench/CryptoBench.java" "$size"
