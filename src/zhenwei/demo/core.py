"""Demo organisation: a real slice of divisions, the departments named in the seeds, a user per role."""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from zhenwei.core.choices import Role
from zhenwei.core.models import Division
from zhenwei.core.services import (
    department_ensure,
    department_kind_ensure,
    division_import,
    membership_grant,
    user_ensure,
)
from zhenwei.demo.actor import ACTOR

HERE = Path(__file__).resolve().parent
# The provinces, cities and districts are core's data file; the towns below them are demo data.
DIVISION_FILES = (
    HERE.parent / "core" / "data" / "divisions_cn.csv",
    HERE / "data" / "divisions_towns_demo.csv",
)

DEMO_PASSWORD = "zhenwei-demo-2026"  # noqa: S105 - printed by make demo on purpose

DEPARTMENT_KINDS = [
    ("government", "人民政府", "People's government", 5),
    ("emergency", "应急管理", "Emergency management", 10),
    ("market", "市场监管", "Market supervision", 20),
    ("police", "公安", "Public security", 30),
    ("housing", "住房城乡建设", "Housing and construction", 40),
    ("fire", "消防救援", "Fire and rescue", 50),
    ("social_affairs", "社会事务", "Social affairs office", 60),
    ("quality", "质量技术监督", "Quality supervision", 70),
    ("commerce", "工商行政管理", "Industry and commerce", 80),
    ("food_drug", "食品药品监管", "Food and drug administration", 90),
    ("agriculture", "农业农村", "Agriculture and rural affairs", 100),
    ("transport", "交通运输", "Transport", 110),
    ("industry", "经济和信息化", "Economy and information technology", 120),
    ("development", "发展和改革", "Development and reform", 130),
    ("publicity", "宣传", "Publicity", 140),
    ("cyber_police", "网安", "Cyber police", 150),
    ("certification", "产品认证机构", "Certification body", 160),
]

# (division code, department name, kind)
DEPARTMENTS = [
    ("500000", "重庆市应急管理局", "emergency"),
    ("500000", "重庆市公安局", "police"),
    ("500000", "重庆市公安局网安总队", "cyber_police"),
    ("500000", "重庆市市场监督管理局", "market"),
    ("500000", "重庆市消防救援总队", "fire"),
    ("500235", "云阳县人民政府", "government"),
    ("500235", "云阳县应急管理局", "emergency"),
    ("500235", "云阳县公安局", "police"),
    ("500235", "云阳县市场监督管理局", "market"),
    ("500235", "云阳县消防救援大队", "fire"),
    ("500235", "云阳县住房和城乡建设委员会", "housing"),
    ("500235116", "农坝镇人民政府", "government"),
    ("500235116", "农坝镇应急办", "emergency"),
    ("500235116", "农坝镇社事办", "social_affairs"),
    ("500235116", "农坝派出所", "police"),
    ("500235116", "江口市场监管所", "market"),
    ("500101", "万州区应急管理局", "emergency"),
    ("500101", "万州区公安分局", "police"),
    ("500101", "万州区市场监督管理局", "market"),
    ("500101", "万州区消防救援支队", "fire"),
    ("310000", "上海市市场监督管理局", "market"),
    ("310000", "上海市公安局", "police"),
    ("310000", "上海市住房城乡建设管理委", "housing"),
    ("310000", "上海市消防救援总队", "fire"),
    ("310115", "浦东新区市场监督管理局", "market"),
    ("310115", "浦东新区消防救援支队", "fire"),
    ("310115", "浦东新区建设和交通委员会", "housing"),
    ("310115", "浦东公安分局", "police"),
    ("442000", "中山市打假办", "government"),
    ("442000108", "港口镇人民政府", "government"),
    ("442000108", "港口质监分局", "quality"),
    ("442000108", "港口工商分局", "commerce"),
    ("442000108", "港口食药监分局", "food_drug"),
    ("442000108", "港口公安分局", "police"),
    ("442000108", "港口镇农业和农村工作局", "agriculture"),
    ("442000108", "港口镇住建局", "housing"),
    ("442000108", "港口镇经信局", "industry"),
    ("442000108", "港口交通分局", "transport"),
    ("442000108", "港口镇发改局", "development"),
    ("442000108", "港口镇宣传文体服务中心", "publicity"),
    ("500235", "中国质量认证中心（消防产品）", "certification"),
]

