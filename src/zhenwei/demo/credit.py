"""Demo credit lists (active, pending, expired, removed, repaired) and publications: credit entries,
typical cases from blocked fake websites and closed cases, sampling results from inspections.
Idempotent: entries by decision number, publications by their source record. Dates are authored around
2026-11-25 and placed relative to today (zhenwei.demo.demodates); decision numbers keep their year."""

from __future__ import annotations

import datetime as dt
import logging

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils import timezone

from zhenwei.core.models import Division, User
from zhenwei.core.validators import uscc_check_char
from zhenwei.credit.choices import CreditStatus
from zhenwei.credit.models import CreditEntry, Disclosure
from zhenwei.credit.services import (
    credit_entry_create,
    credit_entry_remove,
    credit_entry_repair,
    disclosure_create,
)
from zhenwei.demo import demodates

D = dt.date
log = logging.getLogger(__name__)
APPEAL = (
    "当事人对列入决定不服的，可以自收到决定书之日起六十日内向{upper}申请行政复议，或者在六个月内依法向人民法院"
    "提起行政诉讼；对公示信息有异议的，可向决定机关提出，决定机关在十五个工作日内核实答复。"
)


def _uscc(body17: str) -> str:
    return body17 + uscc_check_char(body17)


# actor, division, list kind, subject kind, name, code body or id number, legal rep, reason, basis,
# authority, number, decided, start, end, removal (number, date, reason), repair (number, date, note)
ENTRIES = [
    (
        "yy_officer",
        "500235",
        "serious_dishonest",
        "legal_person",
        "重庆盾安消防器材有限公司",
        "91500235MA60XK3L2",
        "张德明",
        "生产、销售不合格灭火器（灭火剂量不足、压力表失准）1860具，货值金额26.4万元，拒不召回。",
        "《市场监督管理严重违法失信名单管理办法》第九条",
        "云阳县市场监督管理局",
        "云阳市监失信〔2026〕1号",
        D(2026, 3, 20),
        D(2026, 3, 25),
        D(2029, 3, 24),
        None,
        None,
    ),
    (
        "yy_office",
        "500235",
        "blacklist",
        "legal_person",
        "云阳县恒安安全培训咨询有限公司",
        "91500235MA61HB7R4",
        "陈国华",
        "冒用应急管理部门名义组织“免考包过”特种作业培训，出具伪造的特种作业操作证37本。",
        "《安全生产培训管理办法》第三十六条",
        "云阳县应急管理局",
        "云阳应急黑〔2026〕2号",
        D(2026, 4, 28),
        D(2026, 5, 6),
        D(2029, 5, 5),
        None,
        None,
    ),
    (
        "yy_office",
        "500235",
        "blacklist",
        "individual",
        "刘志强",
        "50023519850612201",
        "",
        "通过网络兜售伪造的特种作业操作证，搭建假冒查询网站提供“全国联网可查”虚假验证。",
        "《安全生产严重失信主体名单管理办法》第六条",
        "云阳县应急管理局",
        "云阳应急黑〔2026〕5号",
        D(2026, 5, 15),
        D(2026, 5, 20),
        D(2029, 5, 19),
        None,
        None,
    ),
    (
        "yy_officer",
        "500235",
        "serious_dishonest",
        "legal_person",
        "云阳县江口消防设备经营部",
        "92500235MA5YT8K1P",
        "",
        "销售假冒伪劣灭火毯、过滤式消防自救呼吸器。",
        "《市场监督管理严重违法失信名单管理办法》第九条",
        "云阳县市场监督管理局",
        "云阳市监失信〔2023〕4号",
        D(2023, 3, 10),
        D(2023, 3, 15),
        D(2026, 3, 14),
        None,
        None,
    ),
    (
        "yy_office",
        "500235",
        "serious_dishonest",
        "legal_person",
        "云阳县宏达电气焊接工程有限公司",
        "91500235MA62QW3N8",
        "王建军",
        "使用持伪造特种作业操作证人员从事电焊作业，默许无证上岗。",
        "《安全生产严重失信主体名单管理办法》第六条",
        "云阳县应急管理局",
        "云阳应急失信〔2026〕3号",
        D(2026, 3, 5),
        D(2026, 3, 10),
        D(2029, 3, 9),
        None,
        (
            "云阳应急修复〔2026〕1号",
            D(2026, 10, 10),
            "已全部更换持证人员，完成整改并作出信用承诺，公示期满一年。",
        ),
    ),
    (
        "yy_office",
        "500235",
        "blacklist",
        "legal_person",
        "云阳县安达劳务派遣有限公司",
        "91500235MA63LD9F6",
        "何强",
        "为务工人员代办伪造的高处作业证。",
        "《安全生产严重失信主体名单管理办法》第六条",
        "云阳县应急管理局",
        "云阳应急黑〔2026〕7号",
        D(2026, 7, 1),
        D(2026, 7, 6),
        D(2029, 7, 5),
        ("云阳应急移出〔2026〕1号", D(2026, 8, 15), "行政复议决定撤销原处罚决定。"),
        None,
    ),
    (
        "wz_officer",
        "500101",
        "serious_dishonest",
        "legal_person",
        "重庆鑫安消防科技有限公司",
        "91500101MA60RT5C3",
        "周立新",
        "在万州区内以“消防培训”名义上门高价推销不合格灭火器和灭火贴。",
        "《市场监督管理严重违法失信名单管理办法》第九条",
        "万州区市场监督管理局",
        "万州市监失信〔2026〕6号",
        D(2026, 6, 20),
        D(2026, 6, 28),
        D(2029, 6, 27),
        None,
        None,
    ),
    (
        "sh_officer",
        "310115",
        "serious_dishonest",
        "legal_person",
        "上海鼎盛消防器材有限公司",
        "91310115MA1K4G2B7",
        "郑伟",
        "生产无消防产品身份信息标志的消防应急照明灯具并销售。",
        "《市场监督管理严重违法失信名单管理办法》第九条",
        "浦东新区市场监督管理局",
        "沪浦市监失信〔2026〕12号",
        D(2026, 9, 8),
        D(2026, 9, 15),
        D(2029, 9, 14),
        None,
        None,
    ),
    (
        "yy_officer",
        "500235",
        "serious_dishonest",
        "legal_person",
        "重庆平安消防工程有限公司",
        "91500235MA64PX2H1",
        "吴刚",
        "在消防工程中使用国家明令淘汰的消防产品。",
        "《市场监督管理严重违法失信名单管理办法》第九条",
        "云阳县市场监督管理局",
        "云阳市监失信〔2026〕9号",
        D(2026, 11, 20),
        D(2026, 12, 1),
        D(2029, 11, 30),
        None,
        None,
    ),
]


