"""API keys (pedcommunity.services.keys) on the in-memory store: made, accepted, refused.

The ``contract_*`` functions take any :class:`KeyStore`; ``tests/store/test_keys_store.py``
runs the same ones on SQLite and PostgreSQL.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pedcommunity.clock import ManualClock
from pedcommunity.errors import DuplicateId, InvalidData, InvalidKey, UnknownId
from pedcommunity.services import (
    ApiKey,
    InMemoryStore,
    KeyStore,
    NewKey,
    authenticate,
    bootstrap,
    create_key,
    list_keys,
    revoke_key,
)

AT = datetime(2025, 9, 1, 10, 0, tzinfo=UTC)
LATER = AT + timedelta(days=3)
GOOD_SECRET = "A" * 43


def snapshot(store: KeyStore) -> list[tuple[ApiKey, str]]:
    """Everything a key store holds: each key with its digest."""
    found = [store.find_key(k.key_id) for k in store.list_keys()]
    return [f for f in found if f is not None]


def refused_key(store: KeyStore, token: object, reason: str) -> InvalidKey:
    """Authenticating ``token`` raises InvalidKey for ``reason`` and changes nothing."""
    before = snapshot(store)
    with pytest.raises(InvalidKey) as info:
        authenticate(store, token)
    assert info.value.reason == reason
    assert "Authorization: Bearer <key>" in str(info.value)
    assert "pedcommunity keys create --tenant <tenant>" in str(info.value)
    assert snapshot(store) == before
    return info.value


def refused(store: KeyStore, call: Callable[[], Any], error: type[Exception], path: str) -> str:
    """``call`` raises ``error`` (at ``path`` for InvalidData) and changes nothing."""
    before = snapshot(store)
    with pytest.raises(error) as info:
        call()
    if isinstance(info.value, InvalidData):
        assert info.value.path == path
    assert snapshot(store) == before
    return str(info.value)


# -- the contract, on any KeyStore -----------------------------------------------------------


def contract_create_authenticate_revoke(store: KeyStore) -> None:
    """A key made for a tenant authenticates as that tenant until it is revoked."""
    new = create_key(store, tenant="school-95", name="moodle", at=AT)
    assert isinstance(new, NewKey)
    key = new.key
    assert (key.tenant, key.name, key.created_at, key.revoked_at) == (
        "school-95",
        "moodle",
        AT,
        None,
    )
    assert new.token == f"pc_{key.key_id}_{new.token.split('_', 2)[2]}"
    assert len(key.key_id) == 12 and key.key_id == key.key_id.lower()
    assert authenticate(store, new.token) == key
    assert list_keys(store, "school-95") == [key]

    revoked = revoke_key(store, key.key_id, at=LATER)
    assert revoked.revoked_at == LATER
    assert (revoked.key_id, revoked.tenant, revoked.name) == (key.key_id, "school-95", "moodle")
    err = refused_key(store, new.token, "revoked")
    assert err.key_id == key.key_id
    assert "school-95" not in str(err)
    # Revoking again changes nothing: the first time stays.
    assert revoke_key(store, key.key_id, at=LATER + timedelta(days=1)) == revoked
    assert list_keys(store) == [revoked]


def contract_only_the_digest_is_kept(store: KeyStore) -> None:
    new = create_key(store, tenant="school-95", at=AT)
    secret = new.token.split("_", 2)[2]
    found = store.find_key(new.key.key_id)
    assert found is not None
    key, digest = found
    assert digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in digest and secret not in repr(key) and secret not in repr(new)


def contract_keys_stay_with_their_tenant(store: KeyStore) -> None:
    a = create_key(store, tenant="school-95", name="moodle", at=AT)
    b = create_key(store, tenant="school-7", name="moodle", at=AT + timedelta(seconds=1))
    assert authenticate(store, a.token).tenant == "school-95"
    assert authenticate(store, b.token).tenant == "school-7"
    assert list_keys(store, "school-95") == [a.key]
    assert list_keys(store, "school-7") == [b.key]
    assert list_keys(store, "school-8") == []
    assert list_keys(store) == [a.key, b.key]  # by creation time
    # A's id with B's secret is no key at all, and says nothing of either tenant.
    swapped = f"pc_{a.key.key_id}_{b.token.split('_', 2)[2]}"
    err = refused_key(store, swapped, "unknown")
    assert "school-95" not in str(err) and "school-7" not in str(err)
    revoke_key(store, a.key.key_id, at=LATER)
    assert authenticate(store, b.token) == b.key  # revoking A leaves B alone


def contract_bad_tokens_are_refused(store: KeyStore) -> None:
    new = create_key(store, tenant="school-95", at=AT)
    key_id, secret = new.key.key_id, new.token.split("_", 2)[2]
    for token, reason in [
        (None, "missing"),
        ("", "missing"),
        (b"pc_x", "malformed"),
        (42, "malformed"),
        (["pc_"], "malformed"),
        ("Bearer " + new.token, "malformed"),
        (new.token + "\n", "malformed"),
        (" " + new.token, "malformed"),
        (new.token.upper(), "malformed"),
        (new.token[:-1], "malformed"),
        (f"pk_{key_id}_{secret}", "malformed"),
        (f"pc_{key_id}-{secret}", "malformed"),
        (f"pc_{key_id}_{secret[:-1]}!", "malformed"),
        (f"pc_{'0' * 12}_{secret}", "unknown"),
        (f"pc_{key_id}_{GOOD_SECRET}", "unknown"),
    ]:
        err = refused_key(store, token, reason)
        assert "school-95" not in str(err)
        assert secret not in str(err)  # a token is never echoed
    assert authenticate(store, new.token) == new.key


def contract_inputs_are_checked(store: KeyStore) -> None:
    new = create_key(store, tenant="school-95", at=AT)
    for tenant in ("", "two words", None, 7, "x" * 129):
        refused(store, lambda t=tenant: create_key(store, tenant=t, at=AT), InvalidData, "$.tenant")
    for name in ("", "   ", "x" * 101, "line\nbreak", None, 3):
        message = refused(
            store,
            lambda n=name: create_key(store, tenant="school-95", name=n, at=AT),
            InvalidData,
            "$.name",
        )
        assert "1-100 characters" in message
    for at in (datetime(2025, 9, 1), "2025-09-01", None):
        refused(
            store, lambda a=at: create_key(store, tenant="school-95", at=a), InvalidData, "$.at"
        )
        refused(store, lambda a=at: revoke_key(store, new.key.key_id, at=a), InvalidData, "$.at")
    for key_id in ("", "nope", "A1B2C3D4E5F6", None, 12, "0123456789abc"):
        refused(store, lambda k=key_id: revoke_key(store, k, at=AT), InvalidData, "$.key_id")
    message = refused(store, lambda: revoke_key(store, "0123456789ab", at=AT), UnknownId, "")
    assert "Unknown API key '0123456789ab'" in message
    for tenant in ("", 7):
        refused(store, lambda t=tenant: list_keys(store, t), InvalidData, "$.tenant")
    refused(store, lambda: store.add_key(new.key, "0" * 64), DuplicateId, "")
    refused(store, lambda: store.add_key("key", "0" * 64), InvalidData, "$.key")  # type: ignore[arg-type]
    other = ApiKey("0123456789ab", "t", created_at=AT)
    for digest in ("", "0" * 63, "G" * 64, "A" * 64, None):
        refused(store, lambda d=digest: store.add_key(other, d), InvalidData, "$.digest")
    assert store.find_key("0123456789ab") is None
    assert store.find_key(7) is None  # type: ignore[arg-type]


CONTRACT = [
    contract_create_authenticate_revoke,
    contract_only_the_digest_is_kept,
    contract_keys_stay_with_their_tenant,
    contract_bad_tokens_are_refused,
    contract_inputs_are_checked,
]


# -- on the in-memory store -----------------------------------------------------------------


@pytest.mark.parametrize("contract", CONTRACT, ids=lambda c: c.__name__)
def test_the_in_memory_store_keeps_the_contract(contract: Callable[[KeyStore], None]) -> None:
    store = InMemoryStore()
    assert isinstance(store, KeyStore)
    contract(store)


_STORE = InMemoryStore()
_KEY = create_key(_STORE, tenant="school-95", at=AT)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    token=st.one_of(
        st.none(),
        st.text(),
        st.binary(),
        st.integers(),
        st.floats(),
        st.lists(st.text(), max_size=2),
        st.dictionaries(st.text(), st.text(), max_size=2),
        st.text().map(lambda t: "pc_" + t),
        st.from_regex(r"pc_[0-9a-z]{12}_[A-Za-z0-9_-]{43}", fullmatch=True),
        st.from_regex(r"pc_[0-9a-z]{12}_[A-Za-z0-9_-]{43}", fullmatch=False),
        st.builds(
            lambda i, t: _KEY.token[:i] + t + _KEY.token[i + 1 :],
            st.integers(0, 58),
            st.text(max_size=2),
        ),
    )
)
def test_any_other_token_is_refused_with_invalid_key_and_nothing_else(token: object) -> None:
    if token == _KEY.token:
        return
    before = snapshot(_STORE)
    with pytest.raises(InvalidKey) as info:  # any other exception fails the test too
        authenticate(_STORE, token)
    assert info.value.reason in InvalidKey.REASONS
    assert "school-95" not in str(info.value)
    assert snapshot(_STORE) == before


def test_the_token_has_the_documented_shape() -> None:
    store = InMemoryStore()
    tokens = {create_key(store, tenant="t", at=AT).token for _ in range(20)}
    assert len(tokens) == 20
    for token in tokens:
        assert len(token) == 59
        prefix, key_id, secret = token[:3], token[3:15], token[16:]
        assert (prefix, token[15]) == ("pc_", "_")
        assert all(c in "0123456789abcdef" for c in key_id)
        assert len(secret) == 43 and all(c.isalnum() or c in "_-" for c in secret)


def test_a_key_id_taken_twice_is_drawn_again(monkeypatch: pytest.MonkeyPatch) -> None:
    store = InMemoryStore()
    first = create_key(store, tenant="t", at=AT)
    ids = iter([first.key.key_id, "0123456789ab"])
    monkeypatch.setattr("secrets.token_hex", lambda n: next(ids))
    second = create_key(store, tenant="t", at=AT)
    assert second.key.key_id == "0123456789ab"
    assert [k.key_id for k in list_keys(store)] == sorted([first.key.key_id, "0123456789ab"])


def test_an_id_that_stays_taken_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    store = InMemoryStore()
    first = create_key(store, tenant="t", at=AT)
    monkeypatch.setattr("secrets.token_hex", lambda n: first.key.key_id)
    refused(store, lambda: create_key(store, tenant="t", at=AT), DuplicateId, "")


def test_keys_are_made_safely_from_many_threads() -> None:
    store = InMemoryStore()
    made: list[NewKey] = []

    def make() -> None:
        for _ in range(20):
            made.append(create_key(store, tenant="t", at=AT))

    threads = [threading.Thread(target=make) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(list_keys(store)) == 80
    assert all(authenticate(store, n.token) == n.key for n in made)


def test_the_services_bind_keys_to_the_clock() -> None:
    clock = ManualClock(AT)
    app = bootstrap(clock=clock, plugins=False)
    new = app.create_key("school-95", name="moodle")
    assert new.key.created_at == AT
    assert app.authenticate(new.token) == new.key
    assert app.keys() == app.keys("school-95") == [new.key]
    clock.advance(timedelta(hours=1))
    assert app.revoke_key(new.key.key_id).revoked_at == AT + timedelta(hours=1)
    with pytest.raises(InvalidKey):
        app.authenticate(new.token)


class _NoKeys:
    """A store of workflows that keeps no keys (a plugin's, say)."""

    def __init__(self) -> None:
        self._inner = InMemoryStore()
        self.definitions = self._inner.definitions

    def __getattr__(self, name: str) -> Any:
        if name in {"add_key", "find_key", "list_keys", "revoke_key"}:
            raise AttributeError(name)
        return getattr(self._inner, name)

    def unit_of_work(self, tenant: str = "default") -> Any:
        return self._inner.unit_of_work(tenant)

    def outbox(self, tenant: str | None = None) -> Any:
        return self._inner.outbox(tenant)

    def tenants(self) -> list[str]:
        return self._inner.tenants()

    def close(self) -> None:
        self._inner.close()


@pytest.mark.parametrize(
    "call",
    [
        lambda app: app.create_key("t"),
        lambda app: app.authenticate("pc_x"),
        lambda app: app.keys(),
        lambda app: app.revoke_key("0123456789ab"),
    ],
)
def test_a_store_without_keys_says_so(call: Callable[[Any], Any]) -> None:
    app = bootstrap(_NoKeys(), plugins=False)  # type: ignore[arg-type]
    with pytest.raises(InvalidData) as info:
        call(app)
    assert info.value.path == "$.store"
    assert "keeps no API keys" in str(info.value)


def test_invalid_key_speaks_both_languages() -> None:
    err = InvalidKey("missing", "no API key was sent")
    assert err.summary("ru") == "Нет доступа: ключ API не принят"
    assert err.summary("en") == "Access refused: the API key is not accepted"
    assert str(err).startswith("no API key was sent; send 'Authorization: Bearer <key>'")
