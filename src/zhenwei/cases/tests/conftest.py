import pytest

from zhenwei.cases.choices import CaseKind
from zhenwei.cases.services import case_open


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
            actor=org.officer_a,
            **kw,
        )

    return _make
