"""`make run PORT=…`: the settings part of scripts/run.sh (scripts/run-env.sh) serves on the
port and points the links in e-mails at it, unless SITE_URL is set; a bad port is refused."""

import os
import subprocess
from pathlib import Path

import pytest

RUN_ENV = Path(__file__).resolve().parents[2] / "scripts" / "run-env.sh"


def run_env(tmp_path, **env):
    """Source the script in an empty project folder; its PORT and SITE_URL, or its error."""
    environ = {k: v for k, v in os.environ.items() if k not in ("PORT", "SITE_URL")}
    environ.update(env)
    result = subprocess.run(
        ["bash", "-c", f'source "{RUN_ENV}" && echo "$PORT|${{SITE_URL-unset}}"'],
        cwd=tmp_path,
        env=environ,
        capture_output=True,
        text=True,
        timeout=10,
    )
    return result.returncode, result.stdout.strip(), result.stderr.strip()


def test_the_default_is_port_8000(tmp_path):
    assert run_env(tmp_path) == (0, "8000|http://127.0.0.1:8000", "")


def test_a_port_moves_the_links_in_e_mails_with_it(tmp_path):
    assert run_env(tmp_path, PORT="8123") == (0, "8123|http://127.0.0.1:8123", "")


def test_a_site_url_that_is_set_is_kept(tmp_path):
    code, out, _ = run_env(tmp_path, PORT="8123", SITE_URL="https://members.example.org")
    assert (code, out) == (0, "8123|https://members.example.org")


def test_a_site_url_in_dot_env_is_left_to_the_settings(tmp_path):
    (tmp_path / ".env").write_text("DEBUG=true\nSITE_URL=https://members.example.org\n")
    assert run_env(tmp_path, PORT="8123") == (0, "8123|unset", "")


@pytest.mark.parametrize("port", ["0", "65536", "abc", "80; rm -rf /", "8000x", "1234567"])
def test_a_bad_port_is_refused(tmp_path, port):
    code, out, err = run_env(tmp_path, PORT=port)
    assert code != 0
    assert out == ""
    assert "PORT must be a number from 1 to 65535" in err


def test_run_sh_serves_on_the_port():
    """The server and the printed address use the same PORT the settings part checked."""
    script = (RUN_ENV.parent / "run.sh").read_text()
    assert "source scripts/run-env.sh" in script
    assert script.index("source scripts/run-env.sh") < script.index("setup-venv.sh")
    assert 'runserver "127.0.0.1:$PORT"' in script
