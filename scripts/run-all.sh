#!/usr/bin/env bash
# Start the web server, one Celery worker and Celery beat together; Ctrl-C stops all three.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
PORT="${PORT:-8000}"
mkdir -p var/celery/queue var/celery/processed var/log

pids=()
stop() {
  trap - INT TERM EXIT
  echo "Đang dừng web, worker và beat..."
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT

.venv/bin/celery -A steering worker --loglevel=INFO --concurrency=2 --hostname="worker@%h" &
pids+=($!)
.venv/bin/celery -A steering beat --loglevel=INFO --schedule=var/celerybeat-schedule &
pids+=($!)
$PY manage.py runserver "0.0.0.0:${PORT}" &
pids+=($!)
echo "Ứng dụng đang chạy tại http://localhost:${PORT}/ (Ctrl-C để dừng)"
wait -n "${pids[@]}"
