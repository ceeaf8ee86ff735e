"""The built-in report templates, as data. Seeded by a data migration (reference data in production
too) and by ``templates_ensure()``; rows are matched by their code, so re-running updates them.

Row tuple: (code, kind, section, group, label, unit, metric).
"""

from __future__ import annotations

N, T, H = "number", "text", "heading"

CERT_SECTION_SELF = "生产经营单位全面自查情况"
CERT_SECTION_INSPECT = "开展专项执法检查"
CERT_SECTION_FAKE = "打击假冒政府网站制售假冒安全生产证书违法行为查处情况"
CERT_SECTION_EMPLOYER = "用人单位不查验或默许无证"

CERT_ROWS = [
    ("notice", T, "组织部署情况", "印发通知", "文件名称及文号", "", ""),
    ("publicity", T, "组织部署情况", "宣传报道", "宣传报道形式及数量", "", ""),
    (
        "r01",
        N,
        CERT_SECTION_SELF,
        "",
        "辖区内生产经营单位（含央企子公司、分公司）数量",
        "家",
        "registry.enterprises",
    ),
    ("r02", N, CERT_SECTION_SELF, "", "开展自查", "家", "registry.self_checked"),
    ("r03", N, CERT_SECTION_SELF, "", "未开展自查", "家", "registry.not_self_checked"),
    ("r04", N, CERT_SECTION_SELF, "", "发现假冒证件", "人", "registry.selfcheck_fake_found"),
    ("r05", N, CERT_SECTION_SELF, "", "上报处理", "人", "registry.selfcheck_reported"),
    ("r06", N, CERT_SECTION_INSPECT, "生产经营单位", "执法检查", "家", "inspections.cert_units"),
    ("r07", N, CERT_SECTION_INSPECT, "生产经营单位", "发现假证", "个", "inspections.cert_fake"),
    ("r08", N, CERT_SECTION_INSPECT, "生产经营单位", "逾期证件", "个", "inspections.cert_expired"),
    ("r09", N, CERT_SECTION_INSPECT, "生产经营单位", "未持证", "个", "inspections.cert_missing"),
    (
        "r10",
        N,
        CERT_SECTION_INSPECT,
        "生产经营单位",
        "行政罚款",
        "万元",
        "cases.cert_fines_wan",
    ),
    (
        "r11",
        N,
        CERT_SECTION_FAKE,
        "虚假信息兜售、非法伪造变造买卖假证",
        "查处非法违法窝点",
        "个",
        "cases.cert_dens",
    ),
    (
        "r12",
        N,
        CERT_SECTION_FAKE,
        "虚假信息兜售、非法伪造变造买卖假证",
        "行政罚款",
        "元",
        "cases.cert_den_fines_yuan",
    ),
    (
        "r13",
        N,
        CERT_SECTION_FAKE,
        "虚假信息兜售、非法伪造变造买卖假证",
        "涉嫌刑事并移送公安部门",
        "人",
        "cases.police_persons:fake_certificate",
    ),
    (
        "r14",
        N,
        CERT_SECTION_FAKE,
        "非法利用信息网络搭建假冒政府网站或为其提供技术服务",
        "发现并移交相关部门问题线索",
        "条",
        "cases.clues_handed_over",
    ),
    (
        "r15",
        N,
        CERT_SECTION_FAKE,
        "非法利用信息网络搭建假冒政府网站或为其提供技术服务",
        "发现假冒网站",
        "家",
        "webwatch.sites_found",
    ),
    (
        "r16",
        N,
        CERT_SECTION_FAKE,
        "非法利用信息网络搭建假冒政府网站或为其提供技术服务",
        "封堵网站",
        "家",
        "webwatch.sites_blocked",
    ),
    (
        "r17",
        N,
        CERT_SECTION_FAKE,
        "非法利用信息网络搭建假冒政府网站或为其提供技术服务",
        "非法提供技术服务",
        "家",
        "webwatch.tech_services",
    ),
    (
        "r18",
        N,
        CERT_SECTION_FAKE,
        "非法利用信息网络搭建假冒政府网站或为其提供技术服务",
        "涉嫌刑事并移送公安部门",
        "人",
        "cases.police_persons:fake_website",
    ),
    ("r19", N, CERT_SECTION_EMPLOYER, "", "责令整改", "家", "inspections.employers_rectify"),
    ("r20", N, CERT_SECTION_EMPLOYER, "", "停产整顿", "家", "inspections.employers_suspended"),
    ("r21", N, CERT_SECTION_EMPLOYER, "", "行政罚款", "万元", "cases.employer_fines_wan"),
    ("r22", N, CERT_SECTION_EMPLOYER, "", "上报处理", "人", "cases.employer_persons_reported"),
]

