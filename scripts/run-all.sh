#!/usr/bin/env bash
# Start the web server, one Celery worker and Celery beat together. Ctrl-C, SIGTERM and SIGHUP (a closed
# terminal, a process manager) stop all three within a few seconds.
#
# `make run` execs this script, so make's SIGTERM reaches it; and should whatever started it end without
# passing a signal on (make on SIGHUP, a killed parent), the script notices that its parent is gone and
# stops the services too.
#
# Each service runs in its own process group (`set -m`), so a signal sent to the terminal's group reaches
# this script only, and the script passes one SIGTERM to each service's main process. The Celery worker
# must not receive it in its pool processes too: a pool process killed under a warm shutdown leaves the
# worker waiting for it forever. Whatever has not stopped after STOP_GRACE seconds gets SIGQUIT, then
# SIGKILL, with its whole group.
set -euo pipefail
set -m
cd "$(dirname "$0")/.."
PY=.venv/bin/python
PORT="${PORT:-8000}"
STOP_GRACE="${STOP_GRACE:-10}"
VAR_DIR="${VAR_DIR:-var}"
mkdir -p "$VAR_DIR/celery/queue" "$VAR_DIR/celery/processed" "$VAR_DIR/log"

pids=()

alive() {
  local pid
  for pid in "$@"; do kill -0 "$pid" 2>/dev/null && return 0; done
  return 1
}

wait_for() {
  # wait_for SECONDS PID...: true once none of the PIDs is running, false after SECONDS.
  local deadline=$((SECONDS + $1))
  shift
  while alive "$@"; do
    ((SECONDS >= deadline)) && return 1
    sleep 0.2
  done
}

stop() {
  trap - INT TERM HUP EXIT
  echo "Đang dừng web, worker và beat..."
  local pid
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  if ! wait_for "$STOP_GRACE" "${pids[@]}"; then
    echo "Sau ${STOP_GRACE} giây vẫn còn dịch vụ chạy: buộc dừng."
    for pid in "${pids[@]}"; do kill -QUIT -- "-$pid" 2>/dev/null || true; done
    wait_for 3 "${pids[@]}" || true
  fi
  # The groups go too: runserver's reloaded child, the worker's pool processes.
  for pid in "${pids[@]}"; do kill -KILL -- "-$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP
trap stop EXIT

.venv/bin/celery -A steering worker --loglevel=INFO --concurrency=2 --hostname="worker@%h" &
pids+=($!)
.venv/bin/celery -A steering beat --loglevel=INFO --schedule="$VAR_DIR/celerybeat-schedule" &
pids+=($!)
$PY manage.py runserver "0.0.0.0:${PORT}" &
pids+=($!)
echo "Ứng dụng đang chạy tại http://localhost:${PORT}/ (Ctrl-C để dừng)"
parent=$PPID
while :; do
  for pid in "${pids[@]}"; do
    kill -0 "$pid" 2>/dev/null || { echo "Một dịch vụ đã dừng (pid $pid)."; exit 1; }
  done
  if [ "$(ps -o ppid= -p $$ | tr -d ' ')" != "$parent" ]; then
    echo "Tiến trình khởi động đã kết thúc."
    exit 143
  fi
  sleep 1 &
  wait $! || true
done
