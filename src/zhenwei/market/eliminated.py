"""Matching text or a registry product against the eliminated/banned product list (国家明令淘汰)."""

from __future__ import annotations

from dataclasses import dataclass

from zhenwei.core.text import normalize

from .models import EliminatedProductType


@dataclass(frozen=True)
class _Entry:
    type_id: int
    keywords: tuple[str, ...]
    excludes: tuple[str, ...]


def _squash(text: str) -> str:
    return normalize(text).replace(" ", "")


def _entries() -> list[_Entry]:
    return [
        _Entry(
            t.pk,
            tuple(_squash(k) for k in t.keyword_list("keywords")),
            tuple(_squash(k) for k in t.keyword_list("exclude_keywords")),
        )
        for t in EliminatedProductType.objects.filter(is_active=True)
    ]


class EliminatedMatcher:
    """Load the active list once, then match many texts (imports and listing checks use this)."""

    def __init__(self) -> None:
        self.entries = _entries()
        self._types: dict[int, EliminatedProductType] | None = None

    def match_ids(self, text: str) -> list[int]:
        flat = _squash(text or "")
        if not flat:
            return []
        return [
            e.type_id
            for e in self.entries
            if any(k and k in flat for k in e.keywords) and not any(x and x in flat for x in e.excludes)
        ]

    def match(self, text: str) -> list[EliminatedProductType]:
        ids = self.match_ids(text)
        if not ids:
            return []
        if self._types is None:
            self._types = {t.pk: t for t in EliminatedProductType.objects.filter(is_active=True)}
        return [self._types[i] for i in ids if i in self._types]


def eliminated_match(text_or_product) -> list[EliminatedProductType]:
    """The eliminated or banned product types that a text (a listing title, a product name) or a registry
    Product matches; empty when none. Traditional characters, full-width forms and spaces are ignored.

    A Product flagged ``is_eliminated`` in the registry but matching no listed type still counts: it
    returns the types of its category, or an unsaved placeholder naming the flag."""
    if isinstance(text_or_product, str):
        return EliminatedMatcher().match(text_or_product)
    product = text_or_product
    text = " ".join(str(getattr(product, f, "") or "") for f in ("name", "model"))
    found = EliminatedMatcher().match(text)
    if not found and getattr(product, "is_eliminated", False):
        same_category = list(
            EliminatedProductType.objects.filter(
                is_active=True, category_id=getattr(product, "category_id", None)
            )
        )
        found = same_category or [
            EliminatedProductType(name=f"{product}（台账标记为明令淘汰）", notice_title="台账标记")
        ]
    return found


def eliminated_summary(types) -> list[dict]:
    """What a record keeps of the matched types: enough to show the notice (文号/名称) later even if the
    list is edited afterwards."""
    return [
        {
            "id": t.pk,
            "name": t.name,
            "kind": t.kind,
            "kind_label": str(t.get_kind_display()) if t.kind else "",
            "notice_title": t.notice_title,
            "notice_number": t.notice_number,
            "issuing_body": t.issuing_body,
            "effective_on": t.effective_on.isoformat() if t.effective_on else None,
            "source_check": t.source_check,
            "source_check_label": str(t.get_source_check_display()) if t.source_check else "",
        }
        for t in types
    ]
