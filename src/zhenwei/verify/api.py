"""Verification API: public product, certificate and QR checks; the authenticated bulk check; the
staff lists of scan events and suspect codes."""

from __future__ import annotations

from django.http import HttpResponse, JsonResponse
from django.urls import path
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import exceptions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from zhenwei.core.api.parsers import JSONParser  # nesting bounded (T58)
from zhenwei.core.api.viewsets import ScopedReadOnlyViewSet
from zhenwei.core.net import client_network

from . import ratelimit, services
from .models import ScanEvent, SigningKey, SuspectCode


def _limit(request, scope: str = "verify") -> None:
    try:
        ratelimit.hit(request, scope)
    except ratelimit.RateLimited as exc:
        raise exceptions.Throttled(
            wait=exc.retry_after, detail=gettext("请求过于频繁，请稍后再试 (too many requests)")
        ) from None


class PublicAPIView(APIView):
    """Anonymous, unauthenticated (no session or token lookups on the hot path), JSON only."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    renderer_classes = [JSONRenderer]


_ANSWER = inline_serializer(
    "ProductVerification",
    {
        "code": serializers.CharField(),
        "verdict": serializers.ChoiceField(choices=["genuine", "unknown", "revoked", "suspect"]),
        "verdict_label": serializers.CharField(),
        "status": serializers.CharField(allow_null=True),
        "suspect_reason": serializers.CharField(required=False),
        "problem": serializers.CharField(required=False),
        "malformed": serializers.BooleanField(required=False),
        "product": serializers.DictField(allow_null=True),
        "label_valid": serializers.BooleanField(allow_null=True),
        "message": serializers.CharField(),
        "checked_at": serializers.DateTimeField(),
    },
)


class ProductVerifyView(PublicAPIView):
    """Is this product code genuine? Every call is logged as a scan event (network prefix only)."""

    def dispatch(self, request, *args, **kwargs):
        """GET answers without DRF's request wrapping, negotiation and rendering: this is the one
        endpoint the public hammers, and that machinery costs more than the lookup itself. The
        answer is the same JSON the schema documents; other methods go through DRF as usual."""
        if request.method != "GET":
            return super().dispatch(request, *args, **kwargs)
        try:
            ratelimit.hit(request, "verify")
        except ratelimit.RateLimited as exc:
            return JsonResponse(
                {"detail": str(exc)}, status=429, headers={"Retry-After": str(exc.retry_after)}
            )
        response = JsonResponse(
            self._answer(request, request.GET, kwargs["code"]), json_dumps_params={"ensure_ascii": False}
        )
        # Every check is a logged scan with its own time and clone counts: never cached. The answer's
        # language may come from the language cookie.
        response["Cache-Control"] = "no-store"
        patch_vary_headers(response, ("Cookie",))
        return response

    @extend_schema(
        operation_id="verify_product",
        parameters=[
            OpenApiParameter("division", str, description="用户同意提供的所在区划代码 (consented location)"),
            OpenApiParameter("lat", float, description="纬度（用户同意时）"),
            OpenApiParameter("lng", float, description="经度（用户同意时）"),
            OpenApiParameter("k", str, description="标签签名密钥标识 (label key id)"),
            OpenApiParameter("s", str, description="标签签名 (label signature)"),
        ],
        responses={200: _ANSWER},
    )
    def get(self, request, code: str):
        _limit(request)
        return Response(self._answer(request, request.query_params, code))

    @staticmethod
    def _answer(request, params, code: str) -> dict:
        return services.product_verify(
            code=code,
            network=client_network(request),
            division_code=params.get("division"),
            latitude=params.get("lat"),
            longitude=params.get("lng"),
            user_agent=request.META.get("HTTP_USER_AGENT", ""),
            label_kid=params.get("k", ""),
            label_mac=params.get("s", ""),
        )


class CertificateCheckSerializer(serializers.Serializer):
    number = serializers.CharField(max_length=64, label="证书编号")
    name = serializers.CharField(max_length=64, label="持证人姓名")


class CertificateVerifyView(PublicAPIView):
    """Is this certificate valid for this holder? A wrong name answers ``mismatch`` and nothing else."""

    parser_classes = [JSONParser, FormParser]

    @extend_schema(
        operation_id="verify_certificate", request=CertificateCheckSerializer, responses={200: dict}
    )
    def post(self, request):
        _limit(request)
        form = CertificateCheckSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        return Response(services.certificate_verify(**form.validated_data))


class QrCheckSerializer(serializers.Serializer):
    qr = serializers.CharField(max_length=4096, trim_whitespace=True, label="二维码内容")
    name = serializers.CharField(max_length=64, required=False, allow_blank=True, label="持证人姓名（可选）")


class QrVerifyView(PublicAPIView):
    """Verify a signed certificate QR payload (ZW1:…) against the live trust list."""

    parser_classes = [JSONParser, FormParser]

    @extend_schema(operation_id="verify_qr", request=QrCheckSerializer, responses={200: dict})
    def post(self, request):
        _limit(request)
        data = request.data if hasattr(request.data, "get") else {}
        qr = data.get("qr")
        if not isinstance(qr, str) or not qr.strip():
            return Response({"verdict": "malformed", "reason": "缺少二维码内容 (qr is required)"})
        name = data.get("name")
        return Response(
            services.qr_verify_online(text=qr[:4096], name=name if isinstance(name, str) else None)
        )


class BulkCheckView(APIView):
    """Upload a CSV or XLSX of staff (name, ID number, certificate number); get an XLSX back with one
    verdict and reason per row and a summary sheet (逐人逐证核查)."""

    permission_classes = [IsAuthenticated]
    parser_classes = [MultiPartParser]

    @extend_schema(
        operation_id="verify_bulk",
        request={
            "multipart/form-data": {
                "type": "object",
                "properties": {"file": {"type": "string", "format": "binary"}},
            }
        },
        responses={(200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): bytes},
    )
    def post(self, request):
        from .bulk import bulk_check, result_filename

        upload = request.FILES.get("file")
        if upload is None:
            raise exceptions.ValidationError({"detail": gettext("请上传文件（字段 file）(file is required)")})
        result = bulk_check(upload=upload, actor=request.user)
        response = HttpResponse(
            result.xlsx, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = f'attachment; filename="{result_filename()}"'
        response["X-Zhenwei-Summary"] = result.summary_header()
        return response


class ScanEventSerializer(serializers.ModelSerializer):
    division_code = serializers.CharField(source="division.code", default=None, read_only=True)

    class Meta:
        model = ScanEvent
        fields = [
            "id",
            "created_at",
            "code",
            "verdict",
            "network",
            "division_code",
            "location_consented",
            "prefecture_code",
            "agent_class",
            "label_valid",
        ]


class ScanEventViewSet(ScopedReadOnlyViewSet):
    """Scan events in the user's divisions (where the scan was seen, else where the product is made)."""

    queryset = ScanEvent.objects.select_related("division")
    serializer_class = ScanEventSerializer
    filterset_fields = ["code", "verdict", "agent_class"]


