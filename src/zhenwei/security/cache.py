"""Django cache backends for rate-limit counters that every worker shares, without Redis.

Public rate limits count requests per client network. Django's local-memory cache is one per
process, so with N gunicorn workers every limit was N times too high. Django's ``DatabaseCache``
and ``FileBasedCache`` are shared, but their ``incr()`` is a read followed by a write, so
concurrent workers lose counts (django-ratelimit's documentation says the same: it needs a cache
with an atomic increment, i.e. Redis or Memcached). These two backends keep integer counters and
increment them with one atomic statement, ``INSERT … ON CONFLICT (key) DO UPDATE SET hits = hits
+ 1 … RETURNING hits``:

- ``FileCounterCache`` (the default without Redis): a small SQLite file on the app server's disk
  (``VAR_DIR/ratelimit.sqlite3``, WAL). Every worker process of that server opens it; SQLite's
  file lock makes the increment atomic. No network round trip: ≈ 10 µs of CPU per counted request,
  where a database round trip costs a worker ≈ 0.27 ms (docs/verification.md). Exact per server.
- ``DatabaseCounterCache``: the same counters in the project database (``security.RateCounter``),
  exact across every app server on that database, at the price of one round trip per counted
  request (``ZHENWEI_RATELIMIT_STORE=database``).

With ``ZHENWEI_REDIS_URL`` the ``ratelimit`` alias is Redis (INCR is atomic; exact across servers).
These stores hold integers only, and only for the ``ratelimit`` alias. Expired counters are removed
now and then by the writers themselves (about one call in ``CULL_EVERY``).
"""

# ruff: noqa: S608 - table names come from the model or a constant; every value is a parameter.
from __future__ import annotations

import os
import random
import sqlite3
import threading
import time
from pathlib import Path

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache

FOREVER = 1e18

# This process's id, refreshed in a forked child (no getpid() call per counted request).
_PID = [os.getpid()]
os.register_at_fork(after_in_child=lambda: _PID.__setitem__(0, os.getpid()))


class _CounterStore(BaseCache):
    """The counter operations, as SQL over a table (counter_key, hits, expires_at)."""

    CULL_EVERY = 1000

    def _run(self, sql: str, params: list, fetch: bool = True):
        """Execute one statement; (first row or None, rowcount)."""
        raise NotImplementedError

    def _table(self) -> str:
        raise NotImplementedError

    def _expiry(self, timeout) -> float:
        timeout = self.get_backend_timeout(timeout)
        return FOREVER if timeout is None else time.time() + timeout

    def incr_window(self, key, timeout, version=None) -> int:
        """Add one to counter ``key`` and return the new value; a missing or expired counter starts
        again at 1 with ``timeout`` seconds to live. One atomic statement."""
        # make_key, not make_and_validate_key: the limiters' keys are ours, and the memcached
        # character check costs more than the counting on this hot path.
        key = self.make_key(key, version=version)
        t = self._table()
        now = time.time()
        row, _ = self._run(
            f"INSERT INTO {t} (counter_key, hits, expires_at) VALUES (%s, 1, %s) "
            f"ON CONFLICT (counter_key) DO UPDATE SET "
            f"hits = CASE WHEN {t}.expires_at <= %s THEN 1 ELSE {t}.hits + 1 END, "
            f"expires_at = CASE WHEN {t}.expires_at <= %s THEN excluded.expires_at ELSE {t}.expires_at END "
            f"RETURNING hits",
            [key, now + timeout, now, now],
        )
        if random.random() * self.CULL_EVERY < 1:
            self._run(f"DELETE FROM {t} WHERE expires_at <= %s", [now], fetch=False)
        return int(row[0])

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        t = self._table()
        row, _ = self._run(
            f"INSERT INTO {t} (counter_key, hits, expires_at) VALUES (%s, %s, %s) "
            f"ON CONFLICT (counter_key) DO UPDATE SET hits = excluded.hits, expires_at = excluded.expires_at "
            f"WHERE {t}.expires_at <= %s RETURNING hits",
            [key, int(value), self._expiry(timeout), time.time()],
        )
        return row is not None

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        self._run(
            f"INSERT INTO {self._table()} (counter_key, hits, expires_at) VALUES (%s, %s, %s) "
            f"ON CONFLICT (counter_key) DO UPDATE SET hits = excluded.hits, expires_at = excluded.expires_at",
            [key, int(value), self._expiry(timeout)],
            fetch=False,
        )

    def get(self, key, default=None, version=None):
        key = self.make_and_validate_key(key, version=version)
        row, _ = self._run(
            f"SELECT hits FROM {self._table()} WHERE counter_key = %s AND expires_at > %s", [key, time.time()]
        )
        return default if row is None else int(row[0])

    def incr(self, key, delta=1, version=None):
        key = self.make_and_validate_key(key, version=version)
        row, _ = self._run(
            f"UPDATE {self._table()} SET hits = hits + %s WHERE counter_key = %s AND expires_at > %s "
            f"RETURNING hits",
            [int(delta), key, time.time()],
        )
        if row is None:
            raise ValueError(f"Key '{key}' not found")
        return int(row[0])

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        _, count = self._run(
            f"UPDATE {self._table()} SET expires_at = %s WHERE counter_key = %s AND expires_at > %s",
            [self._expiry(timeout), key, time.time()],
            fetch=False,
        )
        return count > 0

    def delete(self, key, version=None):
        key = self.make_and_validate_key(key, version=version)
        _, count = self._run(f"DELETE FROM {self._table()} WHERE counter_key = %s", [key], fetch=False)
        return count > 0

    def has_key(self, key, version=None):
        return self.get(key, version=version) is not None

    def clear(self):
        self._run(f"DELETE FROM {self._table()}", [], fetch=False)


