"""The OpenAPI schema view, generated once per process and language.

drf-spectacular builds the whole document (200+ operations, every serializer) on each request to
``/api/v1/schema/``: seconds of CPU for a URL anyone may fetch. The document depends only on the code
(the view serves the public schema, ``serve_public``: not filtered by who asks), the API version and
the language it is written in, so it is built once per process for each (version, language) and
rendered from the kept copy; a deployment restarts the processes and so builds it again. This is the
same kind of memo as Django's own ``get_resolver()`` (``functools.cache``), not a cache of records.
"""

from __future__ import annotations

import functools

from django.utils import translation
from drf_spectacular.views import SpectacularAPIView
from rest_framework.response import Response


@functools.cache
def _document(generator_class, version: str | None, language: str | None, public: bool):
    """The schema document (kept for the process). ``language`` is the one active while it is built:
    descriptions and enum labels are translated at generation time."""
    with translation.override(language):
        return generator_class(api_version=version).get_schema(request=None, public=public)


class SchemaView(SpectacularAPIView):
    """``SpectacularAPIView`` answering from the document built once per (version, language)."""

    def _get_schema_response(self, request):
        if self.urlconf is not None or self.patterns is not None or self.custom_settings:
            return super()._get_schema_response(request)  # a customised view: as drf-spectacular does
        version = self.api_version or request.version or self._get_version_parameter(request)
        document = _document(self.generator_class, version, translation.get_language(), self.serve_public)
        return Response(
            data=document,  # rendered, never changed: no copy
            headers={"Content-Disposition": f'inline; filename="{self._get_filename(request, version)}"'},
        )
