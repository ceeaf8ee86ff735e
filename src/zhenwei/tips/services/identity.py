"""The tipster's identity: whole for holders of the "tipster" capability (audited), masked otherwise."""

from __future__ import annotations

from zhenwei.core.access import actor_user, allowed
from zhenwei.core.masking import disclose, mask_id_number, mask_name, mask_phone

from ..models import Tip
from .common import PII_FIELDS


def can_see_identity(user, tip: Tip) -> bool:
    """Whether ``user`` (a person: never a system actor, never an anonymous visitor) holds "tipster"
    in the tip's division."""
    return actor_user(user) is not None and allowed(user, "tipster", tip)


def tip_identity(*, tip: Tip, user, reveal: bool = True) -> dict:
    """The tipster's identity: whole for holders of the "tipster" capability (audited view_pii),
    masked for everyone else."""
    if tip.anonymous:
        return {"anonymous": True, "name": "", "phone": "", "id_number": "", "masked": False}
    if reveal and can_see_identity(user, tip):
        # One view_pii row per answer (zhenwei.core.masking), naming the tip.
        disclose(
            tip,
            user=user,
            kinds=[f for f in PII_FIELDS if getattr(tip, f)],
            values=[tip.reporter_phone, tip.reporter_id_number],
            note="tipster identity",
        )
        return {
            "anonymous": False,
            "name": tip.reporter_name,
            "phone": tip.reporter_phone,
            "id_number": tip.reporter_id_number,
            "masked": False,
        }
    return masked_identity(tip)


def masked_identity(tip: Tip) -> dict:
    if tip.anonymous:
        return {"anonymous": True, "name": "", "phone": "", "id_number": "", "masked": False}
    return {
        "anonymous": False,
        "name": mask_name(tip.reporter_name),
        "phone": mask_phone(tip.reporter_phone),
        "id_number": mask_id_number(tip.reporter_id_number),
        "masked": True,
    }
