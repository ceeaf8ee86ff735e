"""Seed the public education guides with the guidance of the seeds (000 and 002); editable afterwards."""

from django.db import migrations

GUIDES = [
    (
        "fire-products",
        "如何辨别真假消防产品",
        "product",
        "看强制性认证标志和消防产品身份信息标志，到官方网站查询，谨防冒牌培训兜售的产品。",
        """## 看标志
- 灭火器、火灾探测报警器、消防应急照明和疏散指示标志灯具等纳入强制性产品认证的消防产品，须加施 3C 认证标志（CCC）。
- 消防产品应加施“消防产品身份信息标志”，标志上有 14 位身份信息码和二维码，每件产品一码。

## 上官方网站查
- 3C 证书：国家认证认可监督管理委员会网站 cnca.gov.cn 查询证书编号、生产企业和有效期。
- 消防产品身份信息：中国消防产品信息网 cccf.com.cn 查询身份信息码，核对产品名称、型号、生产企业是否一致。
- 扫描产品二维码后，请核对浏览器地址栏中的网址：只相信官方域名，警惕仿冒网站。

## 看产品本身
- 灭火器压力表指针应在绿区；筒体应有生产日期、维修标识；灭火剂重量与标称一致。
- 灭火毯、逃生缓降器、灭火贴、过滤式消防自救呼吸器等常被冒牌培训高价兜售，购买前请先查询身份信息。

## 发现问题
- 发现假冒伪劣消防产品，请拨打 12315（市场监管）或 12345 举报，也可在本平台“举报”页面提交。""",
        10,
    ),
    (
        "certificates",
        "如何核验特种作业操作证和安全生产考核合格证",
        "certificate",
        "证书只能在应急管理部官方查询平台 cx.mem.gov.cn 核验；“免考”“包过”“全国联网可查”都是骗局。",
        """## 唯一官方查询入口
- 特种作业操作证、安全生产知识和管理能力考核合格证（统称安全生产证书）的官方查询网址为 http://cx.mem.gov.cn/ 。
- 查询网址必须以 .mem.gov.cn 结尾。cx.mem.gov.cn.xxx.com、mem-cx.com、mem.com.cn 之类的网址都是假冒网站。

## 怎样拿到真证
- 安全生产证书必须经过安全技术培训，参加理论考试和实际操作考试，考试合格后由应急管理部门发证。
- 不存在“免考”“包过”“内部渠道”“直接拿证”。宣称“全国联网可查”却让你到其他网址查询的，证书和网站都是假的。

## 用人单位的责任
- 生产经营单位要对主要负责人、安全管理人员、特种作业人员（含外包及临时务工人员）逐人逐证核查，确保持证上岗人员证书合法有效。
- 默许从业人员持假证上岗的，将依法查处。

## 举报
- 发现制售假证、假冒政府网站的，请拨打 12350（安全生产举报）或 110 举报。""",
        20,
    ),
    (
        "fake-training",
        "谨防冒牌消防培训",
        "training",
        "凡是推销消防产品的培训都是假培训，凡是上门收费的培训都是假培训，凡是以培训为名接洽消防工程的都是假培训。",
        """## 三个“凡是”
- 凡是推销消防产品的培训都是假培训。
- 凡是上门收费的培训都是假培训。
- 凡是以培训为名接洽消防工程的都是假培训。

## 常见手法
- 冒充消防、应急管理等国家机关工作人员，以“检查”“培训”为名上门，要求单位或个人购买灭火器、灭火毯、逃生缓降器、灭火贴、过滤式消防自救呼吸器、独立式火灾探测报警器等产品。
- 假意授课，实则高价兜售质量不合格的消防产品，或散播虚假消防知识。

## 怎么办
- 核实对方身份：可向当地消防救援机构或应急管理部门电话核实。
- 保留证据：培训通知、收费凭证、产品照片。
- 举报：拨打 12345 或 12350 举报非正规消防培训；冒充国家机关工作人员招摇撞骗的，请拨打 110 报警。""",
        30,
    ),
]


def seed(apps, schema_editor):
    Guide = apps.get_model("credit", "Guide")
    for slug, title, topic, summary, body, sort in GUIDES:
        Guide.objects.get_or_create(
            slug=slug, defaults={"title": title, "topic": topic, "summary": summary, "body": body, "sort": sort}
        )


def unseed(apps, schema_editor):
    apps.get_model("credit", "Guide").objects.filter(slug__in=[g[0] for g in GUIDES]).delete()


class Migration(migrations.Migration):
    dependencies = [("credit", "0001_credit_entries_disclosures_guides")]

    operations = [migrations.RunPython(seed, unseed)]
