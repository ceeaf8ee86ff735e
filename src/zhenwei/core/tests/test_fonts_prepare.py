"""The CJK font is built by the install step and server start, never inside the first export."""

import io
import threading

from django.core.management import call_command

from zhenwei.core import fonts


def test_prepare_builds_once_and_status_reports_it(settings, tmp_path, monkeypatch):
    settings.VAR_DIR = tmp_path
    built = []

    def fake_build(target):
        built.append(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(b"font")

    monkeypatch.setattr(fonts, "_build", fake_build)
    monkeypatch.setattr(fonts, "reportlab_font", lambda: fonts.FONT_NAME)
    out = io.StringIO()
    call_command("fonts", "status", stdout=out)
    assert "not built" in out.getvalue()
    call_command("fonts", "prepare", stdout=out)
    call_command("fonts", "prepare", stdout=out)
    assert built == [tmp_path / "fonts" / f"zhenwei-cjk-v{fonts._VERSION}.ttf"]
    assert "already built" in out.getvalue()
    status = io.StringIO()
    call_command("fonts", "status", stdout=status)
    assert "ready" in status.getvalue()


def test_server_start_builds_a_missing_font_in_the_background(settings, tmp_path, monkeypatch):
    settings.VAR_DIR = tmp_path
    done = threading.Event()

    def fake_prepare(*, warm=True):
        done.set()

    monkeypatch.setattr(fonts, "prepare", fake_prepare)
    fonts.warm_in_background()
    assert done.wait(5), "the font build was not started at server start"


def test_serve_prepares_the_font_before_it_forks(monkeypatch):
    from zhenwei.core.management.commands import serve

    called = []
    monkeypatch.setattr(fonts, "prepare", lambda **kw: called.append(kw))
    monkeypatch.setattr(fonts, "is_prepared", lambda: True)
    monkeypatch.setattr("zhenwei.verify.partitions.ensure_partitions", lambda: [])
    serve.Command()._maintain()
    assert called
