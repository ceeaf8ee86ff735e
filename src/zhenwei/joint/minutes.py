"""Meeting minutes (会议纪要) as DOCX, in the usual layout: title, 时间/地点/主持人/出席单位, the
discussion, and 会议议定事项 numbered with the owner and the deadline."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from .models import Meeting

CN_NUMBERS = "一二三四五六七八九十"
BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"


def _font(run, name: str, size: float, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    r_pr = run._element.get_or_add_rPr()
    r_fonts = r_pr.find(qn("w:rFonts"))
    if r_fonts is None:
        r_fonts = r_pr.makeelement(qn("w:rFonts"), {})
        r_pr.append(r_fonts)
    r_fonts.set(qn("w:eastAsia"), name)


def _para(
    doc, text: str, *, size: float = 16, bold: bool = False, font: str = BODY_FONT, align=None, indent=True
):
    p = doc.add_paragraph()
    if align is not None:
        p.alignment = align
    if indent:
        p.paragraph_format.first_line_indent = Pt(size * 2)
    p.paragraph_format.line_spacing = Pt(28)
    _font(p.add_run(text), font, size, bold)
    return p


def _cn(n: int) -> str:
    if n <= 10:
        return CN_NUMBERS[n - 1]
    if n < 20:
        return "十" + CN_NUMBERS[n - 11]
    return str(n)


def minutes_docx(meeting: Meeting) -> bytes:
    """The minutes of one meeting as a .docx file (bytes)."""
    doc = Document()
    for section in doc.sections:
        section.top_margin = Pt(104)
        section.bottom_margin = Pt(99)
        section.left_margin = Pt(79)
        section.right_margin = Pt(74)
    _para(
        doc, f"{meeting.title}纪要", size=22, font=TITLE_FONT, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False
    )
    when = f"{meeting.held_on:%Y年%m月%d日}".replace("年0", "年").replace("月0", "月")
    if meeting.start_time:
        when += f" {meeting.start_time:%H:%M}"
    _para(doc, f"时间：{when}", indent=False)
    _para(doc, f"地点：{meeting.place}", indent=False)
    _para(doc, f"主持人：{meeting.chair or '—'}", indent=False)
    attending = "、".join(d.name for d in meeting.attending_departments.all())
    _para(doc, f"出席单位：{attending or '—'}", indent=False)
    if meeting.attendee_list:
        _para(doc, f"出席人员：{'、'.join(meeting.attendee_list)}", indent=False)
    if meeting.recorder:
        _para(doc, f"记录：{meeting.recorder}", indent=False)
    intro = (
        f"{when}，{meeting.convening_department.name}召开{meeting.title}，"
        f"围绕《{meeting.campaign.title}》推进情况进行{meeting.get_kind_display()}。"
    )
    _para(doc, intro)
    if meeting.topic_list:
        _para(doc, "一、会议议题", bold=True, font="黑体", indent=False)
        for i, topic in enumerate(meeting.topic_list, start=1):
            _para(doc, f"{i}. {topic}")
    if meeting.summary:
        _para(
            doc,
            "二、会议情况" if meeting.topic_list else "一、会议情况",
            bold=True,
            font="黑体",
            indent=False,
        )
        for line in meeting.summary.splitlines():
            if line.strip():
                _para(doc, line.strip())
    heading_no = 1 + bool(meeting.topic_list) + bool(meeting.summary)
    _para(doc, f"{_cn(heading_no)}、会议议定事项", bold=True, font="黑体", indent=False)
    decisions = list(
        meeting.decisions.select_related("owner_department").prefetch_related("cooperating_departments")
    )
    if not decisions:
        _para(doc, "（无）")
    for d in decisions:
        coop = "、".join(c.name for c in d.cooperating_departments.all())
        owner = f"责任单位：{d.owner_department.name}" + (f"；配合单位：{coop}" if coop else "")
        due = f"{d.due_on:%Y年%m月%d日}".replace("年0", "年").replace("月0", "月")
        _para(doc, f"（{_cn(d.seq)}）{d.text}（{owner}；完成时限：{due}前）")
    _para(doc, "")
    _para(doc, meeting.convening_department.name, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    _para(doc, f"{meeting.held_on:%Y年%m月%d日}", align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
