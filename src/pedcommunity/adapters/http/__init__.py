"""The HTTP service for LMS plugins (the ``server`` extra: FastAPI and uvicorn).

:func:`create_app` builds the application over a :class:`~pedcommunity.services.Services`;
:func:`serve` runs it with uvicorn (``pedcommunity serve`` calls it). See ``docs/service.md``.

Examples:
    >>> from pedcommunity.adapters.http import OPERATIONS
    >>> sorted({op.tag for op in OPERATIONS})[:3]
    ['communities', 'definitions', 'export']
"""

from pedcommunity.adapters.http._openapi import openapi_document
from pedcommunity.adapters.http._problems import HttpRefusal, problem, status_of
from pedcommunity.adapters.http.app import MAX_BODY, OPERATIONS, create_app
from pedcommunity.adapters.http.serve import load_role_map, serve

__all__ = [
    "MAX_BODY",
    "OPERATIONS",
    "HttpRefusal",
    "create_app",
    "load_role_map",
    "openapi_document",
    "problem",
    "serve",
    "status_of",
]
