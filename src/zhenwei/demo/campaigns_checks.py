"""Demo self-checks and certificate checks of the 2026 云阳县 campaign, made through the services.

Over the first self-checks that ``demo.load_checks`` gives (authored March–June), a dozen enterprises
get follow-up self-checks (authored September–November) with findings and rectification: some done,
some still open (deadline ahead), some overdue (deadline passed, nothing recorded). One certificate
check is made by uploading a staff list of real demo certificate holders through the bulk check
(逐人逐证), so its counts, rows and result file come from the verdicts. Dates move with today
(zhenwei.demo.demodates); loading twice adds nothing.
"""

from __future__ import annotations

import datetime as dt
import io

from django.db import transaction

from zhenwei.campaigns.models import Campaign, CertificateCheck, EnterpriseSelfCheck
from zhenwei.core.models import Department, Division
from zhenwei.demo import demodates
from zhenwei.demo.actor import ACTOR

FOLLOW_UP = "复查：逐人逐证登录应急管理部证书查询平台核验"
BULK_NOTE = "上传三项岗位人员名单逐人逐证核查（演示）"
CHECKED_ON = dt.date(2026, 11, 18)  # authored date of the check made from an upload

# (authored check date, persons, fake, expired, reported, rectify by, rectified on)
FOLLOW_UPS = [
    (dt.date(2026, 9, 8), 18, 1, 1, 1, dt.date(2026, 10, 8), dt.date(2026, 9, 30)),  # done
    (dt.date(2026, 9, 15), 11, 0, 2, 0, dt.date(2026, 10, 31), None),  # overdue
    (dt.date(2026, 10, 9), 25, 2, 0, 2, dt.date(2026, 11, 10), None),  # overdue
    (dt.date(2026, 10, 20), 9, 0, 0, 0, None, None),  # nothing found
    (dt.date(2026, 11, 3), 14, 1, 1, 1, dt.date(2026, 12, 15), None),  # open, deadline ahead
    (dt.date(2026, 11, 12), 7, 0, 1, 0, dt.date(2026, 12, 5), None),  # open
]


def _self_checks(campaign: Campaign, enterprises) -> int:
    from zhenwei.campaigns.checks import self_check_create

    made = 0
    for i, enterprise in enumerate(enterprises[:12]):
        if EnterpriseSelfCheck.objects.filter(
            campaign=campaign, enterprise=enterprise, note=FOLLOW_UP
        ).exists():
            continue
        plan = FOLLOW_UPS[i % len(FOLLOW_UPS)]
        # A second round for the first half: several self-checks per enterprise over the campaign.
        rounds = [plan] if i >= 6 else [plan, FOLLOW_UPS[(i + 3) % len(FOLLOW_UPS)]]
        for checked, persons, fake, expired, reported, by, done in rounds:
            self_check_create(
                campaign=campaign,
                enterprise=enterprise,
                checked_on=demodates.on(checked),
                persons_checked=persons,
                fake_found=fake,
                expired_found=expired,
                reported=reported,
                note=FOLLOW_UP,
                measures="持假证人员停止作业并清退，逾期人员送培复审" if (fake or expired) else "",
                rectify_by=demodates.on(by) if by else None,
                rectified_on=demodates.on(done) if done else None,
                actor=ACTOR,
            )
            made += 1
    return made


def _staff_list(county: Division) -> io.BytesIO | None:
    """A CSV of demo certificate holders of the county, plus one forged number and one person
    without a certificate (what an enterprise's staff list looks like)."""
    from zhenwei.registry.models import Certificate

    today = demodates.on(CHECKED_ON)
    certificates = Certificate.objects.filter(division__path__startswith=county.path).order_by("number")
    fields = ("holder_name", "holder_id_number", "number")
    holders = list(certificates.filter(status="valid", expires_on__gte=today).values_list(*fields)[:6])
    holders += list(certificates.filter(expires_on__lt=today).values_list(*fields)[:1])
    if not holders:
        return None
    name, id_number, _ = holders[0]
    lines = [f"{n},{i},{c}" for n, i, c in holders]
    lines.append(f"{name},{id_number},T{id_number[:-1]}0")  # a number the platform never issued
    lines.append(f"刘未证,{holders[-1][1]},")  # works without a certificate
    data = io.BytesIO(("姓名,身份证号,证书编号\n" + "\n".join(lines) + "\n").encode("utf-8-sig"))
    data.name = "云阳县某化工企业三项岗位人员名单.csv"
    return data


def _bulk_check(campaign: Campaign, enterprises, county: Division) -> int:
    from zhenwei.campaigns.checks import certificate_check_from_upload

    if not enterprises or CertificateCheck.objects.filter(campaign=campaign, note=BULK_NOTE).exists():
        return 0
    upload = _staff_list(county)
    if upload is None:
        return 0
    enterprise = enterprises[1 % len(enterprises)]
    check = certificate_check_from_upload(
        upload=upload,
        enterprise=enterprise,
        department=Department.objects.get(name="云阳县应急管理局"),
        checked_on=demodates.on(CHECKED_ON),
        campaign=campaign,
        persons_reported=1,
        ordered_to_rectify=True,
        note=BULK_NOTE,
        actor=ACTOR,
    )
    return 1 if check.pk else 0


def load(*, stdout) -> None:
    """Follow-up self-checks (some rectification overdue) and one certificate check from an upload."""
    from zhenwei.registry.models import Enterprise

    campaign = Campaign.objects.filter(doc_number="云安办发〔2026〕3号").first()
    if campaign is None:
        return
    county = Division.objects.get(code="500235")
    enterprises = list(
        Enterprise.objects.filter(division__path__startswith=county.path, is_active=True).order_by("name")[
            :24
        ]
    )
    with transaction.atomic():
        made = _self_checks(campaign, enterprises)
        made += _bulk_check(campaign, enterprises, county)
    stdout.write(f"campaign check follow-ups: {made} new")
