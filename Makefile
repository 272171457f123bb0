# The two set-up commands (see README): `make run` and `make test`.
.PHONY: run test lint format messages bench worker

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
