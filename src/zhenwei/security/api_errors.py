"""API exception handler: core's handler, plus hostile-input errors that must be 400, never 500.

Generated requests (schemathesis) showed that numbers beyond 64 bits in a filter or path crash the
database driver (OverflowError on SQLite, NumericValueOutOfRange on PostgreSQL): those are the
client's error, answered 400 with a clear detail, for every endpoint at once.
"""

from django.core.exceptions import BadRequest
from django.db import DataError, InterfaceError, OperationalError
from rest_framework import status
from rest_framework.response import Response

from zhenwei.core.api.errors import exception_handler as core_exception_handler


def exception_handler(exc, context):
    if isinstance(exc, BadRequest):
        # zhenwei.core.params.InvalidParameter and Django's own: the message names the parameter.
        return Response({"detail": str(exc) or "请求无效 (bad request)"}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, RecursionError):
        # A body nested beyond what any parser or serializer can walk (core/api/parsers.py bounds JSON;
        # this is the net for anything else that recurses on client input).
        return Response(
            {"detail": "请求嵌套层数过深 (the request is nested too deeply)"},
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, DataError) and "NUL" in str(exc):
        # PostgreSQL cannot store NUL in text or jsonb; a value that slipped past the parsers (a JSON
        # document inside a form field) is the client's error.
        return Response(
            {"detail": "文本中不能含有 NUL 字符 (text cannot contain a NUL character)"},
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, OverflowError) or (isinstance(exc, DataError) and "out of range" in str(exc)):
        return Response(
            {"detail": "参数数值超出范围 (a number in the request is out of range)"},
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, OperationalError | InterfaceError):
        # The database is restarting or failing over: a quick 503, never a hang or a 500.
        response = Response(
            {"detail": "服务暂时不可用，请稍后再试 (service temporarily unavailable)"},
            status=status.HTTP_503_SERVICE_UNAVAILABLE,
        )
        response["Retry-After"] = "5"
        return response
    return core_exception_handler(exc, context)
