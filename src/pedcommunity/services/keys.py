"""API keys: one per client of a tenant, shown once, kept only as a hash.

A client (an LMS plugin) sends ``Authorization: Bearer <token>``; :func:`authenticate` turns
the token into the :class:`ApiKey` it was made for, whose ``tenant`` is then the only tenant
the request may read or write. A token is ``pc_<key_id>_<secret>``:

- ``key_id``: 12 lowercase hex characters (``secrets.token_hex(6)``), the key's public name
  (``pedcommunity keys list`` shows it; it names no tenant on its own);
- ``secret``: 43 URL-safe characters (``secrets.token_urlsafe(32)``: 256 random bits).

A store keeps the key and ``sha256(secret)`` in hex, never the secret: the token is shown
once, by :func:`create_key`. The secrets are random 256-bit strings, not passwords, so a fast
hash is the right tool (no brute force can walk 2**256 of them; a password KDF would only
slow down every request). Authenticating looks the key up by its id, then compares the
digests with :func:`hmac.compare_digest`, whose time does not depend on where they differ.

Every token not accepted raises :class:`~pedcommunity.errors.InvalidKey` saying why
(missing, malformed, unknown, revoked), and nothing else does: not a ``TypeError`` for bytes,
not a ``KeyError`` for an unknown id. Its message never names the tenant of the key.

Examples (taken from :mod:`pedcommunity.services`, as the in-memory store takes them:
pytest runs a module's doctests on a second copy of the module, whose ApiKey is another class):

    >>> from datetime import datetime, timezone
    >>> from pedcommunity.services import InMemoryStore, authenticate, create_key, revoke_key
    >>> store = InMemoryStore()
    >>> at = datetime(2025, 9, 1, tzinfo=timezone.utc)
    >>> new = create_key(store, tenant="school-95", name="moodle", at=at)
    >>> new.token.startswith(f"pc_{new.key.key_id}_"), len(new.token)
    (True, 59)
    >>> authenticate(store, new.token).tenant
    'school-95'
    >>> revoke_key(store, new.key.key_id, at=at).revoked
    True
    >>> authenticate(store, new.token)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    pedcommunity.errors.InvalidKey: the API key '...' was revoked on 2025-09-01...
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import datetime
from typing import Any, Protocol, runtime_checkable

import attrs

from pedcommunity._repr import shown
from pedcommunity.errors import DuplicateId, InvalidData, InvalidKey
from pedcommunity.model.domain_events import is_aware

from .ports import check_tenant

__all__ = [
    "ApiKey",
    "KeyStore",
    "NewKey",
    "authenticate",
    "check_digest",
    "create_key",
    "digest_of",
    "list_keys",
    "revoke_key",
]

#: What every token starts with (and what tells a key from other bearer tokens).
PREFIX = "pc_"
_KEY_ID = re.compile(r"[0-9a-z]{12}", re.ASCII)
_TOKEN = re.compile(r"pc_([0-9a-z]{12})_([A-Za-z0-9_-]{43})", re.ASCII)
_DIGEST = re.compile(r"[0-9a-f]{64}", re.ASCII)
_TOKEN_LENGTH = 59  # len("pc_") + 12 + len("_") + 43
#: Compared against when a key id is unknown, so that case does the same work as a wrong secret.
_NO_DIGEST = "0" * 64
MAX_NAME = 100


def _check_key_id(instance: object, attribute: attrs.Attribute[Any] | None, value: object) -> None:
    if not (isinstance(value, str) and _KEY_ID.fullmatch(value)):
        raise InvalidData(
            "a key id is 12 lowercase letters and digits ('pedcommunity keys list' shows "
            f"them), got {shown(value)}",
            path="$.key_id",
        )


def _check_name(instance: object, attribute: attrs.Attribute[Any] | None, value: object) -> None:
    if (
        not isinstance(value, str)
        or not 1 <= len(value) <= MAX_NAME
        or not value.strip()
        or not value.isprintable()
    ):
        raise InvalidData(
            f"a key's name is 1-{MAX_NAME} characters, not blank, without control characters "
            f"(what the key is for: 'moodle'), got {shown(value)}",
            path="$.name",
        )


def _check_at(value: object, path: str) -> None:
    if not is_aware(value):
        raise InvalidData(f"a time is a timezone-aware datetime, got {shown(value)}", path=path)


@attrs.frozen
class ApiKey:
    """An API key as a store keeps it: whose it is and whether it still opens anything.

    Attributes:
        key_id: its public name, 12 lowercase hex characters (the token's middle part).
        tenant: the school or region every request made with it acts for.
        name: what it is for (``"moodle"``), for people reading ``keys list``.
        created_at: when it was made (timezone-aware).
        revoked_at: when it was revoked, or ``None`` while it is valid.

    Examples:
        >>> from datetime import datetime, timezone
        >>> key = ApiKey(key_id="a1b2c3d4e5f6", tenant="school-95",
        ...              created_at=datetime(2025, 9, 1, tzinfo=timezone.utc))
        >>> key.name, key.revoked
        ('key', False)
        >>> ApiKey(key_id="A1", tenant="t", created_at=key.created_at)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        pedcommunity.errors.InvalidData: $.key_id: a key id is 12 lowercase letters and ...
    """

    key_id: str = attrs.field(validator=_check_key_id)
    tenant: str = attrs.field()
    created_at: datetime = attrs.field(kw_only=True)
    name: str = attrs.field(default="key", kw_only=True, validator=_check_name)
    revoked_at: datetime | None = attrs.field(default=None, kw_only=True)

    @tenant.validator
    def _tenant(self, attribute: attrs.Attribute[Any], value: object) -> None:
        check_tenant(value)

    @created_at.validator
    def _created(self, attribute: attrs.Attribute[Any], value: object) -> None:
        _check_at(value, "$.created_at")

    @revoked_at.validator
    def _revoked(self, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None:
            _check_at(value, "$.revoked_at")

    @property
    def revoked(self) -> bool:
        """Whether the key was revoked (it opens nothing any more)."""
        return self.revoked_at is not None


@attrs.frozen
class NewKey:
    """A key just made, with its token: the only time the token exists outside the client.

    ``repr`` leaves the token out, so a log line of a ``NewKey`` does not leak it.

    Examples:
        >>> from datetime import datetime, timezone
        >>> key = ApiKey(key_id="a1b2c3d4e5f6", tenant="t",
        ...              created_at=datetime(2025, 9, 1, tzinfo=timezone.utc))
        >>> "secret" in repr(NewKey(key=key, token="pc_a1b2c3d4e5f6_secret"))
        False
    """

    key: ApiKey
    token: str = attrs.field(repr=False)


@runtime_checkable
class KeyStore(Protocol):
    """Where API keys are kept: the in-memory store and the SQL store both are one.

    A key is kept with the hex ``sha256`` of its secret (see :func:`digest_of`); keys are
    never deleted, only revoked, so ``keys list`` shows what existed.
    """

    def add_key(self, key: ApiKey, digest: str) -> None:
        """Keep a new key and the digest of its secret.

        Raises:
            DuplicateId: a key with this id exists (of any tenant).
            InvalidData: ``key`` is not an :class:`ApiKey` or ``digest`` not a sha256 hex.
        """

    def find_key(self, key_id: str) -> tuple[ApiKey, str] | None:
        """The key with this id and its digest, or ``None``."""

    def list_keys(self, tenant: str | None = None) -> list[ApiKey]:
        """The keys (of one tenant), by ``created_at``, then ``key_id``."""

    def revoke_key(self, key_id: str, at: datetime) -> ApiKey:
        """Mark the key revoked at ``at`` and return it; a revoked key is returned unchanged.

        Raises:
            UnknownId: no key has this id (``kind="API key"``).
        """


def digest_of(secret: str) -> str:
    """The hex ``sha256`` of a token's secret: what a store keeps instead of the secret.

    Examples:
        >>> digest_of("abc")[:16]
        'ba7816bf8f01cfea'
    """
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def check_digest(key: object, digest: object) -> None:
    """Refuse what a :class:`KeyStore` must not keep (both stores' ``add_key`` call it).

    Examples:
        >>> check_digest("k", "0" * 64)
        Traceback (most recent call last):
        ...
        pedcommunity.errors.InvalidData: $.key: add_key takes an ApiKey, got 'k'
    """
    if not isinstance(key, ApiKey):
        raise InvalidData(f"add_key takes an ApiKey, got {shown(key)}", path="$.key")
    if not (isinstance(digest, str) and _DIGEST.fullmatch(digest)):
        raise InvalidData(
            "a key's digest is the 64 lowercase hex characters of sha256(secret), "
            f"got {shown(digest)}",
            path="$.digest",
        )


def create_key(store: KeyStore, *, tenant: str, name: str = "key", at: datetime) -> NewKey:
    """Make a key for ``tenant``; return it with its token (shown once, never stored).

    Raises:
        InvalidData: a bad tenant (``$.tenant``), name (``$.name``) or time (``$.at``).

    Examples:
        >>> from datetime import datetime, timezone
        >>> from pedcommunity.services import InMemoryStore, create_key
        >>> new = create_key(InMemoryStore(), tenant="school-95",
        ...                  at=datetime(2025, 9, 1, tzinfo=timezone.utc))
        >>> new.key.name, len(new.key.key_id), new.key.revoked
        ('key', 12, False)
        >>> create_key(InMemoryStore(), tenant="school-95", name="  ",
        ...            at=datetime(2025, 9, 1, tzinfo=timezone.utc))  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        pedcommunity.errors.InvalidData: $.name: a key's name is 1-100 characters, not blank...
    """
    check_tenant(tenant)
    _check_name(None, None, name)
    _check_at(at, "$.at")
    for attempt in range(3):
        # 48 random bits name a key: a repeat is all but impossible, and is simply redrawn.
        key = ApiKey(secrets.token_hex(6), tenant, name=name, created_at=at)
        secret = secrets.token_urlsafe(32)
        try:
            store.add_key(key, digest_of(secret))
        except DuplicateId:
            if attempt == 2:
                raise
            continue
        return NewKey(key=key, token=f"{PREFIX}{key.key_id}_{secret}")
    raise AssertionError("unreachable")  # pragma: no cover


def authenticate(store: KeyStore, token: object) -> ApiKey:
    """The valid key ``token`` was made for; :class:`~pedcommunity.errors.InvalidKey` if none.

    Raises:
        InvalidKey: ``token`` is missing (``None``, empty), malformed (not a ``str``, not
            ``pc_<12 hex>_<43 url-safe characters>``), unknown (no key with its id, or its
            secret does not match), or revoked. Nothing else for any token (a store
            that fails raises its StoreError: that is not the token's fault).

    Examples:
        >>> from pedcommunity.services.memory import InMemoryStore
        >>> authenticate(InMemoryStore(), "Bearer pc_x")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        pedcommunity.errors.InvalidKey: the API key is malformed: a key is 'pc_', ...
        >>> authenticate(InMemoryStore(), "pc_a1b2c3d4e5f6_" + "s" * 43)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        pedcommunity.errors.InvalidKey: no API key 'a1b2c3d4e5f6' with this secret is known...
    """
    if token is None or token == "":
        raise InvalidKey("missing", "no API key was sent")
    if not isinstance(token, str):
        raise InvalidKey("malformed", f"an API key is text, got {type(token).__name__}")
    parts = _TOKEN.fullmatch(token) if len(token) == _TOKEN_LENGTH else None
    if parts is None:
        # The token itself is never shown: with a typo it is still nearly a secret.
        raise InvalidKey(
            "malformed",
            f"the API key is malformed: a key is 'pc_', 12 lowercase hex characters, '_' and "
            f"43 characters of letters, digits, '_' and '-' ({_TOKEN_LENGTH} in all), got "
            f"{len(token)} characters{'' if token.startswith(PREFIX) else ', not from pc_'}",
        )
    key_id, secret = parts.groups()
    found = store.find_key(key_id)
    stored = found[1] if found is not None else _NO_DIGEST
    matches = hmac.compare_digest(
        digest_of(secret).encode("ascii"), stored.encode("utf-8", "surrogatepass")
    )
    if found is None or not matches:
        raise InvalidKey(
            "unknown",
            f"no API key '{key_id}' with this secret is known here (it was never made, or the "
            "token was copied wrong)",
            key_id=key_id,
        )
    key = found[0]
    if key.revoked_at is not None:
        raise InvalidKey(
            "revoked",
            f"the API key '{key_id}' was revoked on {key.revoked_at.isoformat()}",
            key_id=key_id,
        )
    return key


def list_keys(store: KeyStore, tenant: str | None = None) -> list[ApiKey]:
    """Every key (of ``tenant``), revoked ones too, by ``created_at`` then ``key_id``.

    Examples:
        >>> from pedcommunity.services.memory import InMemoryStore
        >>> list_keys(InMemoryStore(), "school-95")
        []
    """
    return store.list_keys(None if tenant is None else check_tenant(tenant))


def revoke_key(store: KeyStore, key_id: str, *, at: datetime) -> ApiKey:
    """Revoke a key from ``at`` on (again: nothing changes); return it.

    Raises:
        InvalidData: ``key_id`` is not an id (``$.key_id``), ``at`` not an aware time.
        UnknownId: no key has this id.

    Examples:
        >>> from datetime import datetime, timezone
        >>> from pedcommunity.services.memory import InMemoryStore
        >>> revoke_key(InMemoryStore(), "a1b2c3d4e5f6",
        ...            at=datetime(2025, 9, 1, tzinfo=timezone.utc))  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        pedcommunity.errors.UnknownId: Unknown API key 'a1b2c3d4e5f6'; known: none.
    """
    _check_key_id(None, None, key_id)
    _check_at(at, "$.at")
    return store.revoke_key(key_id, at)
