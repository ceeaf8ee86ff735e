"""Settings of verification, read from Django settings (settings/base.py reads ZHENWEI_*).

VERIFY_BASE_URL (env ZHENWEI_VERIFY_BASE_URL) is the official address printed on product labels,
e.g. https://zhenwei.example.gov.cn; labels must point at the real site or phones open a fake one.
"""

from __future__ import annotations

from django.conf import settings


def base_url() -> str:
    value = getattr(settings, "VERIFY_BASE_URL", None)
    return (value or "http://127.0.0.1:8000").rstrip("/")


def rate_limit() -> str:
    return str(getattr(settings, "VERIFY_RATE_LIMIT", "60/m") or "0")


def clone_max_networks() -> int:
    return int(getattr(settings, "CLONE_MAX_NETWORKS", 5))


def clone_max_prefectures() -> int:
    return int(getattr(settings, "CLONE_MAX_PREFECTURES", 3))


def clone_window_days() -> int:
    return int(getattr(settings, "CLONE_WINDOW_DAYS", 30))


def bulk_max_rows() -> int:
    return int(getattr(settings, "VERIFY_BULK_MAX_ROWS", 50_000))
