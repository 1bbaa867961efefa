"""The HTTP service for LMS plugins: :func:`create_app` builds it over a :class:`Services`.

FastAPI serves the routes, but reads no body through pydantic: the bodies are the JSON
contract's documents, read by its one converter, and each route's parameters are read by its
:class:`~pedcommunity.adapters.http._operations.Operation`, which also writes the route into
the OpenAPI document (``GET /openapi.json``; ``/docs`` shows it).

Every ``/v1`` route takes a tenant's key (``Authorization: Bearer <key>``): a key reads and
writes its own tenant's workflows only, and another tenant's are unknown (404). Commands act
for the LMS user named in ``X-Actor``; the library's permission policy checks them, with the
user's LMS roles (``X-Actor-Roles``) mapped by the server's role map.

Examples:
    >>> from starlette.testclient import TestClient
    >>> from pedcommunity.services import bootstrap
    >>> services = bootstrap(plugins=False)
    >>> key = services.create_key("school-95").token
    >>> client = TestClient(create_app(services))
    >>> client.get("/health").json()["status"]
    'ok'
    >>> client.get("/v1/workflows").status_code
    401
    >>> client.get("/v1/workflows", headers={"Authorization": f"Bearer {key}"}).json()
    {'ids': []}
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Awaitable, Callable, Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from pedcommunity.adapters.json import parse_json
from pedcommunity.errors import InvalidData, InvalidKey, PedcommunityError
from pedcommunity.services import ApiKey, InMemoryStore, Services
from pedcommunity.workflows.permissions import DATA_ROLES, HostRoles

from . import _routes as r
from ._openapi import openapi_document
from ._operations import ACTOR, ACTOR_ROLES, IDEMPOTENCY_KEY, Operation
from ._problems import HttpRefusal, problem
from ._table import OPERATIONS

__all__ = ["MAX_BODY", "OPERATIONS", "create_app"]

#: The largest request body taken, in bytes (an import of a whole school's log is smaller).
MAX_BODY = 4 * 1024 * 1024

_log = logging.getLogger("pedcommunity.http")

#: A path segment that is an id of the tenant's (a workflow, a community, a programme).
_ID_SEGMENT = re.compile(r"\{(\w+_id)\}")


def _lang(request: Request) -> str:
    return "ru" if request.headers.get("accept-language", "").lower().startswith("ru") else "en"


def _problem_response(
    error: PedcommunityError, lang: str, headers: Mapping[str, str] | None = None
) -> JSONResponse:
    body = problem(error, lang)
    return JSONResponse(
        body,
        status_code=body["status"],
        media_type="application/problem+json",
        headers=dict(headers or {}),
    )


async def _body(request: Request, limit: int) -> Any:
    kind = request.headers.get("content-type", "application/json").split(";")[0].strip().lower()
    if kind != "application/json" and not (
        kind.startswith("application/") and kind.endswith("+json")
    ):
        raise HttpRefusal(
            415, "UnsupportedMediaType", f"the body is {kind or 'untyped'}; send application/json"
        )
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise HttpRefusal(413, "ContentTooLarge", f"the body is over {limit} bytes")
        chunks.append(chunk)
    raw = b"".join(chunks)
    if not raw.strip():
        raise InvalidData("the body is empty; send a JSON object", path="$")
    return parse_json(raw)


def _policy(
    services: Services,
    role_map: Mapping[str, Iterable[str]] | None,
    actor: str | None,
    roles: tuple[str, ...] | None,
) -> Services:
    if not role_map or not roles or actor is None:
        return services
    held = tuple(roles)
    policy = HostRoles(
        lookup=lambda _workflow, who: held if who == actor else (),
        mapping=role_map,
        base=services.policy or DATA_ROLES,
    )
    return services.with_policy(policy)


class _Keys:
    """Keys accepted in the last ``ttl`` seconds, so that a request costs no key lookup.

    A key revoked (``pedcommunity keys revoke``) stops working within ``ttl`` seconds.
    """

    def __init__(self, services: Services, ttl: float, size: int = 4096) -> None:
        self.services, self.ttl, self.size = services, ttl, size
        self._accepted: dict[str, tuple[ApiKey, float]] = {}

    def cached(self, token: str | None) -> ApiKey | None:
        if token is None or self.ttl <= 0:
            return None
        found = self._accepted.get(token)
        if found is None or found[1] < time.monotonic():
            return None
        return found[0]

    def authenticate(self, token: str | None) -> ApiKey:
        key = self.services.authenticate(token)
        if len(self._accepted) >= self.size:
            self._accepted.clear()  # a burst of distinct keys: start over rather than grow
        assert token is not None
        self._accepted[token] = (key, time.monotonic() + self.ttl)
        return key


def _token(request: Request) -> str | None:
    """The bearer token of the request (``None`` without an Authorization header)."""
    header = request.headers.get("authorization")
    if header is None:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer":
        shown = scheme[:20] if scheme.isascii() and scheme.isalpha() else "no scheme"
        raise InvalidKey("malformed", f"the Authorization header is {shown}, not Bearer")
    return token.strip()


def _endpoint(
    op: Operation,
    *,
    services: Services,
    role_map: Mapping[str, Iterable[str]] | None,
    max_body: int,
    keys: _Keys,
    inline: bool,
) -> Callable[[Request], Awaitable[Response]]:
    def answer(request: Request, key: ApiKey, body: Any) -> r.Reply:
        sources: Mapping[str, Mapping[str, str]] = {
            "path": request.path_params,
            "query": request.query_params,
            "header": request.headers,
        }
        params = {p.name: p.read(sources[p.location].get(p.name)) for p in op.params}
        actor = params.get(ACTOR.name)
        call = r.Call(
            services=_policy(services, role_map, actor, params.get(ACTOR_ROLES.name)),
            tenant=key.tenant,
            actor=actor,
            params={k.replace("-", "_"): v for k, v in params.items()},
            body=body,
            idempotency_key=params.get(IDEMPOTENCY_KEY.name),
        )
        reply: r.Reply = op.handler(call)
        return reply

    async def endpoint(request: Request) -> Response:
        request.state.route = op.path
        try:
            token = _token(request)
            cached = keys.cached(token)
            key = (
                cached if cached is not None else await run_in_threadpool(keys.authenticate, token)
            )
            request.state.tenant = key.tenant
            body = await _body(request, max_body) if op.body is not None else None
            if inline and not op.heavy:
                reply = answer(request, key, body)
            else:
                reply = await run_in_threadpool(answer, request, key, body)
        except PedcommunityError as error:
            return _problem_response(error, _lang(request))
        if isinstance(reply.body, str):
            return Response(
                reply.body,
                status_code=reply.status,
                media_type=op.media_type,
                headers=dict(reply.headers),
            )
        return JSONResponse(reply.body, status_code=reply.status, headers=dict(reply.headers))

    return endpoint


def _one_writer(services: Services) -> bool:
    """Whether the store takes one writer at a time (SQLite, memory): then commands run inline.

    Threads would only queue on its lock (SQLite's busy handler sleeps 1-100 ms between
    tries); run on the event loop, one command after another, they never wait for it.
    """
    store = services.store
    target = getattr(store, "target", None)
    return getattr(target, "dialect", None) == "sqlite" or isinstance(store, InMemoryStore)


def _dispatch(
    endpoints: Mapping[str, Callable[[Request], Awaitable[Response]]],
) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        # Starlette answers HEAD on a GET route: it is the GET, without the body.
        method = "GET" if request.method == "HEAD" else request.method
        return await endpoints[method](request)

    return endpoint


class _RequestLog:
    """One JSON line per request: tenant, method, route, status and milliseconds."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = [0]

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            state = scope.get("state", {})
            _log.info(
                json.dumps(
                    {
                        "at": datetime.now(UTC).isoformat(timespec="milliseconds"),
                        "tenant": state.get("tenant"),
                        "method": scope["method"],
                        "route": state.get("route", scope["path"]),
                        "status": status[0],
                        "ms": round((time.perf_counter() - started) * 1000, 2),
                    },
                    ensure_ascii=False,
                )
            )


