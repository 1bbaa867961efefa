"""Open Badges 2.0: hosted Assertions, their BadgeClasses and the issuer's Profile (JSON-LD).

Hosted verification: each document's ``id`` is the URL the host serves it at, under
``BadgeHost.base_url`` (``/assertions/{uuid}``, ``/badges/{key}``; the issuer's profile at
``Issuer.id``). A verifier fetches the assertion from its ``id`` and checks that it is hosted
on the issuer's origin; when ``base_url`` is on another origin than the issuer's id, the
profile says so in its ``verification.allowedOrigins``. The recipient's e-mail is hashed with a
salt (``sha256$`` + SHA-256 of e-mail + salt). ``issuedOn`` is the domain event's time.

Examples:
    >>> from datetime import datetime, timezone
    >>> from pedcommunity.adapters.badges import (
    ...     PLC_CYCLE_COMPLETED, BadgeFact, BadgeHost, Issuer, hashed_identity)
    >>> host = BadgeHost(base_url="https://school95.example.org/badges",
    ...     issuer=Issuer(id="https://school95.example.org", name="Школа 95",
    ...                   url="https://school95.example.org", email="info@school95.example.org"),
    ...     emails={"t1": "anna@example.org"}, salt="pepper")
    >>> fact = BadgeFact(id="plc-95/40/t1", achievement=PLC_CYCLE_COMPLETED, recipient_id="t1",
    ...                  issued_on=datetime(2026, 5, 20, 12, tzinfo=timezone.utc))
    >>> a = ob2_assertion(fact, host)
    >>> a["type"], a["verification"], a["issuedOn"]
    ('Assertion', {'type': 'hosted'}, '2026-05-20T12:00:00+00:00')
    >>> a["recipient"]["identity"] == hashed_identity("anna@example.org", "pepper")
    True
    >>> a["badge"]
    'https://school95.example.org/badges/badges/plc-cycle-completed'
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from pedcommunity.adapters.badges._achievements import Achievement, BadgeFact
from pedcommunity.adapters.badges._host import BadgeHost, is_https_url, text_in
from pedcommunity.errors import InvalidData
from pedcommunity.i18n import check_lang

__all__ = ["OB2_CONTEXT", "ob2_assertion", "ob2_badge_class", "ob2_issuer"]

#: The JSON-LD context of every Open Badges 2.0 document.
OB2_CONTEXT = "https://w3id.org/openbadges/v2"


def assertion_url(fact: BadgeFact, host: BadgeHost) -> str:
    """Where the host serves the fact's OB 2.0 assertion: its hosted ``id``."""
    return f"{host.base_url}/assertions/{host.uuid_of(fact.id)}"


def badge_class_url(achievement: Achievement, host: BadgeHost) -> str:
    """Where the host serves the achievement's OB 2.0 BadgeClass."""
    return f"{host.base_url}/badges/{achievement.key}"


def ob2_issuer(host: BadgeHost, lang: str = "ru") -> dict[str, Any]:
    """The issuer's OB 2.0 Profile, to host at ``Issuer.id``.

    Raises:
        InvalidData: the issuer's id is not an https URL (a DID serves OB 3.0 only) or it
            has no e-mail (OB 2.0 requires one), or ``lang`` is not ``ru``/``en``.

    Examples:
        >>> from pedcommunity.adapters.badges import BadgeHost, Issuer
        >>> host = BadgeHost(base_url="https://badges.example.org",
        ...     issuer=Issuer(id="https://school.example.org/issuer", name="Школа",
        ...                   url="https://school.example.org", email="info@example.org"),
        ...     emails={}, salt="x")
        >>> ob2_issuer(host, "en")["verification"]
        {'type': 'VerificationObject', 'allowedOrigins': ['badges.example.org']}
    """
    check_lang(lang)
    issuer = host.issuer
    if not is_https_url(issuer.id):
        raise InvalidData(
            f"an OB 2.0 issuer's id is the https URL its profile is hosted at, got {issuer.id!r} "
            "(a DID serves OB 3.0 credentials only)",
            path="$.issuer.id",
        )
    if issuer.email is None:
        raise InvalidData(
            "OB 2.0 requires an e-mail address in the issuer's profile; give Issuer.email",
            path="$.issuer.email",
        )
    profile: dict[str, Any] = {
        "@context": OB2_CONTEXT,
        "type": "Issuer",
        "id": issuer.id,
        "name": text_in(issuer.name, lang),
        "url": issuer.url,
        "email": issuer.email,
    }
    if urlsplit(issuer.id).netloc != host.origin:
        # A verifier accepts hosted assertions from the issuer id's origin only, unless the
        # profile names others.
        profile["verification"] = {"type": "VerificationObject", "allowedOrigins": [host.origin]}
    return profile


def ob2_badge_class(achievement: Achievement, host: BadgeHost, lang: str = "ru") -> dict[str, Any]:
    """The achievement's OB 2.0 BadgeClass, to host at ``{base_url}/badges/{key}``.

    Examples:
        >>> from pedcommunity.adapters.badges import MEMBERSHIP, BadgeHost, Issuer
        >>> host = BadgeHost(base_url="https://s.example.org/b",
        ...     issuer=Issuer(id="https://s.example.org", name="Школа",
        ...                   url="https://s.example.org", email="info@example.org"),
        ...     emails={}, salt="x")
        >>> bc = ob2_badge_class(MEMBERSHIP, host, "en")
        >>> bc["name"], bc["criteria"]["narrative"][:22], bc["image"]
        ('Community member', 'The teacher joined the', 'https://s.example.org/b/images/community-membership.png')
    """
    check_lang(lang)
    document: dict[str, Any] = {
        "@context": OB2_CONTEXT,
        "type": "BadgeClass",
        "id": badge_class_url(achievement, host),
        "name": achievement.name.get(lang),
        "description": achievement.description.get(lang),
        "image": host.image_of(achievement.key),
        "criteria": {"narrative": achievement.criteria.get(lang)},
        "issuer": host.issuer.id,
    }
    if achievement.tags:
        document["tags"] = list(achievement.tags)
    return document


def ob2_assertion(fact: BadgeFact, host: BadgeHost, lang: str = "ru") -> dict[str, Any]:
    """The fact's OB 2.0 hosted Assertion, to host at its ``id``.

    The recipient is the teacher's e-mail (from ``host.emails``), hashed with the badge's
    salt; ``badge`` is the BadgeClass URL (:func:`ob2_badge_class`); ``narrative`` and
    ``evidence`` come from the fact.

    Raises:
        InvalidData: ``lang`` is not ``ru``/``en``, or the issuer cannot be an OB 2.0 issuer
            (see :func:`ob2_issuer`).
        UnknownId: the host gave no e-mail for the recipient.
    """
    ob2_issuer(host, lang)  # the same refusals for an issuer OB 2.0 cannot verify
    salt = host.salt_for(fact.id, fact.recipient_id)
    document: dict[str, Any] = {
        "@context": OB2_CONTEXT,
        "type": "Assertion",
        "id": assertion_url(fact, host),
        "recipient": {
            "type": "email",
            "hashed": True,
            "salt": salt,
            "identity": host.hashed_email(fact.recipient_id, salt=salt),
        },
        "badge": badge_class_url(fact.achievement, host),
        "verification": {"type": "hosted"},
        "issuedOn": fact.issued_on.isoformat(),
    }
    if fact.narrative is not None:
        document["narrative"] = fact.narrative.get(lang)
    if fact.evidence:
        document["evidence"] = [e.as_json(lang, "Evidence") for e in fact.evidence]
    return document
