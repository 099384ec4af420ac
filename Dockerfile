# The reference image: the app and the background worker (one image, two commands; see compose.yaml).
#   docker build -t cct-awards .
#   docker run ... cct-awards web      # migrate, then gunicorn on port 8000
#   docker run ... cct-awards worker   # the background worker (e-mails, the award-night pack)
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH=/app/.venv/bin:$PATH

# WeasyPrint's native libraries (Pango, HarfBuzz); the PDFs' fonts are bundled under static/. make runs the
# locked install. PostgreSQL's client library comes inside psycopg[binary].
RUN apt-get update \
    && apt-get install -y --no-install-recommends make libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# The locked runtime dependencies first (a layer that changes only with uv.lock): the same `make
# install-production` as on a server, which installs uv itself from the lock with pip --require-hashes.
COPY Makefile pyproject.toml uv.lock ./
COPY tools/locked_requirement.py tools/
RUN make install-production PYTHON=python3.11 && rm -rf /root/.cache

COPY . .

# Static files are collected into the image (WhiteNoise serves them, compressed, with hashed names). The keys
# below exist only for this one command, which needs settings that start with DJANGO_DEBUG=0; the container is
# given its own at run time.
RUN DJANGO_DEBUG=0 \
    DJANGO_SECRET_KEY=collectstatic-only-not-a-secret \
    AWARDS_DRAFT_KEYS=build:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= \
    AWARDS_MFA_KEYS=build:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= \
    DJANGO_STATIC_ROOT=/app/staticfiles \
    python manage.py collectstatic --noinput -v 0

# The app runs as an unprivileged user that owns only the private files folder.
RUN useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin awards \
    && mkdir -p /app/var/private \
    && chown -R awards:awards /app/var
USER awards

ENV DJANGO_DEBUG=0 \
    DJANGO_STATIC_ROOT=/app/staticfiles \
    DJANGO_PRIVATE_FILES_ROOT=/app/var/private \
    DJANGO_DB_CONN_MAX_AGE=60

EXPOSE 8000
ENTRYPOINT ["/app/deploy/entrypoint.sh"]
CMD ["web"]
