#!/usr/bin/env bash
# What the DR target is up against on this machine: the six schemas restored by hand in ways that need no system,
# each into a new database, with the wall time and the CPU time of the whole machine meanwhile:
#   seq-pipe    the manual: gunzip -c X.dump.gz | pg_restore, one schema after another (the bench's baseline)
#   lanes-pipe  the same in two lanes of three schemas (user, notification, media | event, crew, payment)
#   lanes-j2    two lanes of pg_restore -j 2 from archives decompressed beforehand (decompression not timed): the
#               system's restore step alone, without download, checksum or decompression
#   lanes-j1    two lanes of pg_restore from the decompressed archives, one job each
# Uses the gzip archives of the last bench/restore-bench.sh run (bench/work/restore/store-gz). Usage:
# bench/dr-lanes.sh [rounds (default 2)]
set -euo pipefail
REPO_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STORE="$REPO_DIR/bench/work/restore/store-gz/postgres/bench_backup"
WORK="$REPO_DIR/bench/work/dr-lanes"
DB=bench_dr_lanes
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
[ -d "$STORE" ] || { echo "no archives in $STORE: run bench/restore-bench.sh first" >&2; exit 1; }
rm -rf "$WORK" && mkdir -p "$WORK"
trap 'psql -q -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" 2>/dev/null || true' EXIT
for s in user event crew payment notification media; do
  f=$(find "$STORE" -name "manual_${s}_*.dump.gz" | head -n 1)
  ln -s "$f" "$WORK/$s.dump.gz"
  gunzip -c "$f" > "$WORK/$s.custom"
done
busy_ms() { awk '/^cpu / {printf "%d", ($2 + $3 + $4 + $7 + $8) * 1000 / '"$(getconf CLK_TCK)"'}' /proc/stat; }
one() { # mode schema
  case $1 in
    pipe) gunzip -c "$WORK/$2.dump.gz" | pg_restore -d $DB ;;
    j2) pg_restore -d $DB -j 2 "$WORK/$2.custom" ;;
    j1) pg_restore -d $DB "$WORK/$2.custom" ;;
  esac
}
run() { # label mode lanes
  local b0 b1 s e
  psql -q -c "DROP DATABASE IF EXISTS $DB"; sync; psql -q -c CHECKPOINT; sleep 2
  b0=$(busy_ms); s=$(date +%s%3N); createdb $DB
  if [ "$3" = 1 ]; then
    for x in user event crew payment notification media; do one "$2" $x; done
  else
    (for x in user notification media; do one "$2" $x; done) &
    (for x in event crew payment; do one "$2" $x; done) &
    wait
  fi
  e=$(date +%s%3N); b1=$(busy_ms)
  printf '| %s | %d ms | %d ms | %s |\n' "$1" $((e - s)) $((b1 - b0)) "$(python3 -c "print(f'{($b1 - $b0) / ($e - $s):.2f}')")"
}
echo "| way | wall | CPU (whole machine) | cores busy |"
echo "|---|---|---|---|"
for _ in $(seq 1 "${1:-2}"); do
  run seq-pipe pipe 1; run lanes-pipe pipe 2; run lanes-j2 j2 2; run lanes-j1 j1 2
done
rm -rf "$WORK"
