"""Masking of personal data: names, ID numbers and phone numbers, alone or inside any text.

- ``mask_name`` / ``mask_id_number`` / ``mask_phone`` mask one value known to be a name, an ID
  number or a phone.
- ``find_pii`` / ``mask_text`` find and mask every ID number (18 characters per GB 11643, also
  inside a certificate number such as ``T`` + ID of a special operation certificate, 特种作业操作证;
  the old 15-digit form) and mobile number anywhere in a string.
- ``PiiDisclosureMiddleware`` is the one decision for what leaves the server: every text, XLSX
  and DOCX answer to a user who does not hold "pii" wherever they hold "view" (and to the
  public) is masked, whatever serializer, template, table or export produced it. A record-level
  decision that shows a value whole on purpose calls ``disclose(obj, user=…, values=…)``;
  ``pii_text(value, obj=…)`` makes that decision for one string (PDFs and other outputs the
  guard cannot read). Each answer that shows whole values writes ONE ``view_pii`` audit row
  (``Disclosure``); jobs and commands use ``with disclosing(user=…):``.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger(__name__)


def mask_name(name: str | None) -> str:
    """张三 → 张*, 张小三 → 张*三, 欧阳小明 → 欧**明; Latin names keep the first letter."""
    if not name:
        return ""
    name = name.strip()
    if len(name) <= 1:
        return "*"
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def mask_id_number(value: str | None) -> str:
    """First 3 and last 4 characters shown: 110************1234 (T110***********1234 for a
    certificate number made of T and an ID number)."""
    if not value:
        return ""
    value = value.strip()
    if len(value) <= 7:
        return "*" * len(value)
    if len(value) == 19 and value[0].isalpha():
        return value[0] + mask_id_number(value[1:])
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_phone(value: str | None) -> str:
    """138****1234 for mobiles; other numbers keep their last 4 digits."""
    if not value:
        return ""
    value = value.strip()
    if len(value) == 11 and value.isdigit():
        return value[:3] + "****" + value[-4:]
    if len(value) <= 4:
        return "*" * len(value)
    return "*" * (len(value) - 4) + value[-4:]


# --- finding personal data inside text ------------------------------------------------------------

# A whole run of digits (an ID number may end in X), or a mobile number written with separators.
# Digits bound a run on both sides, letters do not: "T500235198807161234" (a special operation
# certificate number) holds an ID number, and so does "身份证500235198807161234号". Scanning for
# runs first and judging each run afterwards keeps the scan fast (≈ 6 ms per 100 KB of Chinese
# HTML on the test machine); ASCII digits only (full-width digits are not searched).
_PII = re.compile(
    r"(?=[0-9+])(?:[0-9]{11,}[Xx]?"
    r"|(?<![0-9])(?:\+?86[- ]?)?1[3-9][0-9][- ][0-9]{4}[- ][0-9]{4}(?![0-9]))"
)
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def _valid_date(year: int, month: int, day: int) -> bool:
    try:
        born = dt.date(year, month, day)
    except ValueError:
        return False
    return 1900 <= born.year and born <= dt.date.today()


def _is_id18(value: str) -> bool:
    """GB 11643 structure: an area code (first digit 1–8) and a real birth date. The check
    character is not required: a mistyped one still leaves a person's number; requiring the date
    keeps 18-digit credit codes and serials (whose "date" is not one) out."""
    return value[0] in "12345678" and _valid_date(int(value[6:10]), int(value[10:12]), int(value[12:14]))


def id_check_ok(value: str) -> bool:
    """Whether the GB 11643 check character of an 18-character ID number is right."""
    value = value.upper()
    total = sum(int(c) * w for c, w in zip(value[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == value[17]


def _is_id15(value: str) -> bool:
    """Old 15-digit ID numbers: area, YYMMDD born in the 1900s, sequence."""
    return value[0] in "12345678" and _valid_date(1900 + int(value[6:8]), int(value[8:10]), int(value[10:12]))


def _kind(run: str) -> str | None:
    """What a run found by _PII is: "id18", "id15", "phone", or None (another number)."""
    if not run.isdigit():
        if any(c in "+- " for c in run):
            return "phone"  # the separated form: +86 139-1234-5678
        if len(run) == 18 and run[:17].isdigit():
            return "id18" if _is_id18(run) else None
        return None
    if len(run) == 18:
        return "id18" if _is_id18(run) else None
    if len(run) == 15:
        return "id15" if _is_id15(run) else None
    if len(run) == 11 and run[1] in "3456789" and run[0] == "1":
        return "phone"
    if len(run) == 13 and run.startswith("861") and run[3] in "3456789":
        return "phone"
    return None


def _mask_match(m: re.Match, keep: frozenset[str] | set[str] = frozenset()) -> str:
    text = m.group(0)
    kind = _kind(text)
    if kind is None or text in keep:
        return text
    if kind != "phone":
        return mask_id_number(text)
    digits = re.sub(r"[^0-9]", "", text)
    prefix = re.match(r"\+?86[- ]?", text).group(0) if len(digits) > 11 else ""  # type: ignore[union-attr]
    return prefix + mask_phone(digits[-11:])


def find_pii(text: str | None) -> list[tuple[str, str]]:
    """(kind, value) for every ID number and mobile number inside ``text``; kind is "id" or "phone"."""
    if not text:
        return []
    found = []
    for m in _PII.finditer(str(text)):
        kind = _kind(m.group(0))
        if kind is not None:
            found.append(("phone" if kind == "phone" else "id", m.group(0)))
    return found


def mask_text(text: Any, *, keep: frozenset[str] | set[str] = frozenset()) -> Any:
    """``text`` with every ID number and mobile number inside it masked (public answers, and staff
    without the "pii" right), except the values in ``keep``. Values that are not text are returned
    as they are."""
    if not isinstance(text, str) or not text:
        return text
    return _PII.sub(lambda m: _mask_match(m, keep), text)


# --- who may see it whole, and the audit of each answer that showed it ----------------------------


@dataclass
class Disclosure:
    """Whole personal data shown in one answer (a page, an API response, an export, a job)."""

    request: Any = None
    user: Any = None
    what: str = ""
    records: dict[str, set[str]] = field(default_factory=dict)
    divisions: set[int] = field(default_factory=set)
    kinds: set[str] = field(default_factory=set)
    values: int = 0  # whole values found in the answer's body
    # Values a field-level decision showed whole on purpose (a tipster's phone to a hotline
    # operator, who holds "tipster" but not "pii"): the answer guard lets exactly these through.
    allowed: set[str] = field(default_factory=set)

    @property
    def actor(self):
        if self.user is not None:
            return self.user
        # DRF authenticates in the view and sets request.user on the Django request, so it is
        # read when needed rather than when the request arrives.
        return getattr(self.request, "user", None)

    def add(self, obj, kinds: Iterable[str], values: Iterable[str] = ()) -> None:
        self.allowed.update(v for v in values if v)
        label = obj._meta.label_lower if obj is not None else ""
        self.records.setdefault(label, set()).add(str(getattr(obj, "pk", "")))
        division = _division_of(obj) if obj is not None else None
        if division is not None:
            self.divisions.add(division.pk)
        self.kinds.update(kinds)

    def flush(self) -> None:
        """One view_pii audit row naming every record shown whole; nothing if none was."""
        records = {
            label: sorted(ids, key=_natural) for label, ids in sorted(self.records.items()) if label and ids
        }
        if not records and not self.values:
            return
        from .audit import audit_record
        from .choices import AuditAction

        where = self.what or (
            f"{self.request.method} {self.request.path}" if self.request is not None else "(no request)"
        )
        only = next(iter(records.items())) if len(records) == 1 else None
        single = only is not None and len(only[1]) == 1
        audit_record(
            actor=self.actor,
            action=AuditAction.VIEW_PII,
            model=only[0] if only else "",
            object_id=only[1][0] if single else "",
            object_repr=where
            if single or not records
            else f"{sum(map(len, records.values()))} records: {where}",
            after={"shown": where, "records": records, "kinds": sorted(self.kinds), "values": self.values},
            note="personal data shown whole",
            division_id=min(self.divisions) if len(self.divisions) == 1 else None,
        )
        self.records.clear()
        self.divisions.clear()
        self.kinds.clear()
        self.values = 0


def _natural(value: str):
    return (0, int(value), "") if value.isdigit() else (1, 0, value)


_disclosure: contextvars.ContextVar[Disclosure | None] = contextvars.ContextVar(
    "zhenwei_pii_disclosure", default=None
)


def current_disclosure() -> Disclosure | None:
    return _disclosure.get()


class disclosing:  # noqa: N801 - used as a context manager, like contextlib's
    """``with disclosing(user=…, what="export of …"):`` collects every whole value shown inside
    and writes one audit row at the end. Requests get one from ``PiiDisclosureMiddleware``; jobs
    and commands that render personal data for a user open their own."""

    def __init__(self, *, request=None, user=None, what: str = ""):
        self.disclosure = Disclosure(request=request, user=user, what=what)
        self._token = None

    def __enter__(self) -> Disclosure:
        self._token = _disclosure.set(self.disclosure)
        return self.disclosure

    def __exit__(self, *exc) -> None:
        _disclosure.reset(self._token)
        if exc[0] is None:
            self.disclosure.flush()


def _division_of(obj):
    """The division a record lives in (its model's ``visibility_division_field``), or a Division."""
    from .models import Division

    if obj is None:
        return None
    if isinstance(obj, Division):
        return obj
    path = getattr(type(obj), "visibility_division_field", None)
    if not path:
        return getattr(obj, "division", None)
    target: Any = obj
    for part in path.split("__"):
        target = getattr(target, part, None)
        if target is None:
            return None
    return target


def can_see_pii(user, obj=None, *, division=None) -> bool:
    """Whether ``user`` holds "pii" in the division of ``obj`` (or ``division``). A record with
    no division is shown whole only to platform-wide users."""
    from .access import user_scope

    scope = user_scope(user)
    if scope.is_global:
        return True
    where = division if division is not None else _division_of(obj)
    return where is not None and scope.can_in("pii", where)


def pii_text(value: Any, *, obj=None, user=None, division=None) -> Any:
    """How ``value`` (which may hold ID or mobile numbers) looks to ``user`` (default: the user of
    the current request): whole, and recorded for the answer's audit row, if they hold "pii" in
    the division of ``obj``; masked otherwise. Without a user (no request, no job) it is masked."""
    if not isinstance(value, str) or not value:
        return value
    found = find_pii(value)
    if not found:
        return value
    disclosure = current_disclosure()
    if user is None and disclosure is not None:
        user = disclosure.actor
    if user is None or not can_see_pii(user, obj, division=division):
        return mask_text(value)
    disclose(obj, user=user, kinds={kind for kind, _ in found}, values=[v for _, v in found])
    return value


def disclose(
    obj, *, user, kinds: Iterable[str] = ("id",), values: Iterable[str] = (), note: str = ""
) -> None:
    """Record that ``obj``'s personal data (``values``) is being shown whole to ``user`` by a
    decision made for that record: in the current answer's Disclosure (one audit row per answer;
    the answer guard lets these values through), or, outside any answer, audited at once."""
    disclosure = current_disclosure()
    if disclosure is not None and disclosure.actor == user:
        disclosure.add(obj, kinds, values)
        return
    with disclosing(user=user, what=note or "direct") as d:
        d.add(obj, kinds, values)


def sees_pii_wherever_it_sees(user) -> bool:
    """Whether ``user`` holds "pii" in every division where they hold "view": then a whole answer
    is theirs to see (the records of an answer all come from where they may view)."""
    from .access import user_scope

    scope = user_scope(user)
    if scope.is_global:
        return True
    viewing = [path for path, caps in scope.caps_by_path.items() if "view" in caps]
    return bool(viewing) and all(
        any(path.startswith(p) and "pii" in caps for p, caps in scope.caps_by_path.items())
        for path in viewing
    )


_TEXT_TYPES = ("text/html", "application/json", "text/csv", "text/plain", "application/xml", "text/xml")
_OOXML_TYPE = "application/vnd.openxmlformats-officedocument."  # XLSX, DOCX: zips of XML parts
_MAX_FORM = 1024 * 1024  # multipart forms up to this size are searched for masked values
_MAX_BODY = 64 * 1024 * 1024  # larger answers are not scanned (none is expected; see docs)
# What mask_text leaves behind, so a write that would store it over a whole value is refused.
MASKED_TOKEN = re.compile(r"(?<![\d*])(?:1[3-9]\d\*{4}\d{4}|\d{3}\*{8,11}[\dXx]{4})(?![\d*])")


def _mask_ooxml(content: bytes, keep) -> bytes:
    """The workbook or document with every XML part masked (shared strings, sheets, paragraphs)."""
    import io
    import zipfile

    src = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.endswith(".xml"):
                data = mask_text(data.decode("utf-8"), keep=keep).encode("utf-8")
            dst.writestr(info, data)
    return out.getvalue()


def body_pii(
    content: bytes, content_type: str, keep: frozenset[str] | set[str] = frozenset()
) -> tuple[bytes, list[tuple[str, str]]]:
    """(the body masked except ``keep``, the whole values it held) for a text, XLSX or DOCX answer."""
    if content_type.startswith(_OOXML_TYPE):
        import io
        import zipfile

        try:
            with zipfile.ZipFile(io.BytesIO(content)) as z:
                text = "\n".join(
                    z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml")
                )
        except (zipfile.BadZipFile, KeyError):
            return content, []
        found = find_pii(text)
        return (_mask_ooxml(content, keep) if found else content), found
    charset = "utf-8"
    if "charset=" in content_type:
        charset = content_type.split("charset=", 1)[1].split(";")[0].strip() or "utf-8"
    text = content.decode(charset, "replace")
    found = find_pii(text)
    return (mask_text(text, keep=keep).encode(charset, "replace") if found else content), found


class PiiDisclosureMiddleware:
    """The exit every answer passes: personal data leaves the server whole only for the right,
    and each answer that carried it writes one view_pii audit row.

    - Answers (HTML, JSON, CSV, XLSX; streamed ones are read whole) to anyone who does not hold
      "pii" wherever they may view — viewers, inspectors, hotline operators, the public — have
      every ID number and mobile number inside masked, whatever field or template put it there.
    - For holders of the right, an answer that shows any whole value writes one audit row (the
      records named by ``pii_text`` / ``disclose`` calls, the path, the number of values).
    - A write by someone without the right that carries a masked value back (an edit form
      re-submitted as it was shown) is refused with 400 rather than stored over the whole value.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        refused = self._refuse_masked_write(request)
        if refused is not None:
            return refused
        ctx = disclosing(request=request)
        ctx.__enter__()
        try:
            response = self.get_response(request)
        except BaseException:
            _disclosure.reset(ctx._token)  # nothing was answered
            raise
        _disclosure.reset(ctx._token)
        disclosure = ctx.disclosure
        try:
            self._guard(request, response, disclosure)
        finally:
            disclosure.flush()
        return response

    @staticmethod
    def _whole_allowed(request) -> bool:
        user = getattr(request, "user", None)
        return bool(
            user is not None and getattr(user, "is_authenticated", False) and sees_pii_wherever_it_sees(user)
        )

    def _guard(self, request, response, disclosure: Disclosure) -> None:
        content_type = response.get("Content-Type", "") or ""
        if not (content_type.startswith(_TEXT_TYPES) or content_type.startswith(_OOXML_TYPE)):
            return
        streaming = getattr(response, "streaming", False)
        content = b"".join(response.streaming_content) if streaming else response.content
        if streaming:
            response.streaming_content = [content]
        if len(content) > _MAX_BODY:
            log.warning("answer of %s bytes to %s not scanned for personal data", len(content), request.path)
            return
        masked, found = body_pii(content, content_type, keep=disclosure.allowed)
        whole_allowed = bool(found) and self._whole_allowed(request)  # no query for answers without any
        if whole_allowed:
            shown = found
        else:
            # Only the values a record-level decision showed on purpose stay whole.
            shown = [(kind, value) for kind, value in found if value in disclosure.allowed]
        disclosure.kinds.update(kind for kind, _ in shown)
        disclosure.values += len(shown)
        if whole_allowed or len(shown) == len(found):
            return
        if streaming:
            response.streaming_content = [masked]
        else:
            response.content = masked
        if response.has_header("Content-Length"):
            response["Content-Length"] = str(len(masked))

    def _refuse_masked_write(self, request):
        if request.method not in ("POST", "PUT", "PATCH"):
            return None
        content_type = request.META.get("CONTENT_TYPE", "")
        if content_type.startswith("multipart/"):
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                return None
            if length > _MAX_FORM:
                return None  # an upload: left to the upload guard, not read here
        try:
            body = request.body[:_MAX_BODY].decode("utf-8", "replace")
        except Exception:  # noqa: BLE001 - a body that cannot be read is the view's to refuse
            return None
        from urllib.parse import unquote_plus

        m = MASKED_TOKEN.search(unquote_plus(body) if "urlencoded" in content_type else body)
        if m is None:
            return None
        user = _writer(request)
        # The public creates, it does not edit what it was shown; holders of the right see whole.
        if user is None or sees_pii_wherever_it_sees(user):
            return None
        from django.http import HttpResponseBadRequest, JsonResponse

        detail = (
            f"提交的内容含有已遮蔽的个人信息（{m.group(0)}），保存会覆盖原值：请删去该内容，"
            "或由有查看个人信息权限的人员修改"
        )
        if request.path.startswith("/api/") or "json" in content_type:
            return JsonResponse({"detail": detail, "code": "masked_personal_data"}, status=400)
        return HttpResponseBadRequest(detail, content_type="text/plain; charset=utf-8")


def _writer(request):
    """Who sends a write, known before the view runs: the session user, or the API token's
    (DRF authenticates only inside the view)."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return user
    forced = getattr(request, "_force_auth_user", None)  # DRF's test client
    if forced is not None:
        return forced
    if request.META.get("HTTP_AUTHORIZATION", "").startswith("Token "):
        from rest_framework.authentication import TokenAuthentication
        from rest_framework.exceptions import APIException
        from rest_framework.request import Request

        try:
            found = TokenAuthentication().authenticate(Request(request))
        except APIException:
            return None
        return found[0] if found else None
    return None
