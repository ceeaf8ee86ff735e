"""OPTIONS on every API route answers (DRF's SimpleMetadata, made total).

DRF describes the PUT and POST forms of a view by calling ``get_object()`` and ``get_serializer()``;
on a list-level action that takes PUT (``/notifications/preferences/``) there is no object to get, and
DRF's assertion became a 500. Here the object is looked up only when the URL names one, and a form
that cannot be described is left out of the answer instead of failing it. docs/security.md, T59.
"""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions
from rest_framework.metadata import SimpleMetadata
from rest_framework.request import clone_request

logger = logging.getLogger(__name__)


class Metadata(SimpleMetadata):
    def determine_actions(self, request, view):
        actions = {}
        for method in sorted({"PUT", "POST"} & set(view.allowed_methods)):
            view.request = clone_request(request, method)
            try:
                if hasattr(view, "check_permissions"):
                    view.check_permissions(view.request)
                kwarg = getattr(view, "lookup_url_kwarg", None) or getattr(view, "lookup_field", None)
                if method == "PUT" and hasattr(view, "get_object") and kwarg in (view.kwargs or {}):
                    view.get_object()
                if not hasattr(view, "get_serializer"):
                    continue
                actions[method] = self.get_serializer_info(view.get_serializer())
            except (exceptions.APIException, PermissionDenied, Http404):
                pass
            except Exception:  # a form that cannot be described is left out, never a 500
                logger.info("OPTIONS %s: %s form not described", request.path, method, exc_info=True)
            finally:
                view.request = request
        return actions