class DatabaseCounterCache(_CounterStore):
    """Counters in the project database (``security.RateCounter``): exact across app servers."""

    def __init__(self, location, params):
        super().__init__(params)

    def _connection(self):
        from django.db import connections, router

        from .models import RateCounter

        return connections[router.db_for_write(RateCounter)]

    def _table(self) -> str:
        from .models import RateCounter

        return self._connection().ops.quote_name(RateCounter._meta.db_table)

    def _run(self, sql, params, fetch=True):
        with self._connection().cursor() as cursor:
            cursor.execute(sql, params)
            return (cursor.fetchone() if fetch else None), cursor.rowcount


_QMARK: dict[str, str] = {}  # the statements in sqlite3's parameter style


def _retry_locked(step, seconds: float = 5.0):
    """Run `step`, retrying while SQLite reports the file locked (for statements the busy handler skips)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            return step()
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.01 + random.random() * 0.02)


class FileCounterCache(_CounterStore):
    """Counters in a SQLite file on this server's disk (LOCATION), shared by its worker processes.

    One connection per thread and process (reopened after a fork: gunicorn imports the app in the
    master before forking its workers). Autocommit; WAL with ``synchronous=OFF``: counters need no
    durability (a crash forgets at most the current window), and no fsync runs per request.
    """

    TABLE = "ratecounter"

    def __init__(self, location, params):
        super().__init__(params)
        self.path = Path(location)
        self._local = threading.local()

    def _db(self) -> sqlite3.Connection:
        local = self._local
        if getattr(local, "pid", None) != _PID[0]:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=5, isolation_level=None, check_same_thread=False)
            db.execute("PRAGMA synchronous=OFF")
            # Switching a new file to WAL takes an exclusive lock, and SQLite does not call the busy
            # handler for it: two processes opening the same new file at once would see "database is
            # locked". The mode persists in the file, so only the first opener does the set-up, and
            # a concurrent opener waits for it here within the same five seconds as any other lock.
            _retry_locked(lambda: self._set_up(db))
            local.db, local.pid = db, _PID[0]
        return local.db

    def _set_up(self, db: sqlite3.Connection) -> None:
        if db.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            db.execute("PRAGMA page_size=1024")  # a new file only: one small WAL frame per count
            db.execute("PRAGMA journal_mode=WAL")
        db.execute(
            f"CREATE TABLE IF NOT EXISTS {self.TABLE} (counter_key TEXT PRIMARY KEY, "
            f"hits INTEGER NOT NULL, expires_at REAL NOT NULL) WITHOUT ROWID"
        )

    def _table(self) -> str:
        return self.TABLE

    def _run(self, sql, params, fetch=True):
        db = self._db()
        text = _QMARK.get(sql)
        if text is None:
            text = _QMARK[sql] = sql.replace("%s", "?")
        cursor = db.execute(text, params)
        row = cursor.fetchone() if fetch else None
        count = cursor.rowcount
        cursor.close()
        return row, count
