"""Shared fixtures: an organisation tree of one province, two sibling counties and a town.

    P (province) ── A (county) ── T (town under A)
                 └─ B (county, sibling of A)

Each of P, A, B and T has a market-supervision department and an emergency department; users:
office_p (campaign office at P), officer_a, officer_b, inspector_a, hotline_a, viewer_a, officer_t, admin.
"""

import datetime as dt
import os
from types import SimpleNamespace

import pytest

from zhenwei.core.choices import DivisionLevel, Role


def _test_today(value: str) -> dt.datetime:
    """``ZHENWEI_TEST_TODAY``: ``2027-01-31`` (noon) or ``2027-12-31T23:59``, local time (settings.TIME_ZONE)."""
    from zoneinfo import ZoneInfo

    from django.conf import settings

    moment = dt.datetime.fromisoformat(value if "T" in value or " " in value else f"{value}T12:00")
    return moment if moment.tzinfo else moment.replace(tzinfo=ZoneInfo(settings.TIME_ZONE))


@pytest.fixture(autouse=True)
def _dates_frozen(request):
    """Tests marked ``dates`` run with the clock frozen at ``ZHENWEI_TEST_TODAY`` when it is set
    (``make test-dates`` runs them at a month-end and on New Year's Eve); otherwise at the real date.

    Python's clock only (Django's ``timezone.now()``/``localdate()``, ``datetime``, ``time``): the
    database's own ``now()`` is not moved, and the code does not use it."""
    value = os.environ.get("ZHENWEI_TEST_TODAY", "").strip()
    if not value or request.node.get_closest_marker("dates") is None:
        yield None
        return
    from freezegun import freeze_time

    with freeze_time(_test_today(value)) as frozen:
        yield frozen


@pytest.fixture(scope="session", autouse=True)
def _templates_render_as_in_production(django_test_environment):
    """Templates render as they do in production. Django's test set-up wraps every render (each
    include and widget too) to send ``template_rendered`` with a copy of its context, for
    ``response.context`` and ``assertTemplateUsed``; no test here reads either, and on the pages
    walked by the registry-generated tests (permission matrix, PII, CSP, English) the copies were
    about a sixth of each request."""
    from django.template.base import Template
    from django.test.utils import _TestState

    Template._render = _TestState.saved_data.template_render
    yield


def _build_org() -> dict:
    """The organisation's rows, written through the factories: kinds, divisions, departments, users."""
    from zhenwei.core.tests.factories import (
        DepartmentFactory,
        DepartmentKindFactory,
        DivisionFactory,
        UserFactory,
        user_with_role,
    )

    market = DepartmentKindFactory(code="market", name="市场监管")
    emergency = DepartmentKindFactory(code="emergency", name="应急管理")
    fire = DepartmentKindFactory(code="fire", name="消防救援")
    police = DepartmentKindFactory(code="police", name="公安")
    p = DivisionFactory(code="980000", name="测试省", level=DivisionLevel.PROVINCE)
    pc = DivisionFactory(code="980100", name="测试市", level=DivisionLevel.PREFECTURE, parent=p)
    a = DivisionFactory(code="980101", name="甲县", level=DivisionLevel.COUNTY, parent=pc)
    b = DivisionFactory(code="980102", name="乙县", level=DivisionLevel.COUNTY, parent=pc)
    t = DivisionFactory(code="980101001", name="甲县一镇", level=DivisionLevel.TOWN, parent=a)
    depts = {}
    for div in (p, pc, a, b, t):
        for kind in (market, emergency, fire, police):
            depts[(div.code, kind.code)] = DepartmentFactory(
                name=f"{div.name}{kind.name}", kind=kind, division=div
            )
    return {
        "p": p,
        "pc": pc,
        "a": a,
        "b": b,
        "t": t,
        "kinds": SimpleNamespace(market=market, emergency=emergency, fire=fire, police=police),
        "depts": depts,
        "admin": UserFactory(username="admin_t", is_superuser=True),
        "office_p": user_with_role("office_p", depts[(pc.code, "emergency")], Role.CAMPAIGN_OFFICE),
        "officer_a": user_with_role("officer_a", depts[(a.code, "market")], Role.OFFICER),
        "officer_b": user_with_role("officer_b", depts[(b.code, "market")], Role.OFFICER),
        "inspector_a": user_with_role("inspector_a", depts[(a.code, "fire")], Role.INSPECTOR),
        "hotline_a": user_with_role("hotline_a", depts[(a.code, "emergency")], Role.HOTLINE_OPERATOR),
        "viewer_a": user_with_role("viewer_a", depts[(a.code, "emergency")], Role.VIEWER),
        "officer_t": user_with_role("officer_t", depts[(t.code, "market")], Role.OFFICER),
    }


