"""VC-JWT: an OpenBadgeCredential signed as a compact JWS, and verified back (joserfc).

OB 3.0's "JSON Web Token Proof Format": the JOSE header holds ``alg``, ``kid`` (a URI where
the public key is published as a JWK) and ``typ: "JWT"``, and no other header; the payload is
the credential itself with the claims ``iss`` (``issuer.id``), ``jti`` (``id``), ``sub``
(``credentialSubject.id``), ``nbf`` (``validFrom``) and, when the credential has a
``validUntil``, ``exp``. The key is the host's: an RSA (``RS256``), EC (``ES256``/``ES384``/
``ES512``) or Ed25519 (``Ed25519``) private key, as a JWK (a mapping) or PEM; the algorithm
follows from the key, and :func:`verify` accepts that algorithm only. All the cryptography
is joserfc's.

Examples:
    >>> from datetime import datetime, timezone
    >>> from joserfc.jwk import ECKey
    >>> key = ECKey.generate_key("P-256")
    >>> vc = {"id": "urn:uuid:1", "issuer": {"id": "https://s.example.org"},
    ...       "validFrom": "2025-09-01T10:00:00Z", "credentialSubject": {"id": "urn:uuid:2"}}
    >>> token = sign(vc, key.as_dict(private=True), kid="https://s.example.org/keys/1")
    >>> verify(token, public_jwk(key), now=datetime(2026, 1, 1, tzinfo=timezone.utc)) == vc
    True
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, Literal

from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import ECKey, OKPKey, RSAKey, import_key

from pedcommunity._repr import shown
from pedcommunity.adapters.badges._ob3 import utc_z
from pedcommunity.errors import InvalidData

__all__ = ["load_key", "public_jwk", "sign", "verify"]

Key = RSAKey | ECKey | OKPKey

_EC_ALGS = {"P-256": "ES256", "P-384": "ES384", "P-521": "ES512"}
_HEADERS = frozenset({"alg", "kid", "jwk", "typ"})
_CLAIMS = ("iss", "jti", "sub", "nbf", "exp")


def load_key(key: object) -> Key:
    """An RSA, EC or Ed25519 key from a JWK (a mapping), a PEM text or bytes, or a key object.

    Raises:
        InvalidData: anything else: a symmetric (``oct``) key, a key joserfc cannot read
            (``$.key``).

    Examples:
        >>> load_key({"kty": "oct", "k": "c2VjcmV0"})
        Traceback (most recent call last):
        ...
        pedcommunity.errors.InvalidData: $.key: use an RSA, EC or Ed25519 key, got kty 'oct'
    """
    if isinstance(key, RSAKey | ECKey | OKPKey):
        loaded: Any = key
    elif isinstance(key, Mapping):
        kind = key.get("kty")
        if kind not in ("RSA", "EC", "OKP"):
            raise InvalidData(f"use an RSA, EC or Ed25519 key, got kty {shown(kind)}", path="$.key")
        try:
            loaded = import_key(dict(key), kind)
        except (JoseError, ValueError, TypeError, KeyError) as err:
            raise InvalidData(f"not a usable {kind} JWK: {err}", path="$.key") from err
    elif isinstance(key, str | bytes):
        loaded = _from_pem(key.encode() if isinstance(key, str) else key)
    else:
        raise InvalidData(f"give a JWK (a mapping) or a PEM key, got {shown(key)}", path="$.key")
    if not isinstance(loaded, RSAKey | ECKey | OKPKey):  # an oct key from a PEM or JWK
        raise InvalidData("use an RSA, EC or Ed25519 key", path="$.key")
    _alg_for(loaded)
    return loaded


def _from_pem(data: bytes) -> Key:
    kinds: tuple[Literal["RSA", "EC", "OKP"], ...] = ("RSA", "EC", "OKP")
    for kind in kinds:
        try:
            key = import_key(data, kind)
        except (JoseError, ValueError, TypeError):
            continue
        if isinstance(key, RSAKey | ECKey | OKPKey):
            return key
    raise InvalidData("not a PEM RSA, EC or Ed25519 key", path="$.key")


def _alg_for(key: Key) -> str:
    if isinstance(key, RSAKey):
        return "RS256"
    curve = key.curve_name
    alg = (
        _EC_ALGS.get(curve) if isinstance(key, ECKey) else "Ed25519" if curve == "Ed25519" else None
    )
    if alg is None:
        raise InvalidData(
            f"the curve {curve!r} is not supported; use P-256 or Ed25519", path="$.key"
        )
    return alg


def public_jwk(key: object) -> dict[str, Any]:
    """The public half of ``key`` as a JWK (no ``d``): what the host publishes at ``kid``.

    Examples:
        >>> from joserfc.jwk import OKPKey
        >>> sorted(public_jwk(OKPKey.generate_key("Ed25519")))
        ['crv', 'kty', 'x']
    """
    return dict(load_key(key).as_dict(private=False))


def _field(credential: Mapping[str, Any], *path: str) -> str:
    value = _get(credential, *path)
    if not isinstance(value, str) or not value:
        raise InvalidData("the credential needs this to be signed", path="$." + ".".join(path))
    return value


def _numeric(stamp: str, path: str) -> int:
    try:
        at = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError as err:
        raise InvalidData(f"not a date-time: {stamp!r}", path=path) from err
    if at.utcoffset() is None:
        raise InvalidData(f"needs a time zone: {stamp!r}", path=path)
    return int(at.timestamp())


def sign(credential: Mapping[str, Any], key: object, *, kid: str) -> str:
    """Sign ``credential`` as a VC-JWT (a compact JWS) with the host's private ``key``.

    ``kid`` is the URI where the public key is published (:func:`public_jwk`).

    Raises:
        InvalidData: a public key only, an unusable key (``$.key``), a ``kid`` that is not a
            URI (``$.kid``), or a credential without ``id``, ``issuer.id``,
            ``credentialSubject.id`` or ``validFrom`` (the path names it).
    """
    private = load_key(key)
    if not private.is_private:
        raise InvalidData("signing needs the private key; this one is public", path="$.key")
    if not isinstance(kid, str) or ":" not in kid or any(c.isspace() for c in kid):
        raise InvalidData(
            f"must be a URI where the public key is published, got {kid!r}", path="$.kid"
        )
    claims = dict(credential)
    claims["iss"] = _field(credential, "issuer", "id")
    claims["jti"] = _field(credential, "id")
    claims["sub"] = _field(credential, "credentialSubject", "id")
    claims["nbf"] = _numeric(_field(credential, "validFrom"), "$.validFrom")
    if "validUntil" in credential:
        claims["exp"] = _numeric(_field(credential, "validUntil"), "$.validUntil")
    alg = _alg_for(private)
    header = {"alg": alg, "kid": kid, "typ": "JWT"}
    return jwt.encode(header, claims, private, algorithms=[alg])


def _refuse(problem: str, path: str = "$.jwt") -> InvalidData:
    return InvalidData(problem, path=path)


def verify(token: object, key: object, *, now: datetime) -> dict[str, Any]:
    """Check a VC-JWT's signature with the issuer's public ``key``; return the credential.

    Follows OB 3.0's "Verify a Credential": the signature with the key's own algorithm
    only, a JOSE header of ``alg``/``kid``/``jwk``/``typ`` only (``typ`` is ``JWT``), the
    claims matching the credential (``iss``, ``sub``, ``jti``, ``nbf``, ``exp``), and the
    credential valid at ``now`` (not before ``nbf``, not at or after ``exp``).

    Raises:
        InvalidData: a token that is not a compact JWS, a bad signature (a tampered token
            or another key), another algorithm, a header or claim that does not match
            (``$.jwt``, ``$.jwt.header.alg``, ``$.jwt.iss``...), or a credential not yet
            valid or expired at ``now`` (``$.jwt.nbf``, ``$.jwt.exp``); an unusable key
            (``$.key``) or ``now`` without a time zone (``$.now``).
    """
    public = load_key(key)
    if not isinstance(now, datetime) or now.utcoffset() is None:
        raise InvalidData(f"must be a timezone-aware datetime, got {shown(now)}", path="$.now")
    if (
        not isinstance(token, str | bytes)
        or str(token if isinstance(token, str) else token.decode(errors="replace")).count(".") != 2
    ):
        raise _refuse("not a compact JWS (three base64url parts joined by '.')")
    alg = _alg_for(public)
    try:
        decoded = jwt.decode(token, public, algorithms=[alg])
    except JoseError as err:
        raise _refuse(_why(err, alg)) from err
    except (ValueError, TypeError, KeyError) as err:
        raise _refuse(f"not a readable VC-JWT: {err}") from err
    header = decoded.header
    extra = sorted(set(header) - _HEADERS)
    if extra:
        raise _refuse(
            f"headers other than alg, kid, jwk, typ are not allowed: {extra}", "$.jwt.header"
        )
    if header.get("typ", "JWT") != "JWT":
        raise _refuse(f"typ must be 'JWT', got {header.get('typ')!r}", "$.jwt.header.typ")
    claims = dict(decoded.claims)
    credential = {k: v for k, v in claims.items() if k not in _CLAIMS}
    _check_claims(claims, credential, now)
    return credential


def _why(err: JoseError, alg: str) -> str:
    name = type(err).__name__
    if name == "BadSignatureError":
        return "the signature does not verify: the token was changed or signed with another key"
    if name in ("UnsupportedAlgorithmError", "ConflictAlgorithmError", "MissingAlgorithmError"):
        return f"the token's algorithm is not the key's {alg}: {err.description or name}"
    return f"not a valid VC-JWT: {err.description or name}"


def _check_claims(claims: dict[str, Any], credential: dict[str, Any], now: datetime) -> None:
    expected = {
        "iss": _get(credential, "issuer", "id"),
        "sub": _get(credential, "credentialSubject", "id"),
        "jti": _get(credential, "id"),
    }
    for claim, want in expected.items():
        if claims.get(claim) is None or claims.get(claim) != want:
            raise _refuse(
                f"claim {claim!r} is {claims.get(claim)!r}, the credential says {want!r}",
                f"$.jwt.{claim}",
            )
    nbf = claims.get("nbf")
    valid_from = credential.get("validFrom")
    if (
        not isinstance(nbf, int)
        or not isinstance(valid_from, str)
        or _numeric(valid_from, "$.jwt.nbf") != nbf
    ):
        raise _refuse(f"claim 'nbf' {nbf!r} does not match validFrom {valid_from!r}", "$.jwt.nbf")
    at = int(now.timestamp())
    if at < nbf:
        raise _refuse(
            f"the credential is not valid before {utc_z(datetime.fromtimestamp(nbf, UTC))}",
            "$.jwt.nbf",
        )
    exp = claims.get("exp")
    if exp is None:
        if "validUntil" in credential:
            raise _refuse("the credential has a validUntil but the token no 'exp'", "$.jwt.exp")
        return
    valid_until = credential.get("validUntil")
    if (
        not isinstance(exp, int)
        or not isinstance(valid_until, str)
        or _numeric(valid_until, "$.jwt.exp") != exp
    ):
        raise _refuse(f"claim 'exp' {exp!r} does not match validUntil {valid_until!r}", "$.jwt.exp")
    if at >= exp:
        raise _refuse(
            f"the credential expired at {utc_z(datetime.fromtimestamp(exp, UTC))}", "$.jwt.exp"
        )


def _get(credential: Mapping[str, Any], *path: str) -> Any:
    value: Any = credential
    for name in path:
        value = value.get(name) if isinstance(value, Mapping) else None
    return value
