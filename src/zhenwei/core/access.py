"""The one visibility rule. Every selector and API list goes through restrict().

A user sees the records of the divisions of their departments and every division below, plus
records transferred or copied to one of their departments; platform administrators see all.
A record tells where it lives with the class attribute ``visibility_division_field``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet

from .choices import Role, ShareKind
from .roles import ROLE_CAPABILITIES


@dataclass(frozen=True)
class Scope:
    """What one user may reach: division paths, departments and capabilities per division path."""

    is_global: bool = False
    division_paths: tuple[str, ...] = ()
    division_ids: tuple[int, ...] = ()
    department_ids: tuple[int, ...] = ()
    roles: frozenset[str] = frozenset()
    capabilities: frozenset[str] = frozenset()
    caps_by_path: dict[str, frozenset[str]] = field(default_factory=dict)

    def can(self, capability: str) -> bool:
        return self.is_global or capability in self.capabilities

    def can_in(self, capability: str, division) -> bool:
        """Capability held through a membership whose division contains ``division``."""
        if self.is_global:
            return True
        if division is None:
            return False
        return any(
            division.path.startswith(p) and capability in caps for p, caps in self.caps_by_path.items()
        )


EMPTY = Scope()


def user_scope(user) -> Scope:
    """The user's scope, computed once per request and cached on the user object."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return EMPTY
    cached = getattr(user, "_zhenwei_scope", None)
    if cached is not None:
        return cached
    memberships = list(
        user.memberships.filter(is_active=True, department__is_active=True).select_related(
            "department__division"
        )
    )
    roles = frozenset(m.role for m in memberships)
    is_global = user.is_superuser or Role.PLATFORM_ADMIN in roles
    caps_by_path: dict[str, set[str]] = {}
    for m in memberships:
        caps_by_path.setdefault(m.department.division.path, set()).update(ROLE_CAPABILITIES.get(m.role, ()))
    capabilities = frozenset().union(*caps_by_path.values()) if caps_by_path else frozenset()
    if user.is_superuser:
        capabilities = ROLE_CAPABILITIES[Role.PLATFORM_ADMIN]
    scope = Scope(
        is_global=is_global,
        division_paths=tuple(sorted({m.department.division.path for m in memberships})),
        division_ids=tuple(sorted({m.department.division_id for m in memberships})),
        department_ids=tuple(sorted({m.department_id for m in memberships})),
        roles=roles,
        capabilities=capabilities,
        caps_by_path={p: frozenset(c) for p, c in caps_by_path.items()},
    )
    user._zhenwei_scope = scope
    return scope


def _division_field(model: type[Model]) -> str | None:
    return getattr(model, "visibility_division_field", None)


def restrict(qs: QuerySet, user, action: str = "view") -> QuerySet:
    """The records of ``qs`` that ``user`` may see (action="view") or change (action="change")."""
    if isinstance(user, SystemActor):
        return qs  # a job or loader working on nobody's behalf sees what it works on
    scope = user_scope(user)
    if scope is EMPTY:
        return qs.none()
    if scope.is_global:
        return qs
    capability = "view" if action == "view" else "change"
    if not scope.can(capability):
        return qs.none()
    model = qs.model
    field_path = _division_field(model)
    if field_path is None:
        # Reference data without a division (categories, divisions themselves): readable, not writable.
        return qs if action == "view" else qs.none()
    condition = Q()
    for path, caps in scope.caps_by_path.items():
        if capability in caps:
            condition |= Q(**{f"{field_path}__path__startswith": path})
    share_kinds = [ShareKind.TRANSFER, ShareKind.COPY] if action == "view" else [ShareKind.TRANSFER]
    if scope.department_ids:
        from .models import Share

        ct = ContentType.objects.get_for_model(model)
        shared = Share.objects.filter(
            content_type=ct, to_department_id__in=scope.department_ids, kind__in=share_kinds
        ).values("object_id")
        condition |= Q(pk__in=shared)
    if not condition:
        return qs.none()
    return qs.filter(condition)


