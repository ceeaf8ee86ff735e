"""The batched scan log, the fast public answer path, the prepared lookup and, on PostgreSQL, the
monthly partitions of the scan log."""

import datetime as dt
import threading

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from zhenwei.registry.choices import CodeStatus
from zhenwei.verify import hotpath, partitions, scanlog
from zhenwei.verify.models import ScanEvent

URL = "/api/v1/verify/product/{}"
pg_only = pytest.mark.skipif("connection.vendor != 'postgresql'", reason="PostgreSQL only")


def values(code="12345AB67890CD", when=None):
    return hotpath.scan_values(
        created_at=when or timezone.now(),
        code=code,
        identity_code_id=None,
        verdict="unknown",
        network="203.0.113.0/24",
        division_id=None,
        location_consented=False,
        prefecture_code="",
        latitude=None,
        longitude=None,
        agent_class="other",
        label_valid=None,
    )


@pytest.fixture
def fresh_buffer(monkeypatch):
    buffer = scanlog.ScanBuffer()
    monkeypatch.setattr(scanlog, "_buffer", buffer)
    return buffer


def test_in_request_mode_writes_before_the_answer(client, codes, settings):
    settings.SCAN_LOG_FLUSH_MS = 0
    client.get(URL.format(codes[CodeStatus.ACTIVE].code))
    assert ScanEvent.objects.count() == 1


def test_batched_mode_answers_first_and_writes_the_batch_on_flush(client, codes, settings, fresh_buffer):
    settings.SCAN_LOG_FLUSH_MS = 60_000  # the writer thread will not wake on its own in this test
    for _ in range(3):
        assert client.get(URL.format(codes[CodeStatus.ACTIVE].code)).json()["verdict"] == "genuine"
    assert ScanEvent.objects.count() == 0
    assert scanlog.stats()["pending"] == 3
    assert scanlog.flush() == 3
    assert ScanEvent.objects.count() == 3
    assert scanlog.stats() == {"pending": 0, "written": 3, "dropped": 0, "failures": 0}


def test_a_failed_batch_is_kept_and_written_next_time(db, settings, fresh_buffer, monkeypatch):
    settings.SCAN_LOG_FLUSH_MS = 60_000
    scanlog.record(values("11111AA11111AA"))
    scanlog.record(values("22222BB22222BB"))
    real = hotpath.scan_insert_many

    def down(rows):
        raise RuntimeError("database down")

    monkeypatch.setattr(hotpath, "scan_insert_many", down)
    monkeypatch.setattr(scanlog.connection, "close", lambda: None)  # keep the test's connection
    assert scanlog.flush() == 0
    assert scanlog.stats()["pending"] == 2 and scanlog.stats()["failures"] == 1
    monkeypatch.setattr(hotpath, "scan_insert_many", real)
    assert scanlog.flush() == 2
    assert set(ScanEvent.objects.values_list("code", flat=True)) == {"11111AA11111AA", "22222BB22222BB"}


def test_pending_events_are_capped_oldest_dropped_first(db, settings, fresh_buffer):
    settings.SCAN_LOG_FLUSH_MS = 60_000
    settings.SCAN_LOG_MAX_PENDING = 1000
    for i in range(1005):
        scanlog.record(values(f"{i:05d}AA00000AA"))
    assert scanlog.stats()["pending"] == 1000 and scanlog.stats()["dropped"] == 5
    scanlog.flush()
    assert not ScanEvent.objects.filter(code="00000AA00000AA").exists()
    assert ScanEvent.objects.filter(code="01004AA00000AA").exists()


def test_bad_flush_setting_names_itself(settings):
    settings.SCAN_LOG_FLUSH_MS = "soon"
    with pytest.raises(Exception, match="ZHENWEI_SCAN_LOG_FLUSH_MS"):
        scanlog.flush_interval()


# PostgreSQL only: the SQLite test database is in memory with a shared cache, whose table locks
# do not wait (a file database in WAL mode, as served, does).
@pg_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_writer_thread_writes_on_its_own(settings, fresh_buffer):
    settings.SCAN_LOG_FLUSH_MS = 20
    scanlog.record(values("33333CC33333CC"))
    done = threading.Event()
    try:
        for _ in range(200):
            if ScanEvent.objects.filter(code="33333CC33333CC").exists():
                done.set()
                break
            threading.Event().wait(0.02)
    finally:
        fresh_buffer.close()  # the thread closes its own connection (the test database is dropped later)
    assert done.is_set()
    assert fresh_buffer._thread is None