def create_app(
    services: Services,
    *,
    role_map: Mapping[str, Iterable[str]] | None = None,
    max_body: int = MAX_BODY,
    key_ttl: float = 5.0,
    inline: bool | None = None,
) -> FastAPI:
    """The FastAPI application of the service over ``services``.

    Args:
        services: what the routes call (:func:`pedcommunity.services.bootstrap`); its store
            keeps the API keys.
        role_map: LMS role names (LTI's ``Instructor``, ``Learner``...) to the workflow roles
            they grant (``{"Instructor": ["facilitator"]}``); without it, only the roles the
            workflows' data give count.
        max_body: the largest body taken, in bytes.
        key_ttl: seconds an accepted key is taken again without a lookup (0: look up each
            time); a key revoked elsewhere stops working within them.
        inline: run the quick operations on the event loop rather than in worker threads;
            by default when the store takes one writer at a time (SQLite, memory).
    """
    keys = _Keys(services, key_ttl)
    inline = _one_writer(services) if inline is None else inline
    app = FastAPI(
        title="pedcommunity service",
        openapi_url=None,
        docs_url=None,
        redoc_url=None,
    )
    document = openapi_document(OPERATIONS, services.definitions)

    async def health(request: Request) -> Response:
        request.state.route = "/health"
        try:
            tenants = await run_in_threadpool(lambda: len(services.store.tenants()))
        except Exception as exc:  # any failure of the store is what /health reports
            return _problem_response(
                HttpRefusal(503, "StoreError", f"the store does not answer: {exc}"), _lang(request)
            )
        return JSONResponse(
            {"status": "ok", "store": type(services.store).__name__, "tenants": tenants}
        )

    async def openapi(request: Request) -> Response:
        request.state.route = "/openapi.json"
        return JSONResponse(document)

    async def docs(request: Request) -> Response:
        # Swagger UI over the same document (its script and style come from a CDN).
        request.state.route = "/docs"
        return get_swagger_ui_html(openapi_url="/openapi.json", title="pedcommunity service")

    app.add_api_route("/health", health, methods=["GET"], include_in_schema=False)
    app.add_api_route("/openapi.json", openapi, methods=["GET"], include_in_schema=False)
    app.add_api_route("/docs", docs, methods=["GET"], include_in_schema=False)
    # One route per path, so that a method not taken is answered 405 with every method the
    # path takes in 'Allow'.
    by_path: dict[str, dict[str, Callable[[Request], Awaitable[Response]]]] = {}
    for op in OPERATIONS[1:]:
        by_path.setdefault(op.path, {})[op.method] = _endpoint(
            op,
            services=services,
            role_map=role_map,
            max_body=max_body,
            keys=keys,
            inline=inline,
        )
    # An id may hold '/' ('school-95/plc-1'), so id segments take the rest of the path; the
    # routes with more segments come first, so '/v1/workflows/a/b/events' is the events of
    # 'a/b' and '/v1/workflows/a/b' the workflow 'a/b'.
    for path in sorted(by_path, key=lambda p: p.count("/"), reverse=True):
        endpoints = by_path[path]
        app.add_api_route(
            _ID_SEGMENT.sub(r"{\1:path}", path),
            _dispatch(endpoints),
            methods=sorted(endpoints),
            include_in_schema=False,
        )

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        names = {404: "RouteNotFound", 405: "MethodNotAllowed"}
        detail = {
            404: f"no route {request.url.path}; see /openapi.json",
            405: f"{request.method} is not taken here",
        }.get(exc.status_code, str(exc.detail))
        error = HttpRefusal(exc.status_code, names.get(exc.status_code, "HttpError"), detail)
        return _problem_response(error, _lang(request), exc.headers)

    async def bug(request: Request, exc: Exception) -> Response:
        # Not a refusal but a bug of ours: logged whole, answered as a problem all the same.
        _log.exception("unexpected error on %s %s", request.method, request.url.path)
        error = HttpRefusal(
            500, "InternalError", f"an unexpected {type(exc).__name__}; see the log"
        )
        return _problem_response(error, _lang(request))

    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(Exception, bug)
    app.add_middleware(_RequestLog)
    app.state.openapi_document = document
    return app
