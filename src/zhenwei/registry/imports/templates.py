"""Downloadable XLSX templates: the header row (canonical English names), an example row, and a
second sheet explaining each column in Chinese."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from . import certificates, enterprises, product_codes

EXAMPLES = {
    "product-codes": (
        product_codes.COLUMNS,
        {
            "code": "12345AB67890CD",
            "category": "灭火器",
            "product_name": "手提式干粉灭火器",
            "model": "MFZ/ABC4",
            "manufacturer": "重庆万州三峡消防设备有限公司",
            "manufacturer_uscc": "915001010202600252",
            "certificate_no": "2026081801000123",
            "batch": "2026030101",
            "status": "active",
        },
    ),
    "certificates": (
        certificates.COLUMNS,
        {
            "number": "T500235198503120019",
            "kind": "special_operation",
            "holder_name": "张三",
            "holder_id_number": "500235198503120019",
            "operation_item": "低压电工作业",
            "authority": "重庆市云阳县应急管理局",
            "issued_on": "2024-05-01",
            "expires_on": "2030-04-30",
            "status": "valid",
        },
    ),
    "enterprises": (
        enterprises.COLUMNS,
        {
            "name": "云阳县农坝镇中心小学",
            "uscc": "125002350202600016",
            "division_code": "500235116",
            "address": "云阳县农坝镇农坝街88号",
            "kind": "school",
        },
    ),
}

DESCRIPTIONS = {
    "code": "身份标识码：14位消防产品身份证标志（5位数字+2位字母+5位数字+2位字母）或6至32位序列号",
    "category": "产品类别：代码（fire-extinguisher）或名称（灭火器）",
    "product_name": "产品名称",
    "model": "型号",
    "manufacturer": "生产企业名称",
    "manufacturer_uscc": "生产企业统一社会信用代码（18位，校验位须正确；第3-8位确定所在区划）",
    "certificate_no": "市场准入证书编号（CCC认证/技术鉴定/型式检验）",
    "batch": "生产批号（可空）",
    "status": "状态：active 有效 / revoked 已注销 / recalled 已召回 / destroyed 已销毁（空=有效）",
    "access_kind": "可选：准入方式 ccc / technical_appraisal / type_test",
    "produced_on": "可选：生产日期 YYYY-MM-DD",
    "division_code": "区划代码（GB/T 2260，6位或9位乡镇代码）",
    "number": "证书编号",
    "kind": "类型（证书：special_operation 特种作业操作证 / principal 主要负责人 / safety_manager 安全生产管理人员；"
    "单位：school 学校、hospital 医院、elderly_care 养老机构等）",
    "holder_name": "持证人姓名",
    "holder_id_number": "持证人身份证号码（18位，校验位须正确）",
    "operation_item": "准操项目（特种作业）",
    "authority": "发证机关（写明区划名称，如 重庆市云阳县应急管理局）",
    "issued_on": "发证日期 YYYY-MM-DD",
    "expires_on": "有效期至 YYYY-MM-DD",
    "operation_category": "可选：作业类别",
    "employer_uscc": "可选：工作单位统一社会信用代码",
    "name": "单位名称",
    "uscc": "统一社会信用代码（18位，校验位须正确）",
    "address": "地址",
    "legal_representative": "可选：法定代表人",
    "contact_name": "可选：联系人",
    "contact_phone": "可选：联系电话",
    "domains": "可选：领域（生产、流通、建设、使用，可多选，用顿号分隔）",
}


def template_xlsx(kind: str) -> bytes:
    """The XLSX template of an import kind."""
    columns, example = EXAMPLES[kind]
    wb = Workbook()
    sheet = wb.active
    sheet.title = "data"
    required = [c for c in columns if c.required]
    sheet.append([c.name for c in required])
    sheet.append([example.get(c.name, "") for c in required])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, column in enumerate(required, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = max(
            14, len(column.name) + 4
        )
    notes = wb.create_sheet("说明")
    notes.append(["列名 column", "可用的中文表头", "必填列", "说明"])
    for column in columns:
        notes.append(
            [
                column.name,
                "、".join(column.aliases),
                "是" if column.required else "否",
                DESCRIPTIONS.get(column.name, ""),
            ]
        )
    notes.append([])
    notes.append(["删除示例行后填写；只读取第一个工作表。表头可用英文列名或中文表头。"])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
