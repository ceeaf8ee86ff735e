"""The scan log of public product checks, written in batches by each server process.

Every public product check is logged (issue: "scan logging is included"). Writing each event in
its own statement costs the public endpoint a database round trip and a commit per request; here
each server process keeps the events of the last ``SCAN_LOG_FLUSH_MS`` milliseconds in memory and
one background thread writes them in one transaction (PostgreSQL: asynchronous commit), so a check
costs one round trip (the lookup) and the log costs a fraction of a statement per event.

What this trades, knowingly (docs/verification.md):
- an event reaches the database up to ``SCAN_LOG_FLUSH_MS`` after its answer; the clone rules
  count events over 30 days, so a burst inside that fraction of a second is counted by the next
  check instead of this one;
- a worker killed with SIGKILL loses its unwritten events (at most one interval's worth); a
  graceful stop (SIGTERM, gunicorn's max_requests recycling, interpreter exit) writes them first
  (the ``worker_exit`` hook of ``zhenwei serve`` and an ``atexit`` handler);
- when the database is down, events wait in memory (at most ``SCAN_LOG_MAX_PENDING``, oldest
  dropped first and counted in the log) and are written when it is back.

``SCAN_LOG_FLUSH_MS = 0`` (``ZHENWEI_SCAN_LOG_FLUSH_MS=0``; the test settings) writes every event in
the request itself, before the answer.
"""

from __future__ import annotations

import atexit
import logging
import os
import threading

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from . import hotpath

log = logging.getLogger("zhenwei.verify.scanlog")


def _setting(name: str, default: int) -> int:
    """``settings.SCAN_LOG_*`` (settings/base.py reads ``ZHENWEI_SCAN_LOG_*``)."""
    value = getattr(settings, name, None)
    if value is None or value == "":
        value = default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"ZHENWEI_{name} must be a whole number, not {value!r}") from None


def flush_interval() -> float:
    """Seconds between batch writes (ZHENWEI_SCAN_LOG_FLUSH_MS, default 200 ms); 0 writes in the request."""
    return max(0, _setting("SCAN_LOG_FLUSH_MS", 200)) / 1000


def max_pending() -> int:
    return max(1000, _setting("SCAN_LOG_MAX_PENDING", 200_000))


class ScanBuffer:
    """Pending scan events of this process and the thread that writes them."""

    BATCH = 2000  # a full batch wakes the writer before its interval ends

    def __init__(self) -> None:
        self._rows: list[tuple] = []
        self._lock = threading.Lock()
        self._flush_lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._pid = os.getpid()
        self.written = 0
        self.dropped = 0
        self.failures = 0

    def _after_fork(self) -> None:
        # A forked child inherits the parent's rows (written by the parent) but not its thread.
        self._rows = []
        self._lock = threading.Lock()
        self._flush_lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = None
        self._pid = os.getpid()

    def add(self, values: tuple, interval: float) -> None:
        if self._pid != os.getpid():
            self._after_fork()
        with self._lock:
            self._rows.append(values)
            overflow = len(self._rows) - max_pending()
            if overflow > 0:
                del self._rows[:overflow]
                self.dropped += overflow
                log.error("scan log: %d events dropped, the database has not taken them", overflow)
            full = len(self._rows) >= self.BATCH
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._run, args=(interval,), name="zhenwei-scanlog", daemon=True
                )
                self._thread.start()
        if full:
            self._wake.set()

    def pending(self) -> int:
        return len(self._rows)

    def _run(self, interval: float) -> None:
        try:
            while not self._stop.is_set():
                self._wake.wait(interval)
                self._wake.clear()
                self.flush()
        finally:
            connection.close()  # this thread's own connection

    def close(self) -> None:
        """Write what is pending and stop the writer thread (tests; interpreter exit)."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=10)
        self._stop.clear()
        self._thread = None
        self.flush()

    def flush(self) -> int:
        """Write what is pending now; on failure keep it for the next attempt. Returns rows written."""
        with self._flush_lock:
            with self._lock:
                rows, self._rows = self._rows, []
            if not rows:
                return 0
            try:
                hotpath.scan_insert_many(rows)
            except Exception:  # noqa: BLE001 - the log must outlive a database outage
                self.failures += 1
                log.exception(
                    "scan log: writing %d events failed; keeping them for the next attempt", len(rows)
                )
                with self._lock:
                    self._rows[:0] = rows
                connection.close()  # this thread's connection: reconnect on the next attempt
                return 0
            self.written += len(rows)
            return len(rows)


_buffer = ScanBuffer()


def record(values: tuple) -> None:
    """Log one scan event (``hotpath.scan_values``): now, or in this process's next batch."""
    interval = flush_interval()
    if interval <= 0:
        hotpath.scan_insert(values)
    else:
        _buffer.add(values, interval)


def flush() -> int:
    """Write this process's pending events now (server shutdown, tests, benchmarks)."""
    if _buffer._pid != os.getpid():
        return 0
    return _buffer.flush()


def stats() -> dict:
    return {
        "pending": _buffer.pending(),
        "written": _buffer.written,
        "dropped": _buffer.dropped,
        "failures": _buffer.failures,
    }


def _flush_at_exit() -> None:
    try:
        flush()
    except Exception:  # noqa: BLE001 - nothing more can be done at interpreter exit
        log.exception("scan log: final flush failed")


atexit.register(_flush_at_exit)
