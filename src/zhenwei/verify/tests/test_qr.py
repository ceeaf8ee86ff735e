"""Signing keys, the trust list, the QR commands (offline verify without a database) and the QR API."""

import datetime as dt
import io
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from zhenwei.core.models import AuditEntry
from zhenwei.verify import keys as keys_module
from zhenwei.verify import qrformat
from zhenwei.verify.models import SigningKey

REPO = Path(__file__).resolve().parents[4]


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_key_create_writes_a_0600_file_and_no_secret_anywhere_else(db, settings):
    output = run("keys", "create")
    key = SigningKey.objects.get()
    path = Path(settings.KEYS_DIR) / f"{key.kid}.pem"
    assert key.kid in output
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(Path(settings.KEYS_DIR).stat().st_mode) == 0o700
    pem = path.read_text()
    secret_b64 = pem.split("-----")[2].strip()
    dumped = json.dumps(list(SigningKey.objects.values()), default=str)
    dumped += json.dumps(list(AuditEntry.objects.values()), default=str)
    assert secret_b64 not in dumped
    assert "PRIVATE" not in dumped
    assert key.public_key in run("keys", "list")


def test_world_readable_key_file_is_refused(db, settings, signing_key):
    path = keys_module.key_path(signing_key.kid)
    os.chmod(path, 0o644)
    with pytest.raises(Exception, match="0600"):
        keys_module.load_private_key(signing_key.kid)


def test_rotate_retires_and_revoke_marks_revoked(db):
    run("keys", "create")
    first = SigningKey.objects.get()
    run("keys", "rotate")
    first.refresh_from_db()
    assert first.status == "retired"
    active = SigningKey.objects.get(status="active")
    run("keys", "revoke", first.kid, "--reason", "test")
    first.refresh_from_db()
    assert first.status == "revoked" and first.revoked_at
    with pytest.raises(CommandError):
        run("keys", "revoke", "zwmissing")
    assert active.status == "active"


def test_trust_list_is_public_and_has_only_public_keys(client, signing_key):
    response = client.get("/.well-known/zhenwei/trust-list.json")
    assert response.status_code == 200
    data = response.json()
    assert data["format"] == "zhenwei-trust-list"
    (entry,) = data["keys"]
    assert entry == {
        **entry,
        "kid": signing_key.kid,
        "alg": "EdDSA",
        "crv": "Ed25519",
        "x": signing_key.public_key,
        "status": "active",
    }
    assert "d" not in entry
    assert qrformat.TrustList.from_json(response.content).keys[signing_key.kid].status == "active"


@pytest.fixture
def signed(certificates, signing_key, tmp_path):
    png = tmp_path / "qr.png"
    payload = run("qr", "certificate", certificates["valid"].number, "--png", str(png)).strip()
    return payload, png


def test_qr_certificate_command_writes_png_and_prints_payload(signed):
    payload, png = signed
    assert payload.startswith("ZW1:")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def _trust_file(client, tmp_path) -> Path:
    path = tmp_path / "trust-list.json"
    path.write_bytes(client.get("/.well-known/zhenwei/trust-list.json").content)
    return path


def test_qr_verify_offline_with_trust_list_file_uses_no_database(
    signed, client, tmp_path, django_assert_num_queries
):
    payload, _ = signed
    trust = _trust_file(client, tmp_path)
    with django_assert_num_queries(0):
        out = run("qr", "verify", payload, "--trust-list", str(trust), "--name", "張小三")
    data = json.loads(out)
    assert data["verdict"] == "valid"
    assert data["name_matches"] is True


def test_qr_verify_exit_codes(signed, certificates, client, tmp_path):
    payload, _ = signed
    trust = _trust_file(client, tmp_path)
    with pytest.raises(SystemExit) as exc:
        run("qr", "verify", "ZW1:garbage", "--trust-list", str(trust))
    assert exc.value.code == 1
    with pytest.raises(SystemExit):
        after_expiry = certificates["valid"].expires_on + dt.timedelta(days=1)
        run("qr", "verify", payload, "--trust-list", str(trust), "--today", after_expiry.isoformat())


