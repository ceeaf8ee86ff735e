"""The API's JSON parser, with a bound on nesting (the default parser, and the one views name).

Python's json module recurses once per level: a body nested a few thousand deep raised RecursionError
(a 500) on every endpoint that reads JSON, including the anonymous ones. Here a body deeper than
``MAX_JSON_DEPTH`` (no request the API documents nests beyond a handful of levels) is a 400 that says
so, whether the decoder ran out of stack or the parsed value is merely too deep for the serializers.
Form and multipart bodies are flat (a QueryDict), so they need no such bound. docs/security.md, T58.
"""

from __future__ import annotations

from django.utils.translation import gettext
from rest_framework import parsers
from rest_framework.exceptions import ParseError

MAX_JSON_DEPTH = 32


def json_depth(value) -> int:
    """Nesting depth of a parsed JSON value (a scalar is 0), without recursion."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, depth)
        if deepest > MAX_JSON_DEPTH:
            return deepest
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return deepest


def has_nul(value) -> bool:
    """Whether a parsed JSON value holds a NUL character in any key or string (PostgreSQL cannot
    store one in text or jsonb: the driver's DataError was a 500)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def _too_deep() -> ParseError:
    return ParseError(
        gettext("JSON 嵌套层数超过 %(max_json_depth)s (JSON nested deeper than %(max_json_depth)s levels)")
        % {"max_json_depth": MAX_JSON_DEPTH}
    )


class JSONParser(parsers.JSONParser):
    """DRF's JSONParser, refusing bodies nested deeper than MAX_JSON_DEPTH with a 400."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise _too_deep() from None
        if json_depth(data) > MAX_JSON_DEPTH:
            raise _too_deep()
        if has_nul(data):
            raise ParseError(gettext("JSON 字符串中含有 NUL 字符 (a JSON string contains a NUL character)"))
        return data
