#!/usr/bin/env bash
# Benchmark of the backup path (issue: foundation). Prints numbers and appends them to bench/results/.
#
#   (a) the manual's way: for each schema `pg_dump -Fc -n S | gzip > file`, one after another;
#   (b) the system: six backup.requested on Kafka → backup-worker → S3 (S3Proxy), waiting for six
#       backup.completed; once with gzip, once with zstd.
# Reports b/a, archive sizes and the worker's peak RSS (VmHWM), also for a run of only the smallest schema.
#
# Usage: bench/backup-bench.sh [target-GB (default 1.6)]. Creates and keeps the database `bench_backup`
# (drop it with: psql -c 'DROP DATABASE bench_backup'). Needs the same tools as bin/run-local.
set -euo pipefail

REPO_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_DIR"
DB=bench_backup
TARGET_GB="${1:-1.6}"
WORK="$REPO_DIR/bench/work"
RESULTS="$REPO_DIR/bench/results/backup-$(date -u +%Y-%m-%d).md"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
SCHEMAS=(user event crew payment notification media)
# Unequal on purpose: the worker's memory must not depend on a schema's size.
SHARE=(40 25 15 10 6 4)
mkdir -p "$WORK"
worker_pid=""

cleanup() {
  [ -n "$worker_pid" ] && kill -TERM "$worker_pid" 2>/dev/null && wait "$worker_pid" 2>/dev/null || true
  infra/s3proxy.sh stop bench >/dev/null 2>&1 || true
  [ "${started_kafka:-}" = yes ] && infra/kafka.sh stop >/dev/null 2>&1 || true
}
trap cleanup EXIT

log() { printf '%s\n' "$*" | tee -a "$WORK/bench.log"; }
# shellcheck source=bench/common.sh
. "$REPO_DIR/bench/common.sh"

