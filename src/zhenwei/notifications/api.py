"""/api/v1/notifications/: the caller's own notifications (never anyone else's) and preferences."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from .choices import Channel, DeliveryMode
from .models import Notification
from .selectors import notification_list, unread_count
from .services import notification_mark_all_read, notification_mark_read, preference_modes, preference_set


class NotificationSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(read_only=True)
    is_read = serializers.BooleanField(read_only=True)

    class Meta:
        model = Notification
        fields = [
            "id",
            "kind",
            "kind_label",
            "title",
            "body",
            "url",
            "due",
            "created_at",
            "read_at",
            "is_read",
        ]
        read_only_fields = fields


class NotificationPreferenceSerializer(serializers.Serializer):
    channel = serializers.ChoiceField(choices=Channel.choices)
    mode = serializers.ChoiceField(choices=DeliveryMode.choices)


class NotificationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The inbox is personal: the queryset is always the caller's own notifications (stricter than
    the division rule, so this viewset does not use the Scoped base)."""

    serializer_class = NotificationSerializer
    permission_classes = [IsAuthenticated]
    queryset = Notification.objects.none()

    def get_queryset(self):
        unread = {"true": True, "1": True, "false": False, "0": False}.get(
            self.request.query_params.get("unread", "").lower()
        )
        return notification_list(
            user=self.request.user, unread=unread, kind=self.request.query_params.get("kind", "")
        )

    @extend_schema(request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        note = notification_mark_read(notification=self.get_object(), actor=request.user)
        return Response(NotificationSerializer(note).data)

    @extend_schema(request=None, responses={200: dict})
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        return Response({"marked_read": notification_mark_all_read(actor=request.user)})

    @extend_schema(responses={200: dict})
    @action(detail=False, methods=["get"], url_path="unread-count")
    def unread_count(self, request):
        return Response({"unread": unread_count(user=request.user)})

    @extend_schema(methods=["get"], responses=NotificationPreferenceSerializer(many=True))
    @extend_schema(
        methods=["put"],
        request=NotificationPreferenceSerializer,
        responses=NotificationPreferenceSerializer(many=True),
    )
    @action(detail=False, methods=["get", "put"], url_path="preferences", pagination_class=None)
    def preferences(self, request):
        if request.method == "PUT":
            serializer = NotificationPreferenceSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            preference_set(user=request.user, actor=request.user, **serializer.validated_data)
        modes = preference_modes(request.user.pk)
        return Response([{"channel": c, "mode": m} for c, m in sorted(modes.items())])


def register(router) -> None:
    router.register("notifications", NotificationViewSet, basename="notification")