@pytest.fixture
def org(request, db):
    """The organisation tree. Consecutive tests of a file that use it (not on the demo data, not
    transaction tests) share its rows: they are written once, inside a transaction that each test's
    own transaction nests in, and rolled back when the run of such tests ends (_ORG, below). Each
    test gets its own copies of the objects, as they were when written, so what one test sets on
    them (or caches on a user) never reaches the next."""
    import copy

    shared = _ORG["rows"] if _ORG["file"] == _file_of(request.node) else None
    rows = copy.deepcopy(shared) if shared is not None else _build_org()
    depts = rows.pop("depts")
    return SimpleNamespace(**rows, dept=lambda div, kind: depts[(div.code, kind)])


@pytest.fixture
def api_client():
    from rest_framework.test import APIClient

    return APIClient()


@pytest.fixture
def as_user(api_client):
    """as_user(user) → an APIClient authenticated as that user."""

    def _as(user):
        api_client.force_authenticate(user=user)
        return api_client

    return _as


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Every hypothesis test is also marked ``properties`` (``make properties`` runs them with their
    full example counts; zhenwei.core.tests.properties). Every test gets its ``xdist_group`` (below;
    tests/test_suite_groups.py checks that xdist keeps a group on one worker)."""
    _DEMO["files"] = frozenset(item.nodeid.split("::")[0] for item in items if _uses_demo(item))
    for item in items:
        if getattr(getattr(item, "obj", None), "is_hypothesis_test", False):
            item.add_marker(pytest.mark.properties)
        item.add_marker(pytest.mark.xdist_group(_demo_group(item) or item.nodeid.split("::")[0]))


# ── Running the suite on several processes (pytest-xdist, `make test`) ────────────────────────────
#
# Three things keep the suite correct and short on TEST_WORKERS processes (and in one):
# - after a transaction=True test has flushed the database, the rows the migrations wrote (content
#   types, permissions, data-migration rows, serialised by pytest-django for serialized_rollback) are
#   put back before the next test that is not such a test: under xdist the next one may be any file's;
# - the demo data (`zhenwei demo load`) is loaded once for a run of consecutive tests that use the
#   ``demo_data`` fixture (the collection puts them together), not once per module;
# - every test carries an ``xdist_group`` for `--dist loadgroup`: its file by default (a module's
#   fixtures are built once, as with loadfile), or one of the groups of DEMO_GROUPS, so each worker
#   loads the demo at most once (in one process, the collection puts them first; xdist hands out the
#   groups with the most tests first).

# The files with tests on the demo data (tests that use the ``demo_data`` fixture, directly or through
# a module fixture) are split into two xdist groups, one per worker, and run first. Which files they
# are is read from the tests' fixtures, not kept by hand: a new test on the demo data is in a demo
# group the day it is written (a list by path went stale when the demo tests moved to zhenwei.demo,
# and those two files then loaded the demo on their own). A file stays in one group, its tests not on
# the demo data first, so the demo's transaction is opened by the file's first test on it and closed
# when the last one's module is left (demo_data). DEMO_GROUPS only balances the two groups: the
# permission matrix's API half and staff-page half are the largest parts and go to different groups
# (by function; the file's other tests go with the first); unnamed files go to demo-1.
DEMO_GROUPS = {
    "tests/test_permission_matrix.py::test_api_endpoint_respects_visibility": "demo-1",
    "tests/test_permission_matrix.py::test_staff_page_respects_visibility": "demo-2",
    "tests/test_pii_everywhere.py": "demo-2",
    "tests/test_no_internal_codes.py": "demo-2",
    "src/zhenwei/demo/tests/test_demo_reports_walkthrough.py": "demo-2",
}
_DEMO = {"atomic": None, "next": None, "files": frozenset()}


def _uses_demo(item) -> bool:
    return "demo_data" in getattr(item, "fixturenames", ())


def _demo_group(item) -> str | None:
    path = item.nodeid.split("::")[0]
    if path not in _DEMO["files"]:
        return None
    function = f"{path}::{getattr(item, 'originalname', None) or item.name}"
    by_function = [group for key, group in DEMO_GROUPS.items() if key.startswith(f"{path}::")]
    return DEMO_GROUPS.get(function) or DEMO_GROUPS.get(path) or next(iter(by_function), "demo-1")


def _is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    kwargs = marker.kwargs if marker else {}
    names = set(getattr(item, "fixturenames", ()))
    return bool(
        kwargs.get("transaction")
        or kwargs.get("reset_sequences")
        or names & {"transactional_db", "live_server"}
    )


class _SuiteOrder:
    """Runs after pytest-django's own ordering (transaction tests last): the demo groups first (demo-1,
    then the others in DEMO_GROUPS order), a file's tests together and those not on the demo data
    first; the rest as pytest-django left it."""

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, items):
        rank = {group: i for i, group in enumerate(dict.fromkeys(["demo-1", *DEMO_GROUPS.values()]))}
        first = {}
        for i, item in enumerate(items):
            first.setdefault(item.nodeid.split("::")[0], i)

        def key(item):
            group = _demo_group(item)
            if group is None:
                return (len(rank), 0, False)
            return (rank[group], first[item.nodeid.split("::")[0]], _uses_demo(item))

        items.sort(key=key)


def pytest_configure(config):
    # pytest times each test with _pytest.timing's clock; a test that freezes the clock would otherwise
    # be reported as lasting since 1970 (CI's --durations listed 1,797,297,923 s setups).
    import freezegun

    freezegun.configure(extend_ignore_list=["_pytest.timing"])
    config.pluginmanager.register(_SuiteOrder(), "zhenwei-suite-order")
    # xdist registers it; with -p no:xdist (TEST_WORKERS=0) the groups are there and unused.
    config.addinivalue_line("markers", "xdist_group(name): the xdist group the test runs in (conftest.py)")


_DB_FIXTURES = {"db", "transactional_db", "django_db_setup"}
_SINCE_CLEAN: list[str] = []  # the tests this process ran since the database last held no demo rows


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """A test not on the demo data never sees it: the ordering above makes that so, and this says
    which test left it behind if the ordering ever does not — the demo's transaction still open, or
    demo rows committed by a test (one query per test on the database: the demo's officer)."""
    if _uses_demo(item):
        return
    if _DEMO["atomic"] is not None:
        pytest.fail(
            f"the demo data is still loaded (opened for {_DEMO['opened_by']}), and this test is not on it"
        )
    if _SINCE_CLEAN and not _DEMO.get("leak") and _DB_FIXTURES & set(getattr(item, "fixturenames", ())):
        from django.contrib.auth import get_user_model
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            left = get_user_model().objects.filter(username="yy_officer").exists()
        ran = ", ".join(_SINCE_CLEAN[-12:])
        _SINCE_CLEAN.clear()
        if left:
            _DEMO["leak"] = True  # said once, on the first test that meets it
            pytest.fail(
                f"demo rows are committed in the test database; since it was last clean this process ran: {ran}"
            )
    _open_shared_org(item)


# ── The organisation rows, shared by consecutive tests of a file ────────────────────────────────────
#
# ``org`` is used by more than half of the tests; writing its 40 rows for each was ~20 ms a test. A run
# of consecutive tests of one file that use it (not on the demo data, not transaction tests) shares one
# set of rows: written before the first one's fixtures (so the transaction of each test, and of any
# module fixture, nests inside it) and rolled back after the last one's teardown. Opened only on a
# connection outside any transaction and once the test database exists (after this process's first
# test on the database), so a run that does not qualify builds the rows per test, as before.
_ORG = {"atomic": None, "file": None, "rows": None, "db_ready": False}


def _shares_org(item) -> bool:
    names = getattr(item, "fixturenames", ())
    return "org" in names and not _uses_demo(item) and not _is_transactional(item)


def _file_of(item) -> str:
    return item.nodeid.split("::")[0]


def _open_shared_org(item) -> None:
    if _ORG["atomic"] is not None or not _ORG["db_ready"] or not _shares_org(item):
        return
    from django.db import connection, transaction
    from pytest_django.plugin import blocking_manager_key

    with item.config.stash[blocking_manager_key].unblock():
        if connection.in_atomic_block:
            return
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            with _frozen_for_dates():
                rows = _build_org()
        except BaseException:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            raise
    _ORG.update(atomic=atomic, file=_file_of(item), rows=rows)


def _close_shared_org(config) -> None:
    if _ORG["atomic"] is None:
        return
    from django.db import transaction
    from pytest_django.plugin import blocking_manager_key

    atomic = _ORG["atomic"]
    _ORG.update(atomic=None, file=None, rows=None)
    with config.stash[blocking_manager_key].unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    _DEMO["next"] = nextitem  # read by demo_data's teardown
    if _DB_FIXTURES & set(getattr(item, "fixturenames", ())):
        _SINCE_CLEAN.append(item.nodeid)
        _ORG["db_ready"] = True
    if nextitem is None:
        _close_shared_org(item.config)  # before the session's teardown drops the test database
    try:
        return (yield)
    finally:
        if _ORG["atomic"] is not None and (
            nextitem is None or not _shares_org(nextitem) or _file_of(nextitem) != _ORG["file"]
        ):
            _close_shared_org(item.config)
        # Not after the last test: the session's teardown has dropped the test databases by then.
        if _is_transactional(item) and nextitem is not None and not _is_transactional(nextitem):
            _restore_migrated_rows(item.config)


def _restore_migrated_rows(config) -> None:
    """Put back what the migrations wrote, when a transaction test's flush removed it (pytest-django
    serialised it because those tests ask for serialized_rollback; Django itself restores it only
    at the start of the next such test)."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connections
    from pytest_django.plugin import blocking_manager_key

    with config.stash[blocking_manager_key].unblock():
        for connection in connections.all(initialized_only=True):
            contents = getattr(connection, "_test_serialized_contents", None)
            if contents and not ContentType.objects.using(connection.alias).exists():
                connection.creation.deserialize_db_from_string(contents)


def _frozen_for_dates():
    """The clock of `make test-dates` (only tests marked ``dates`` run then) while the demo loads, as
    it is for the tests themselves (_dates_frozen)."""
    from contextlib import nullcontext

    value = os.environ.get("ZHENWEI_TEST_TODAY", "").strip()
    if not value:
        return nullcontext()
    from freezegun import freeze_time

    return freeze_time(_test_today(value))


@pytest.fixture(scope="session")
def django_db_setup(
    request,
    django_test_environment,
    django_db_blocker,
    django_db_keepdb,
    django_db_createdb,
    django_db_modify_db_settings,  # each xdist worker's own test database name (PostgreSQL: test_<name>_gw0)
):
    """pytest-django's test databases, with one step more where the SQLite test database is made from
    the models (settings/test.py, zhenwei.core.tests.testdb): it is brought to what the migrations
    leave (migrations recorded, data migrations run) before its rows are serialised for the tests
    that ask for serialized_rollback. Otherwise as pytest-django's own fixture (PostgreSQL migrates)."""
    from django.db import connections
    from django.test.utils import setup_databases, teardown_databases

    from zhenwei.core.tests.testdb import as_if_migrated, built_from_models

    keepdb = django_db_keepdb and not django_db_createdb
    verbosity = request.config.option.verbose
    with django_db_blocker.unblock():
        db_cfg = setup_databases(
            verbosity=verbosity, interactive=False, keepdb=keepdb, aliases=["default"], serialized_aliases=[]
        )
        connection = connections["default"]
        if built_from_models("default"):
            as_if_migrated("default")
        connection._test_serialized_contents = connection.creation.serialize_db_to_string()
    yield
    if not keepdb:
        with django_db_blocker.unblock():
            teardown_databases(db_cfg, verbosity=verbosity)


@pytest.fixture(scope="module")
def demo_data(request, django_db_setup, django_db_blocker):
    """The demo data (`zhenwei demo load`, in Chinese) in the test database, inside a transaction
    rolled back after the last of the consecutive tests that use it. Modules build their own
    records on top inside a nested transaction (``transaction.atomic()``) they roll back."""
    from io import StringIO

    from django.core.management import call_command
    from django.db import transaction
    from django.utils import translation

    with django_db_blocker.unblock():
        if _DEMO["atomic"] is None:
            atomic = transaction.atomic()
            atomic.__enter__()
            try:
                with translation.override("zh-hans"), _frozen_for_dates():
                    call_command("demo", "load", stdout=StringIO())
            except BaseException:
                transaction.set_rollback(True)
                atomic.__exit__(None, None, None)
                raise
            _DEMO["atomic"] = atomic
            _DEMO["opened_by"] = request.node.nodeid
    yield
    following = _DEMO["next"]
    if following is None or "demo_data" not in getattr(following, "fixturenames", ()):
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            _DEMO["atomic"].__exit__(None, None, None)
        _DEMO["atomic"] = None


# Seconds per test file (setup, call and teardown of its tests, summed over the workers): written to
# test-artifacts/file_durations.json after every run, the slowest printed with --durations (`make test
# DURATIONS=40`), so whoever re-measures the suite sees which files its time goes to.
_FILE_SECONDS: dict[str, float] = {}


_WORKER_SECONDS: dict[str, float] = {}  # under xdist: seconds of tests per worker (the balance)


def pytest_runtest_logreport(report):
    path = report.nodeid.split("::")[0]
    _FILE_SECONDS[path] = _FILE_SECONDS.get(path, 0.0) + report.duration
    worker = getattr(getattr(getattr(report, "node", None), "gateway", None), "id", None)
    if worker:
        _WORKER_SECONDS[worker] = _WORKER_SECONDS.get(worker, 0.0) + report.duration


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    import json
    from pathlib import Path

    if not _FILE_SECONDS or os.environ.get("PYTEST_XDIST_WORKER"):
        return
    slowest = sorted(_FILE_SECONDS.items(), key=lambda kv: -kv[1])
    artifacts = Path(__file__).resolve().parent / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    (artifacts / "file_durations.json").write_text(
        json.dumps({path: round(seconds, 2) for path, seconds in slowest}, indent=1)
    )
    if config.getoption("durations", None):
        terminalreporter.write_sep("=", f"slowest files (of {len(slowest)}, seconds summed over the workers)")
        for path, seconds in slowest[:20]:
            terminalreporter.write_line(f"{seconds:8.1f}s {path}")
        if _WORKER_SECONDS:
            terminalreporter.write_line(
                "seconds of tests per worker: "
                + ", ".join(f"{w} {s:.1f}" for w, s in sorted(_WORKER_SECONDS.items()))
            )
