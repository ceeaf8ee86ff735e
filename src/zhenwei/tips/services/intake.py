"""Intake: a tip from the public form, a hotline operator or an officer taking a letter or visit,
validated, numbered, checked for duplicates and routed."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import IO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zhenwei.catalog.models import ProductCategory
from zhenwei.core.access import actor_user, allowed, require
from zhenwei.core.audit import audit_record
from zhenwei.core.choices import AuditAction
from zhenwei.core.files import evidence_store
from zhenwei.core.models import Division
from zhenwei.core.validators import id_number_problem, uscc_problem
from zhenwei.core.workdays import add_working_days

from ..choices import TipChannel, TipEventKind, TipKind, TipStatus, WrongKind
from ..duplicates import clean_identifier, find_duplicate, text_key, url_key
from ..models import Tip
from ..receipt import receipt_digest, receipt_new
from .common import ACCEPTANCE_WORKING_DAYS, _event, _snap
from .duplicate_links import _link
from .routing import _route

MAX_ATTACHMENTS = 6
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MIN_DESCRIPTION = 10
_PHONE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$")


@dataclass
class Attachment:
    """An uploaded file to store with a tip."""

    fileobj: IO[bytes]
    name: str
    content_type: str | None = None


@dataclass
class TipInput:
    """What a tipster (or an operator on their behalf) tells us."""

    description: str
    division: Division
    kind: str = TipKind.TIP
    category: ProductCategory | None = None
    wrong_kind: str = WrongKind.OTHER
    subject_name: str = ""
    subject_credit_code: str = ""
    product_name: str = ""
    identity_code: str = ""
    certificate_number: str = ""
    website_url: str = ""
    training_institution: str = ""
    address: str = ""
    occurred_on: dt.date | None = None
    anonymous: bool = True
    reporter_name: str = ""
    reporter_phone: str = ""
    reporter_id_number: str = ""
    attachments: list[Attachment] = field(default_factory=list)


def _validate(data: TipInput) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    description = (data.description or "").strip()
    if len(description) < MIN_DESCRIPTION:
        add("description", f"请描述发现的情况（至少 {MIN_DESCRIPTION} 个字）")
    if data.kind not in TipKind.values:
        add("kind", f"未知的类型：{data.kind}")
    if data.wrong_kind not in WrongKind.values:
        add("wrong_kind", f"未知的违法类型：{data.wrong_kind}")
    if data.subject_credit_code and (problem := uscc_problem(data.subject_credit_code)):
        add("subject_credit_code", problem)
    if data.occurred_on and data.occurred_on > timezone.localdate():
        add("occurred_on", "发现日期不能晚于今天")
    if data.website_url and not url_key(data.website_url):
        add("website_url", "网址格式不正确")
    if not data.anonymous:
        if not data.reporter_name.strip():
            add("reporter_name", "实名举报请填写姓名（或选择匿名）")
        if not _PHONE.match(data.reporter_phone.strip()):
            add("reporter_phone", "实名举报请填写有效的手机号或固定电话")
        if data.reporter_id_number and (problem := id_number_problem(data.reporter_id_number)):
            add("reporter_id_number", problem)
    if len(data.attachments) > MAX_ATTACHMENTS:
        add("attachments", f"附件最多 {MAX_ATTACHMENTS} 个")
    return errors


def tip_submit(
    *,
    data: TipInput,
    channel: str = TipChannel.WEB,
    actor=None,
    network: str = "",
    received_at: dt.datetime | None = None,
    receipt: str | None = None,
    auto_route: bool = True,
) -> tuple[Tip, str]:
    """Register a tip from the public form (no actor) or from a hotline operator; returns the tip and
    its receipt code, which is shown once and never stored in clear. Here ``actor=None`` is the
    member of the public (web channel only), not a system actor as in the other services.

    The tip is checked for duplicates and routed to the lead department; attachments are stored in
    the same transaction, so a refused file leaves nothing behind.
    """
    if channel not in TipChannel.values:
        raise ValidationError({"channel": [f"未知的渠道：{channel}"]})
    if actor is None and channel != TipChannel.WEB:
        raise ValidationError({"channel": ["公众只能通过网上渠道举报"]})
    if actor is not None:
        # A hotline takes calls about any place and the tip is routed there; other staff (officers
        # taking letters and visits) register tips in their own divisions only.
        if not allowed(actor, "hotline"):
            require(actor, "change", data.division)
    errors = _validate(data)
    if errors:
        raise ValidationError(errors)
    received_at = received_at or timezone.now()
    receipt = receipt or receipt_new()
    anonymous = data.anonymous
    with transaction.atomic():
        tip = Tip(
            receipt_digest=receipt_digest(receipt),
            receipt_hint=receipt[-4:],
            kind=data.kind,
            channel=channel,
            category=data.category,
            wrong_kind=data.wrong_kind,
            subject_name=data.subject_name.strip()[:200],
            subject_credit_code=clean_identifier(data.subject_credit_code)[:18],
            product_name=data.product_name.strip()[:200],
            identity_code=clean_identifier(data.identity_code)[:40],
            certificate_number=clean_identifier(data.certificate_number)[:40],
            website_url=data.website_url.strip()[:500],
            url_key=url_key(data.website_url),
            training_institution=data.training_institution.strip()[:200],
            division=data.division,
            address=data.address.strip()[:300],
            occurred_on=data.occurred_on,
            description=data.description.strip(),
            description_norm=text_key(data.description),
            anonymous=anonymous,
            reporter_name="" if anonymous else data.reporter_name.strip()[:64],
            reporter_phone="" if anonymous else data.reporter_phone.strip()[:20],
            reporter_id_number="" if anonymous else data.reporter_id_number.strip().upper()[:18],
            received_at=received_at,
            acceptance_due=add_working_days(
                timezone.localtime(received_at).date(), ACCEPTANCE_WORKING_DAYS[data.kind]
            ),
            network=network[:50],
            created_by=actor_user(actor),
        )
        tip.save()
        tip.number = f"JB{timezone.localtime(received_at):%Y%m%d}{tip.pk:06d}"
        tip.save(update_fields=["number"])
        _event(
            tip,
            TipEventKind.RECEIVED,
            actor=actor,
            at=received_at,
            to_status=TipStatus.RECEIVED,
            public=True,
            public_text=f"已收到您的{tip.get_kind_display()}（{tip.get_channel_display()}），将在 {tip.acceptance_due:%Y-%m-%d} 前作出是否受理的决定。",
        )
        audit_record(
            actor=actor or "public",
            action=AuditAction.CREATE,
            obj=tip,
            after=_snap(tip),
            note=f"channel {channel}" + (f", network {network}" if network else ""),
        )
        for attachment in data.attachments:
            evidence_store(
                fileobj=attachment.fileobj,
                name=attachment.name,
                declared_type=attachment.content_type,
                actor=actor,
                attach_to=tip,
                division=tip.division,
                description="举报附件",
                max_bytes=MAX_ATTACHMENT_BYTES,
            )
        match = find_duplicate(tip)
        if match is not None:
            _link(
                tip,
                Tip.objects.get(pk=match.original_id),
                match.reason,
                match.score,
                actor=actor,
                at=received_at,
            )
        if auto_route:
            _route(tip, actor=actor, at=received_at)
    return tip, receipt