manual_way() {
  rm -rf "$WORK/manual" && mkdir -p "$WORK/manual"
  local start end
  start=$(now_ms)
  for s in "${SCHEMAS[@]}"; do
    pg_dump -Fc -n "$s" -d "$DB" | gzip > "$WORK/manual/${s}.dump.gz"
  done
  end=$(now_ms)
  MANUAL_MS=$((end - start))
  MANUAL_BYTES=$(du -cb "$WORK"/manual/*.dump.gz | tail -n 1 | cut -f1)
}

start_worker() { # $1 compression, $2 bucket
  local jar
  jar=$(ls backup-worker/target/backup-worker-*-exec.jar | head -n 1)
  KAFKA_PASSWORD="$(infra/kafka.sh password backup-worker)" java $WORKER_JVM_OPTS -jar "$jar" --server.port=8091 \
    --backup.worker.pool="bench-$2" \
    --backup.worker.databases.$DB=user,event,crew,payment,notification,media \
    --backup.worker.compression="$1" \
    --backup.platform.store.type=s3 --backup.platform.store.s3.bucket="$2" \
    --backup.platform.consumer.auto-offset-reset=latest \
    --logging.structured.format.console= ${WORKER_ARGS:-} >"$WORK/worker-$2.log" 2>&1 &
  worker_pid=$!
  await_health 8091 "$WORK/worker-$2.log"
}

stop_worker() {
  PEAK_RSS_KB=$(awk '/VmHWM/ {print $2}' /proc/"$worker_pid"/status)
  kill -TERM "$worker_pid"; wait "$worker_pid" 2>/dev/null || true; worker_pid=""
}

system_way() { # $1 compression, $2.. schemas
  local compression=$1; shift
  local bucket="bench-$compression-$(date +%s)"
  start_worker "$compression" "$bucket"
  local start end n=$#
  start=$(now_ms)
  for s in "$@"; do bin/request-backup "$s" "$DB" >/dev/null; done
  until [ "$(metric_sum 8091 backup_worker_backups_total)" -ge "$n" ]; do sleep 0.2; done
  end=$(now_ms)
  SYSTEM_MS=$((end - start))
  SYSTEM_BYTES=$(metric_sum 8091 backup_worker_backup_size_bytes_sum)
  FAILED=$(curl -fs http://127.0.0.1:8091/actuator/prometheus | grep 'backup_worker_backups_total' | grep -c 'outcome="failed"' || true)
  stop_worker
}

./mvnw -q -B -DskipTests -pl backup-worker -am package
# A broker this script starts is stopped again at exit (one that ran before is left running).
infra/kafka.sh status >/dev/null 2>&1 || started_kafka=yes
infra/kafka.sh start >/dev/null
# An S3 server of its own (instance "bench", port BENCH_S3_PORT, default 9200): a test run's server on 9000 may be
# stopped by the test JVM that started it in the middle of a measurement.
BENCH_S3_PORT="${BENCH_S3_PORT:-9200}"
S3_PORT="$BENCH_S3_PORT" infra/s3proxy.sh start bench >/dev/null
export KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:9092 S3_ENDPOINT=http://127.0.0.1:$BENCH_S3_PORT
WORKER_JVM_OPTS="${WORKER_JVM_OPTS:--Xms64m -Xmx256m -XX:+UseSerialGC -XX:MaxMetaspaceSize=160m}"
generate
DB_BYTES=$(psql -qtA -c "select pg_database_size('$DB')")

manual_way
log "manual: ${MANUAL_MS} ms, ${MANUAL_BYTES} bytes"
system_way gzip "${SCHEMAS[@]}"
GZ_MS=$SYSTEM_MS GZ_BYTES=$SYSTEM_BYTES GZ_RSS=$PEAK_RSS_KB
log "system gzip: ${GZ_MS} ms, ${GZ_BYTES} bytes, peak RSS ${GZ_RSS} kB, failed: $FAILED"
system_way zstd "${SCHEMAS[@]}"
ZS_MS=$SYSTEM_MS ZS_BYTES=$SYSTEM_BYTES ZS_RSS=$PEAK_RSS_KB
log "system zstd: ${ZS_MS} ms, ${ZS_BYTES} bytes, peak RSS ${ZS_RSS} kB, failed: $FAILED"
system_way gzip media
SMALL_RSS=$PEAK_RSS_KB
log "system gzip, smallest schema only: peak RSS ${SMALL_RSS} kB"
system_way gzip user
LARGE_RSS=$PEAK_RSS_KB
log "system gzip, largest schema only: peak RSS ${LARGE_RSS} kB"

{
  echo
  echo "## $(date -u +%Y-%m-%dT%H:%MZ) on $(hostname) ($(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -r))"
  echo
  echo "Database \`$DB\`: $((DB_BYTES / 1024 / 1024)) MiB over six schemas (shares ${SHARE[*]} %). Worker JVM: \`$WORKER_JVM_OPTS\`; extra worker arguments: \`${WORKER_ARGS:-none}\`."
  echo
  echo "| run | wall time | vs manual | archives | vs manual | worker peak RSS |"
  echo "|---|---|---|---|---|---|"
  echo "| manual: pg_dump -Fc \| gzip, sequential | ${MANUAL_MS} ms | 1.00× | ${MANUAL_BYTES} B | 1.00× | – |"
  echo "| system gzip (6 requests → S3) | ${GZ_MS} ms | $(ratio "$GZ_MS" "$MANUAL_MS")× | ${GZ_BYTES} B | $(ratio "$GZ_BYTES" "$MANUAL_BYTES")× | $((GZ_RSS / 1024)) MiB |"
  echo "| system zstd (6 requests → S3) | ${ZS_MS} ms | $(ratio "$ZS_MS" "$MANUAL_MS")× | ${ZS_BYTES} B | $(ratio "$ZS_BYTES" "$MANUAL_BYTES")× | $((ZS_RSS / 1024)) MiB |"
  echo "| system gzip, smallest schema only | | | | | $((SMALL_RSS / 1024)) MiB |"
  echo "| system gzip, largest schema only | | | | | $((LARGE_RSS / 1024)) MiB |"
} | tee -a "$RESULTS"
