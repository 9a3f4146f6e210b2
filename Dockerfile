# Plantrack: one image for the web server (gunicorn), the Celery worker and Celery beat.
# Build: docker compose build (see docker-compose.yml and README.md, "Deploying with Docker").
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint loads Pango and HarfBuzz at run time; DejaVu covers Vietnamese, Liberation Serif stands in for
# Times New Roman (the same fonts as the development machines, so PDFs look the same). gettext compiles
# the translation catalogues.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
        fonts-dejavu-core fonts-dejavu-extra fonts-liberation fonts-liberation2 \
        gettext \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Dependencies first, from pyproject.toml alone, so that a code change does not reinstall them.
COPY pyproject.toml README.md ./
RUN pip install .

COPY . .

# Static files with the production storage (hashed names, compressed), served by WhiteNoise. The key only
# lets the settings load with DJANGO_DEBUG=false; it signs nothing and is not in the final environment.
RUN DJANGO_DEBUG=false \
    DJANGO_SECRET_KEY=build-time-only-placeholder-that-signs-nothing-0123456789 \
    DJANGO_ALLOWED_HOSTS=localhost \
    python manage.py collectstatic --noinput \
    && python manage.py compilemessages

# Run as an unprivileged user; it owns only the uploads folder (a named volume in docker-compose.yml).
RUN useradd --system --uid 10001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin plantrack \
    && mkdir -p /data/media \
    && chown plantrack:plantrack /data/media
USER plantrack

ENV PLANTRACK_MEDIA_ROOT=/data/media \
    WEB_CONCURRENCY=3 \
    GUNICORN_CMD_ARGS="--bind 0.0.0.0:8000 --worker-tmp-dir /dev/shm --timeout 60 --access-logfile -"
EXPOSE 8000

CMD ["gunicorn", "config.wsgi"]