FIRE_ROWS = [
    ("notice", T, "组织部署情况", "印发通知", "文件名称及文号", "", ""),
    ("f01", N, "监督检查", "", "检查单位", "家", "inspections.fire_units"),
    ("f02", N, "监督检查", "检查消防产品", "生产领域", "个", "inspections.fire_products:production"),
    ("f03", N, "监督检查", "检查消防产品", "流通领域", "个", "inspections.fire_products:circulation"),
    ("f04", N, "监督检查", "检查消防产品", "建设领域", "个", "inspections.fire_products:construction"),
    ("f05", N, "监督检查", "检查消防产品", "使用领域", "个", "inspections.fire_products:use"),
    ("f06", N, "监督检查", "", "发现不合格产品", "个", "inspections.fire_unqualified"),
    ("f07", N, "案件查处", "", "立案查处案件", "个", "cases.cases:fire-products"),
    ("f08", N, "案件查处", "", "函告、移交其他部门", "个", "cases.letters:fire-products"),
    ("f09", N, "案件查处", "", "作出行政处罚", "个", "cases.penalties:fire-products"),
    ("f10", N, "案件查处", "", "罚没款", "万元", "cases.fines_wan:fire-products"),
    ("f11", N, "案件查处", "", "移送公安机关", "个", "cases.police_cases:fire-products"),
    ("f12", N, "案件查处", "", "查封扣押、收缴销毁不合格产品", "个", "cases.seized:fire-products"),
    ("f13", N, "冒牌消防培训整治", "", "摸排培训机构", "家", "registry.training_institutions"),
    ("f14", N, "冒牌消防培训整治", "", "问题清单事项", "条", "registry.findings"),
    ("f15", N, "宣传", "", "开展宣传活动", "个", "joint.publicity_events"),
    ("f16", N, "宣传", "", "受理举报投诉", "条", "tips.tips:fire-products"),
]

# Seed 004: the product areas and their lead departments (the duplicated 儿童用品 is listed once).
ANTI_COUNTERFEIT_AREAS = [
    ("food-drug", "食品、药品（含化妆品）", "食药监分局牵头"),
    ("agri-inputs", "农资", "农业和农村工作局牵头"),
    ("building-materials", "建材", "住建局牵头"),
    ("children-products", "儿童用品（含玩具）", "质监分局牵头"),
    ("clothing", "服装", "质监分局（生产）、工商分局（流通）"),
    ("appliances", "燃气灶具、小家电", "质监分局"),
    ("lamps", "灯具", "质监分局（生产）、工商分局（流通）"),
    ("auto-parts", "汽车零配件", "交通分局牵头"),
    ("e-commerce", "电子商务产品", "工商分局牵头"),
]
ANTI_COUNTERFEIT_ITEMS = [
    ("a", "检查经营主体", "家", "inspections.units"),
    ("b", "受理举报及发现线索", "条", "cases.clues"),
    ("c", "立案查处案件", "个", "cases.cases"),
    ("d", "罚没款", "万元", "cases.fines_wan"),
    ("e", "移送公安机关", "个", "cases.police_cases"),
]


def _anti_counterfeit_rows():
    rows = [("notice", T, "组织部署情况", "印发通知", "文件名称及文号", "", "")]
    for i, (code, area, lead) in enumerate(ANTI_COUNTERFEIT_AREAS, start=1):
        for suffix, label, unit, metric in ANTI_COUNTERFEIT_ITEMS:
            rows.append((f"p{i}{suffix}", N, f"{i}. {area}", lead, label, unit, f"{metric}:{code}"))
    rows.append(("cases_note", T, "重点案件及经验做法", "", "重点案件、经验做法", "", ""))
    return rows


BUILTIN_TEMPLATES = [
    {
        "slug": "cert-campaign-monthly",
        "title": "专项行动情况月报表",
        "source": "渝应急发〔2021〕104号 附件1",
        "description": "打击假冒政府网站制售假冒安全生产证书专项行动，每月5日前报送上月情况（含公安部门工作情况）。",
        "rows": CERT_ROWS,
    },
    {
        "slug": "fire-products-monthly",
        "title": "消防产品专项整治情况月报表",
        "source": "农坝府发〔2023〕8号；沪市监质监〔2024〕消防；塔城支队3·15活动",
        "description": "打击冒牌消防培训和制售假冒伪劣消防产品专项整治：检查、抽查、查处、移送、宣传。",
        "rows": FIRE_ROWS,
    },
    {
        "slug": "anti-counterfeit-monthly",
        "title": "打假工作统计月报表",
        "source": "中港府办〔2017〕74号",
        "description": "各职能部门每月5号前将上月打假统计数据、重点案件和经验做法报送镇打假办。",
        "rows": _anti_counterfeit_rows(),
    },
]


def templates_ensure(ReportTemplate, TemplateRow) -> None:  # noqa: N803 - model classes (apps.get_model)
    """Create or update the built-in templates; rows keyed by code, sort follows the list order."""
    for spec in BUILTIN_TEMPLATES:
        template, _ = ReportTemplate.objects.update_or_create(
            slug=spec["slug"],
            defaults={"title": spec["title"], "source": spec["source"], "description": spec["description"]},
        )
        codes = [r[0] for r in spec["rows"]]
        TemplateRow.objects.filter(template=template).exclude(code__in=codes).delete()
        # Move existing rows out of the way so the (template, sort) constraint holds while re-sorting.
        for i, row in enumerate(TemplateRow.objects.filter(template=template)):
            row.sort = 20000 + i
            row.save(update_fields=["sort"])
        for sort, (code, kind, section, group, label, unit, metric) in enumerate(spec["rows"], start=1):
            TemplateRow.objects.update_or_create(
                template=template,
                code=code,
                defaults={
                    "sort": sort,
                    "kind": kind,
                    "section": section,
                    "group": group,
                    "label": label,
                    "unit": unit,
                    "metric": metric,
                },
            )
