"""Base viewsets: every queryset passes through restrict(), so no endpoint can forget it."""

from rest_framework import mixins, viewsets

from ..access import restrict
from .permissions import StaffScoped


class ScopedQuerysetMixin:
    """get_queryset() is restricted to what the user may see, or change for unsafe methods."""

    permission_classes = [StaffScoped]

    def get_queryset(self):
        qs = super().get_queryset()
        action = "view" if self.request.method in ("GET", "HEAD", "OPTIONS") else "change"
        return restrict(qs, self.request.user, action)


class ScopedReadOnlyViewSet(ScopedQuerysetMixin, viewsets.ReadOnlyModelViewSet):
    pass


class ScopedCreateListRetrieveViewSet(
    ScopedQuerysetMixin,
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    pass
