"""Reference data loaded by a data migration (so fresh installs have it) and kept up to date in the admin.

The eliminated-product list is a starting list assembled from public notices; administrators should
check each entry against the notice before relying on it and add new notices as they are published.
"""

import datetime as dt

# code, group, text, basis, sort
LOGISTICS_CHECKLIST = [
    (
        "SJ-01",
        "acceptance_inspection",
        "当面验视交寄物品，核对物品名称、性质、数量与寄递详情单是否一致",
        "《邮政法》第二十五条；《快递暂行条例》第三十条",
        10,
    ),
    (
        "SJ-02",
        "acceptance_inspection",
        "对无法确定安全性或拒绝验视的物品不予收寄",
        "《快递暂行条例》第三十条",
        20,
    ),
    ("SJ-03", "acceptance_inspection", "验视后加盖（打印）验视标识", "《邮件快件收寄验视规定》", 30),
    (
        "SJ-04",
        "acceptance_inspection",
        "对疑似假冒伪劣商品（批量无标识消防产品、仿冒品牌商品）登记并报告",
        "中港府办〔2017〕74号",
        40,
    ),
    (
        "SM-01",
        "real_name",
        "查验寄件人有效身份证件并登记身份信息",
        "《快递暂行条例》第二十二条；《反恐怖主义法》第二十条",
        50,
    ),
    (
        "SM-02",
        "real_name",
        "协议客户（批量寄件商户）实名登记并留存营业执照信息",
        "《邮件快件实名收寄管理办法》",
        60,
    ),
    ("SM-03", "real_name", "实名收寄信息系统正常运行并按规定保存记录", "《邮件快件实名收寄管理办法》", 70),
    (
        "AJ-01",
        "security_screening",
        "按规定配备并使用安检设备，邮件快件过机安检",
        "《邮件快件寄递协议服务安全管理办法》",
        80,
    ),
    ("AJ-02", "security_screening", "安检员持证上岗，安检图像可追溯", "《邮政业安全生产设备配置规范》", 90),
    (
        "ZZ-01",
        "transit",
        "货运场（站）、中转场所对集中分拨的货物建立来源登记台账",
        "中港府办〔2017〕74号 电子商务产品专项打假",
        100,
    ),
    ("ZZ-02", "transit", "发现非法中转分销假冒伪劣产品的及时报告并配合查处", "中港府办〔2017〕74号", 110),
]

# name, kind, keywords, exclude keywords, category code, notice title, number, body, effective, note.
# Checked against public sources on 2026-11-25 (see ELIMINATED_SOURCES and docs/market.md); entries not
# confirmed are marked 待核实 there and in the UI/API.
ELIMINATED_PRODUCTS = [
    (
        "卤代烷（哈龙）灭火器",
        "eliminated",
        "哈龙灭火器, 1211灭火器, 1301灭火器, 卤代烷灭火器",
        "",
        "fire-extinguisher",
        "关于在非必要场所停止再配置哈龙灭火器的通知",
        "公通字〔1994〕94号",
        "公安部 国家环境保护局",
        None,
        "保护臭氧层。通知要求非必要场所停止再配置哈龙灭火器（限制配置，并非对全部场所的销售禁令）；"
        "后续见公安部消防局《关于逐步淘汰哈龙固定灭火系统和哈龙灭火器有关问题的通知》（公消〔1999〕031号）。"
        "流通领域发现应核查用途与配置场所。",
    ),
    (
        "手提式化学泡沫灭火器",
        "eliminated",
        "化学泡沫灭火器, 手提式泡沫灭火器（化学）, MP型灭火器, 倒置式灭火器, 倒置使用灭火器",
        "水基, 水系",
        "fire-extinguisher",
        "淘汰落后生产能力、工艺和产品的目录（第一批）",
        "国家经济贸易委员会令第6号",
        "国家经济贸易委员会",
        dt.date(1999, 2, 1),
        "倒置使用型灭火器。依据文件（批次、文号、日期）待核实。",
    ),
    (
        "手提式酸碱灭火器",
        "eliminated",
        "酸碱灭火器",
        "",
        "fire-extinguisher",
        "淘汰落后生产能力、工艺和产品的目录（第一批）",
        "国家经济贸易委员会令第6号",
        "国家经济贸易委员会",
        dt.date(1999, 2, 1),
        "依据文件（批次、文号、日期）待核实。",
    ),
    (
        "浴用直排式燃气热水器",
        "banned",
        "直排式燃气热水器, 直排式热水器, 直排燃气热水器",
        "非浴用",
        "appliances",
        "关于禁止生产、销售浴用直排式燃气热水器的通知",
        "",
        "国家轻工业局 国家国内贸易局",
        dt.date(2000, 5, 1),
        "一氧化碳中毒风险。1999年10月1日起禁止生产，2000年5月1日起禁止销售；"
        "非浴用直排式燃气热水器须加贴“禁止用于洗澡”的警示标签。",
    ),
    (
        "普通照明白炽灯",
        "eliminated",
        "普通照明白炽灯, 白炽灯泡, 100瓦白炽灯, 60瓦白炽灯, 钨丝灯泡",
        "卤钨, 装饰, 反射型, 特殊用途",
        "lamps",
        "关于逐步禁止进口和销售普通照明白炽灯的公告",
        "国家发展改革委 商务部 海关总署 国家工商总局 国家质检总局公告2011年第28号",
        "国家发展改革委 商务部 海关总署 国家工商总局 国家质检总局",
        dt.date(2012, 10, 1),
        "适用于家庭和类似场合普通照明、电源电压200–250伏的白炽灯。分阶段禁止进口和销售："
        "2012年10月1日起100瓦及以上，2014年10月1日起60瓦及以上，2016年10月1日起15瓦及以上"
        "（公告称“或视中期评估结果进行调整”）。反射型白炽灯和特殊用途白炽灯豁免。",
    ),
    (
        "含汞体温计、含汞血压计",
        "eliminated",
        "水银体温计, 含汞体温计, 水银血压计, 含汞血压计",
        "",
        "food-drug",
        "关于《关于汞的水俣公约》生效的公告",
        "环境保护部等部门公告2017年第38号",
        "环境保护部 外交部 国家发展改革委等部门",
        dt.date(2026, 1, 1),
        "2026年1月1日起禁止生产含汞体温计和含汞血压计（公告禁止的是生产，销售是否受限待核实）。"
        "国家药监局综合司《关于履行〈关于汞的水俣公约〉有关事项的通知》（药监综械注〔2020〕95号）："
        "相关医疗器械注册证有效期不得超过2025年12月31日。",
    ),
]

