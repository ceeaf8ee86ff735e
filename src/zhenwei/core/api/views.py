"""API of the organisation model: divisions, departments, the current user, the audit log."""

import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import generics, viewsets
from rest_framework.permissions import IsAuthenticated

from ..access import restrict
from ..filters import DivisionSubtreeFilter, FilterSet
from ..models import AuditEntry, Department, DepartmentKind, Division
from .permissions import HasCapability
from .serializers import (
    AuditEntrySerializer,
    DepartmentKindSerializer,
    DepartmentSerializer,
    DivisionSerializer,
    MeSerializer,
)
from .viewsets import ScopedReadOnlyViewSet


class DivisionFilter(FilterSet):
    parent = django_filters.CharFilter(field_name="parent__code")
    within = DivisionSubtreeFilter(field_name="self", label="within division code")
    q = django_filters.CharFilter(field_name="name", lookup_expr="contains")

    class Meta:
        model = Division
        fields = ["level", "code"]


class DivisionViewSet(viewsets.ReadOnlyModelViewSet):
    """Administrative divisions (reference data, readable by every staff user)."""

    queryset = Division.objects.select_related("parent")
    serializer_class = DivisionSerializer
    filterset_class = DivisionFilter
    lookup_field = "code"
    permission_classes = [IsAuthenticated]


class DepartmentKindViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = DepartmentKind.objects.all()
    serializer_class = DepartmentKindSerializer
    lookup_field = "code"
    permission_classes = [IsAuthenticated]


class DepartmentViewSet(ScopedReadOnlyViewSet):
    """Departments in the user's divisions and below."""

    queryset = Department.objects.select_related("kind", "division")
    serializer_class = DepartmentSerializer
    filterset_fields = ["kind__code", "division__code", "is_active"]


class AuditEntryViewSet(ScopedReadOnlyViewSet):
    """The audit log of the user's divisions (needs the audit capability)."""

    queryset = AuditEntry.objects.select_related("actor")
    serializer_class = AuditEntrySerializer
    permission_classes = [HasCapability.of("audit")]
    filterset_fields = ["action", "model", "object_id", "request_id"]
    lookup_field = "seq"


class MeView(generics.RetrieveAPIView):
    """The signed-in user with memberships and capabilities."""

    serializer_class = MeSerializer
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="me_retrieve")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_object(self):
        return self.request.user


def register(router) -> None:
    router.register("divisions", DivisionViewSet, basename="division")
    router.register("department-kinds", DepartmentKindViewSet, basename="department-kind")
    router.register("departments", DepartmentViewSet, basename="department")
    router.register("audit", AuditEntryViewSet, basename="audit")


__all__ = ["register", "MeView", "restrict"]
