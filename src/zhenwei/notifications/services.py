"""The one notification service. Every module that waits on someone calls ``notify()``.

In-app notifications are always created; e-mail and SMS follow each user's preference per channel
(immediate, daily digest, urgent only, off). A ``Delivery`` row per (notification, channel) is
claimed before anything is sent, so no message is ever sent twice, whoever runs the job and however
often (at most once: a crash between claiming and sending leaves the row "pending", not resent).
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Iterable

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from zhenwei.core.audit import audit_record
from zhenwei.core.choices import AuditAction
from zhenwei.core.models import Department, Membership, User

from .choices import DEFAULT_MODES, URGENT_KINDS, Channel, DeliveryMode, DeliveryStatus
from .models import Delivery, Notification, NotificationPreference
from .sms import SmsError, get_sms_backend

log = logging.getLogger(__name__)

# A digest carries unread notifications of at most this many days (a user switching a channel from
# "off" to "digest" does not get the whole history mailed).
DIGEST_LOOKBACK_DAYS = 7


def _ids(items: Iterable | None, model) -> set[int]:
    result: set[int] = set()
    if isinstance(items, model | int):
        items = [items]  # a single user or department is accepted too
    for item in items or ():
        if isinstance(item, model):
            result.add(item.pk)
        elif isinstance(item, int):
            result.add(item)
        elif item is not None:
            raise ValidationError(gettext("无法识别的接收对象：%(item)s") % {"item": repr(item)})
    return result


def recipients_of(*, users=None, departments=None) -> list[int]:
    """User ids: the users given plus the active members of the active departments given."""
    user_ids = _ids(users, User)
    dept_ids = _ids(departments, Department)
    if dept_ids:
        user_ids |= set(
            Membership.objects.filter(
                department_id__in=dept_ids, is_active=True, department__is_active=True
            ).values_list("user_id", flat=True)
        )
    if not user_ids:
        return []
    return sorted(User.objects.filter(pk__in=user_ids, is_active=True).values_list("pk", flat=True))


def _division_id_of(obj) -> int | None:
    if obj is None:
        return None
    path = getattr(type(obj), "visibility_division_field", None)
    if not path:
        return None
    target = obj
    parts = path.split("__")
    for part in parts[:-1]:
        target = getattr(target, part, None)
        if target is None:
            return None
    return getattr(target, f"{parts[-1]}_id", None)


def notify(
    *,
    kind: str,
    title: str,
    url: str = "",
    users=None,
    departments=None,
    due: dt.date | None = None,
    dedupe_key: str = "",
    source_object=None,
    body: str = "",
) -> int:
    """Notify users and the active members of departments; returns how many notifications were created.

    With a ``dedupe_key`` the call is idempotent: a user who already has a notification with that key
    gets nothing new. E-mail/SMS for users who want them immediately are sent after the commit.
    """
    if not kind or not title:
        raise ValidationError(gettext("通知必须有类型（kind）和标题（title）"))
    if isinstance(due, dt.datetime):
        due = timezone.localdate(due) if timezone.is_aware(due) else due.date()
    recipient_ids = recipients_of(users=users, departments=departments)
    if not recipient_ids:
        return 0
    dedupe_key = dedupe_key[:200]
    source_type = ContentType.objects.get_for_model(source_object) if source_object is not None else None
    division_id = _division_id_of(source_object)
    with transaction.atomic():
        if dedupe_key:
            already = set(
                Notification.objects.filter(
                    dedupe_key=dedupe_key, recipient_id__in=recipient_ids
                ).values_list("recipient_id", flat=True)
            )
            recipient_ids = [uid for uid in recipient_ids if uid not in already]
            if not recipient_ids:
                return 0
        rows = [
            Notification(
                recipient_id=uid,
                kind=kind[:40],
                title=title[:255],
                body=body,
                url=url[:500],
                due=due,
                dedupe_key=dedupe_key,
                division_id=division_id,
                source_type=source_type,
                source_id=source_object.pk if source_object is not None else None,
            )
            for uid in recipient_ids
        ]
        # ignore_conflicts: a concurrent call with the same key cannot make a second row for a user.
        Notification.objects.bulk_create(rows, ignore_conflicts=bool(dedupe_key))
        if dedupe_key:
            created_ids = list(
                Notification.objects.filter(
                    dedupe_key=dedupe_key, recipient_id__in=recipient_ids
                ).values_list("pk", flat=True)
            )
        else:
            created_ids = [r.pk for r in rows]
        audit_record(
            actor="notifications",
            action=AuditAction.CREATE,
            model="notifications.notification",
            object_id=",".join(map(str, created_ids[:20])),
            object_repr=title[:255],
            after={"kind": kind, "recipients": recipient_ids, "dedupe_key": dedupe_key, "url": url},
            division_id=division_id,
            note=f"notify {len(created_ids)}",
        )
        transaction.on_commit(lambda: _enqueue_immediate(created_ids))
    return len(created_ids)


def _enqueue_immediate(notification_ids: list[int]) -> None:
    if not notification_ids:
        return
    from .tasks import deliver_immediate_task

    try:
        deliver_immediate_task.enqueue(notification_ids=notification_ids)
    except Exception:  # a queue outage must not lose the in-app notification that is already saved
        log.exception("could not enqueue immediate delivery of notifications %s", notification_ids[:10])


def preference_modes(user_id: int) -> dict[str, str]:
    """The user's mode per channel, defaults filled in."""
    modes = dict(DEFAULT_MODES)
    modes.update(dict(NotificationPreference.objects.filter(user_id=user_id).values_list("channel", "mode")))
    return modes


