import pytest

from zhenwei.cases.choices import CaseKind
from zhenwei.cases.services import case_open


def _officer_of(org, division):
    """The fixture's officer of the case's division (case_open checks the actor's right there)."""
    return {org.a.pk: org.officer_a, org.b.pk: org.officer_b, org.t.pk: org.officer_t}.get(
        division.pk, org.admin
    )


@pytest.fixture
def make_case(org):
    def _make(kind=CaseKind.OTHER, division=None, department=None, **kw):
        division = division or org.a
        return case_open(
            title=kw.pop("title", "测试案件"),
            kind=kind,
            source=kw.pop("source", "other"),
            division=division,
            department=department or org.dept(division, "market"),
            actor=kw.pop("actor", None) or _officer_of(org, division),
            **kw,
        )

    return _make
