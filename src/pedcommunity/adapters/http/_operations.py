"""The service's routes as data: each operation's parameters, body and answers, declared once.

One :class:`Operation` per route drives both the request's reading (its :class:`Param` s read
and check the path, query and headers, raising :class:`~pedcommunity.errors.InvalidData` with
the parameter's path) and the route's entry in the OpenAPI document
(:mod:`pedcommunity.adapters.http._openapi`), so the two cannot drift.

Examples:
    >>> AFTER.read("12")
    12
    >>> AFTER.read("-1")
    Traceback (most recent call last):
    ...
    pedcommunity.errors.InvalidData: $.query.after: a whole number from 0 to 9007199254740991, \
got '-1'
"""

from __future__ import annotations

import re
import zoneinfo
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

import attrs

from pedcommunity.adapters._schema_rules import ID_PATTERN
from pedcommunity.adapters.json import MAX_INTEGER
from pedcommunity.errors import InvalidData
from pedcommunity.model._fields import is_id

__all__ = [
    "ACTOR",
    "ACTOR_ROLES",
    "AFTER",
    "IDEMPOTENCY_KEY",
    "Operation",
    "Param",
]

_ROLE = r"[A-Za-z0-9][A-Za-z0-9_.:#/-]{0,99}"
#: Up to 20 role names, separated by commas (spaces around them allowed): what the OpenAPI
#: document states and the reader reads, one pattern for both.
ROLES_PATTERN = rf"^ *{_ROLE}(?: *, *{_ROLE}){{0,19}} *$"
_ROLES = re.compile(ROLES_PATTERN)
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
#: An IANA time zone's name (``Asia/Yekaterinburg``, ``UTC``): the pattern keeps paths out.
ZONE_PATTERN = r"^[A-Za-z][A-Za-z0-9_+-]{0,30}(?:/[A-Za-z0-9_+-]{1,30}){0,2}$"
_ZONE = re.compile(ZONE_PATTERN)
#: An http(s) URL without a query or fragment, as an xAPI account's homePage is (activity ids
#: are made under it).
URL_PATTERN = (
    r"^https?://[A-Za-z0-9.-]+(?::[0-9]{1,5})?"
    r"(?:/(?:[A-Za-z0-9._~!$&'()*+,;=:@/-]|%[0-9A-Fa-f]{2})*)?$"  # RFC 3986's path characters
)
_URL = re.compile(URL_PATTERN)


def _where(location: str) -> str:
    return {"header": "headers"}.get(location, location)