def _wants_now(mode: str, kind: str) -> bool:
    if mode == DeliveryMode.OFF:
        return False
    if kind in URGENT_KINDS:
        return True
    return mode == DeliveryMode.IMMEDIATE


def _address(user: User, channel: str) -> str:
    return (user.email if channel == Channel.EMAIL else user.phone or "").strip()


def _claim(notification_ids: list[int], channel: str, batch: str = "") -> list[Delivery]:
    """Create the Delivery rows for notifications that have none yet on this channel; returns them."""
    claimed = []
    for nid in notification_ids:
        try:
            with transaction.atomic():
                claimed.append(
                    Delivery.objects.create(notification_id=nid, channel=channel, digest_batch=batch)
                )
        except IntegrityError:
            continue  # someone else claimed (and sends) it
    return claimed


def _send(channel: str, address: str, subject: str, text: str) -> None:
    if channel == Channel.EMAIL:
        send_mail(subject, text, settings.DEFAULT_FROM_EMAIL, [address], fail_silently=False)
    else:
        get_sms_backend().send(phone=address, text=f"【真伪平台】{text}"[:500])


def _finish(deliveries: list[Delivery], *, address: str, error: str = "", skipped: bool = False) -> None:
    status = DeliveryStatus.SKIPPED if skipped else (DeliveryStatus.FAILED if error else DeliveryStatus.SENT)
    Delivery.objects.filter(pk__in=[d.pk for d in deliveries]).update(
        status=status, address=address[:255], error=error[:255], sent_at=None if skipped else timezone.now()
    )


def _absolute(url: str) -> str:
    base = getattr(settings, "SITE_URL", "") or ""
    return f"{base.rstrip('/')}{url}" if url.startswith("/") and base else url


def deliver_immediate(*, notification_ids: list[int]) -> int:
    """Send e-mail/SMS for these notifications to users who want them now; returns messages sent."""
    sent = 0
    notes = Notification.objects.filter(pk__in=notification_ids).select_related("recipient")
    for note in notes:
        modes = preference_modes(note.recipient_id)
        for channel in Channel.values:
            if not _wants_now(modes[channel], note.kind):
                continue
            claimed = _claim([note.pk], channel)
            if not claimed:
                continue
            address = _address(note.recipient, channel)
            if not address:
                _finish(claimed, address="", skipped=True)
                continue
            text = note.title if channel == Channel.SMS else _email_text([note])
            try:
                _send(channel, address, f"[真伪] {note.title}", text)
            except (SmsError, OSError, Exception) as exc:  # noqa: BLE001 - record any gateway failure
                log.warning("delivery of notification %s by %s failed: %s", note.pk, channel, exc)
                _finish(claimed, address=address, error=str(exc) or type(exc).__name__)
                continue
            _finish(claimed, address=address)
            sent += 1
    return sent


def _email_text(notes: list[Notification]) -> str:
    lines = []
    for i, note in enumerate(notes, start=1):
        due = f"（期限 {note.due:%Y-%m-%d}）" if note.due else ""
        lines.append(f"{i}. [{note.kind_label}] {note.title}{due}")
        if note.body:
            lines.append(f"   {note.body}")
        if note.url:
            lines.append(f"   {_absolute(note.url)}")
    lines.append("")
    lines.append("—— 真伪平台通知中心（可在“通知设置”中更改接收方式）")
    return "\n".join(lines)


