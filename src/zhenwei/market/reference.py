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

# name, kind, keywords, exclude keywords, category code, notice title, number, body, effective, note
ELIMINATED_PRODUCTS = [
    (
        "卤代烷（哈龙）灭火器",
        "eliminated",
        "哈龙灭火器, 1211灭火器, 1301灭火器, 卤代烷灭火器",
        "",
        "fire-extinguisher",
        "关于非必要场所停止再配置卤代烷灭火器的通知",
        "公消〔2001〕217号",
        "公安部消防局 国家环境保护总局",
        None,
        "保护臭氧层；非必要场所不得再配置，流通领域销售即应核查。",
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
        "倒置使用型灭火器。",
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
        "",
    ),
    (
        "浴用直排式燃气热水器",
        "banned",
        "直排式燃气热水器, 直排式热水器, 直排燃气热水器",
        "",
        "appliances",
        "关于禁止生产、销售浴用直排式燃气热水器的通知",
        "",
        "原国家经贸委 建设部 国家质量技术监督局 国家工商行政管理局",
        dt.date(2000, 5, 1),
        "一氧化碳中毒风险。",
    ),
    (
        "普通照明白炽灯",
        "eliminated",
        "普通照明白炽灯, 白炽灯泡, 100瓦白炽灯, 60瓦白炽灯, 钨丝灯泡",
        "卤钨, 装饰",
        "lamps",
        "关于逐步禁止进口和销售普通照明白炽灯的公告",
        "2011年第28号公告",
        "国家发展改革委 商务部 海关总署 国家工商总局 国家质检总局",
        dt.date(2012, 10, 1),
        "分功率段逐步禁止，15瓦及以上普通照明白炽灯已全部禁止。",
    ),
    (
        "含汞体温计、含汞血压计",
        "banned",
        "水银体温计, 含汞体温计, 水银血压计, 含汞血压计",
        "",
        "food-drug",
        "关于《关于汞的水俣公约》生效的公告",
        "生态环境部等 2017年第38号公告",
        "环境保护部 外交部 国家发展改革委等",
        dt.date(2026, 1, 1),
        "2026年1月1日起禁止生产含汞体温计和含汞血压计。",
    ),
]
