# The settings part of `make run`, sourced by scripts/run.sh (and by its test) from the
# project's folder: the port to serve on, and the site's address for links in e-mails from
# that port unless SITE_URL is set (in the environment or in .env).
PORT=${PORT:-8000}
if ! [[ "$PORT" =~ ^[0-9]{1,5}$ ]] || ((10#$PORT < 1 || 10#$PORT > 65535)); then
    echo "PORT must be a number from 1 to 65535, not '$PORT'." >&2
    exit 2
fi
PORT=$((10#$PORT))
export PORT
if [[ -z "${SITE_URL:-}" ]] && ! grep -qs '^[[:space:]]*SITE_URL=' .env; then
    export SITE_URL="http://127.0.0.1:$PORT"
fi
