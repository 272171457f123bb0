"""The PDF renderer loads its fonts once per worker, when the worker starts (issue 20)."""

import runpy
import tempfile
import threading
from pathlib import Path

from aiga import pdf


def _weasyprint_folders() -> set[str]:
    return {p.name for p in Path(tempfile.gettempdir()).glob("weasyprint-*")}


def _in_a_new_thread(fn):
    """A thread of its own: a worker that has rendered nothing yet."""
    result = {}

    def run():
        result["value"] = fn()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    return result["value"]


def test_documents_share_one_font_configuration():
    def three_renders():
        before = _weasyprint_folders()
        configs = set()
        for _ in range(3):
            pdf.warm_up()
            configs.add(id(pdf._local.font_config))
        return configs, _weasyprint_folders() - before

    configs, new_folders = _in_a_new_thread(three_renders)
    assert len(configs) == 1
    assert len(new_folders) <= 1  # one FontConfiguration, one folder, however many renders


def test_a_celery_worker_and_a_web_worker_warm_up_as_they_start():
    from aiga.celery import _warm_up_pdf

    def started(hook):
        hook()
        return getattr(pdf._local, "font_config", None) is not None

    assert _in_a_new_thread(lambda: started(_warm_up_pdf))
    config = runpy.run_path(str(Path(__file__).resolve().parents[2] / "gunicorn.conf.py"))
    assert _in_a_new_thread(lambda: started(lambda: config["post_worker_init"](None)))


def test_a_failing_warm_up_does_not_stop_the_worker(monkeypatch, caplog):
    def broken(html):
        raise OSError("no Pango")

    monkeypatch.setattr(pdf, "_write", broken)
    pdf.warm_up()
    assert "Could not warm up the PDF renderer" in caplog.text
