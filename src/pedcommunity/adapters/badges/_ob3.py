"""Open Badges 3.0: an ``OpenBadgeCredential`` (a W3C Verifiable Credential, data model 2.0).

The credential's ``id`` is ``urn:uuid:`` + the uuid5 of the fact's id in the issuer's
namespace, so issuing the same fact twice gives the same credential. The subject is named by
a pseudonymous ``urn:uuid:`` id (uuid5 of the teacher id; VC-JWT's ``sub`` needs an id) and
by the teacher's e-mail, hashed with the badge's salt, in ``identifier``. The achievement's
id is its URL under ``base_url``. ``credentialSchema`` points at 1EdTech's JSON Schema.
:func:`~pedcommunity.adapters.badges.sign` wraps a credential in a VC-JWT.

Examples:
    >>> from datetime import datetime, timezone
    >>> from pedcommunity.adapters.badges import (
    ...     MEMBERSHIP, BadgeFact, BadgeHost, Issuer, hashed_identity)
    >>> host = BadgeHost(base_url="https://rcro.example.org/badges",
    ...     issuer=Issuer(id="did:web:rcro.example.org", name="РЦРО",
    ...                   url="https://rcro.example.org"),
    ...     emails={"t1": "anna@example.org"}, secret=b"key")
    >>> fact = BadgeFact(id="club/7/t1", achievement=MEMBERSHIP, recipient_id="t1",
    ...                  issued_on=datetime(2025, 9, 1, 10, tzinfo=timezone.utc))
    >>> vc = ob3_credential(fact, host, "en")
    >>> vc["type"], vc["id"].startswith("urn:uuid:"), vc["validFrom"]
    (['VerifiableCredential', 'OpenBadgeCredential'], True, '2025-09-01T10:00:00Z')
    >>> who = vc["credentialSubject"]["identifier"][0]
    >>> who["identityHash"] == hashed_identity("anna@example.org", who["salt"])
    True
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pedcommunity.adapters.badges._achievements import BadgeFact
from pedcommunity.adapters.badges._host import BadgeHost, text_in
from pedcommunity.errors import InvalidData
from pedcommunity.i18n import check_lang

__all__ = ["OB3_CONTEXT", "OB3_SCHEMA", "ob3_credential", "ob3_profile", "utc_z"]

#: The contexts of an OpenBadgeCredential: VC data model 2.0, then Open Badges 3.0.3.
OB3_CONTEXT = (
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
)
#: The JSON Schema of an OpenBadgeCredential as 1EdTech publishes it (``credentialSchema``).
OB3_SCHEMA = (
    "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"
)


def utc_z(at: datetime) -> str:
    """``at`` in UTC as ``YYYY-MM-DDTHH:MM:SSZ`` (whole seconds: a JWT's NumericDate).

    Examples:
        >>> from datetime import timedelta, timezone
        >>> utc_z(datetime(2025, 9, 1, 15, 30, 5, 999, tzinfo=timezone(timedelta(hours=5))))
        '2025-09-01T10:30:05Z'
    """
    return at.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def ob3_profile(host: BadgeHost, lang: str = "ru") -> dict[str, Any]:
    """The issuer as an OB 3.0 ``Profile`` (its id an https URL or a DID).

    Examples:
        >>> from pedcommunity.adapters.badges import BadgeHost, Issuer
        >>> host = BadgeHost(base_url="https://s.example.org", emails={}, salt="x",
        ...     issuer=Issuer(id="https://s.example.org", name="Школа", url="https://s.example.org"))
        >>> ob3_profile(host)
        {'id': 'https://s.example.org', 'type': ['Profile'], 'name': 'Школа', 'url': 'https://s.example.org'}
    """
    issuer = host.issuer
    profile: dict[str, Any] = {
        "id": issuer.id,
        "type": ["Profile"],
        "name": text_in(issuer.name, lang),
        "url": issuer.url,
    }
    if issuer.email is not None:
        profile["email"] = issuer.email
    return profile


def ob3_credential(
    fact: BadgeFact,
    host: BadgeHost,
    lang: str = "ru",
    *,
    valid_until: datetime | None = None,
) -> dict[str, Any]:
    """The fact's ``OpenBadgeCredential``, unsigned (sign it with :func:`sign`).

    ``validFrom`` is the domain event's time; ``valid_until`` (timezone-aware, after it)
    bounds the credential, e.g. a membership badge valid for a school year.

    Raises:
        InvalidData: ``lang`` is not ``ru``/``en``, or ``valid_until`` is naive or not after
            the fact (``$.validUntil``).
        UnknownId: the host gave no e-mail for the recipient.
    """
    lang = check_lang(lang)
    if valid_until is not None and (
        not isinstance(valid_until, datetime)
        or valid_until.utcoffset() is None
        or valid_until <= fact.issued_on
    ):
        raise InvalidData(
            f"must be a timezone-aware time after the badge's {utc_z(fact.issued_on)}, "
            f"got {valid_until!r}",
            path="$.validUntil",
        )
    salt = host.salt_for(fact.id, fact.recipient_id)
    a = fact.achievement
    achievement: dict[str, Any] = {
        "id": f"{host.base_url}/achievements/{a.key}",
        "type": ["Achievement"],
        "achievementType": a.achievement_type,
        "name": a.name.get(lang),
        "description": a.description.get(lang),
        "criteria": {"narrative": a.criteria.get(lang)},
        "image": {"id": host.image_of(a.key), "type": "Image"},
        "inLanguage": lang,
    }
    if a.tags:
        achievement["tag"] = list(a.tags)
    subject: dict[str, Any] = {
        "id": f"urn:uuid:{host.uuid_of('recipient:' + fact.recipient_id)}",
        "type": ["AchievementSubject"],
        "identifier": [
            {
                "type": "IdentityObject",
                "identityType": "emailAddress",
                "hashed": True,
                "identityHash": host.hashed_email(fact.recipient_id, salt=salt),
                "salt": salt,
            }
        ],
        "achievement": achievement,
    }
    if fact.narrative is not None:
        subject["narrative"] = fact.narrative.get(lang)
    if fact.activity_start is not None:
        subject["activityStartDate"] = utc_z(fact.activity_start)
    if fact.activity_end is not None:
        subject["activityEndDate"] = utc_z(fact.activity_end)
    credential: dict[str, Any] = {
        "@context": list(OB3_CONTEXT),
        "id": f"urn:uuid:{host.uuid_of(fact.id)}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": a.name.get(lang),
        "issuer": ob3_profile(host, lang),
        "validFrom": utc_z(fact.issued_on),
        "credentialSubject": subject,
        "credentialSchema": [{"id": OB3_SCHEMA, "type": "1EdTechJsonSchemaValidator2019"}],
    }
    if valid_until is not None:
        credential["validUntil"] = utc_z(valid_until)
    if fact.evidence:
        credential["evidence"] = [e.as_json(lang, ["Evidence"]) for e in fact.evidence]
    return credential
