#!/usr/bin/env bash
# Benchmark of the restore path (issue: restore). Prints numbers and appends them to bench/results/.
#
# Archives: one backup of each of the six schemas of `bench_backup`, made by the real backup-worker into a
# filesystem store, in the default format (gzip, the manual's) and again as zstd (backup.worker.compression=zstd)
# into a second store. Then, in one run so the numbers share the machine's current load:
#   (a) atomic replace of all six schemas in place:
#       by hand:   for each schema `gunzip -c X.dump.gz | pg_restore -d DB --clean --if-exists`, one after another
#       system:    six signed restore.requested (safetyBackup=false) → restore-worker, until six restore.completed;
#                  with the default concurrency (2), with one restore at a time, and (2) from the zstd archives
#   (b) disaster recovery into a new, empty database:
#       by hand:   createdb, then for each schema `gunzip -c X.dump.gz | pg_restore -d NEW`, one after another
#                  (and, for reference, the same with `zstd -dc X.dump.zst`)
#       system:    six commands "newest backup" into a database that does not exist yet (the worker creates it;
#                  absent schemas are restored with pg_restore -j 2, then with parallel-jobs=1: one transaction
#                  per schema, then with -j 2 from the zstd archives); the wall time is the RTO from command to data.
# Reports system/by-hand ratios (against the manual's gzip command) and the restore-worker's peak RSS.
#
# Every phase runs ROUNDS times (default 2), interleaved, each after `sync` and a CHECKPOINT so one phase's writes
# do not slow the next; the report gives every round and compares the means.
#
# Usage: bench/restore-bench.sh [target-GB (default 1.6)]. SKIP_BUILD=1 uses the jars already in */target.
set -euo pipefail

REPO_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_DIR"
DB=bench_backup
TARGET_GB="${1:-1.6}"
WORK="$REPO_DIR/bench/work/restore"
RESULTS="$REPO_DIR/bench/results/restore-$(date -u +%Y-%m-%d).md"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
SCHEMAS=(user event crew payment notification media)
SHARE=(40 25 15 10 6 4)
JVM_OPTS="${JVM_OPTS:--Xms64m -Xmx256m -XX:+UseSerialGC -XX:MaxMetaspaceSize=160m}"
DR_HAND=bench_dr_by_hand
DR_SYSTEM=bench_dr_system
DR_WARM=bench_dr_warmup
ROUNDS="${ROUNDS:-2}"
PHASES="${PHASES:-replace dr}" # a subset (replace or dr) for a quicker look; the results table then has only its rows
# The system's disaster-recovery runs, parallel-jobs:codec[:warm]. "warm": the worker has restored one small schema
# (media, into another database) before the timed run, as a worker that has been running (and drilling) would have;
# otherwise it is freshly started and compiles its hot paths during the timed run.
DR_RUNS="${DR_RUNS:-2:gz 1:gz 2:zst}"
export RESTORE_SIGNING_KEY="${RESTORE_SIGNING_KEY:-bench-signing-key-0123456789abcdefghijklmnop}"
rm -rf "$WORK" && mkdir -p "$WORK"
pid=""