def test_qr_verify_runs_in_a_process_without_any_database(signed, client, tmp_path):
    payload, _ = signed
    trust = _trust_file(client, tmp_path)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "zhenwei.settings",
        "ZHENWEI_DATABASE_URL": "postgres://nobody@127.0.0.1:1/none",  # nothing listens there
        "ZHENWEI_VAR_DIR": str(tmp_path / "var"),
    }
    cmd = [sys.executable, "-m", "zhenwei.cli", "qr", "verify", payload, "--trust-list", str(trust)]
    ok = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=60, check=False)  # noqa: S603
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["verdict"] == "valid"
    tampered = payload[:-3] + ("AAA" if payload[-3:] != "AAA" else "BBB")
    bad = subprocess.run(  # noqa: S603
        cmd[:5] + [tampered, "--trust-list", str(trust)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )  # noqa: S603
    assert bad.returncode == 1
    assert json.loads(bad.stdout)["verdict"] in ("invalid_signature", "malformed")


def _api(client, qr, **extra):
    return client.post("/api/v1/verify/qr", {"qr": qr, **extra}, content_type="application/json")


def test_api_valid_and_name_check(client, signed):
    payload, _ = signed
    data = _api(client, payload, name="张小三").json()
    assert data["verdict"] == "valid"
    assert data["name_matches"] is True
    assert data["certificate_status"] == "valid"
    assert "张小三" not in json.dumps(data, ensure_ascii=False)


def test_api_revoked_key_fails_immediately(client, signed):
    payload, _ = signed
    key = SigningKey.objects.get()
    keys_module.key_revoke(key=key, actor="test", reason="compromised")
    assert _api(client, payload).json()["verdict"] == "revoked"


def test_api_unknown_key_and_invalid_signature(client, signed, tmp_path):
    payload, _ = signed
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    claims = qrformat.parse(payload).claims
    rogue = qrformat.sign(claims, private_key=Ed25519PrivateKey.generate(), kid="zwrogue")
    assert _api(client, rogue).json()["verdict"] == "unknown_key"
    kid = SigningKey.objects.get().kid
    forged = qrformat.sign(claims, private_key=Ed25519PrivateKey.generate(), kid=kid)
    assert _api(client, forged).json()["verdict"] == "invalid_signature"


def test_api_expired_by_date_and_revoked_certificate(client, certificates, signing_key):
    from zhenwei.verify.services import qr_certificate_payload

    expired = qr_certificate_payload(certificate=certificates["expired"])
    assert _api(client, expired).json()["verdict"] == "expired"
    revoked = qr_certificate_payload(certificate=certificates["revoked"])
    data = _api(client, revoked).json()
    assert data["verdict"] == "revoked" and data["certificate_status"] == "revoked"


@pytest.mark.parametrize(
    "garbage", ["", "x", "ZW1:", "ZW1:!!!!", "ZW1:" + "9" * 4000, "null", "\u0000\u0001"]
)
def test_api_malformed_never_500(client, db, garbage):
    response = _api(client, garbage)
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        assert response.json()["verdict"] == "malformed"


def test_api_non_string_qr(client, db):
    response = client.post("/api/v1/verify/qr", {"qr": {"a": 1}}, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["verdict"] == "malformed"
    response = client.post("/api/v1/verify/qr", "not json", content_type="application/json")
    assert response.status_code == 400


def test_no_active_key_gives_a_clear_error(certificates):
    with pytest.raises(CommandError, match="keys create"):
        run("qr", "certificate", certificates["valid"].number)


def test_key_validity_window(db):
    key = keys_module.key_create(actor="test", not_after=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    trust = keys_module.trust_list()
    assert trust.keys[key.kid].not_after.year == 2020


# Keys with lifetimes (issue 14): a retired key verifies only what it signed before its retirement,
# and nothing dated in the future is accepted — online and offline from the trust-list file alone.


def _sign_with(key: SigningKey, certificate, *, issued_at: dt.datetime) -> str:
    claims = qrformat.certificate_claims(
        number=certificate.number,
        kind=certificate.kind,
        holder_name=certificate.holder_name,
        valid_from=certificate.issued_on,
        valid_until=certificate.expires_on,
        issued_at=int(issued_at.timestamp()),
    )
    return qrformat.sign(claims, private_key=keys_module.load_private_key(key.kid), kid=key.kid)


def _offline(payload: str, trust: Path) -> dict:
    out = io.StringIO()
    with pytest.raises(SystemExit) as exc:
        call_command("qr", "verify", payload, "--trust-list", str(trust), stdout=out)
    assert exc.value.code == 1
    return json.loads(out.getvalue())


def test_retired_key_cannot_sign_after_its_retirement(client, certificates, signing_key, tmp_path):
    from django.utils import timezone

    cert = certificates["valid"]
    before_retirement = _sign_with(signing_key, cert, issued_at=timezone.now() - dt.timedelta(seconds=1))
    run("keys", "rotate")
    signing_key.refresh_from_db()
    assert signing_key.status == "retired"
    after_retirement = _sign_with(signing_key, cert, issued_at=timezone.now() + dt.timedelta(seconds=1))
    trust = _trust_file(client, tmp_path)

    assert _api(client, before_retirement).json()["verdict"] == "valid"
    assert (
        json.loads(run("qr", "verify", before_retirement, "--trust-list", str(trust)))["verdict"] == "valid"
    )

    online = _api(client, after_retirement).json()
    assert online["verdict"] == "invalid_signature"
    assert "retired" in online["reason"]
    offline = _offline(after_retirement, trust)
    assert offline["verdict"] == "invalid_signature" and "retired" in offline["reason"]


def test_payload_dated_in_the_future_is_refused(client, certificates, signing_key, tmp_path, settings):
    from django.utils import timezone

    cert = certificates["valid"]
    trust = _trust_file(client, tmp_path)
    skew = dt.timedelta(seconds=settings.VERIFY_QR_CLOCK_SKEW_SECONDS)
    within_skew = _sign_with(signing_key, cert, issued_at=timezone.now() + skew - dt.timedelta(seconds=30))
    assert _api(client, within_skew).json()["verdict"] == "valid"
    future = _sign_with(signing_key, cert, issued_at=timezone.now() + skew + dt.timedelta(minutes=10))
    online = _api(client, future).json()
    assert online["verdict"] == "invalid_signature" and "future" in online["reason"]
    assert "future" in _offline(future, trust)["reason"]
    settings.VERIFY_QR_CLOCK_SKEW_SECONDS = 3600  # a wider skew is a setting, online and offline
    assert _api(client, future).json()["verdict"] == "valid"


def test_payload_backdated_before_the_key_existed_is_refused(client, certificates, signing_key):
    backdated = _sign_with(
        signing_key, certificates["valid"], issued_at=signing_key.created_at - dt.timedelta(days=30)
    )
    data = _api(client, backdated).json()
    assert data["verdict"] == "invalid_signature" and "before the key existed" in data["reason"]


def test_trust_list_carries_each_keys_validity_dates(client, signing_key):
    run("keys", "rotate")
    (old,) = [
        k
        for k in client.get("/.well-known/zhenwei/trust-list.json").json()["keys"]
        if k["kid"] == signing_key.kid
    ]
    assert old["status"] == "retired" and old["not_before"] and old["retired_at"]
    trusted = keys_module.trust_list().keys[signing_key.kid]
    assert trusted.retired_at is not None and trusted.signs_until == trusted.retired_at
