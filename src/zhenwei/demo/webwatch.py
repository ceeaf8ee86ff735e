"""Demo ledger: fake websites and technical service providers found in 云阳县 and nearby during 2026,
each at a realistic stage, with a page file kept as evidence. Idempotent (host + kind + division).
Dates are authored around 2026-11-25 and placed relative to today by ``zhenwei.demo.demodates``."""

from __future__ import annotations

import datetime as dt
import io

from django.utils import timezone

from zhenwei.core.models import Department, Division, User
from zhenwei.demo import demodates
from zhenwei.webwatch.choices import SiteStatus
from zhenwei.webwatch.lookalike import parse_host
from zhenwei.webwatch.models import SuspectSite
from zhenwei.webwatch.services import (
    site_block,
    site_close,
    site_clue_open,
    site_evidence_add,
    site_refer,
    site_register,
)

D = dt.date
# url, kind, title, division, actor, discovered, via, provider, service, evidence, referral, block, close
SITES = [
    (
        "http://cx.mem.gov.cn.zscx-query.com/tzzy/",
        "fake_website",
        "特种作业操作证查询（假冒）",
        "500235",
        "yy_office",
        D(2026, 3, 8),
        "certificate_check",
        "",
        "",
        D(2026, 3, 9),
        ("cyber_police", "重庆市公安局网安总队", "云应急移〔2026〕4号", D(2026, 3, 12)),
        (D(2026, 3, 26), "停止解析"),
        None,
    ),
    (
        "http://cx.xn--mm-nlc.com/",
        "fake_website",
        "应急管理部证书查询（仿冒字符）",
        "500235",
        "yy_office",
        D(2026, 4, 3),
        "patrol",
        "",
        "",
        D(2026, 4, 3),
        ("registrar", "阿里云计算有限公司（域名注册服务机构）", "", D(2026, 4, 7)),
        (D(2026, 4, 20), "注销域名"),
        None,
    ),
    (
        "https://cx.rnem-gov.cn/query",
        "fake_website",
        "全国特种作业证书查询平台",
        "500235",
        "yy_police",
        D(2026, 4, 15),
        "tip",
        "",
        "",
        D(2026, 4, 16),
        ("registrar", "厦门易名科技股份有限公司", "", D(2026, 4, 18)),
        None,
        None,
    ),
    (
        "http://cx-mem.net/",
        "fake_website",
        "安全生产证书查询",
        "500235116",
        "nb_officer",
        D(2026, 4, 22),
        "tip",
        "",
        "",
        D(2026, 4, 22),
        ("cyber_police", "云阳县公安局网安大队", "农坝应急移〔2026〕1号", D(2026, 4, 24)),
        None,
        None,
    ),
    (
        "http://mem-cx.com/zs/",
        "fake_website",
        "特种作业人员证书查询中心",
        "500235",
        "yy_office",
        D(2026, 5, 6),
        "ad_screening",
        "",
        "",
        D(2026, 5, 7),
        ("cyber_police", "重庆市公安局网安总队", "云应急移〔2026〕9号", D(2026, 5, 9)),
        None,
        None,
    ),
    (
        "http://103.45.67.89/",
        "tech_service",
        "为假冒查询网站提供服务器托管",
        "500235",
        "yy_police",
        D(2026, 5, 12),
        "transfer",
        "重庆云端互联网络科技有限公司",
        "hosting",
        D(2026, 5, 13),
        ("cyber_police", "重庆市公安局网安总队", "云公网移〔2026〕2号", D(2026, 5, 15)),
        None,
        None,
    ),
    (
        "http://cxmemgov.cn/",
        "fake_website",
        "应急管理部证书查询系统",
        "500235",
        "yy_office",
        D(2026, 5, 20),
        "patrol",
        "",
        "",
        D(2026, 5, 21),
        None,
        None,
        None,
    ),
    (
        "http://mem.com.cn/",
        "fake_website",
        "应急管理部（仿冒后缀）",
        "500235",
        "yy_office",
        D(2026, 6, 2),
        "patrol",
        "",
        "",
        D(2026, 6, 2),
        ("registrar", "北京新网数码信息技术有限公司", "", D(2026, 6, 5)),
        (D(2026, 6, 30), "停止解析"),
        None,
    ),
    (
        "http://mem-zhengshu.cn/",
        "fake_website",
        "安全证书网上查询",
        "500101",
        "wz_officer",
        D(2026, 6, 11),
        "patrol",
        "",
        "",
        D(2026, 6, 11),
        ("cyber_police", "万州区公安分局网安支队", "万应急移〔2026〕3号", D(2026, 6, 15)),
        (D(2026, 7, 2), "关停服务器"),
        None,
    ),
    (
        "http://tezhongzuoye-chaxun.com/",
        "fake_website",
        "特种作业操作证查询网",
        "500235",
        "yy_office",
        D(2026, 6, 18),
        "ad_screening",
        "",
        "",
        D(2026, 6, 19),
        None,
        None,
        None,
    ),
    (
        "https://yingjiguanlibu-zs.com/",
        "fake_website",
        "应急管理部证书服务",
        "500235",
        "yy_office",
        D(2026, 7, 7),
        "patrol",
        "",
        "",
        D(2026, 7, 8),
        ("cyber_police", "重庆市公安局网安总队", "云应急移〔2026〕15号", D(2026, 7, 10)),
        None,
        None,
    ),
    (
        "http://samr.gov.cn.zhengshu.top/",
        "fake_website",
        "市场监管总局证书查询（假冒）",
        "500235",
        "yy_officer",
        D(2026, 7, 21),
        "patrol",
        "",
        "",
        None,
        None,
        None,
        None,
    ),
    (
        "http://sarnr.com/",
        "fake_website",
        "sarnr.com",
        "500235",
        "yy_officer",
        D(2026, 8, 12),
        "patrol",
        "",
        "",
        None,
        None,
        None,
        (D(2026, 8, 14), "网站无法访问，注册商确认域名已过期未续费，无页面内容。"),
    ),
    (
        "http://zscx-dns.net/",
        "tech_service",
        "为假冒网站提供域名解析",
        "500235",
        "yy_police",
        D(2026, 8, 20),
        "transfer",
        "成都天网数据科技有限公司",
        "domain",
        D(2026, 8, 21),
        ("cyber_police", "重庆市公安局网安总队", "云公网移〔2026〕5号", D(2026, 8, 24)),
        (D(2026, 9, 10), "停止解析服务"),
        None,
    ),
    (
        "http://119-xiaofang.cn/",
        "fake_website",
        "中国消防（仿冒）",
        "500235",
        "yy_fire",
        D(2026, 9, 3),
        "patrol",
        "",
        "",
        D(2026, 9, 4),
        ("registrar", "阿里云计算有限公司（域名注册服务机构）", "", D(2026, 9, 8)),
        (D(2026, 9, 25), "注销域名"),
        None,
    ),
    (
        "http://cccf-cx.com/",
        "fake_website",
        "消防产品身份信息查询（假冒）",
        "500235",
        "yy_fire",
        D(2026, 9, 16),
        "tip",
        "",
        "",
        D(2026, 9, 17),
        ("cyber_police", "云阳县公安局网安大队", "云消移〔2026〕2号", D(2026, 9, 19)),
        None,
        None,
    ),
    (
        "http://应急管理部证书查询.com/",
        "fake_website",
        "应急管理部证书查询（中文域名）",
        "500235",
        "yy_office",
        D(2026, 10, 10),
        "patrol",
        "",
        "",
        D(2026, 10, 12),
        None,
        None,
        None,
    ),
    (
        "http://mem.gov.cn-zs.com/",
        "fake_website",
        "特种作业证网上查询",
        "500235",
        "yy_office",
        D(2026, 10, 28),
        "ad_screening",
        "",
        "",
        None,
        None,
        None,
        None,
    ),
    (
        "http://cx.mem.gov.cn@zs-query.net/tzzy",
        "fake_website",
        "证书查询（链接伪装）",
        "500235116",
        "nb_officer",
        D(2026, 11, 19),
        "tip",
        "",
        "",
        None,
        None,
        None,
        None,
    ),
]


