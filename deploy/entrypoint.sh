#!/bin/sh
# The container's commands (Dockerfile ENTRYPOINT; compose.yaml names them):
#   web          migrate (the schema and the cache table), then gunicorn on 0.0.0.0:8000
#   worker       the background worker: queued e-mails, the award-night pack, the scheduled reminders
#   healthcheck  exits 0 when /health/ on this container answers 200 (database, cache, storage)
#   anything else runs as a command, e.g. `manage.py createsuperuser` or `sh`
set -eu

case "${1:-web}" in
  web)
    # Only one server should migrate when several start together: give the others AWARDS_MIGRATE_ON_START=0.
    if [ "${AWARDS_MIGRATE_ON_START:-1}" = "1" ]; then
      python manage.py migrate --noinput
      python manage.py createcachetable
    fi
    # No gunicorn access log: the app writes one JSON line per request, with its id and without the path's
    # tokens (config/logs.py).
    exec gunicorn config.wsgi \
      --bind "0.0.0.0:${PORT:-8000}" \
      --workers "${GUNICORN_WORKERS:-2}" \
      --timeout "${GUNICORN_TIMEOUT:-30}" \
      --graceful-timeout 30
    ;;
  worker)
    # The scheduled reminders run as a task that queues itself again; this queues it unless it is waiting already.
    python manage.py send_reminders --schedule
    exec python manage.py db_worker --no-reload
    ;;
  healthcheck)
    # The first allowed host as the Host header: a request for 127.0.0.1 would be refused by ALLOWED_HOSTS.
    exec python - <<'PY'
import os
import sys
import urllib.request

host = (os.environ.get("DJANGO_ALLOWED_HOSTS") or "localhost").split(",")[0].strip().lstrip(".")
request = urllib.request.Request(
    f"http://127.0.0.1:{os.environ.get('PORT', '8000')}/health/", headers={"Host": host, "Accept": "text/plain"}
)
try:
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (loopback)
        sys.exit(0 if response.status == 200 else 1)
except OSError as error:
    print(f"unhealthy: {error}", file=sys.stderr)
    sys.exit(1)
PY
    ;;
  *)
    exec "$@"
    ;;
esac