class SuspectCodeSerializer(serializers.ModelSerializer):
    division_code = serializers.CharField(source="division.code", read_only=True)

    class Meta:
        model = SuspectCode
        fields = [
            "id",
            "code",
            "reason",
            "detail",
            "status",
            "division_code",
            "clue",
            "flagged_at",
            "cleared_at",
            "cleared_note",
        ]


class SuspectClearSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=200)


class SuspectCodeViewSet(ScopedReadOnlyViewSet):
    """Codes the clone rules flagged; ``clear`` marks one explained (needs "change")."""

    queryset = SuspectCode.objects.select_related("division")
    serializer_class = SuspectCodeSerializer
    filterset_fields = ["status", "reason", "code"]

    @extend_schema(request=SuspectClearSerializer, responses={200: SuspectCodeSerializer})
    @action(detail=True, methods=["post"])
    def clear(self, request, pk=None):
        flag = self.get_object()
        form = SuspectClearSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        flag = services.suspect_clear(flag=flag, actor=request.user, note=form.validated_data["note"])
        return Response(SuspectCodeSerializer(flag).data)


class SigningKeySerializer(serializers.ModelSerializer):
    class Meta:
        model = SigningKey
        fields = [
            "kid",
            "algorithm",
            "public_key",
            "status",
            "created_at",
            "not_after",
            "retired_at",
            "revoked_at",
        ]


class SigningKeyViewSet(viewsets.ReadOnlyModelViewSet):
    """Signing keys (public halves only); changed with ``zhenwei keys``."""

    queryset = SigningKey.objects.all()
    serializer_class = SigningKeySerializer
    permission_classes = [IsAuthenticated]
    lookup_field = "kid"


def register(router) -> None:
    router.register("verify/scans", ScanEventViewSet, basename="verify-scan")
    router.register("verify/suspects", SuspectCodeViewSet, basename="verify-suspect")
    router.register("verify/keys", SigningKeyViewSet, basename="verify-key")


def get_urlpatterns():
    return [
        path("verify/product/<str:code>", ProductVerifyView.as_view(), name="verify-product"),
        path("verify/certificate", CertificateVerifyView.as_view(), name="verify-certificate"),
        path("verify/qr", QrVerifyView.as_view(), name="verify-qr"),
        path("verify/bulk", BulkCheckView.as_view(), name="verify-bulk"),
    ]
