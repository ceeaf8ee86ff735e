"""Small readers for ZHENWEI_* environment variables, so every setting names its variable once."""

import os

from django.core.exceptions import ImproperlyConfigured

PREFIX = "ZHENWEI_"


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(PREFIX + name, default).strip()


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(PREFIX + name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{PREFIX}{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(PREFIX + name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{PREFIX}{name} must be a whole number, not {raw!r}") from exc


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(PREFIX + name)
    if raw is None or raw.strip() == "":
        return list(default or [])
    return [part.strip() for part in raw.replace(";", ",").split(",") if part.strip()]
