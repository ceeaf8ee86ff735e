"""API errors are JSON with a human-readable ``detail``, including Django's own ValidationError."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def _messages(exc: DjangoValidationError):
    if hasattr(exc, "error_dict"):
        return {k: [str(m) for e in v for m in e.messages] for k, v in exc.error_dict.items()}
    return [str(m) for m in exc.messages]


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        errors = _messages(exc)
        if isinstance(errors, dict):
            detail = "；".join(f"{k}: {' '.join(v)}" for k, v in errors.items())
            return Response({"detail": detail, "errors": errors}, status=status.HTTP_400_BAD_REQUEST)
        return Response({"detail": "；".join(errors), "errors": errors}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    if isinstance(exc, exceptions.ValidationError) and not (isinstance(data, dict) and "detail" in data):
        response.data = {"detail": _flatten(data), "errors": data}
    return response


def _flatten(data, prefix: str = "") -> str:
    if isinstance(data, dict):
        return "；".join(
            _flatten(v, f"{prefix}{k}: " if k != "non_field_errors" else prefix) for k, v in data.items()
        )
    if isinstance(data, list):
        return " ".join(_flatten(v, prefix) if isinstance(v, dict | list) else f"{prefix}{v}" for v in data)
    return f"{prefix}{data}"
