# The IDM Portal image: web (gunicorn), Celery worker and beat all run from it (docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint renders the PDFs with pango and harfbuzz; DejaVu covers French and Spanish
# accents (-extra adds the italic faces the documents use); harfbuzz-subset makes font subsetting fast.
# postgresql-client: pg_dump and pg_restore for manage.py backup/restore.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-dejavu-extra \
        postgresql-client \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# The dependencies first (pyproject.toml installs no package of its own), so that a code
# change does not reinstall them.
COPY pyproject.toml ./
RUN pip install .

COPY . .
RUN python manage.py compiletranslations \
    && useradd --system --uid 1000 --home-dir /app idm \
    && mkdir -p /app/media /app/staticfiles /app/backups \
    && chown -R idm:idm /app/media /app/staticfiles /app/backups

USER idm
EXPOSE 8000
CMD ["gunicorn", "idm_portal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
