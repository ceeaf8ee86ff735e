"""Fill known English translations into the .po files and compile them to .mo with polib.

Run after `zhenwei makemessages -l en` (which needs GNU gettext); compiling needs only polib, so
`make messages` works on a machine without gettext as long as the .po files are committed.
"""

from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent / "src" / "zhenwei"

EN = {
    "基础": "Foundation",
    "工作台": "Workbench",
    "审计日志": "Audit log",
    "省级": "Province",
    "地级": "Prefecture",
    "县级": "County",
    "乡级": "Township",
    "平台管理员": "Platform administrator",
    "专项办": "Campaign office",
    "部门工作人员": "Department officer",
    "检查员": "Inspector",
    "热线接线员": "Hotline operator",
    "只读（领导查阅）": "Viewer (read-only)",
    "移交": "Transfer",
    "抄送": "Copy",
    "新增": "Create",
    "修改": "Update",
    "删除": "Delete",
    "查看个人信息": "View personal data",
    "状态变更": "Transition",
    "导入": "Import",
    "导出": "Export",
    "其他": "Other",
    "序号": "No.",
    "时间": "Time",
    "操作人": "Actor",
    "操作人名称": "Actor name",
    "请求编号": "Request ID",
    "操作": "Action",
    "对象类型": "Object type",
    "对象编号": "Object ID",
    "对象": "Object",
    "行政区划": "Division",
    "修改前": "Before",
    "修改后": "After",
    "备注": "Notes",
    "前一条哈希": "Previous hash",
    "哈希": "Hash",
    "审计记录": "Audit entry",
    "审计链头": "Audit chain head",
    "日期": "Date",
    "是否工作日": "Working day",
    "说明": "Description",
    "工作日调整": "Calendar override",
    "大小（字节）": "Size (bytes)",
    "文件类型": "File type",
    "原文件名": "Original name",
    "存储路径": "Storage path",
    "所属对象类型": "Attached to (type)",
    "所属对象编号": "Attached to (ID)",
    "上传人": "Uploaded by",
    "上传时间": "Uploaded at",
    "证据文件": "Evidence file",
    "区划代码": "Division code",
    "名称": "Name",
    "级别": "Level",
    "上级": "Parent",
    "路径": "Path",
    "代码": "Code",
    "英文名称": "English name",
    "排序": "Sort order",
    "部门类型": "Department kind",
    "类型": "Kind",
    "电话": "Phone",
    "启用": "Active",
    "部门": "Department",
    "姓名": "Name",
    "手机号": "Mobile",
    "用户": "User",
    "角色": "Role",
    "有效": "Active",
    "任职": "Membership",
    "方式": "Kind",
    "发出部门": "From department",
    "接收部门": "To department",
    "事由": "Reason",
    "发出人": "Sent by",
    "发出时间": "Sent at",
    "签收期限": "Acknowledge by",
    "签收人": "Acknowledged by",
    "签收时间": "Acknowledged at",
    "升级时间": "Escalated at",
    "移交抄送": "Transfers and copies",
    "变更": "Changes",
    "暂无记录": "No records",
    "%(name)s，您好。": "Hello, %(name)s.",
    "待办事项": "Waiting for you",
    "事项": "Item",
    "模块": "Module",
    "期限": "Due",
    "已逾期": "overdue",
    "暂无待办事项。": "Nothing is waiting for you.",
    "工作人员登录": "Staff login",
    "用户名": "Username",
    "密码": "Password",
    "登录": "Log in",
    "公众门户": "Public portal",
    "查真伪、举报假冒": "Check genuineness, report counterfeits",
    "举报投诉电话": "Hotlines for tips and complaints",
    "公众服务": "Public services",
    "核验与举报服务即将开放。": "Verification and reporting services will open soon.",
    "谨防假培训": "Beware of fake training",
    "凡是推销消防产品的培训都是假培训，凡是上门收费的培训都是假培训，凡是以培训为名接洽消防工程的都是假培训。": (
        "Any 'training' that sells fire products, that comes to your door to collect fees, or that uses "
        "training to solicit fire-protection works is fake."
    ),
    "本平台的官方核验结果只在本站显示；扫码后请核对地址栏中的网址。": (
        "Official verification results are shown only on this site; after scanning, check the address bar."
    ),
    "真伪": "Zhenwei",
    "真伪 · 打假与证书核验平台": "Zhenwei · anti-counterfeiting and certificate verification",
    "退出": "Log out",
    "简体中文": "简体中文",
    "English": "English",
    "政务服务便民热线": "Government service hotline",
    "安全生产举报投诉": "Work-safety tips and complaints",
    "市场监管投诉举报": "Market supervision complaints",
    "火警": "Fire",
    "报警": "Police",
    "产品目录": "Product catalogue",
    "台账": "Ledgers",
    "真伪核验": "Verification",
    "监督检查": "Inspections",
    "线索与案件": "Clues and cases",
    "举报投诉": "Tips and complaints",
    "网站与广告监测": "Web watch",
    "信用与公示": "Credit and disclosure",
    "专项行动": "Campaigns",
    "统计报表": "Statistics",
    "联合工作": "Joint work",
    "网络交易与物流": "Online trade and logistics",
    "通知": "Notifications",
}


def main() -> None:
    for po_path in ROOT.glob("locale/*/LC_MESSAGES/django.po"):
        po = polib.pofile(str(po_path))
        for entry in po:
            if entry.msgid in EN and not entry.msgstr and not entry.msgid_plural:
                entry.msgstr = EN[entry.msgid]
            if entry.msgid_plural and entry.msgid == "%(n)s 项逾期":
                entry.msgstr_plural = {0: "%(n)s overdue", 1: "%(n)s overdue"}
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        po.save()
        po.save_as_mofile(str(po_path.with_suffix(".mo")))
        print(f"{po_path.relative_to(ROOT)}: {po.percent_translated()}% translated")


if __name__ == "__main__":
    main()
