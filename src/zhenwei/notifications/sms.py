"""The SMS gateway interface. A deployment names its gateway class in settings.SMS_BACKEND (or the
environment variable ZHENWEI_SMS_BACKEND); the default only logs, which is what the demo uses."""

from __future__ import annotations

import logging
from functools import lru_cache

from django.conf import settings
from django.utils.module_loading import import_string

from zhenwei.core.masking import mask_phone

log = logging.getLogger("zhenwei.sms")

DEFAULT_BACKEND = "zhenwei.notifications.sms.LoggingSmsBackend"


class SmsError(Exception):
    """The gateway refused or failed to send a message."""


class BaseSmsBackend:
    """Subclass and implement send(); raise SmsError on failure. Messages are plain text, ≤ 500 chars."""

    def send(self, *, phone: str, text: str) -> str:
        """Send one message; return the gateway's message id (or "")."""
        raise NotImplementedError


class LoggingSmsBackend(BaseSmsBackend):
    """Writes the message to the log (phone masked) instead of sending it: for development and demos."""

    def send(self, *, phone: str, text: str) -> str:
        log.info("SMS to %s: %s", mask_phone(phone), text)
        return ""


class MemorySmsBackend(BaseSmsBackend):
    """Keeps messages in a list, for tests."""

    outbox: list[tuple[str, str]] = []

    def send(self, *, phone: str, text: str) -> str:
        MemorySmsBackend.outbox.append((phone, text))
        return str(len(MemorySmsBackend.outbox))


def backend_path() -> str:
    return getattr(settings, "SMS_BACKEND", "") or DEFAULT_BACKEND


@lru_cache(maxsize=4)
def _load(path: str) -> BaseSmsBackend:
    return import_string(path)()


def get_sms_backend() -> BaseSmsBackend:
    return _load(backend_path())
