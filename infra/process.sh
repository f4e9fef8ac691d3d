# Shared by infra/kafka.sh and infra/s3proxy.sh: one background server process tracked by a pid file.
# The including script defines PID_FILE, STOP_TIMEOUT_S, PROCESS_MARKER (a pattern its command line
# must contain, so a recycled pid is never mistaken for it), log() and running_address().

# Prints the pid of our running server, or fails.
running_pid() {
  [[ -f "$PID_FILE" ]] || return 1
  local pid
  pid="$(cat "$PID_FILE")"
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null \
      && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "$PROCESS_MARKER"; then
    echo "$pid"
    return 0
  fi
  return 1
}

# Succeeds when our server already runs at $1 (its configured address); exits 2 when it runs elsewhere (the
# caller asked for another address: stopping it first is the operator's call); fails when it is not running.
already_running_at() {
  local pid
  pid="$(running_pid)" || return 1
  if [[ "$(running_address)" != "$1" ]]; then
    log "already running (pid $pid) at $(running_address), not at $1; stop it first" >&2
    exit 2
  fi
  log "already running (pid $pid)"
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# SIGTERM, then SIGKILL after STOP_TIMEOUT_S; idempotent.
stop() {
  local pid
  if ! pid="$(running_pid)"; then
    rm -f "$PID_FILE"
    log "not running"
    return 0
  fi
  kill -TERM "$pid"
  local deadline=$((SECONDS + STOP_TIMEOUT_S))
  while kill -0 "$pid" 2>/dev/null; do
    if (( SECONDS >= deadline )); then
      log "still running after ${STOP_TIMEOUT_S}s: killing pid $pid"
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.2
  done
  rm -f "$PID_FILE"
  log "stopped"
}

# Exit status 0 when running, 3 when stopped.
status() {
  local pid
  if pid="$(running_pid)"; then
    log "running (pid $pid) at $(running_address)"
    return 0
  fi
  log "stopped"
  return 3
}
