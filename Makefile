# The two set-up commands (see README): `make run` and `make test`.
.PHONY: run test lint format messages bench worker backup restore

# `make run PORT=8001` serves on another port (SITE_URL follows unless it is set).
run:
	scripts/run.sh

test:
	scripts/test.sh

lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check .

format:
	.venv/bin/ruff check --fix . && .venv/bin/ruff format .

messages:
	DEBUG=true .venv/bin/python manage.py makemessages -l en --ignore=.venv --ignore=staticfiles --ignore=templates/simple_history --ignore=tests
	DEBUG=true .venv/bin/python manage.py compilemessages -l en -l ja --ignore=.venv

worker:
	DEBUG=true .venv/bin/celery -A aiga worker --beat --loglevel=info

bench:
	scripts/setup-venv.sh
	.venv/bin/python scripts/bench.py

# A PostgreSQL dump plus the public and private files, with a manifest (docs/operations.md).
# `make backup TO=/backups/2026-12-04` (default var/backups/<date-time>).
backup:
	.venv/bin/python manage.py backup $(if $(TO),--to $(TO))

# Into an EMPTY database and empty file folders, then verified: `make restore FROM=<folder>`.
restore:
	@test -n "$(FROM)" || (echo "Usage: make restore FROM=<backup folder>" >&2; exit 2)
	.venv/bin/python manage.py restore --from $(FROM)
