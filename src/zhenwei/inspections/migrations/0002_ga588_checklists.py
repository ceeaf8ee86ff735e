"""Checklists per fire-product category after the on-site judgment rules (GA 588 practice), as data.

Frozen here (a migration must not change when the code does); administrators edit them in the admin.
Items of the parent category "fire-products" apply to every fire product.
"""

from django.db import migrations

GA588 = "GA 588 消防产品现场检查判定规则"
# category code, item code, group, text, failure reason, sort
ITEMS = [
    ("fire-products", "A01", "access", "具有强制性产品认证证书、技术鉴定证书或型式检验报告", "R01", 10),
    ("fire-products", "A02", "access", "市场准入证书在有效期内，未被暂停、撤销或注销", "R02", 20),
    ("fire-products", "B01", "identity", "产品加施消防产品身份证标志", "R03", 30),
    ("fire-products", "B02", "identity", "身份证标志查询真实，与产品名称、型号规格、生产者一致", "R04", 40),
    ("fire-products", "C01", "consistency", "铭牌、标志内容（名称、型号、生产者、日期）与证书一致", "R05", 50),
    ("fire-products", "C02", "consistency", "外观、结构与认证（鉴定）样品一致", "R06", 60),
    ("fire-products", "C03", "consistency", "关键部件、材料与证书描述一致", "R07", 70),
    ("fire-products", "C04", "consistency", "不属于国家明令淘汰的产品", "R09", 80),
    ("fire-extinguisher", "D01", "onsite_test", "储压式灭火器压力指示器指针位于绿区", "R08", 110),
    ("fire-extinguisher", "D02", "onsite_test", "筒体无明显锈蚀、变形，喷射软管、喷嘴完好", "R08", 120),
    ("fire-extinguisher", "D03", "onsite_test", "未超过报废年限（水基型6年、干粉型10年、二氧化碳12年）", "R10", 130),
    ("fire-extinguisher", "D04", "consistency", "灭火剂类型、充装量与铭牌一致（称重或标识核对）", "R07", 140),
    ("emergency-lighting", "D01", "onsite_test", "切断主电源后5秒内自动转入应急工作状态", "R08", 110),
    ("emergency-lighting", "D02", "onsite_test", "应急工作时持续点亮，光源无闪烁、亮度正常", "R08", 120),
    ("emergency-lighting", "D03", "onsite_test", "恢复主电后自动转入主电工作状态并充电指示正常", "R08", 130),
    ("emergency-sign-lamp", "D01", "onsite_test", "切断主电源后5秒内自动转入应急工作状态", "R08", 110),
    ("emergency-sign-lamp", "D02", "onsite_test", "标志面指示方向正确、亮度均匀、无破损", "R08", 120),
    ("fire-blanket", "D01", "onsite_test", "织物无破损、无霉变，包装可快速抽出", "R08", 110),
    ("fire-blanket", "D02", "consistency", "标称尺寸与实测一致", "R06", 120),
    ("escape-respirator", "D01", "onsite_test", "真空包装密封完好，未超过有效期", "R10", 110),
    ("escape-respirator", "D02", "consistency", "标明防护时间不少于15分钟、适用范围清晰", "R05", 120),
    ("smoke-alarm", "D01", "onsite_test", "按下自检键能发出声、光报警信号", "R08", 110),
    ("smoke-alarm", "D02", "onsite_test", "电池电量正常，无低电量提示", "R08", 120),
    ("fire-hose", "D01", "consistency", "水带标志（规格、设计工作压力、长度）清晰且与实物一致", "R05", 110),
    ("fire-hose", "D02", "onsite_test", "接口与水带连接牢固、无渗漏迹象", "R08", 120),
    ("fire-door", "D01", "onsite_test", "门扇关闭严密，闭门器、顺序器动作有效", "R08", 110),
    ("fire-door", "D02", "identity", "防火门标牌固定于门扇铰链侧且内容完整", "R05", 120),
    ("fire-shutter", "D01", "onsite_test", "手动控制升降正常，限位准确", "R08", 110),
    ("escape-descender", "D01", "onsite_test", "调速器外观完好，绳索无断股、磨损", "R08", 110),
    ("fire-sticker", "D01", "consistency", "标称灭火级别与证书一致，非宣称“万能灭火”类虚假产品", "R06", 110),
]


def load(apps, schema_editor):
    Category = apps.get_model("catalog", "ProductCategory")
    Item = apps.get_model("inspections", "ChecklistItem")
    categories = {c.code: c for c in Category.objects.filter(code__in={i[0] for i in ITEMS})}
    for code, item_code, group, text, reason, sort in ITEMS:
        if code not in categories:
            continue
        Item.objects.get_or_create(
            category=categories[code],
            code=item_code,
            defaults={"group": group, "text": text, "failure_reason": reason, "sort": sort, "basis": GA588},
        )


def unload(apps, schema_editor):
    apps.get_model("inspections", "ChecklistItem").objects.filter(basis=GA588).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0001_plans_draws_inspections_samples"),
        ("catalog", "0002_product_categories"),
    ]

    operations = [migrations.RunPython(load, unload)]
