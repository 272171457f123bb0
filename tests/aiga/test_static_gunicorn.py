"""With DEBUG=False, gunicorn serves the vendored CSS through WhiteNoise."""

import subprocess
import time
import urllib.request

from tests.helpers import BIN, ROOT, free_port, manage, production_env


def test_vendored_css_served_by_whitenoise_under_gunicorn(tmp_path):
    env = production_env(
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        STATIC_ROOT=str(tmp_path / "static"),
        SECURE_SSL_REDIRECT="false",
    )
    collected = manage("collectstatic", "--noinput", env=env, timeout=300)
    assert collected.returncode == 0, collected.stderr
    port = free_port()
    server = subprocess.Popen(
        [
            BIN / "gunicorn",
            "aiga.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        body = None
        for _ in range(100):
            try:
                url = f"http://127.0.0.1:{port}/static/vendor/bootstrap/css/bootstrap.min.css"
                with urllib.request.urlopen(url, timeout=2) as response:
                    body = response.read()
                    headers = response.headers
                break
            except OSError:
                time.sleep(0.2)
        assert body is not None, "gunicorn did not answer"
        assert b"Bootstrap" in body[:200]
        assert "text/css" in headers["Content-Type"]
        assert "max-age" in headers.get("Cache-Control", "")
    finally:
        server.terminate()
        server.wait(timeout=10)