def test_fast_path_answers_the_documented_json_and_other_methods_go_through_drf(client, codes):
    response = client.get(URL.format(codes[CodeStatus.ACTIVE].code))
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) >= {"code", "verdict", "verdict_label", "status", "product", "label_valid", "message"}
    assert "灭火器" in response.content.decode()  # UTF-8, not \\u escapes
    assert client.post(URL.format("X")).status_code == 405
    assert client.head(URL.format(codes[CodeStatus.ACTIVE].code)).status_code == 200


@pg_only
def test_the_lookup_is_a_prepared_statement(client, codes):
    for _ in range(2):
        client.get(URL.format(codes[CodeStatus.ACTIVE].code))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement ILIKE %s",
            ["%registry_identitycode%"],
        )
        assert cursor.fetchone()[0] == 1


@pg_only
def test_the_lookup_reads_only_the_partitions_of_the_clone_window(db, codes):
    """Months created ahead (and those before the window) are left out of the plan, and scans in the
    window are still counted."""
    import datetime as dt

    import psycopg

    from zhenwei.verify import hotpath

    partitions.ensure_partitions(ahead=6)
    code = codes[CodeStatus.ACTIVE].code
    now = timezone.now()
    for n in range(3):
        ScanEvent.objects.create(code=code, verdict="genuine", network=f"198.51.{n}.0/24", created_at=now)
    since = now - dt.timedelta(days=30)
    row = hotpath.code_lookup(code=code, since=since, network="203.0.113.0/24", prefecture="")
    assert row.other_networks == 3
    sql = hotpath._sql("postgresql")["lookup"]
    params = ["203.0.113.0/24", "", since, since, since, now + dt.timedelta(days=1), code]
    with psycopg.Cursor(connection.connection) as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(r[0] for r in cursor.fetchall())
    far = partitions.partition_name(partitions._month(timezone.localdate().replace(day=1), 4))
    assert far in [name for name, _ in partitions.partitions()]
    assert far not in plan
    assert partitions.partition_name(timezone.localdate().replace(day=1)) in plan


# -- monthly partitions (PostgreSQL) ---------------------------------------------------------------
@pg_only
def test_scan_log_is_partitioned_by_month_with_a_default(db):
    assert partitions.is_partitioned()
    names = [name for name, _ in partitions.partitions()]
    this_month = partitions.partition_name(timezone.localdate().replace(day=1))
    assert this_month in names and names[-1] == partitions.DEFAULT
    ScanEvent.objects.create(code="44444DD44444DD", verdict="unknown")
    with connection.cursor() as cursor:
        cursor.execute("SELECT tableoid::regclass::text FROM verify_scanevent WHERE code = '44444DD44444DD'")
        assert cursor.fetchone()[0] == this_month


@pg_only
def test_ensure_partitions_moves_stray_rows_out_of_the_default_and_drop_before(db):
    far = timezone.now() + dt.timedelta(days=400)
    ScanEvent.objects.create(code="55555EE55555EE", verdict="unknown", created_at=far)
    with connection.cursor() as cursor:
        cursor.execute("SELECT tableoid::regclass::text FROM verify_scanevent WHERE code = '55555EE55555EE'")
        assert cursor.fetchone()[0] == partitions.DEFAULT
    created = partitions.ensure_partitions(ahead=15)
    month = partitions.partition_name(timezone.localdate(far).replace(day=1))
    assert month in created
    assert partitions.ensure_partitions(ahead=15) == []  # idempotent
    with connection.cursor() as cursor:
        cursor.execute("SELECT tableoid::regclass::text FROM verify_scanevent WHERE code = '55555EE55555EE'")
        assert cursor.fetchone()[0] == month
    # Retention: months before next month go, this month's rows with them; later months stay.
    next_month = (timezone.localdate().replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    dropped = partitions.drop_before(next_month)
    assert partitions.partition_name(timezone.localdate().replace(day=1)) in dropped
    assert ScanEvent.objects.filter(code="55555EE55555EE").exists()


@pg_only
def test_partitions_command_lists_and_checks_its_arguments(db, capsys):
    call_command("partitions", "--list")
    assert partitions.DEFAULT in capsys.readouterr().out
    with pytest.raises(Exception, match="YYYY-MM"):
        call_command("partitions", "--drop-before", "2025/13")
