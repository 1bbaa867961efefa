"""What the host supplies to issue badges: the issuer, the base URL, the recipients' e-mails.

Nothing in the library knows an e-mail address or where the host serves its badges, so a
:class:`BadgeHost` brings them: the :class:`Issuer` (a school or a regional centre), the base
URL every hosted id lives under, a mapping teacher id -> e-mail, and either a fixed ``salt``
or a ``secret`` from which a salt per badge is derived with HMAC-SHA-256 (the same badge
always gets the same salt, two badges of one teacher get different ones, so their hashed
e-mails cannot be linked). No global random state, no clock.

Examples:
    >>> host = BadgeHost(base_url="https://school95.example.org/badges",
    ...                  issuer=Issuer(id="https://school95.example.org", name="Школа 95",
    ...                                url="https://school95.example.org"),
    ...                  emails={"t1": "Anna@Example.org"}, secret=b"s3cret")
    >>> salt = host.salt_for("fest-2026#12:t1", "t1")
    >>> len(salt), host.hashed_email("t1", salt=salt) == hashed_identity("anna@example.org", salt)
    (32, True)
"""

from __future__ import annotations

import hashlib
import hmac
import re
import uuid
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

import attrs

from pedcommunity._repr import shown
from pedcommunity.errors import InvalidData, UnknownId
from pedcommunity.i18n import Label, check_lang
from pedcommunity.model._fields import FrozenMap, to_frozen_map

__all__ = ["BadgeHost", "Issuer", "hashed_identity", "text_in"]

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")


def is_https_url(value: object) -> bool:
    """Whether ``value`` is an absolute https URL with a host (no spaces).

    Examples:
        >>> is_https_url("https://example.org/b"), is_https_url("http://example.org")
        (True, False)
    """
    if not isinstance(value, str) or any(c.isspace() for c in value):
        return False
    parts = urlsplit(value)
    return parts.scheme == "https" and bool(parts.netloc)


def _https(path: str, value: object) -> None:
    if not is_https_url(value):
        raise InvalidData(f"must be an https URL, got {shown(value)}", path=path)


def text_in(text: str | Label, lang: str) -> str:
    """The text in ``lang``: a :class:`~pedcommunity.i18n.Label`'s, or a plain string as is.

    Examples:
        >>> text_in(Label(ru="Школа", en="School"), "en"), text_in("Школа 95", "en")
        ('School', 'Школа 95')
    """
    if isinstance(text, Label):
        return text.get(lang)
    check_lang(lang)
    return text


def hashed_identity(email: str, salt: str) -> str:
    """An Open Badges identity hash: ``sha256$`` and the hex SHA-256 of e-mail + salt.

    The e-mail is trimmed and lower-cased first, so ``Anna@Example.org`` and
    ``anna@example.org`` hash alike (both OB 2.0 ``recipient.identity`` and OB 3.0
    ``identityHash`` are this string).

    Examples:
        >>> hashed_identity("a@example.com", "Kosher")  # the OB 3.0 spec's own example
        'sha256$b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399'
    """
    plain = email.strip().lower() + salt
    return "sha256$" + hashlib.sha256(plain.encode("utf-8")).hexdigest()


@attrs.frozen
class Issuer:
    """Who issues the badges: a school or a regional centre.

    ``id`` is an https URL (where its profile is hosted, required by OB 2.0) or, for OB 3.0
    only, a DID (``did:web:...``). ``email`` is optional here, but OB 2.0 requires it of an
    issuer profile, so the OB 2.0 writers refuse an issuer without one.

    Examples:
        >>> Issuer(id="did:web:rcro.example.org", name="РЦРО", url="https://rcro.example.org").name
        'РЦРО'
        >>> Issuer(id="school", name="Школа", url="https://example.org")
        Traceback (most recent call last):
        ...
        pedcommunity.errors.InvalidData: $.issuer.id: must be an https URL or a DID, got 'school'
    """

    id: str
    name: str | Label
    url: str
    email: str | None = None

    def __attrs_post_init__(self) -> None:
        if not (is_https_url(self.id) or (isinstance(self.id, str) and _is_did(self.id))):
            raise InvalidData(
                f"must be an https URL or a DID, got {shown(self.id)}", path="$.issuer.id"
            )
        if not isinstance(self.name, Label) and (
            not isinstance(self.name, str) or not self.name.strip()
        ):
            raise InvalidData(
                f"must be a non-empty text, got {shown(self.name)}", path="$.issuer.name"
            )
        _https("$.issuer.url", self.url)
        if self.email is not None and not _is_email(self.email):
            raise InvalidData(
                f"is not an e-mail address: {shown(self.email)}", path="$.issuer.email"
            )


def _mapping(value: Any, path: str) -> FrozenMap[str, str]:
    if not isinstance(value, Mapping) or not all(isinstance(k, str) for k in value):
        raise InvalidData(f"must map ids to texts, got {shown(value)}", path=path)
    return to_frozen_map(value)


def _no_trailing_slash(url: Any) -> Any:
    return url.rstrip("/") if isinstance(url, str) else url


def _emails(value: Any) -> FrozenMap[str, str]:
    return _mapping(value, "$.emails")


def _images(value: Any) -> FrozenMap[str, str]:
    return _mapping(value, "$.images")