# username, display name, department, role, description
USERS = [
    ("admin", "平台管理员", None, Role.PLATFORM_ADMIN, "平台管理员（全部数据，Django 管理后台）"),
    ("cq_office", "廖珍林", "重庆市应急管理局", Role.CAMPAIGN_OFFICE, "重庆市专项行动工作组办公室"),
    ("cq_police", "胡晓", "重庆市公安局", Role.OFFICER, "重庆市公安局（市级）"),
    ("yy_office", "胡开林", "云阳县应急管理局", Role.CAMPAIGN_OFFICE, "云阳县专项办"),
    ("yy_officer", "陈立", "云阳县市场监督管理局", Role.OFFICER, "云阳县市场监管局工作人员"),
    ("yy_police", "周勇", "云阳县公安局", Role.OFFICER, "云阳县公安局工作人员"),
    ("yy_fire", "何平", "云阳县消防救援大队", Role.OFFICER, "云阳县消防救援大队"),
    ("yy_inspector", "李强", "云阳县消防救援大队", Role.INSPECTOR, "检查员（云阳县消防救援大队）"),
    ("yy_inspector2", "王敏", "云阳县市场监督管理局", Role.INSPECTOR, "检查员（云阳县市场监管局）"),
    ("yy_inspector3", "赵磊", "云阳县应急管理局", Role.INSPECTOR, "检查员（云阳县应急管理局）"),
    ("yy_hotline", "刘芳", "云阳县应急管理局", Role.HOTLINE_OPERATOR, "12350 热线接线员（云阳县）"),
    ("yy_viewer", "余游海", "云阳县人民政府", Role.VIEWER, "县领导（只读）"),
    ("nb_officer", "张明", "农坝镇应急办", Role.OFFICER, "农坝镇应急办工作人员"),
    ("wz_officer", "孙涛", "万州区应急管理局", Role.OFFICER, "万州区应急管理局（相邻区县）"),
    ("sh_officer", "郎敏斐", "上海市市场监督管理局", Role.OFFICER, "上海市市场监管局"),
    ("zs_officer", "张荣钦", "港口质监分局", Role.OFFICER, "中山市港口镇打假办（质监分局）"),
]


def demo_logins() -> list[tuple[str, str]]:
    return [(u[0], u[4]) for u in USERS]


def load(*, stdout) -> None:
    actor = ACTOR
    for path in DIVISION_FILES:
        summary = division_import(path=path, actor=actor)
        stdout.write(f"divisions {path.name}: {summary.line()}")
    with transaction.atomic():
        kinds = {
            code: department_kind_ensure(code=code, name=name, name_en=en, sort=sort, actor=actor)
            for code, name, en, sort in DEPARTMENT_KINDS
        }
        divisions = {d.code: d for d in Division.objects.filter(code__in={c for c, _, _ in DEPARTMENTS})}
        departments = {
            name: department_ensure(name=name, kind=kinds[kind], division=divisions[code], actor=actor)
            for code, name, kind in DEPARTMENTS
        }
        for username, display, dept, role, _desc in USERS:
            user = user_ensure(
                username=username,
                display_name=display,
                password=DEMO_PASSWORD,
                is_superuser=(role == Role.PLATFORM_ADMIN),
                actor=actor,
            )
            department = departments[dept] if dept else departments["重庆市应急管理局"]
            membership_grant(user=user, department=department, role=role, actor=actor)
    stdout.write(f"organisation: {len(departments)} departments, {len(USERS)} users")
