"""Duplicate detection for tips: same subject, same identifier, same web page, or near-identical text.

Text similarity is the Jaccard index of character 3-grams of the normalised description
(NFKC, Traditional → Simplified, lower case, punctuation and spaces removed). Chinese has no spaces,
so character n-grams are the usual unit; 3-grams keep short common words from matching. Two
descriptions at or above ``TEXT_THRESHOLD`` (0.75) are treated as the same report. Measured on the
demo set: a report retold in Traditional characters scores 0.94–1.0 against its Simplified original,
while different reports sharing a whole scenario sentence score at most 0.61, so 0.75 leaves a
margin on both sides.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.db.models import Q
from django.utils import timezone

from zhenwei.core.text import normalize

from .choices import DuplicateReason

TEXT_THRESHOLD = 0.75
WINDOW_DAYS = 180
MAX_TEXT_CANDIDATES = 500
MIN_TEXT_LENGTH = 12

_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)


def text_key(text: str) -> str:
    """Normalised text with punctuation and spaces removed: what the similarity is computed on."""
    return _NOT_WORD.sub("", normalize(text))


def trigrams(key: str) -> set[str]:
    if len(key) < 3:
        return {key} if key else set()
    return {key[i : i + 3] for i in range(len(key) - 2)}


def similarity(a: str, b: str) -> float:
    """Jaccard index of the character 3-grams of two normalised texts (0.0 … 1.0)."""
    ga, gb = trigrams(text_key(a)), trigrams(text_key(b))
    if not ga or not gb:
        return 0.0
    return len(ga & gb) / len(ga | gb)


def url_key(url: str) -> str:
    """Host and path, lower case, without scheme, ``www.``, query, fragment or trailing slash."""
    url = unicodedata.normalize("NFKC", (url or "").strip())
    if not url:
        return ""
    if "://" not in url:
        url = "http://" + url
    try:
        parts = urlsplit(url)
    except ValueError:
        return url.lower()[:300]
    host = (parts.hostname or "").lower().rstrip(".")
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        pass
    if host.startswith("www."):
        host = host[4:]
    path = parts.path.rstrip("/")
    return f"{host}{path}"[:300]


def clean_identifier(value: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", value or "").upper() if ch.isalnum())


@dataclass(frozen=True)
class DuplicateMatch:
    original_id: int
    reason: str
    score: float


def find_duplicate(tip, *, queryset=None) -> DuplicateMatch | None:
    """The earliest earlier tip (within WINDOW_DAYS) that this one repeats, or None.

    Identifier matches (credit code, identity code, certificate number, URL) win over text matches.
    """
    from .models import Tip

    since = (tip.received_at or timezone.now()) - dt.timedelta(days=WINDOW_DAYS)
    qs = (queryset if queryset is not None else Tip.objects.all()).filter(received_at__gte=since)
    if tip.pk:
        qs = qs.exclude(pk=tip.pk).filter(Q(received_at__lt=tip.received_at) | Q(pk__lt=tip.pk))
    else:
        qs = qs.filter(received_at__lte=tip.received_at)
    for field, reason in (
        ("identity_code", DuplicateReason.IDENTITY_CODE),
        ("certificate_number", DuplicateReason.CERTIFICATE),
        ("subject_credit_code", DuplicateReason.SUBJECT),
        ("url_key", DuplicateReason.URL),
    ):
        value = getattr(tip, field)
        if value:
            hit = qs.filter(**{field: value}).order_by("received_at", "pk").first()
            if hit is not None:
                return DuplicateMatch(_root_id(hit), reason, 1.0)
    key = text_key(tip.description)
    if len(key) < MIN_TEXT_LENGTH:
        return None
    mine = trigrams(key)
    # Same county or the same category: where a repeated report would be.
    scope = Q(division__path__startswith=_area_path(tip.division))
    if tip.category_id:
        scope |= Q(category_id=tip.category_id)
    best: tuple[float, object, int] | None = None  # (score, received_at, pk)
    rows = (
        qs.filter(scope)
        .order_by("-received_at")
        .values_list("pk", "description_norm", "received_at")[:MAX_TEXT_CANDIDATES]
    )
    size = len(mine)
    for pk, norm, received_at in rows:
        # Jaccard ≥ t needs |B| ≥ t·|A|; a text of n characters has at most n − 2 trigrams.
        if max(len(norm) - 2, 1) < size * TEXT_THRESHOLD:
            continue
        theirs = trigrams(norm)
        if not theirs:
            continue
        score = len(mine & theirs) / len(mine | theirs)
        if score >= TEXT_THRESHOLD and (
            best is None or score > best[0] or (score == best[0] and received_at < best[1])
        ):
            best = (score, received_at, pk)
    if best is None:
        return None
    return DuplicateMatch(
        _root_id(Tip.objects.only("pk", "duplicate_of_id").get(pk=best[2])),
        DuplicateReason.TEXT,
        round(best[0], 3),
    )


def _area_path(division) -> str:
    """The county (or the division itself above county level) whose subtree is searched for text matches."""
    if division.level == "town" and division.parent_id:
        return division.path.rsplit("/", 2)[0] + "/"
    return division.path


def _root_id(tip) -> int:
    """Link to the original of a chain, never to another duplicate."""
    seen = set()
    while tip.duplicate_of_id and tip.pk not in seen:
        seen.add(tip.pk)
        tip = type(tip).objects.only("pk", "duplicate_of_id").get(pk=tip.duplicate_of_id)
    return tip.pk
