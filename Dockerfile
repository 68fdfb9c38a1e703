# Tsunagu: one image for web (gunicorn), Celery worker and beat.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    UV_PYTHON_DOWNLOADS=never \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    PATH="/opt/venv/bin:$PATH"

RUN pip install --no-cache-dir uv \
    && useradd --create-home --uid 1000 tsunagu

WORKDIR /app
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project

COPY . .
# Hashed, compressed static files for whitenoise; the key is only for this step.
RUN mkdir -p /app/var/exports \
    && SECRET_KEY=collectstatic-only STATIC_MANIFEST=true python manage.py collectstatic --noinput \
    && chown -R tsunagu /app/var 2>/dev/null || true

USER tsunagu
EXPOSE 8000
CMD ["gunicorn", "council.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