def can_access(user, obj: Model, action: str = "view") -> bool:
    return restrict(type(obj)._default_manager.filter(pk=obj.pk), user, action).exists()


def require_access(user, obj: Model, action: str = "view") -> None:
    """Raise PermissionDenied unless the user may act on obj."""
    if not can_access(user, obj, action):
        raise PermissionDenied("无权访问该记录 (no access to this record)")


def require_capability(user, capability: str, division=None) -> None:
    scope = user_scope(user)
    ok = scope.can_in(capability, division) if division is not None else scope.can(capability)
    if not ok:
        raise PermissionDenied(f"当前角色无此权限 (missing capability: {capability})")


def visible_divisions(user):
    """The divisions a user works in and below, as a queryset (all for global users)."""
    from .models import Division

    scope = user_scope(user)
    if scope.is_global:
        return Division.objects.all()
    if not scope.division_paths:
        return Division.objects.none()
    condition = Q()
    for path in scope.division_paths:
        condition |= Q(path__startswith=path)
    return Division.objects.filter(condition)


# -- writes ---------------------------------------------------------------------------------------
# Every service that creates or changes a scoped record asks one of the two functions below about
# the record's division (before and after the change), so the API, staff forms, the staff import,
# uploads, jobs run on a user's behalf and the admin all get the same answer.


@dataclass(frozen=True)
class SystemActor:
    """A write on nobody's behalf, named for the audit trail: the demo loader, ``zhenwei import`` run
    by the platform administrator on the server, a scheduled job. Such writes are not scoped.

    Every service takes one kind of actor: a user, or a SystemActor. For the callers written before
    this type, ``None`` and a bare name count as system actors too (``is_system_actor``)."""

    name: str = "system"

    def __str__(self) -> str:
        return self.name


def is_system_actor(actor) -> bool:
    """A write on nobody's behalf (a SystemActor, or None / a name from older callers)."""
    return actor is None or isinstance(actor, SystemActor | str)


def actor_user(actor):
    """The user behind an actor (for created_by and audit rows), or None for a system actor."""
    return None if is_system_actor(actor) else actor


def require(actor, action: str, target=None) -> None:
    """The one access check every service asks before it reads or writes on someone's behalf.

    ``target`` is a record, a Division, or None (the capability anywhere in the actor's scope):
    - a Division: ``action`` held through a membership whose division contains it;
    - a record and "view": visible by restrict() (own divisions and below, transfers and copies);
    - an existing record and "change": the rule of restrict(qs, actor, "change") (require_change_of);
    - a new record, or any other action ("approve", "pii", "export", …): ``action`` held in a
      division containing the record's division.
    A SystemActor always may; an anonymous user never may. Raises PermissionDenied."""
    from .models import Division

    if is_system_actor(actor):
        return
    if target is None:
        require_capability(actor, action)
    elif isinstance(target, Division):
        require_in_scope(actor, target, action)
    elif action == "view":
        require_access(actor, target, "view")
    elif action == "change" and target.pk is not None:
        require_change_of(actor, target)
    else:
        require_in_scope(actor, record_division(target), action)


def allowed(actor, action: str, target=None) -> bool:
    """require() as a yes/no (for showing or hiding a button)."""
    try:
        require(actor, action, target)
    except PermissionDenied:
        return False
    return True


def holds_above(actor, division, capability: str = "approve") -> bool:
    """``capability`` held strictly above ``division`` (the level above reviews: accepting a report,
    approving a lower unit's work). Platform administrators always; system actors always."""
    if is_system_actor(actor):
        return True
    scope = user_scope(actor)
    if scope.is_global:
        return True
    if division is None:
        return False
    path = division.path
    return any(
        path.startswith(p) and p != path and capability in caps for p, caps in scope.caps_by_path.items()
    )


