"""Open Badges for what teachers achieve together: OB 2.0 hosted assertions, OB 3.0 VC-JWTs.

Four domain facts become badges (:mod:`._facts`): a festival award («Наставники Югры»), a
completed mentoring track, a completed PLC cycle, and active membership of a community. Each
is written as an Open Badges 2.0 hosted Assertion (with its BadgeClass and the issuer's
Profile, :mod:`._ob2`) or as an Open Badges 3.0 ``OpenBadgeCredential`` (:mod:`._ob3`) signed
as a VC-JWT with the host's key (:mod:`._signing`, joserfc). The host brings the issuer, the
base URL and the recipients' e-mails (:class:`BadgeHost`). Needs the ``badges`` extra.

Examples:
    >>> from datetime import datetime, timezone
    >>> from pedcommunity.adapters.badges import (
    ...     MEMBERSHIP, BadgeFact, BadgeHost, Issuer, ob2_assertion, ob3_credential)
    >>> host = BadgeHost(base_url="https://school95.example.org/badges",
    ...     issuer=Issuer(id="https://school95.example.org", name="Школа 95",
    ...                   url="https://school95.example.org", email="info@school95.example.org"),
    ...     emails={"t1": "anna@example.org"}, secret=b"host secret")
    >>> fact = BadgeFact(id="club/3/t1", achievement=MEMBERSHIP, recipient_id="t1",
    ...                  issued_on=datetime(2025, 9, 1, 10, tzinfo=timezone.utc))
    >>> ob2_assertion(fact, host)["id"] == ob2_assertion(fact, host)["id"]
    True
    >>> ob3_credential(fact, host)["credentialSubject"]["achievement"]["achievementType"]
    'Membership'
"""

from __future__ import annotations

from pedcommunity.adapters.badges._achievements import (
    FESTIVAL_AWARD,
    MEMBERSHIP,
    MENTORING_TRACK_MENTEE,
    MENTORING_TRACK_MENTOR,
    PLC_CYCLE_COMPLETED,
    Achievement,
    BadgeEvidence,
    BadgeFact,
)
from pedcommunity.adapters.badges._facts import (
    festival_award_badges,
    membership_badge,
    mentoring_track_badges,
    plc_cycle_badges,
)
from pedcommunity.adapters.badges._host import BadgeHost, Issuer, hashed_identity
from pedcommunity.adapters.badges._ob2 import (
    OB2_CONTEXT,
    ob2_assertion,
    ob2_badge_class,
    ob2_issuer,
)
from pedcommunity.adapters.badges._ob3 import OB3_CONTEXT, OB3_SCHEMA, ob3_credential, ob3_profile
from pedcommunity.adapters.badges._signing import load_key, public_jwk, sign, verify

__all__ = [
    "FESTIVAL_AWARD",
    "MEMBERSHIP",
    "MENTORING_TRACK_MENTEE",
    "MENTORING_TRACK_MENTOR",
    "OB2_CONTEXT",
    "OB3_CONTEXT",
    "OB3_SCHEMA",
    "PLC_CYCLE_COMPLETED",
    "Achievement",
    "BadgeEvidence",
    "BadgeFact",
    "BadgeHost",
    "Issuer",
    "festival_award_badges",
    "hashed_identity",
    "load_key",
    "membership_badge",
    "mentoring_track_badges",
    "ob2_assertion",
    "ob2_badge_class",
    "ob2_issuer",
    "ob3_credential",
    "ob3_profile",
    "plc_cycle_badges",
    "public_jwk",
    "sign",
    "verify",
]
