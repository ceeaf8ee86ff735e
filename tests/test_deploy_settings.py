"""Production settings: `zhenwei check --deploy --fail-level WARNING` is silent with a real key and hosts,
and the production process refuses to start without them."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _run(args, **env):
    base = {k: v for k, v in os.environ.items() if not k.startswith(("ZHENWEI_", "DJANGO_"))}
    base.update(env)
    return subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "-m", "zhenwei.cli", *args],
        env={**base, "PYTHONPATH": str(ROOT / "src")},
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )


PRODUCTION = {
    "ZHENWEI_ENV": "production",
    "ZHENWEI_SECRET_KEY": secrets.token_urlsafe(64),
    "ZHENWEI_ALLOWED_HOSTS": "zhenwei.example.gov.cn",
    "ZHENWEI_VAR_DIR": "/tmp/zw_security_deploycheck",
}


def test_deploy_check_reports_nothing_in_production():
    result = _run(["check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_turns_on_https_only_settings():
    code = (
        "import json; from django.conf import settings as s; print(json.dumps({k: getattr(s, k) for k in "
        "['SECURE_SSL_REDIRECT','SECURE_HSTS_SECONDS','SESSION_COOKIE_SECURE','CSRF_COOKIE_SECURE',"
        "'SECURE_CONTENT_TYPE_NOSNIFF','X_FRAME_OPTIONS','SECURE_REFERRER_POLICY','DEBUG','OTP_REQUIRED','AXES_ENABLED']}))"
    )
    result = _run(["shell", "-c", code], **PRODUCTION)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values == {
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_CONTENT_TYPE_NOSNIFF": True,
        "X_FRAME_OPTIONS": "DENY",
        "SECURE_REFERRER_POLICY": "same-origin",
        "DEBUG": False,
        "OTP_REQUIRED": True,
        "AXES_ENABLED": True,
    }


@pytest.mark.parametrize(
    "override",
    [{"ZHENWEI_SECRET_KEY": ""}, {"ZHENWEI_SECRET_KEY": "short"}, {"ZHENWEI_ALLOWED_HOSTS": ""}],
)
def test_production_refuses_to_start_without_a_real_key_or_hosts(override):
    result = _run(["check"], **{**PRODUCTION, **override})
    assert result.returncode != 0
    assert "ZHENWEI_" in result.stderr


def test_turning_off_two_factor_in_production_is_reported():
    result = _run(
        ["check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION, ZHENWEI_OTP_REQUIRED="false"
    )
    assert result.returncode != 0
    assert "zhenwei.security.W002" in result.stderr + result.stdout
