"""Open Badges 3.0 credentials of the four facts: 1EdTech's JSON Schema, then VC-JWT round trips.

Every ``OpenBadgeCredential`` is validated against 1EdTech's published
``ob_v3p0_achievementcredential_schema.json`` (JSON Schema 2019-09, formats checked) and its
issuer against ``ob_v3p0_profile_schema.json``; every signed token is verified back with the
public key by :func:`verify`, and read again independently with joserfc, and the refusals of
the spec's "Verify a Credential" steps (a changed payload, another key, another algorithm,
an expired or not yet valid credential, a header or claim that does not match) are checked.
"""

from __future__ import annotations

import base64
import hashlib
import json
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from joserfc import jwt
from joserfc.jwk import ECKey, OctKey, OKPKey, RSAKey
from jsonschema import ValidationError
from tests.standards.test_badges_ob2 import EMAILS, FACTS, all_facts, host, refused, validator

from pedcommunity.adapters.badges import (
    OB3_CONTEXT,
    OB3_SCHEMA,
    BadgeFact,
    Issuer,
    load_key,
    ob3_credential,
    ob3_profile,
    public_jwk,
    sign,
    verify,
)
from pedcommunity.errors import InvalidData, UnknownId

CREDENTIAL_SCHEMA = validator("ob_v3p0_achievementcredential_schema.json")
PROFILE_SCHEMA = validator("ob_v3p0_profile_schema.json")
KID = "https://school95.example.org/keys/badges-1"
NOW = datetime(2027, 1, 1, tzinfo=UTC)
# Keys are made once: RSA generation is slow, and the tests need only a few.
RSA = RSAKey.generate_key(2048)
EC = ECKey.generate_key("P-256")
ED = OKPKey.generate_key("Ed25519")
KEYS = {"RS256": RSA, "ES256": EC, "Ed25519": ED}


