"""Case numbers stay unique and gap-free when several officers open cases at the same moment."""

import threading

import pytest
from django.db import connection

from zhenwei.cases.choices import CaseKind
from zhenwei.cases.models import Case
from zhenwei.cases.services import case_open


def open_case(org, title: str):
    return case_open(
        title=title,
        kind=CaseKind.OTHER,
        source="other",
        division=org.a,
        department=org.dept(org.a, "market"),
        actor=org.officer_a,
    )


def test_numbers_count_up_per_division_and_year(org):
    numbers = [open_case(org, f"案件{i}").number for i in range(3)]
    assert [n.rsplit("-", 1)[1] for n in numbers] == ["0001", "0002", "0003"]


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="concurrent writers need PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_case_opening_gives_distinct_numbers(org):
    threads, errors = 4, []
    barrier = threading.Barrier(threads)

    def open_cases():
        try:
            barrier.wait()
            for i in range(5):
                open_case(org, f"并发案件{i}")
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    pool = [threading.Thread(target=open_cases) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    assert errors == []
    numbers = sorted(Case.objects.filter(division=org.a).values_list("number", flat=True))
    assert [n.rsplit("-", 1)[1] for n in numbers] == [f"{i:04d}" for i in range(1, 21)]