def _code(body: str, subject_kind: str) -> tuple[str, str]:
    if subject_kind == "individual":
        from zhenwei.core.validators import id_number_check_char

        return "", body + id_number_check_char(body)
    return _uscc(body), ""


def _publish(record, actor, **kwargs) -> bool:
    ct = ContentType.objects.get_for_model(record)
    if Disclosure.objects.filter(source_type=ct, source_id=record.pk).exists():
        return False
    try:
        disclosure_create(record=record, actor=actor, **kwargs)
    except ValidationError:
        return False  # the record's model changed or it is not publishable now: skip in the demo
    return True


def load(*, stdout) -> None:
    users = {u.username: u for u in User.objects.filter(username__in={e[0] for e in ENTRIES} | {"admin"})}
    divisions = {d.code: d for d in Division.objects.filter(code__in={e[1] for e in ENTRIES})}
    created = published = 0
    entries = []
    for (
        who,
        code,
        kind,
        subject_kind,
        name,
        body,
        rep,
        reason,
        basis,
        authority,
        number,
        decided,
        start,
        end,
        removal,
        repair,
    ) in ENTRIES:
        actor, division = users.get(who), divisions.get(code)
        if actor is None or division is None:
            continue
        entry = CreditEntry.objects.filter(deciding_authority=authority, decision_number=number).first()
        if entry is None:
            start, end = demodates.period(start, end)
            credit_code, id_number = _code(body, subject_kind)
            upper = "云阳县人民政府" if code == "500235" else "上级机关或本级人民政府"
            entry = credit_entry_create(
                actor=actor,
                division=division,
                list_kind=kind,
                subject_kind=subject_kind,
                subject_name=name,
                credit_code=credit_code,
                id_number=id_number,
                legal_representative=rep,
                reason=reason,
                legal_basis=basis,
                deciding_authority=authority,
                decision_number=number,
                decision_date=demodates.on(decided),
                publication_start=start,
                publication_end=end,
                appeal_route=APPEAL.format(upper=upper),
            )
            created += 1
        entries.append((entry, actor, removal, repair))
    # Publish the active ones (a removal or repair below then withdraws the publication).
    for entry, actor, _removal, _repair in entries:
        if entry.status == CreditStatus.ACTIVE:
            published += _publish(entry, actor, published_on=entry.publication_start)
    for entry, actor, removal, repair in entries:
        if removal and not entry.removal_date:
            credit_entry_remove(
                entry=entry, actor=actor, number=removal[0], on=demodates.on(removal[1]), reason=removal[2]
            )
        if repair and not entry.repair_date:
            credit_entry_repair(
                entry=entry, actor=actor, number=repair[0], on=demodates.on(repair[1]), note=repair[2]
            )
    published += _publish_other_records(users)
    stdout.write(f"credit: {len(ENTRIES)} credit entries ({created} new), {published} new publications")


def _publish_other_records(users) -> int:
    """Typical cases from blocked fake websites and closed cases; sampling results from judged inspections."""
    count = 0
    admin = users.get("admin")
    if admin is None:
        return 0
    from zhenwei.webwatch.models import SuspectSite

    for site in SuspectSite.objects.filter(status="blocked", kind="fake_website").order_by("blocked_on")[:4]:
        count += _publish(
            site,
            admin,
            published_on=site.blocked_on + dt.timedelta(days=3),
            title=f"曝光：假冒网站 {site.host} 已封堵",
            summary=f"该网站仿冒官方网站 {site.imitates or '—'}，提供虚假证书查询。经取证移交后已于 {site.blocked_on} 封堵。"
            "请认准官方查询平台 cx.mem.gov.cn。",
        )
    for label, filters, limit in (
        ("cases.case", {"closed_on__isnull": False}, 3),
        ("inspections.inspection", {"judged_on__isnull": False}, 6),
    ):
        try:
            model = apps.get_model(label)
            records = list(model.objects.filter(**filters).order_by("pk")[:limit])
        except Exception:  # another app's models may differ or be absent: its records are optional here
            log.info("credit demo: no %s records to publish", label, exc_info=True)
            continue
        for record in records:
            day = getattr(record, "closed_on", None) or getattr(record, "judged_on", None)
            on = min(day + dt.timedelta(days=5), timezone.localdate()) if day else None
            count += _publish(record, admin, published_on=on)
    return count