def below_q(actor, capability: str = "approve", field: str = "division") -> Q:
    """Records whose ``field`` division lies strictly below a division where ``actor`` holds
    ``capability`` (the queryset form of holds_above; everything for global users)."""
    scope = user_scope(actor)
    if scope.is_global:
        return Q()
    condition = Q(pk__in=[])
    for path, caps in scope.caps_by_path.items():
        if capability in caps:
            condition |= Q(**{f"{field}__path__startswith": path}) & ~Q(**{f"{field}__path": path})
    return condition


def require_in_scope(actor, division, capability: str = "change") -> None:
    """Raise PermissionDenied unless ``actor`` holds ``capability`` through a membership whose
    division contains ``division`` (a named system actor always may)."""
    if is_system_actor(actor):
        return
    if not user_scope(actor).can_in(capability, division):
        raise PermissionDenied(
            f"无权在该行政区划写入记录 (no {capability} right in division "
            f"{getattr(division, 'code', None) or '—'})"
        )


def record_division(obj: Model):
    """The division a record lives in (its model's ``visibility_division_field``), or None."""
    target = obj
    for part in (_division_field(type(obj)) or "").split("__"):
        if not part:
            return None
        target = getattr(target, part, None)
        if target is None:
            return None
    return target


def require_change_of(actor, obj: Model) -> None:
    """The write check for one existing record, the rule of restrict(qs, actor, "change"): "change"
    held in a division containing the record's (answered from the scope, no query), else the
    record transferred to one of the actor's departments (one query). Records without a division
    (reference data) are changed by platform administrators only; named system actors always may."""
    if is_system_actor(actor):
        return
    scope = user_scope(actor)
    if _division_field(type(obj)) is None:
        if not scope.is_global:
            raise PermissionDenied(
                "只有平台管理员可以修改参考数据 (reference data: platform administrators only)"
            )
        return
    if scope.can_in("change", record_division(obj)):
        return
    if obj.pk is None or not can_access(actor, obj, "change"):
        raise PermissionDenied("无权修改该记录 (no change right on this record)")


class ScopeCheck:
    """Division checks for bulk writes (imports): which of a set of division ids the actor may act
    in, with one query per set of ids not seen before; a named system actor or a platform
    administrator is never checked (and costs nothing)."""

    def __init__(self, actor, capability: str = "change") -> None:
        self.capability = capability
        # Computed here, in the importing thread: a pipelined import's writer thread only reads it.
        self.unchecked = is_system_actor(actor) or user_scope(actor).is_global
        self._scope = EMPTY if self.unchecked else user_scope(actor)
        self._divisions: dict[int, tuple[str, str] | None] = {}  # pk → (path, code)

    def _load(self, ids) -> None:
        missing = {i for i in ids if i is not None and i not in self._divisions}
        if missing:
            from .models import Division

            for pk, path, code in Division.objects.filter(pk__in=missing).values_list("pk", "path", "code"):
                self._divisions[pk] = (path, code)
            for pk in missing - self._divisions.keys():
                self._divisions[pk] = None  # no such division: outside

    def outside(self, division_ids, capability: str | None = None) -> set:
        """The ids of ``division_ids`` (None counts as outside) in which the actor lacks
        ``capability`` (default: the one given at construction)."""
        if self.unchecked:
            return set()
        capability = capability or self.capability
        ids = set(division_ids)
        self._load(ids)
        caps_by_path = self._scope.caps_by_path
        found = set()
        for i in ids:
            known = self._divisions.get(i) if i is not None else None
            if known is None or not any(
                known[0].startswith(p) and capability in caps for p, caps in caps_by_path.items()
            ):
                found.add(i)
        return found

    def code(self, division_id) -> str:
        """The code of a division looked at by outside() (for messages)."""
        known = self._divisions.get(division_id)
        return known[1] if known else str(division_id)