def check_ob3(vc: dict[str, Any]) -> None:
    CREDENTIAL_SCHEMA.validate(vc)
    PROFILE_SCHEMA.validate(vc["issuer"])
    assert vc["@context"] == list(OB3_CONTEXT)
    assert vc["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    subject = vc["credentialSubject"]
    assert subject["type"] == ["AchievementSubject"]
    assert subject["achievement"]["type"] == ["Achievement"]
    assert subject["achievement"]["criteria"]["narrative"]
    assert vc["credentialSchema"] == [{"id": OB3_SCHEMA, "type": "1EdTechJsonSchemaValidator2019"}]


def every_fact() -> list[BadgeFact]:
    return [f for facts in FACTS.values() for f in facts]


@pytest.mark.parametrize("fact", every_fact(), ids=lambda f: f.id)
@pytest.mark.parametrize("lang", ["ru", "en"])
def test_every_fact_is_a_valid_open_badge_credential(fact: BadgeFact, lang: str) -> None:
    vc = ob3_credential(fact, host(), lang)
    check_ob3(vc)
    assert vc["credentialSubject"]["achievement"]["inLanguage"] == lang
    assert vc["validFrom"] == fact.issued_on.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def test_the_schema_can_fail() -> None:
    vc = ob3_credential(FACTS["track"][0], host())
    with pytest.raises(ValidationError):
        CREDENTIAL_SCHEMA.validate({**vc, "type": ["VerifiableCredential"]})
    with pytest.raises(ValidationError):
        CREDENTIAL_SCHEMA.validate({**vc, "validFrom": "1 September 2025"})  # a format
    with pytest.raises(ValidationError):
        CREDENTIAL_SCHEMA.validate({**vc, "@context": ["https://www.w3.org/2018/credentials/v1"]})


def test_achievement_types_say_what_each_badge_is() -> None:
    kinds = {
        k: {
            ob3_credential(f, host())["credentialSubject"]["achievement"]["achievementType"]
            for f in fs
        }
        for k, fs in FACTS.items()
    }
    assert kinds == {
        "festival": {"Award"},
        "track": {"CertificateOfCompletion", "Award"},
        "plc": {"CertificateOfCompletion"},
        "membership": {"Membership"},
    }


def test_the_subject_is_the_hashed_email_and_a_stable_pseudonym() -> None:
    for fact in every_fact():
        subject = ob3_credential(fact, host())["credentialSubject"]
        (identity,) = subject["identifier"]
        email = EMAILS[fact.recipient_id]
        digest = hashlib.sha256((email + identity["salt"]).encode()).hexdigest()
        assert identity == {
            "type": "IdentityObject",
            "identityType": "emailAddress",
            "hashed": True,
            "identityHash": f"sha256${digest}",
            "salt": identity["salt"],
        }
        namespace = uuid.uuid5(uuid.NAMESPACE_URL, host().issuer.id)
        assert (
            subject["id"] == f"urn:uuid:{uuid.uuid5(namespace, 'recipient:' + fact.recipient_id)}"
        )


def test_credential_ids_are_uuid5_of_the_fact_and_stable() -> None:
    namespace = uuid.uuid5(uuid.NAMESPACE_URL, host().issuer.id)
    ids = [ob3_credential(f, host())["id"] for f in every_fact()]
    assert ids == [f"urn:uuid:{uuid.uuid5(namespace, f.id)}" for f in every_fact()]
    assert ids == [ob3_credential(f, host())["id"] for fs in all_facts().values() for f in fs]
    assert len(set(ids)) == len(ids)


def test_a_did_issuer_and_a_track_with_its_dates() -> None:
    did = host(
        issuer=Issuer(id="did:web:rcro.example.org", name="РЦРО", url="https://rcro.example.org")
    )
    mentee = FACTS["track"][0]
    vc = ob3_credential(mentee, did)
    check_ob3(vc)
    assert vc["issuer"] == ob3_profile(did) and vc["issuer"]["id"] == "did:web:rcro.example.org"
    assert vc["credentialSubject"]["activityEndDate"] == vc["validFrom"]
    assert vc["credentialSubject"]["activityStartDate"] < vc["validFrom"]


# -- VC-JWT ------------------------------------------------------------------------------------


def parts(token: str) -> tuple[dict[str, Any], dict[str, Any], str]:
    head, body, signature = token.split(".")

    def read(part: str) -> dict[str, Any]:
        loaded: dict[str, Any] = json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
        return loaded

    return read(head), read(body), signature


def b64(value: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()


@pytest.mark.parametrize("alg", sorted(KEYS))
def test_signed_credentials_verify_back_with_the_public_key(alg: str) -> None:
    key = KEYS[alg]
    for fact in every_fact():
        vc = ob3_credential(fact, host())
        token = sign(vc, key.as_dict(private=True), kid=KID)
        header, payload, _ = parts(token)
        assert header == {"alg": alg, "kid": KID, "typ": "JWT"}
        assert payload["iss"] == vc["issuer"]["id"] and payload["jti"] == vc["id"]
        assert payload["sub"] == vc["credentialSubject"]["id"]
        assert payload["nbf"] == int(fact.issued_on.replace(microsecond=0).timestamp())
        assert "exp" not in payload
        assert verify(token, public_jwk(key), now=NOW) == vc
        # Read again by joserfc alone: the signature is a standard JWS.
        assert jwt.decode(token, key, algorithms=[alg]).claims["jti"] == vc["id"]


def test_pem_keys_sign_and_verify() -> None:
    vc = ob3_credential(FACTS["plc"][0], host())
    token = sign(vc, EC.as_pem(private=True).decode(), kid=KID)
    assert verify(token, EC.as_pem(private=False), now=NOW) == vc
    assert (
        verify(sign(vc, RSA.as_pem(private=True), kid=KID), RSA.as_pem(private=False), now=NOW)
        == vc
    )
    assert verify(sign(vc, ED, kid=KID), public_jwk(ED), now=NOW) == vc


def test_a_tampered_payload_is_refused() -> None:
    vc = ob3_credential(FACTS["festival"][0], host())
    token = sign(vc, EC, kid=KID)
    head, _body, signature = token.split(".")
    _, payload, _ = parts(token)
    payload["credentialSubject"]["achievement"]["name"] = "Наставники Югры, 1 место"
    forged = ".".join((head, b64(payload), signature))
    refused(
        lambda: verify(forged, public_jwk(EC), now=NOW),
        InvalidData,
        "signature does not verify",
        "$.jwt",
    )
    flipped = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    refused(lambda: verify(flipped, public_jwk(EC), now=NOW), InvalidData, "", "$.jwt")


def test_another_key_is_refused() -> None:
    token = sign(ob3_credential(FACTS["plc"][1], host()), EC, kid=KID)
    other = ECKey.generate_key("P-256")
    refused(
        lambda: verify(token, public_jwk(other), now=NOW),
        InvalidData,
        "signed with another key",
        "$.jwt",
    )


def test_another_algorithm_is_refused() -> None:
    vc = ob3_credential(FACTS["plc"][1], host())
    es = sign(vc, EC, kid=KID)
    # Verified with an RSA key, an ES256 token is of the wrong algorithm.
    refused(
        lambda: verify(es, public_jwk(RSA), now=NOW), InvalidData, "not the key's RS256", "$.jwt"
    )
    # An HMAC token made with the public key's bytes as secret (the classic confusion).
    secret = OctKey.import_key(json.dumps(public_jwk(RSA)).encode())
    claims = parts(sign(vc, RSA, kid=KID))[1]
    hs = jwt.encode(
        {"alg": "HS256", "kid": KID, "typ": "JWT"}, claims, secret, algorithms=["HS256"]
    )
    refused(
        lambda: verify(hs, public_jwk(RSA), now=NOW), InvalidData, "not the key's RS256", "$.jwt"
    )
    unsigned = ".".join((b64({"alg": "none", "typ": "JWT"}), b64(claims), ""))
    refused(lambda: verify(unsigned, public_jwk(RSA), now=NOW), InvalidData, "RS256", "$.jwt")


def test_an_expired_or_not_yet_valid_credential_is_refused() -> None:
    fact = FACTS["membership"][0]
    until = fact.issued_on + timedelta(days=365)
    vc = ob3_credential(fact, host(), valid_until=until)
    check_ob3(vc)
    token = sign(vc, ED, kid=KID)
    assert parts(token)[1]["exp"] == int(until.timestamp())
    assert verify(token, public_jwk(ED), now=until - timedelta(seconds=1)) == vc
    refused(
        lambda: verify(token, public_jwk(ED), now=until),
        InvalidData,
        "expired at 2026-09-01T18:00:00Z",
        "$.jwt.exp",
    )
    early = fact.issued_on - timedelta(days=1)
    refused(
        lambda: verify(token, public_jwk(ED), now=early),
        InvalidData,
        "not valid before",
        "$.jwt.nbf",
    )


def test_claims_that_do_not_match_the_credential_are_refused() -> None:
    vc = ob3_credential(FACTS["track"][1], host())
    claims = parts(sign(vc, EC, kid=KID))[1]
    header = {"alg": "ES256", "kid": KID, "typ": "JWT"}
    for claim, path in (("jti", "$.jwt.jti"), ("iss", "$.jwt.iss"), ("sub", "$.jwt.sub")):
        token = jwt.encode(header, {**claims, claim: "urn:uuid:other"}, EC, algorithms=["ES256"])
        refused(
            lambda t=token: verify(t, public_jwk(EC), now=NOW),
            InvalidData,
            f"claim '{claim}'",
            path,
        )
    token = jwt.encode(header, {**claims, "nbf": claims["nbf"] - 60}, EC, algorithms=["ES256"])
    refused(
        lambda: verify(token, public_jwk(EC), now=NOW),
        InvalidData,
        "does not match validFrom",
        "$.jwt.nbf",
    )
    extra = jwt.encode({**header, "x5u": "https://evil.example"}, claims, EC, algorithms=["ES256"])
    refused(lambda: verify(extra, public_jwk(EC), now=NOW), InvalidData, "['x5u']", "$.jwt.header")
    typ = jwt.encode({**header, "typ": "vc+jwt"}, claims, EC, algorithms=["ES256"])
    refused(
        lambda: verify(typ, public_jwk(EC), now=NOW),
        InvalidData,
        "typ must be 'JWT'",
        "$.jwt.header.typ",
    )
    refused(lambda: verify("not.a token", public_jwk(EC), now=NOW), InvalidData, "", "$.jwt")
    refused(lambda: verify(42, public_jwk(EC), now=NOW), InvalidData, "compact JWS", "$.jwt")
    refused(
        lambda: verify(extra, public_jwk(EC), now=datetime(2027, 1, 1)),
        InvalidData,
        "timezone-aware",
        "$.now",
    )


@pytest.mark.parametrize(
    ("key", "fragment"),
    [
        ({"kty": "oct", "k": "c2VjcmV0c2VjcmV0c2VjcmV0"}, "got kty 'oct'"),
        ({"kty": "EC", "crv": "P-256"}, "not a usable EC JWK"),
        ("-----BEGIN PRIVATE KEY-----\nnonsense\n-----END PRIVATE KEY-----", "not a PEM"),
        (12345, "give a JWK"),
        (ECKey.generate_key("secp256k1"), "curve 'secp256k1' is not supported"),
    ],
)
def test_a_bad_key_is_refused(key: object, fragment: str) -> None:
    refused(lambda: load_key(key), InvalidData, fragment, "$.key")
    vc = ob3_credential(FACTS["track"][0], host())
    refused(lambda: sign(vc, key, kid=KID), InvalidData, fragment, "$.key")


def test_signing_needs_a_private_key_a_kid_and_a_whole_credential() -> None:
    vc = ob3_credential(FACTS["track"][0], host())
    refused(
        lambda: sign(vc, public_jwk(EC), kid=KID), InvalidData, "needs the private key", "$.key"
    )
    refused(lambda: sign(vc, EC, kid="key 1"), InvalidData, "must be a URI", "$.kid")
    no_subject = {**vc, "credentialSubject": {"type": ["AchievementSubject"]}}
    refused(
        lambda: sign(no_subject, EC, kid=KID), InvalidData, "needs this", "$.credentialSubject.id"
    )
    refused(
        lambda: sign({**vc, "validFrom": "yesterday"}, EC, kid=KID),
        InvalidData,
        "not a date-time",
        "$.validFrom",
    )


def test_a_bad_valid_until_or_a_missing_email_is_refused() -> None:
    fact = FACTS["membership"][0]
    refused(
        lambda: ob3_credential(fact, host(), valid_until=fact.issued_on),
        InvalidData,
        "after the badge's",
        "$.validUntil",
    )
    refused(
        lambda: ob3_credential(fact, host(), valid_until=datetime(2030, 1, 1)),
        InvalidData,
        "timezone-aware",
        "$.validUntil",
    )
    refused(lambda: ob3_credential(fact, host(emails={})), UnknownId, "recipient e-mail")
    refused(lambda: ob3_credential(fact, host(), "fr"), InvalidData, "unsupported language 'fr'")


@settings(max_examples=25)
@given(
    email=st.emails(),
    name=st.text(min_size=1, max_size=60).filter(str.strip),
    at=st.datetimes(
        min_value=datetime(2000, 1, 1), max_value=datetime(2099, 1, 1), timezones=st.just(UTC)
    ),
    days=st.integers(min_value=1, max_value=3650),
)
def test_any_email_name_and_dates_sign_and_verify(
    email: str, name: str, at: datetime, days: int
) -> None:
    h = host(emails={"t1": email}, issuer=attrs.evolve(host().issuer, name=name))
    fact = attrs.evolve(FACTS["track"][0], issued_on=at)
    until = at + timedelta(days=days)
    vc = ob3_credential(fact, h, "en", valid_until=until)
    check_ob3(vc)
    assert vc["issuer"]["name"] == name
    token = sign(vc, ED, kid=KID)
    assert verify(token, public_jwk(ED), now=at + timedelta(days=days / 2)) == vc
    with pytest.raises(InvalidData):
        verify(token, public_jwk(ED), now=until + timedelta(seconds=1))