def _is_did(value: str) -> bool:
    return re.fullmatch(r"did:[a-z0-9]+:[A-Za-z0-9._:%-]+", value) is not None


def _is_email(value: object) -> bool:
    return isinstance(value, str) and _EMAIL.fullmatch(value.strip()) is not None


@attrs.frozen
class BadgeHost:
    """Everything the host brings: issuer, base URL, e-mails, and a salt or a secret.

    Give exactly one of ``salt`` (the same salt for every badge) or ``secret`` (bytes: the
    salt of each badge is the first 32 hex digits of HMAC-SHA-256(secret, badge id + teacher
    id)). ``images`` maps an achievement key to its image URL; without one, the image is
    expected at ``{base_url}/images/{key}.png``.

    Examples:
        >>> issuer = Issuer(id="https://s.example.org", name="Школа", url="https://s.example.org")
        >>> BadgeHost(base_url="https://s.example.org/b/", issuer=issuer, emails={}).base_url
        Traceback (most recent call last):
        ...
        pedcommunity.errors.InvalidData: $: give exactly one of salt or secret, got neither
    """

    base_url: str = attrs.field(converter=_no_trailing_slash)
    issuer: Issuer
    emails: FrozenMap[str, str] = attrs.field(converter=_emails)
    secret: bytes | None = None
    salt: str | None = None
    images: FrozenMap[str, str] = attrs.field(factory=FrozenMap, converter=_images)

    def __attrs_post_init__(self) -> None:
        _https("$.base_url", self.base_url)
        if not isinstance(self.issuer, Issuer):
            raise InvalidData(f"must be an Issuer, got {shown(self.issuer)}", path="$.issuer")
        if (self.secret is None) == (self.salt is None):
            got = "both" if self.secret is not None else "neither"
            raise InvalidData(f"give exactly one of salt or secret, got {got}")
        if self.secret is not None and (not isinstance(self.secret, bytes) or not self.secret):
            raise InvalidData("must be non-empty bytes", path="$.secret")
        if self.salt is not None and (not isinstance(self.salt, str) or not self.salt):
            raise InvalidData("must be a non-empty text", path="$.salt")
        for teacher_id, email in self.emails.items():
            if not _is_email(email):
                raise InvalidData(
                    f"is not an e-mail address: {shown(email)}", path=f"$.emails[{teacher_id!r}]"
                )
        for key, url in self.images.items():
            _https(f"$.images[{key!r}]", url)

    @property
    def origin(self) -> str:
        """The host (``netloc``) of ``base_url``: where hosted assertions live."""
        return urlsplit(self.base_url).netloc

    def email_of(self, teacher_id: str) -> str:
        """The teacher's e-mail, or :class:`~pedcommunity.errors.UnknownId` if none was given.

        Examples:
            >>> issuer = Issuer(id="https://s.example.org", name="Ш", url="https://s.example.org")
            >>> host = BadgeHost(base_url="https://s.example.org", issuer=issuer,
            ...                  emails={"t1": "t1@example.org"}, salt="x")
            >>> host.email_of("t1")
            't1@example.org'
        """
        email = self.emails.get(teacher_id)
        if email is None:
            raise UnknownId(kind="recipient e-mail for teacher", id=teacher_id, known=self.emails)
        return email

    def salt_for(self, badge_id: str, teacher_id: str) -> str:
        """The salt of one badge: the fixed ``salt``, or one derived from ``secret``.

        Examples:
            >>> issuer = Issuer(id="https://s.example.org", name="Ш", url="https://s.example.org")
            >>> host = BadgeHost(base_url="https://s.example.org", issuer=issuer, emails={},
            ...                  secret=b"k")
            >>> host.salt_for("b1", "t1") == host.salt_for("b1", "t1") != host.salt_for("b2", "t1")
            True
        """
        if self.salt is not None:
            return self.salt
        assert self.secret is not None  # checked when made: exactly one of the two
        message = f"{badge_id}\n{teacher_id}".encode()
        return hmac.new(self.secret, message, hashlib.sha256).hexdigest()[:32]

    def hashed_email(self, teacher_id: str, *, salt: str) -> str:
        """The teacher's e-mail hashed with ``salt`` (see :func:`hashed_identity`)."""
        return hashed_identity(self.email_of(teacher_id), salt)

    def image_of(self, key: str) -> str:
        """The image URL of an achievement: given in ``images``, or under ``base_url``."""
        return self.images.get(key) or f"{self.base_url}/images/{key}.png"

    def uuid_of(self, name: str) -> uuid.UUID:
        """A uuid5 of ``name`` in the issuer's namespace: stable across runs and hosts.

        Examples:
            >>> issuer = Issuer(id="https://s.example.org", name="Ш", url="https://s.example.org")
            >>> host = BadgeHost(base_url="https://s.example.org", issuer=issuer, emails={},
            ...                  salt="x")
            >>> host.uuid_of("fest-2026#12:m1") == host.uuid_of("fest-2026#12:m1")
            True
            >>> host.uuid_of("fest-2026#12:m1").version
            5
        """
        return uuid.uuid5(uuid.uuid5(uuid.NAMESPACE_URL, self.issuer.id), name)