@attrs.frozen
class Param:
    """A parameter of a route: where it is, its kind (which says how it is read) and its text.

    Kinds: ``id`` (an identifier), ``int`` (0 to the contract's largest integer), ``limit``
    (1-1000), ``date`` (``YYYY-MM-DD``), ``lang`` (``ru`` or ``en``), ``roles`` (a
    comma-separated list of an LMS's role names), ``zone`` (an IANA time zone, read as a
    ``ZoneInfo``), ``url`` (an http(s) URL of at most 2,000 characters).
    """

    name: str
    location: str  # path, query or header
    kind: str
    description: str
    required: bool = False
    default: Any = None

    @property
    def path(self) -> str:
        """Where a refusal points: ``$.query.after``, ``$.headers.X-Actor``."""
        return f"$.{_where(self.location)}.{self.name}"

    def schema(self) -> dict[str, Any]:
        """The JSON Schema of the parameter's value, as the OpenAPI document gives it."""
        kinds: Mapping[str, dict[str, Any]] = {
            "id": {"type": "string", "pattern": ID_PATTERN},
            "int": {"type": "integer", "minimum": 0, "maximum": MAX_INTEGER},
            "limit": {"type": "integer", "minimum": 1, "maximum": 1000},
            "date": {"type": "string", "format": "date"},
            "lang": {"type": "string", "enum": ["ru", "en"]},
            "roles": {"type": "string", "pattern": ROLES_PATTERN},
            "zone": {"type": "string", "pattern": ZONE_PATTERN},
            "url": {"type": "string", "format": "uri", "pattern": URL_PATTERN, "maxLength": 2000},
        }
        schema = dict(kinds[self.kind])
        if self.default is not None:
            schema["default"] = self.default
        return schema

    def read(self, raw: str | None) -> Any:
        """The parameter's value from its raw text (``None`` when absent).

        Raises:
            InvalidData: it is missing but required, or not of its kind.
        """
        if raw is None:
            if self.required:
                raise InvalidData(f"required: {self.description}", path=self.path)
            return self.default
        reader: Callable[[str], Any] = getattr(self, f"_{self.kind}")
        return reader(raw)

    def _refuse(self, what: str, raw: str) -> InvalidData:
        shown = raw if len(raw) <= 60 else raw[:57] + "..."
        return InvalidData(f"{what}, got {shown!r}", path=self.path)

    def _id(self, raw: str) -> str:
        if not is_id(raw):
            raise self._refuse("an id: 1-128 letters, digits and '_.:@/-'", raw)
        return raw

    def _whole(self, raw: str, low: int, high: int) -> int:
        if not raw.isascii() or not raw.isdigit() or len(raw) > 16 or not low <= int(raw) <= high:
            raise self._refuse(f"a whole number from {low} to {high}", raw)
        return int(raw)

    def _int(self, raw: str) -> int:
        return self._whole(raw, 0, MAX_INTEGER)

    def _limit(self, raw: str) -> int:
        return self._whole(raw, 1, 1000)

    def _date(self, raw: str) -> date:
        try:
            if not _DATE.fullmatch(raw):
                raise ValueError
            return date.fromisoformat(raw)
        except ValueError:
            raise self._refuse("a date YYYY-MM-DD", raw) from None

    def _lang(self, raw: str) -> str:
        if raw not in ("ru", "en"):
            raise self._refuse("'ru' or 'en'", raw)
        return raw

    def _roles(self, raw: str) -> tuple[str, ...]:
        if not _ROLES.fullmatch(raw):
            raise self._refuse(
                "up to 20 role names separated by commas (letters, digits and '_.:#/-')", raw
            )
        return tuple(r.strip() for r in raw.split(","))

    def _zone(self, raw: str) -> zoneinfo.ZoneInfo:
        refused = self._refuse("an IANA time zone such as 'Asia/Yekaterinburg' or 'UTC'", raw)
        if not _ZONE.fullmatch(raw):
            raise refused
        try:
            return zoneinfo.ZoneInfo(raw)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
            # Not in the zone database (or a folder of it, such as 'America').
            raise refused from None

    def _url(self, raw: str) -> str:
        if len(raw) > 2000 or not _URL.fullmatch(raw):
            raise self._refuse(
                "an http(s) URL without a query, such as 'https://lms.school95.example'", raw
            )
        return raw


@attrs.frozen
class Operation:
    """A route: its method and path, what it reads, and what it answers with.

    ``responses`` maps each status to its description and the name of its body's schema in
    the OpenAPI document's components (``None``: no body); 2xx bodies are of ``media_type``,
    refusals are ``application/problem+json``.
    """

    method: str
    path: str
    operation_id: str
    summary: str
    tag: str
    handler: Callable[..., Any]
    params: tuple[Param, ...] = ()
    body: str | None = None
    responses: Mapping[int, tuple[str, str | None]] = attrs.field(factory=dict)
    media_type: str = "application/json"
    auth: bool = True
    description: str = ""
    #: Long work (matching a region, an export): always in a worker thread, never inline.
    heavy: bool = False


#: The LMS user on whose behalf the plugin acts.
ACTOR = Param(
    "X-Actor",
    "header",
    "id",
    "the id of the LMS user on whose behalf the plugin acts (checked by the permission policy)",
    required=True,
)
#: The roles the LMS gives that user (mapped by the server's role map).
ACTOR_ROLES = Param(
    "X-Actor-Roles",
    "header",
    "roles",
    "the LMS roles of that user, comma-separated (mapped to workflow roles by the server's "
    "role map; without one they grant nothing)",
)
#: A client's name for one request: the same key again gets the first answer.
IDEMPOTENCY_KEY = Param(
    "Idempotency-Key",
    "header",
    "id",
    "a name for this request (a UUID): retried with the same key, it is done once and "
    "answered as the first time",
)
#: The cursor of an events page.
AFTER = Param("after", "query", "int", "events after this sequence number", default=0)
