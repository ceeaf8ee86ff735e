"""List endpoints keep a fixed number of queries however many rows they return."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhenwei.joint import services


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _meeting_with_decisions(org, campaign, n):
    meeting = services.meeting_create(
        campaign=campaign,
        convening_department=org.dept(org.a, "emergency"),
        title=f"会议{n}",
        held_on=dt.date(2026, 3, 1),
        place="县应急局",
        attending_departments=[org.dept(org.a, "market")],
        actor=org.office_p,
    )
    for i in range(n):
        services.decision_add(
            meeting=meeting,
            text=f"事项{i}",
            owner_department=org.dept(org.a, "market"),
            cooperating_departments=[org.dept(org.a, "police")],
            due_on=dt.date(2026, 4, 1),
            actor=org.office_p,
        )
    services.publicity_create(
        kind="short_video",
        title=f"宣传{n}",
        held_on=dt.date(2026, 4, 1),
        organiser=org.dept(org.a, "market"),
        place="抖音",
        actor=org.officer_a,
    )
    services.urgent_report_submit(
        reporting_department=org.dept(org.a, "market"),
        title=f"报送{n}",
        body="x",
        campaign=campaign,
        actor=org.officer_a,
    )


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/joint/meetings/",
        "/api/v1/joint/decisions/",
        "/api/v1/joint/publicity/",
        "/api/v1/joint/urgent-reports/",
    ],
)
def test_list_query_count_does_not_grow(org, campaign, as_user, url):
    _meeting_with_decisions(org, campaign, 1)
    client = as_user(org.office_p)
    _count(client, url)  # warm: the user's scope is cached after the first request
    few = _count(client, url)
    _meeting_with_decisions(org, campaign, 6)
    assert _count(client, url) == few
