#!/usr/bin/env bash
# `make run`: install, migrate, load the demo data and serve http://127.0.0.1:8000
# (`make run PORT=8001` serves on another port; links in e-mails follow, unless SITE_URL is set)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/run-env.sh
scripts/setup-venv.sh
export DEBUG=${DEBUG:-true}
# The demo's secretariat signs its e-mails with a fictional person and number (production
# sets its own; see the README's settings).
export ASSOCIATION_PHONE=${ASSOCIATION_PHONE:-03-0000-0000}
export ASSOCIATION_CONTACT_PERSON=${ASSOCIATION_CONTACT_PERSON:-青木}
export ASSOCIATION_CONTACT_PERSON_EN=${ASSOCIATION_CONTACT_PERSON_EN:-Aoki}
.venv/bin/python manage.py migrate --noinput
.venv/bin/python manage.py seed_demo
echo
echo "Serving on http://127.0.0.1:$PORT  (secretariat: /admin/, board: /board/, members: /portal/)"
echo "Links in e-mails: ${SITE_URL:-(from .env)}"
exec .venv/bin/python manage.py runserver "127.0.0.1:$PORT"
