"""Walks the URL resolver for the permission matrix (tests/test_permission_matrix.py).

Nothing here lists endpoints by hand: every API route under /api/v1/ and every staff page under
/staff/ is found from ``zhenwei.urls``, so an endpoint added tomorrow is checked tomorrow.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver

_ROUTE_PARAM = re.compile(r"<(?:(?P<conv>[^>:]+):)?(?P<name>\w+)>")
_REGEX_PARAM = re.compile(r"\(\?P<(?P<name>\w+)>(?:[^()]|\([^()]*\))*\)")


@dataclass
class Endpoint:
    route: str  # the route as written, prefixes joined (mixed route/regex syntax)
    name: str
    namespace: str
    callback: object
    params: list[str] = field(default_factory=list)
    converters: dict[str, str] = field(default_factory=dict)

    @property
    def view_class(self):
        return getattr(self.callback, "cls", None) or getattr(self.callback, "view_class", None)

    @property
    def actions(self) -> dict[str, str]:
        """HTTP method → viewset action for DRF viewsets; {} for other views."""
        return dict(getattr(self.callback, "actions", None) or {})

    def sample_values(self) -> dict[str, str]:
        """A value for every parameter that its pattern accepts: the first alternative of
        ``(?P<child>trainers|courses)``, else "1"."""
        values = {}
        for m in _REGEX_PARAM.finditer(self.route):
            inner = m.group(0)[len(f"(?P<{m.group('name')}>") : -1]
            first = inner.split("|")[0]
            values[m.group("name")] = first if "|" in inner and re.fullmatch(r"[\w-]+", first) else "1"
        for name in self.params:
            values.setdefault(name, "1")
        return values

    def url(self, **values) -> str:
        path = self.route.replace("^", "").replace("$", "").replace("\\", "")
        path = _REGEX_PARAM.sub(lambda m: str(values[m.group("name")]), path)
        path = _ROUTE_PARAM.sub(lambda m: str(values[m.group("name")]), path)
        return "/" + path.lstrip("/")

    def __str__(self) -> str:
        return "/" + re.sub(r"\^(?![^\[]*\])", "", self.route).replace("$", "").lstrip("/")

    def model_for(self, param: str):
        """The model a page's ``<int:pk>`` names, guessed from the path segment before it
        (``cases/<pk>`` → Case, ``cases/actions/<pk>`` → CaseAction), preferring the page's own app and,
        within it, a name that ends with the segment over one that only starts with it."""
        from django.apps import apps

        before = self.route.split(f"<int:{param}>")[0].rstrip("/").rsplit("/", 1)[-1].lower()
        if not before:
            return None
        stems = {
            before,
            before[:-1] if before.endswith("s") else before,
            before[:-2] if before.endswith("es") else before,
        }
        stems.discard("")
        found = []
        for model in apps.get_models():
            name = model.__name__.lower()
            label = model._meta.app_label.rstrip("s")
            for stem in stems:
                if name == stem or name == label + stem or name == label + "s" + stem:
                    found.append((0 if model._meta.app_label == self.namespace else 1, 0, model))
                elif name.endswith(stem) and model._meta.app_label == self.namespace:
                    found.append((0, 1, model))  # institutions/<pk> → TrainingInstitution
                elif name.startswith(stem) and model._meta.app_label == self.namespace:
                    found.append((0, 2, model))  # not InstitutionFinding, which only starts so
        found.sort(key=lambda t: (t[0], t[1], t[2].__name__))
        return found[0][2] if found else None


def walk(patterns=None, prefix: str = "", namespace: str = ""):
    if patterns is None:
        patterns = get_resolver("zhenwei.urls").url_patterns
    for pattern in patterns:
        route = str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, prefix + route, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern):
            full = prefix + route
            regex_names = list(pattern.pattern.regex.groupindex)
            route_params = [m.group("name") for m in _ROUTE_PARAM.finditer(full)]
            regex_params = [m.group("name") for m in _REGEX_PARAM.finditer(full)]
            params = list(dict.fromkeys(route_params + regex_params + regex_names))
            converters = {m.group("name"): (m.group("conv") or "str") for m in _ROUTE_PARAM.finditer(full)}
            yield Endpoint(
                route=full,
                name=pattern.name or "",
                namespace=namespace,
                callback=pattern.callback,
                params=params,
                converters=converters,
            )


def api_endpoints() -> list[Endpoint]:
    """Every route under /api/v1/ (DRF's format-suffix duplicates left out)."""
    found = []
    for ep in walk():
        if not ep.route.lstrip("^/").startswith("api/v1/") or "format" in ep.params:
            continue
        found.append(ep)
    return found


def staff_pages() -> list[Endpoint]:
    return [ep for ep in walk() if ep.route.lstrip("^/").startswith("staff/")]


def matrix_figures(stats, pairs) -> dict[str, int]:
    """The permission matrix's figures from its counters and its (endpoint, principal) pairs."""
    return {
        "api_endpoints": stats["api_endpoints"],
        "staff_pages": stats["staff_pages"],
        "principals": len({p for _, p in pairs}),
        "endpoint_principal_pairs": len(pairs),
        "endpoints_checked": len({e for e, _ in pairs}),
        "requests": stats["requests"],
        "list_ids_checked": stats["list_ids"],
        "foreign_objects_probed": stats["foreign_probes"],
        "writes_refused": stats["writes_refused"],
        "unchecked_lists": stats["unchecked_lists"],
        "routes_without_records": stats["routes_without_records"],
    }