def _page_file(url: str, captured: dt.datetime) -> bytes:
    """A small PDF recording the captured page's address and time (the demo's stand-in for a saved page)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    pdf.setFont("Helvetica", 11)
    pdf.drawString(56, 780, "Zhenwei web watch - saved page (demo)")
    pdf.drawString(56, 760, f"URL: {url}"[:110])
    pdf.drawString(56, 740, f"Captured: {captured.isoformat()}")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def load(*, stdout) -> None:
    users = {u.username: u for u in User.objects.filter(username__in={s[4] for s in SITES})}
    divisions = {d.code: d for d in Division.objects.filter(code__in={s[3] for s in SITES})}
    created = 0
    for url, kind, title, code, who, found, via, provider, service, ev_on, referral, block, close in SITES:
        actor, division = users.get(who), divisions.get(code)
        if actor is None or division is None:
            continue
        host = parse_host(url)[0]
        site = SuspectSite.objects.filter(host=host, kind=kind, division=division).first()
        if site is not None:
            continue  # loaded before, whatever its stage now
        created += 1
        found, ev_on = demodates.on(found), ev_on and demodates.on(ev_on)
        if referral:
            referral = (*referral[:3], demodates.on(referral[3]))
        if block:
            block = (demodates.on(block[0]), block[1])
        if close:
            close = (demodates.on(close[0]), close[1])
        site = site_register(
            url=url,
            kind=kind,
            title=title,
            division=division,
            discovered_on=found,
            discovered_via=via,
            provider_name=provider,
            provider_service=service,
            actor=actor,
            department=Department.objects.filter(memberships__user=actor).first(),
        )
        if ev_on and site.status == SiteStatus.DISCOVERED:
            captured = timezone.make_aware(dt.datetime.combine(ev_on, dt.time(10, 30)))
            site_evidence_add(
                site=site,
                fileobj=io.BytesIO(_page_file(url, captured)),
                name=f"page-{site.host}.pdf",
                declared_type="application/pdf",
                actor=actor,
                url=url,
                captured_at=captured,
                note="网页存档",
            )
            site.refresh_from_db()
        if referral and site.status == SiteStatus.EVIDENCE_KEPT:
            to_kind, to, number, on = referral
            site = site_refer(site=site, on=on, to_kind=to_kind, to=to, number=number, actor=actor)
        if block and site.status in (SiteStatus.EVIDENCE_KEPT, SiteStatus.REFERRED):
            site = site_block(site=site, on=block[0], method=block[1], actor=actor)
        if close and site.status in (SiteStatus.DISCOVERED, SiteStatus.EVIDENCE_KEPT):
            site = site_close(site=site, on=close[0], reason=close[1], actor=actor)
        if referral and not site.clue_id:
            site_clue_open(site=site, actor=actor)
    stdout.write(f"webwatch: {len(SITES)} ledger records ({created} new)")
