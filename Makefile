.PHONY: run test lint messages

# Set up and run the demo: web, Celery worker and beat, with demo data.
run:
	scripts/run

# The whole test suite against PostgreSQL and Redis, browser tests included.
test:
	scripts/test

lint:
	scripts/bootstrap
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	DEBUG=true .venv/bin/mypy .
	.venv/bin/lint-imports

# Refresh and compile the translation catalogues (ja is the default language).
messages:
	DEBUG=true .venv/bin/python manage.py makemessages -l ja -l en --ignore=.venv --ignore=var --no-obsolete
	DEBUG=true .venv/bin/python manage.py compilemessages --ignore=.venv
