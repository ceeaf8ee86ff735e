"""Offline QR verification throughput vs the bare Ed25519 check, in one process.

    .venv/bin/python bench/qr_verify.py [--seconds 3]

Prints one JSON line: verifications per second of ``qrformat.verify`` (Base45 → CBOR → COSE_Sign1
→ Sig_structure → Ed25519 → claims and dates) and of ``Ed25519PublicKey.verify`` on the same
message, and their ratio (target ≥ 0.6).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from cryptography.hazmat.primitives import serialization  # noqa: E402
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey  # noqa: E402

from zhenwei.verify import qrformat  # noqa: E402


def rate(fn, seconds: float) -> float:
    n, start = 0, time.perf_counter()
    deadline = start + seconds
    while True:
        for _ in range(500):
            fn()
        n += 500
        now = time.perf_counter()
        if now >= deadline:
            return n / (now - start)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=3.0)
    args = parser.parse_args()
    key = Ed25519PrivateKey.generate()
    public = key.public_key()
    x = qrformat.b64u(public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw))
    trust = qrformat.TrustList.from_json(
        {
            "format": "zhenwei-trust-list",
            "keys": [{"kid": "zwbench", "alg": "EdDSA", "crv": "Ed25519", "x": x}],
        }
    )
    claims = qrformat.certificate_claims(
        number="T500235198503120011",
        kind="special_operation",
        holder_name="张小三",
        valid_from=dt.date(2024, 5, 1),
        valid_until=dt.date(2030, 5, 1),
        operation_item="低压电工作业",
    )
    payload = qrformat.sign(claims, private_key=key, kid="zwbench")
    today = dt.date(2026, 11, 25)
    assert qrformat.verify(payload, trust, today=today).verdict == "valid"
    parsed = qrformat.parse(payload)
    message = qrformat.sig_structure(parsed.protected, parsed.payload)
    signature = parsed.signature

    def bare():
        public.verify(signature, message)

    def full():
        qrformat.verify(payload, trust, today=today)

    rate(bare, 0.3)
    rate(full, 0.3)  # warm up
    # Interleave short rounds so that load from other processes hits both sides alike.
    rounds = max(4, int(args.seconds / 0.25))
    pairs = [(rate(bare, 0.25), rate(full, 0.25)) for _ in range(rounds)]
    ratios = sorted(f / b for b, f in pairs)
    bare_rate = statistics.median(b for b, _ in pairs)
    full_rate = statistics.median(f for _, f in pairs)
    print(
        json.dumps(
            {
                "bench": "qr_verify",
                "payload_chars": len(payload),
                "bare_ed25519_per_s": round(bare_rate),
                "zw1_verify_per_s": round(full_rate),
                "ratio": round(statistics.median(ratios), 3),
                "rounds": rounds,
                "target": 0.6,
            }
        )
    )


if __name__ == "__main__":
    main()