# name → how the entry was checked: status (verified / partial / unverified), date issued, source URL,
# and what was checked against what. The URLs are where the text was found (often a reproduction,
# said so in the note), not necessarily the issuing body's own site.
ELIMINATED_SOURCES = {
    "卤代烷（哈龙）灭火器": {
        "source_check": "verified",
        "issued_on": dt.date(1994, 11, 11),
        "source_url": "http://aflg.cn/zhishi/halongmiehuoqi",
        "source_check_note": "起始清单写作“公消〔2001〕217号《关于非必要场所停止再配置卤代烷灭火器的通知》"
        "（公安部消防局 国家环境保护总局）”，未找到该文件；已更正为转载全文所示的"
        "公安部 国家环境保护局《关于在非必要场所停止再配置哈龙灭火器的通知》（1994年11月11日，"
        "公通字〔1994〕94号）。来源为第三方转载全文，非发布机关网站。",
    },
    "手提式化学泡沫灭火器": {
        "source_check": "unverified",
        "issued_on": None,
        "source_url": "",
        "source_check_note": "未找到《淘汰落后生产能力、工艺和产品的目录》第一批（国家经贸委令第6号）的原文，"
        "无法确认其列有本产品；检索到第三批（2002年7月1日起施行）涉及消防行业，但所见文本不完整。"
        "批次、文号、施行日期均待核实。",
    },
    "手提式酸碱灭火器": {
        "source_check": "unverified",
        "issued_on": None,
        "source_url": "",
        "source_check_note": "同“手提式化学泡沫灭火器”：所列目录批次、文号、施行日期均未找到原文，待核实。",
    },
    "浴用直排式燃气热水器": {
        "source_check": "partial",
        "issued_on": None,
        "source_url": "https://czqahb.com/article/136095445.html",
        "source_check_note": "起始清单的发布机关（国家经贸委 建设部 国家质量技术监督局 国家工商行政管理局）"
        "与所见报道不符，已按1999年4月27日《生活时报》报道（转载）更正为国家轻工业局、国家国内贸易局；"
        "禁产（1999年10月1日）、禁售（2000年5月1日）日期与报道一致。通知原文、准确标题和文号未找到，待核实。",
    },
    "普通照明白炽灯": {
        "source_check": "verified",
        "issued_on": dt.date(2011, 11, 1),
        "source_url": "http://www.sdeca.org/zhengcesudi/2021/06-17/1106.html",
        "source_check_note": "对照公告全文（转载；原发布于 http://www.gov.cn/zwgk/2011-11/14/content_1992476.htm ，"
        "未直接打开）核对：标题、2011年第28号、五部门、2011年11月1日、分阶段日期、豁免产品。"
        "起始清单“15瓦及以上已全部禁止”的说法过于绝对，已改为公告原意（第五阶段可视中期评估调整）。",
    },
    "含汞体温计、含汞血压计": {
        "source_check": "partial",
        "issued_on": None,
        "source_url": "http://m.fszhanji.com/pc/NewsDetail?Id=be7e205d-c4c0-4110-898a-898eb768a344",
        "source_check_note": "国家药监局综合司药监综械注〔2020〕95号（转载）引述“原环境保护部会同相关部委2017年发布的"
        "第38号公告”及“自2026年1月1日起，禁止生产含汞体温计和含汞血压计”，新华社2017年8月16日报道一致。"
        "公告准确标题和发布日期未见原文，待核实。起始清单的类别"
        "“禁止生产销售”不准确：公告禁止的是生产，已改为“明令淘汰”。",
    },
}
