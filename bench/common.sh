#!/usr/bin/env bash
# Sourced by the benchmarks (DB, SCHEMAS, SHARE, TARGET_GB and log must be set first).
#
# generate: the six-schema database they share, created once (about 4 minutes for 1.6 GB here) and kept;
#           drop it with: psql -c 'DROP DATABASE bench_backup'

generate() {
  if psql -qtA -d "$DB" -c "select 1 from pg_namespace where nspname='media'" 2>/dev/null | grep -q 1; then
    return
  fi
  psql -q -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
  total_rows=$(python3 -c "print(int($TARGET_GB * 1024**3 / 420))")
  for i in "${!SCHEMAS[@]}"; do
    s="${SCHEMAS[$i]}"
    rows=$(( total_rows * ${SHARE[$i]} / 100 ))
    log "generating \"$s\": $rows rows"
    psql -q -d "$DB" <<SQL
CREATE SCHEMA "$s";
CREATE TABLE "$s".items (
  id bigint PRIMARY KEY, created_at timestamptz NOT NULL, amount numeric(12,2), status text,
  title text, body text, attrs jsonb);
INSERT INTO "$s".items
SELECT g, timestamptz '2025-01-01' + g * interval '17 seconds', (g % 100000) / 100.0,
       (array['new','paid','shipped','cancelled'])[1 + g % 4],
       'item ' || g || ' ' || substr(md5(g::text), 1, 12),
       md5(g::text) || ' ' || md5((g * 7)::text) || ' lorem ipsum dolor sit amet ' || md5((g * 13)::text)
         || ' ' || repeat(chr(97 + g % 26), 20) || ' ' || md5((g * 31)::text),
       jsonb_build_object('k', g % 1000, 'tag', md5((g % 5000)::text), 'flag', g % 2 = 0)
FROM generate_series(1, $rows) g;
CREATE TABLE "$s".events (id bigint PRIMARY KEY, item_id bigint REFERENCES "$s".items, at timestamptz, kind text);
INSERT INTO "$s".events SELECT g, 1 + g % $rows, now() - g * interval '1 minute', 'k' || (g % 50)
FROM generate_series(1, $rows / 4) g;
SQL
  done
  psql -q -d "$DB" -c "VACUUM ANALYZE"
}

now_ms() { date +%s%3N; }

# await_health PORT LOG: waits until a service answers UP on /actuator/health, or exits naming its log.
await_health() {
  for _ in $(seq 1 240); do
    curl -fs "http://127.0.0.1:$1/actuator/health" | grep -q '"UP"' && return
    sleep 0.5
  done
  echo "the service on port $1 did not become healthy; see $2" >&2
  exit 1
}

# metric_sum PORT NAME [FILTER]: the sum of a Prometheus metric's samples whose labels contain FILTER.
metric_sum() {
  curl -fs "http://127.0.0.1:$1/actuator/prometheus" \
    | awk -v m="$2" -v f="${3:-}" '$1 ~ "^"m"({|$)" && index($1, f) {s += $2} END {printf "%.0f", s}'
}

ratio() { python3 -c "print(f'{$1/$2:.2f}')"; }