cleanup() {
  [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  psql -q -c "DROP DATABASE IF EXISTS $DR_HAND WITH (FORCE)" -c "DROP DATABASE IF EXISTS $DR_SYSTEM WITH (FORCE)" \
    -c "DROP DATABASE IF EXISTS $DR_WARM WITH (FORCE)" \
    2>/dev/null || true
  [ "${started_kafka:-}" = yes ] && infra/kafka.sh stop >/dev/null 2>&1 || true
}
trap cleanup EXIT

log() { printf '%s\n' "$*" | tee -a "$WORK/bench.log"; }
# shellcheck source=bench/common.sh
. "$REPO_DIR/bench/common.sh"

stop_service() {
  PEAK_RSS_KB=$(awk '/VmHWM/ {print $2}' /proc/"$pid"/status)
  kill -TERM "$pid"; wait "$pid" 2>/dev/null || true; pid=""
}

store_of() { echo "$WORK/store-$1"; } # $1 codec: gz or zst
decompress_cmd() { if [ "$1" = zst ]; then echo "zstd -dc"; else echo "gunzip -c"; fi; }

make_backups() { # $1 codec
  local jar compression=gzip
  [ "$1" = zst ] && compression=zstd
  jar=$(ls backup-worker/target/backup-worker-*-exec.jar | head -n 1)
  KAFKA_PASSWORD="$(infra/kafka.sh password backup-worker)" \
    java $JVM_OPTS -jar "$jar" --server.port=8091 --backup.worker.pool="bench-restore-$(date +%s%N)" \
    --backup.worker.databases.$DB=user,event,crew,payment,notification,media \
    --backup.worker.compression=$compression \
    --backup.platform.store.type=filesystem --backup.platform.store.filesystem-root="$(store_of "$1")" \
    --backup.platform.consumer.auto-offset-reset=latest --logging.structured.format.console= \
    >"$WORK/backup-worker-$1.log" 2>&1 &
  pid=$!
  await_health 8091 "$WORK/backup-worker-$1.log"
  for s in "${SCHEMAS[@]}"; do bin/request-backup "$s" "$DB" >/dev/null; done
  # Label order is alphabetical; other databases' requests on a shared broker are someone else's.
  until [ "$(metric_sum 8091 backup_worker_backups_total "database=\"$DB\",outcome=\"completed\"")" -ge 6 ]; do
    sleep 0.5
  done
  local failed
  failed=$(metric_sum 8091 backup_worker_backups_total "database=\"$DB\",outcome=\"failed\"")
  if [ "$failed" != 0 ]; then
    echo "a backup failed ($failed):" >&2
    curl -fs http://127.0.0.1:8091/actuator/prometheus | grep backups_total >&2 || true
    exit 1
  fi
  stop_service
  ARCHIVE_BYTES[$1]=$(find "$(store_of "$1")" -name "*.dump.$1" -printf '%s\n' | awk '{s += $1} END {print s}')
}

archive_of() { find "$(store_of "$2")/postgres/$DB" -name "manual_$1_*.dump.$2" | head -n 1; } # schema codec

# start_restore_worker LABEL CONCURRENCY JOBS CODEC: the worker on the codec's store, logging to restore-worker-LABEL.
start_restore_worker() {
  local jar
  jar=$(ls restore-worker/target/restore-worker-*-exec.jar | head -n 1)
  KAFKA_PASSWORD="$(infra/kafka.sh password restore-worker)" java $JVM_OPTS -jar "$jar" --server.port=8092 \
    --restore.allowed-databases=$DB,$DR_SYSTEM,$DR_WARM --restore.concurrency="$2" --restore.parallel-jobs="$3" \
    --backup.platform.consumer.group="restore-worker-bench-$(date +%s%N)" --backup.platform.consumer.auto-offset-reset=latest \
    --backup.platform.store.type=filesystem --backup.platform.store.filesystem-root="$(store_of "$4")" \
    --restore.work-dir="$WORK/tmp" --logging.structured.format.console= >"$WORK/restore-worker-$1.log" 2>&1 &
  pid=$!
  await_health 8092 "$WORK/restore-worker-$1.log"
  sleep 3 # the consumer joins its group after health is UP
}

# send_restores TARGET KEYMODE CODEC [SCHEMA...]: one ConsoleProducer for signed commands, one per schema (default:
# all six), for the codec's keys or `latest`.
send_restores() {
  local target=$1 keymode=$2 codec=$3 lines="" s key batch
  shift 3
  local schemas=("$@")
  [ ${#schemas[@]} -gt 0 ] || schemas=("${SCHEMAS[@]}")
  batch=$(cat /proc/sys/kernel/random/uuid)
  for s in "${schemas[@]}"; do
    if [ "$keymode" = latest ]; then key=latest; else key="${ARCHIVE_KEYS[$codec:$s]}"; fi
    lines+="$DB.$s	$(bin/request-restore --print --no-safety-backup --batch "$batch" --target "$target" \
      "$s" "$key" "$DB")"$'\n'
  done
  printf '%s' "$lines" | java -cp "$(infra/kafka.sh tools)/*" org.apache.kafka.tools.ConsoleProducer \
    --bootstrap-server "$KAFKA_BOOTSTRAP_SERVERS" --producer.config "$(infra/kafka.sh client-config operator)" \
    --topic restore.requested --property parse.key=true \
    --property 'key.separator=	' >/dev/null
}

# await_restores LOG N: waits until the worker has answered N commands in all; fails the bench on anything but
# restore.completed. It watches the worker's log (a scrape of /actuator/prometheus every 0.2 s cost the worker
# about 0.5 s of CPU per run) and then takes the outcome from the worker's metrics.
await_restores() {
  until [ "$(grep -cE ": .* replaced by |restore [0-9a-f-]+ (rejected|failed)" "$1")" -ge "$2" ]; do
    sleep 0.2
  done
  until [ "$(metric_sum 8092 restore_worker_restores_total "database=\"$DB\"")" -ge "$2" ]; do sleep 0.2; done
  local done_count
  done_count=$(metric_sum 8092 restore_worker_restores_total "database=\"$DB\",outcome=\"completed\"")
  [ "$done_count" -eq "$2" ] || { echo "only $done_count of $2 restores completed; see $WORK" >&2; exit 1; }
}

# worker_wall_ms LOG TARGET: from the first restore's start to the last one's end, by the worker's own log (so the
# command-line producer's JVM start-up, a tool artefact, is not counted; the consumer's pick-up is).
worker_wall_ms() {
  local first last
  first=$(grep -m1 ": started, RESTORE of $DB\..* into $2\$" "$1" | cut -c1-24)
  last=$(grep " $2\.[a-z_]* replaced by" "$1" | tail -n 1 | cut -c1-24)
  echo $(( $(date -d "$last" +%s%3N) - $(date -d "$first" +%s%3N) ))
}

busy_ms() { awk '/^cpu / {printf "%d", ($2 + $3 + $4 + $7 + $8) * 1000 / '"$(getconf CLK_TCK)"'}' /proc/stat; }

proc_cpu_ms() { awk -v t="$(getconf CLK_TCK)" '{printf "%d", ($14 + $15) * 1000 / t}' /proc/"$1"/stat; } # PID

# system_run LABEL CONCURRENCY JOBS CODEC TARGET KEYMODE [warm]: six commands through a fresh restore-worker (with
# "warm": after it restored the smallest schema into another database, untimed); sets
# SYSTEM_MS (from publication), WORKER_MS (the worker's own first start to last end), SYSTEM_CORES (how many of the
# machine's cores were busy meanwhile, on average), WORKER_CPU_MS (the restore-worker JVM's own CPU time meanwhile)
# and PEAK_RSS_KB.
system_run() {
  start_restore_worker "$1" "$2" "$3" "$4"
  local start end busy0 jvm0 answers=6
  if [ "${7:-}" = warm ]; then
    psql -q -c "DROP DATABASE IF EXISTS $DR_WARM"
    send_restores "$DR_WARM" latest "$4" media
    await_restores "$WORK/restore-worker-$1.log" 1
    psql -q -c "DROP DATABASE $DR_WARM WITH (FORCE)"
    quiesce
    answers=7
  fi
  busy0=$(busy_ms) jvm0=$(proc_cpu_ms "$pid")
  start=$(now_ms)
  send_restores "$5" "$6" "$4"
  await_restores "$WORK/restore-worker-$1.log" "$answers"
  end=$(now_ms)
  SYSTEM_MS=$((end - start))
  SYSTEM_CORES=$(python3 -c "print(f'{($(busy_ms) - $busy0) / $SYSTEM_MS:.2f}')")
  WORKER_CPU_MS=$(( $(proc_cpu_ms "$pid") - jvm0 ))
  WORKER_MS=$(worker_wall_ms "$WORK/restore-worker-$1.log" "$5")
  stop_service
}

system_replace() { system_run "replace$1-$2" "$1" 2 "$2" "$DB" keys; } # $1 concurrency, $2 codec

by_hand_replace() {
  local start end s
  start=$(now_ms)
  for s in "${SCHEMAS[@]}"; do
    gunzip -c "$(archive_of "$s" gz)" | pg_restore -d "$DB" --clean --if-exists
  done
  end=$(now_ms)
  HAND_MS=$((end - start))
}

by_hand_dr() { # $1 codec
  local start end s busy0
  psql -q -c "DROP DATABASE IF EXISTS $DR_HAND"
  busy0=$(busy_ms)
  start=$(now_ms)
  createdb "$DR_HAND"
  for s in "${SCHEMAS[@]}"; do
    $(decompress_cmd "$1") "$(archive_of "$s" "$1")" | pg_restore -d "$DR_HAND"
  done
  end=$(now_ms)
  HAND_DR_MS=$((end - start))
  HAND_DR_CORES=$(python3 -c "print(f'{($(busy_ms) - $busy0) / $HAND_DR_MS:.2f}')")
  psql -q -c "DROP DATABASE $DR_HAND"
}

system_dr() { # $1 pg_restore -j for absent schemas (1: one transaction per schema), $2 codec, $3 "warm" or empty
  psql -q -c "DROP DATABASE IF EXISTS $DR_SYSTEM"
  system_run "dr$1-$2${3:+-$3}" 2 "$1" "$2" "$DR_SYSTEM" latest "${3:-}"
  psql -q -c "DROP DATABASE $DR_SYSTEM WITH (FORCE)"
}

if [ -z "${SKIP_BUILD:-}" ]; then
  ./mvnw -q -B -DskipTests -pl backup-worker,restore-worker -am package
fi
command -v zstd >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq zstd; }
# A broker this script starts is stopped again at exit (one that ran before is left running).
infra/kafka.sh status >/dev/null 2>&1 || started_kafka=yes
infra/kafka.sh start >/dev/null
export KAFKA_BOOTSTRAP_SERVERS="${KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:9092}"
generate
DB_BYTES=$(psql -qtA -c "select pg_database_size('$DB')")
declare -A ARCHIVE_BYTES ARCHIVE_KEYS
for codec in gz zst; do
  make_backups "$codec"
  for s in "${SCHEMAS[@]}"; do f=$(archive_of "$s" "$codec"); ARCHIVE_KEYS[$codec:$s]="${f#"$(store_of "$codec")"/}"; done
  log "archives ($codec): ${ARCHIVE_BYTES[$codec]} bytes"
done

# quiesce: the previous phase's dirty pages (archives, restored tables, WAL) written out before the next is timed.
quiesce() { sync; psql -q -c CHECKPOINT; sleep 2; }
mean() { echo "$@" | awk '{s = 0; for (i = 1; i <= NF; i++) s += $i; printf "%.0f", s / NF}'; }
list() { echo "$@" | sed 's/ / \/ /g'; }

declare -A T # phase -> wall times (ms) of each round; "<phase>_w" -> the worker's own times; "<phase>_rss" -> kB
add() { T[$1]="${T[$1]:-} $2"; T[$1]="${T[$1]# }"; }
wants() { [[ " $PHASES " == *" $1 "* ]]; }
for round in $(seq 1 "$ROUNDS"); do
  if wants replace; then
    quiesce; by_hand_replace; add hand "$HAND_MS"
    log "round $round: by hand, replace in place: ${HAND_MS} ms"
    for run in 2:gz 1:gz 2:zst; do
      c=${run%%:*} codec=${run#*:}
      quiesce; system_replace "$c" "$codec"; add "replace$c$codec" "$SYSTEM_MS"; add "replace$c${codec}_w" "$WORKER_MS"
      add "replace$c${codec}_rss" "$PEAK_RSS_KB"
      log "round $round: system, replace in place, $c at a time, $codec: ${SYSTEM_MS} ms (worker: ${WORKER_MS} ms), peak RSS ${PEAK_RSS_KB} kB"
    done
  fi
  if wants dr; then
    for codec in gz zst; do
      quiesce; by_hand_dr "$codec"; add "hand_dr$codec" "$HAND_DR_MS"; add "hand_dr${codec}_cores" "$HAND_DR_CORES"
      log "round $round: by hand, into an empty database, $codec: ${HAND_DR_MS} ms, using ${HAND_DR_CORES} cores of $(nproc)"
    done
    for run in $DR_RUNS; do
      IFS=: read -r j codec warm <<<"$run"
      p="dr$j$codec$warm"
      quiesce; system_dr "$j" "$codec" "$warm"; add "$p" "$SYSTEM_MS"; add "${p}_w" "$WORKER_MS"
      add "${p}_rss" "$PEAK_RSS_KB"; add "${p}_cores" "$SYSTEM_CORES"
      log "round $round: system, disaster recovery into a new database, parallel-jobs=$j, $codec${warm:+, $warm worker}: ${SYSTEM_MS} ms (worker: ${WORKER_MS} ms), using ${SYSTEM_CORES} cores (the worker's JVM: ${WORKER_CPU_MS} ms CPU), peak RSS ${PEAK_RSS_KB} kB"
    done
  fi
done

HAND_MS=$(mean ${T[hand]:-0}) HAND_DR_MS=$(mean ${T[hand_drgz]:-0})
row() { # label phase baseline-ms; nothing for a phase not run
  local m w
  [ -n "${T[$2]:-}" ] || return 0
  m=$(mean ${T[$2]}) w=$(mean ${T[${2}_w]})
  local label=$1
  [ -n "${T[${2}_cores]:-}" ] && label+=" (busy: $(list ${T[${2}_cores]}) of $(nproc) cores)"
  echo "| $label | $(list ${T[$2]}) ms (worker: $(list ${T[${2}_w]}) ms) | $m ms ($w ms) | $(ratio "$m" "$3")× ($(ratio "$w" "$3")×) | $(( $(echo ${T[${2}_rss]} | tr ' ' '\n' | sort -n | tail -n 1) / 1024 )) MiB |"
}
{
  echo
  echo "## $(date -u +%Y-%m-%dT%H:%MZ) on $(hostname) ($(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -r))"
  echo
  echo "Database \`$DB\`: $((DB_BYTES / 1024 / 1024)) MiB over six schemas (shares ${SHARE[*]} %); archives $((ARCHIVE_BYTES[gz] / 1024 / 1024)) MiB (gzip, the default) and $((ARCHIVE_BYTES[zst] / 1024 / 1024)) MiB (zstd)."
  echo "Store: filesystem. Restore-worker JVM: \`$JVM_OPTS\`; safety backups off (they are a backup, measured by the backup bench)."
  echo "$ROUNDS rounds, each running every phase in turn after \`sync\` and a CHECKPOINT; ratios compare the means, always"
  echo "with the manual's gzip command by hand."
  echo
  echo "System wall time from the commands' publication (including the command-line producer's JVM start, about 2 s"
  echo "here) and, in brackets, from the first restore's start to the last one's end as the worker logs them."
  echo
  echo "| run | each round | mean | vs by hand | restore-worker peak RSS |"
  echo "|---|---|---|---|---|"
  if wants replace; then
    echo "| by hand: gunzip -c \| pg_restore --clean --if-exists, six schemas in place, one after another | $(list ${T[hand]}) ms | ${HAND_MS} ms | 1.00× | – |"
    row "system: atomic replace, two at a time (default)" replace2gz "$HAND_MS"
    row "system: atomic replace, one at a time" replace1gz "$HAND_MS"
    row "system: atomic replace, two at a time, zstd archives" replace2zst "$HAND_MS"
  fi
  wants dr || exit 0
  echo "| by hand: createdb + gunzip -c \| pg_restore, six schemas one after another (busy: $(list ${T[hand_drgz_cores]}) of $(nproc) cores) | $(list ${T[hand_drgz]}) ms | ${HAND_DR_MS} ms | 1.00× | – |"
  echo "| by hand, for reference: createdb + zstd -dc \| pg_restore, zstd archives (busy: $(list ${T[hand_drzst_cores]}) of $(nproc) cores) | $(list ${T[hand_drzst]}) ms | $(mean ${T[hand_drzst]}) ms | $(ratio "$(mean ${T[hand_drzst]})" "$HAND_DR_MS")× | – |"
  row "system: disaster recovery into a new database (RTO), two schemas at a time, pg_restore -j 2 each (default)" dr2gz "$HAND_DR_MS"
  row "system: disaster recovery into a new database (RTO), two schemas at a time, one transaction each (parallel-jobs=1)" dr1gz "$HAND_DR_MS"
  row "system: disaster recovery into a new database (RTO), two schemas at a time, pg_restore -j 2 each, zstd archives" dr2zst "$HAND_DR_MS"
  row "system: disaster recovery as the default, by a worker that has restored before (warm JIT)" dr2gzwarm "$HAND_DR_MS"
  row "system: disaster recovery from zstd archives, by a worker that has restored before (warm JIT)" dr2zstwarm "$HAND_DR_MS"
} | tee -a "$RESULTS"