def digest_send(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Send each digest user one message per channel with their unread, not yet delivered notifications.

    Safe to run as often as you like and from several workers: deliveries are claimed per user under a
    row lock on the user, so a notification goes into at most one digest per channel.
    """
    now = now or timezone.now()
    since = now - dt.timedelta(days=DIGEST_LOOKBACK_DAYS)
    stats = {"users": 0, "messages": 0, "notifications": 0, "failed": 0, "skipped": 0}
    candidate_users = (
        Notification.objects.filter(read_at__isnull=True, created_at__gte=since, created_at__lte=now)
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    for user_id in sorted(set(candidate_users)):
        modes = preference_modes(user_id)
        for channel in Channel.values:
            if modes[channel] != DeliveryMode.DIGEST:
                continue
            batch = f"{now:%Y%m%d%H%M}-{uuid.uuid4().hex[:8]}"
            with transaction.atomic():
                user = User.objects.select_for_update().get(pk=user_id)
                pending = list(
                    Notification.objects.filter(
                        recipient_id=user_id, read_at__isnull=True, created_at__gte=since, created_at__lte=now
                    )
                    .exclude(deliveries__channel=channel)
                    .order_by("created_at", "pk")
                )
                if not pending:
                    continue
                claimed = _claim([n.pk for n in pending], channel, batch)
            if not claimed:
                continue
            claimed_ids = {d.notification_id for d in claimed}
            notes = [n for n in pending if n.pk in claimed_ids]
            stats["users"] += 1
            address = _address(user, channel)
            if not address:
                _finish(claimed, address="", skipped=True)
                stats["skipped"] += 1
                continue
            subject = f"[真伪] 您有 {len(notes)} 条待办通知（{timezone.localdate(now):%Y-%m-%d}）"
            text = (
                _email_text(notes)
                if channel == Channel.EMAIL
                else f"您有{len(notes)}条待办通知，请登录真伪平台查看。"
            )
            try:
                _send(channel, address, subject, text)
            except Exception as exc:  # noqa: BLE001
                log.warning("digest for user %s by %s failed: %s", user_id, channel, exc)
                _finish(claimed, address=address, error=str(exc) or type(exc).__name__)
                stats["failed"] += 1
                continue
            _finish(claimed, address=address)
            stats["messages"] += 1
            stats["notifications"] += len(notes)
    if stats["messages"] or stats["failed"]:
        audit_record(
            actor="notifications",
            action=AuditAction.OTHER,
            model="notifications.delivery",
            object_repr="digest",
            after=stats,
            note="send-digest",
        )
    return stats


def notification_mark_read(*, notification: Notification, actor) -> Notification:
    """Mark one of the actor's own notifications read."""
    if notification.recipient_id != getattr(actor, "pk", None):
        raise ValidationError(gettext("只能标记本人的通知为已读"))
    if notification.read_at is None:
        with transaction.atomic():
            notification.read_at = timezone.now()
            notification.save(update_fields=["read_at"])
            audit_record(
                actor=actor,
                action=AuditAction.UPDATE,
                obj=notification,
                after={"read_at": notification.read_at},
                note="read",
            )
    return notification


def notification_mark_all_read(*, actor) -> int:
    """Mark every unread notification of the actor read; returns how many."""
    with transaction.atomic():
        count = Notification.objects.filter(recipient=actor, read_at__isnull=True).update(
            read_at=timezone.now()
        )
        if count:
            audit_record(
                actor=actor,
                action=AuditAction.UPDATE,
                model="notifications.notification",
                object_repr=f"all notifications of {actor}",
                after={"marked_read": count},
                note="read all",
            )
    return count


def notification_mark_read_by_source(
    *, source_object, user=None, users=None, departments=None, kind: str = "", dedupe_key: str = ""
) -> int:
    """Mark read the unread notifications about a record (e.g. once it has been acknowledged) of a user,
    of several users, and/or of everyone who is or was a member of the given departments (the people a
    department-wide notification reached). ``kind`` and ``dedupe_key`` narrow it to one sending (a record
    can be transferred twice). Returns how many were marked."""
    user_ids = _ids(users, User)
    if user is not None:
        user_ids.add(user.pk)
    dept_ids = _ids(departments, Department)
    if not user_ids and not dept_ids:
        raise ValidationError(gettext("须指明要标记已读的用户或部门"))
    who = Q(recipient_id__in=user_ids)
    if dept_ids:
        who |= Q(recipient_id__in=Membership.objects.filter(department_id__in=dept_ids).values("user_id"))
    qs = Notification.objects.filter(
        who,
        read_at__isnull=True,
        source_type=ContentType.objects.get_for_model(source_object),
        source_id=source_object.pk,
    )
    if kind:
        qs = qs.filter(kind=kind)
    if dedupe_key:
        qs = qs.filter(dedupe_key=dedupe_key[:200])
    return qs.update(read_at=timezone.now())


def preference_set(*, user, channel: str, mode: str, actor=None) -> NotificationPreference:
    """Set how a user receives one channel; audited."""
    if channel not in Channel.values:
        raise ValidationError(
            gettext("未知渠道：%(channel)s（可选 %(join_channel_values)s）")
            % {"channel": channel, "join_channel_values": ", ".join(Channel.values)}
        )
    if mode not in DeliveryMode.values:
        raise ValidationError(
            gettext("未知接收方式：%(mode)s（可选 %(join_deliverymode_values)s）")
            % {"mode": mode, "join_deliverymode_values": ", ".join(DeliveryMode.values)}
        )
    with transaction.atomic():
        pref, created = NotificationPreference.objects.select_for_update().get_or_create(
            user=user, channel=channel, defaults={"mode": mode}
        )
        before = None if created else pref.mode
        if not created and pref.mode != mode:
            pref.mode = mode
            pref.save(update_fields=["mode", "updated_at"])
        if created or before != mode:
            audit_record(
                actor=actor or user,
                action=AuditAction.CREATE if created else AuditAction.UPDATE,
                obj=pref,
                before=None if created else {"mode": before},
                after={"channel": channel, "mode": mode},
            )
    return pref
