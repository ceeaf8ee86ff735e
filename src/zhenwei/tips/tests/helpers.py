"""Small helpers shared by the tips tests."""

from zhenwei.tips.services import TipInput, tip_submit

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def submit(
    division, *, category=None, description="农坝镇某五金店销售假冒灭火器，压力表指针不动，扫码查不到", **kw
):
    """A public tip (no actor) with sensible defaults; returns (tip, receipt)."""
    actor = kw.pop("actor", None)
    channel = kw.pop("channel", "web")
    received_at = kw.pop("received_at", None)
    return tip_submit(
        data=TipInput(description=description, division=division, category=category, **kw),
        actor=actor,
        channel=channel,
        received_at=received_at,
    )
