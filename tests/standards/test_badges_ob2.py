"""Open Badges 2.0 hosted assertions of the four facts, checked against 1EdTech's schemas.

1EdTech published no full JSON Schema of OB 2.0 objects: its OB 2.1 (Badge Connect) schemas
(tests/data/openbadges/README.md) define the 2.0 Assertion and Profile as they travel through
the API, so every assertion is validated inside a ``postAssertion`` request payload and every
issuer profile inside a ``getProfile`` response. Those schemas check little (an ``id``, a
``type``, compact-IRI properties), so each document is also checked against the OB 2.0
rules the reference verifier (openbadges-validator-core) enforces per class: the required
properties, the types, hosted verification on an allowed origin, and the identity hash.

The builders of the four facts here are shared with test_badges_ob3.py.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import ValidationError, validators
from referencing import Registry, Resource
from tests.unit.test_community_workflow import club
from tests.unit.test_festival import festival_at
from tests.unit.test_mentoring_track import to
from tests.unit.test_plc_cycle import REFLECTION, plc_at

from pedcommunity.adapters.badges import (
    MENTORING_TRACK_MENTEE,
    MENTORING_TRACK_MENTOR,
    OB2_CONTEXT,
    PLC_CYCLE_COMPLETED,
    BadgeFact,
    BadgeHost,
    Issuer,
    festival_award_badges,
    membership_badge,
    mentoring_track_badges,
    ob2_assertion,
    ob2_badge_class,
    ob2_issuer,
    plc_cycle_badges,
)
from pedcommunity.errors import InvalidData, PedcommunityError, UnknownId
from pedcommunity.i18n import Label
from pedcommunity.model.festival import Award
from pedcommunity.workflows import Workflow, replay

DATA = Path(__file__).parent.parent / "data" / "openbadges"
LAUREATE = Label(ru="Лауреат", en="Laureate")
EMAILS = {
    t: f"{t}@school95.example.org"
    for t in ("m1", "m2", "m3", "t1", "t2", "t3", "t4", "a", "b", "c", "d")
}


def host(**changes: Any) -> BadgeHost:
    """School 95 issuing under its own origin, with a secret for the salts."""
    base = BadgeHost(
        base_url="https://school95.example.org/badges",
        issuer=Issuer(
            id="https://school95.example.org/issuer",
            name=Label(ru="Школа № 95", en="School 95"),
            url="https://school95.example.org",
            email="info@school95.example.org",
        ),
        emails=EMAILS,
        secret=b"school-95 badge secret",
    )
    return attrs.evolve(base, **changes)


# -- the four facts, from real workflows ------------------------------------------------------


def awarded_festival() -> Workflow:
    """A festival that gave the symbol to e1 and a placed laureate award to e3, then closed."""
    go = festival_at("awarding")
    go("give_award", award=Award(entry_id="e1"))
    go("give_award", award=Award(entry_id="e3", title=LAUREATE, place=2))
    go("close_festival")
    return go.wf


def completed_track() -> Workflow:
    return to("completed").wf


def plc_after_cycle(then: str = "close") -> Workflow:
    go = plc_at("reflection")
    go("reflect", reflection=REFLECTION)
    if then == "close":
        go("close", reason="цикл завершён")
    else:
        go("next_cycle")
        go("join", "t4", teacher_id="t4")  # joins after the cycle: no badge for it
    return go.wf


def community() -> Workflow:
    life = club()
    life("leave", teacher_id="b", on=life.today, reason="Переезд")
    return life.wf


def all_facts() -> dict[str, tuple[BadgeFact, ...]]:
    fest = awarded_festival()
    return {
        "festival": festival_award_badges(fest, fest.data.awards[1]),
        "track": mentoring_track_badges(completed_track()),
        "plc": plc_cycle_badges(plc_after_cycle()),
        "membership": (membership_badge(community(), "a"),),
    }


FACTS = all_facts()


# -- the schemas ------------------------------------------------------------------------------


def schema(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((DATA / name).read_text(encoding="utf-8"))
    return loaded


def validator(name: str) -> Any:
    """A validator of the draft the schema declares, formats checked, refs resolved offline."""
    root = schema(name)
    cls = validators.validator_for(root)
    cls.check_schema(root)
    registry: Registry[Any] = Registry().with_resource(
        root.get("$id", name), Resource.from_contents(root)
    )
    return cls(root, registry=registry, format_checker=cls.FORMAT_CHECKER)


ASSERTION_SCHEMA = validator("imsob_v2p1v2p1-postassertion-requestpayload-schemav1p0.json")
PROFILE_SCHEMA = validator("imsob_v2p1v2p1-getprofile-200-responsepayload-schemav1p0.json")


def check_ob2(assertion: dict[str, Any], badge: dict[str, Any], issuer: dict[str, Any]) -> None:
    """The 1EdTech schemas, then OB 2.0's class rules (as openbadges-validator-core has them)."""
    ASSERTION_SCHEMA.validate({"assertion": assertion})
    PROFILE_SCHEMA.validate({"status": {"statusCode": 200}, "profile": issuer})
    for doc, needed in (
        (assertion, {"id", "type", "recipient", "badge", "verification", "issuedOn"}),
        (badge, {"id", "type", "issuer", "name", "description", "image", "criteria"}),
        (issuer, {"id", "type", "name", "url", "email"}),
    ):
        assert doc["@context"] == OB2_CONTEXT
        assert needed <= set(doc), needed - set(doc)
    assert assertion["type"] == "Assertion"
    assert badge["type"] == "BadgeClass"
    assert issuer["type"] in ("Issuer", "Profile")
    assert assertion["badge"] == badge["id"] and badge["issuer"] == issuer["id"]
    recipient = assertion["recipient"]
    assert recipient["type"] == "email" and recipient["hashed"] is True
    assert recipient["identity"].startswith("sha256$")
    assert assertion["verification"] == {"type": "hosted"}
    # Hosted verification: the assertion is served from its id, on an allowed origin.
    allowed = issuer.get("verification", {}).get("allowedOrigins", [urlsplit(issuer["id"]).netloc])
    assert urlsplit(assertion["id"]).netloc in allowed
    assert urlsplit(assertion["id"]).scheme == "https"
    datetime.fromisoformat(assertion["issuedOn"])  # ISO 8601, with its zone
    assert datetime.fromisoformat(assertion["issuedOn"]).utcoffset() is not None
    assert badge["criteria"]["narrative"]


def written(fact: BadgeFact, h: BadgeHost | None = None, lang: str = "ru") -> tuple[dict, ...]:
    h = h or host()
    return (
        ob2_assertion(fact, h, lang),
        ob2_badge_class(fact.achievement, h, lang),
        ob2_issuer(h, lang),
    )


# -- every fact, as OB 2.0 ---------------------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(FACTS))
@pytest.mark.parametrize("lang", ["ru", "en"])
def test_every_fact_is_a_valid_hosted_assertion(kind: str, lang: str) -> None:
    assert FACTS[kind]
    for fact in FACTS[kind]:
        check_ob2(*written(fact, lang=lang))


def test_the_schemas_refuse_what_ob2_refuses() -> None:
    """The 1EdTech schemas can fail: an assertion without a type, a profile without an id."""
    a, _, _ = written(FACTS["track"][0])
    with pytest.raises(ValidationError, match="'type' is a required property"):
        ASSERTION_SCHEMA.validate({"assertion": {k: v for k, v in a.items() if k != "type"}})
    with pytest.raises(ValidationError, match="'id' is a required property"):
        PROFILE_SCHEMA.validate({"status": {"statusCode": 200}, "profile": {"type": "Issuer"}})


def test_the_hashed_identity_is_sha256_of_email_and_salt() -> None:
    for facts in FACTS.values():
        for fact in facts:
            recipient = ob2_assertion(fact, host())["recipient"]
            email = EMAILS[fact.recipient_id]
            digest = hashlib.sha256((email + recipient["salt"]).encode()).hexdigest()
            assert recipient["identity"] == "sha256$" + digest
            assert email not in json.dumps(ob2_assertion(fact, host()))


def test_a_fixed_salt_is_used_as_given_and_emails_are_case_folded() -> None:
    h = host(secret=None, salt="Kosher", emails={"t1": " A@Example.com "})
    fact = FACTS["track"][0]
    recipient = ob2_assertion(fact, h)["recipient"]
    # The OB 3.0 spec's own example of an identity hash: 'a@example.com' salted with 'Kosher'.
    assert recipient["salt"] == "Kosher"
    assert recipient["identity"] == (
        "sha256$b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399"
    )


def test_salts_from_a_secret_differ_per_badge_and_are_stable() -> None:
    salts = [ob2_assertion(f, host())["recipient"]["salt"] for fs in FACTS.values() for f in fs]
    assert len(set(salts)) == len(salts)
    assert salts == [
        ob2_assertion(f, host())["recipient"]["salt"] for fs in FACTS.values() for f in fs
    ]
    other = host(secret=b"another secret")
    assert (
        ob2_assertion(FACTS["plc"][0], other)["recipient"]["salt"]
        != salts[len(FACTS["festival"]) + 2]
    )


def test_ids_are_stable_across_runs_and_replays_and_unique_per_badge() -> None:
    again = all_facts()
    assert again == FACTS
    ids = [ob2_assertion(f, host())["id"] for fs in FACTS.values() for f in fs]
    assert ids == [ob2_assertion(f, host())["id"] for fs in again.values() for f in fs]
    assert len(set(ids)) == len(ids)
    track = completed_track()
    assert mentoring_track_badges(replay(track.definition, track.events)) == mentoring_track_badges(
        track
    )


def test_issued_on_is_the_domain_events_time() -> None:
    fest = awarded_festival()
    award = fest.data.awards[0]
    event = next(e for e in fest.events if e.trigger == "give_award" and e.payload.award == award)
    facts = festival_award_badges(fest, award)
    assert [f.recipient_id for f in facts] == ["m1", "t1"]
    assert {ob2_assertion(f, host())["issuedOn"] for f in facts} == {event.at.isoformat()}
    track = completed_track()
    done = next(e for e in track.events if e.trigger == "complete")
    assert {f.issued_on for f in mentoring_track_badges(track)} == {done.at}


def test_festival_award_names_the_place_and_the_product() -> None:
    fest = awarded_festival()
    placed = festival_award_badges(fest, fest.data.awards[1])
    symbol = festival_award_badges(fest, fest.data.awards[0])
    a = ob2_assertion(placed[0], host())
    assert ob2_badge_class(placed[0].achievement, host())["name"] == "Лауреат, 2 место"
    assert ob2_badge_class(placed[0].achievement, host(), "en")["name"] == "Laureate, place 2"
    assert ob2_badge_class(symbol[0].achievement, host())["name"] == "Наставники Югры"
    assert placed[0].achievement.key != symbol[0].achievement.key  # two BadgeClasses
    assert a["evidence"][0]["id"] == "https://example.org/t"
    assert "Лауреат, 2 место" in a["narrative"]


def test_a_track_gives_the_mentee_and_the_mentor_their_own_badges() -> None:
    facts = FACTS["track"]
    assert [(f.recipient_id, f.achievement) for f in facts] == [
        ("t1", MENTORING_TRACK_MENTEE),
        ("m1", MENTORING_TRACK_MENTOR),
    ]
    assert facts[0].activity_start is not None and facts[0].activity_end == facts[0].issued_on


def test_a_plc_cycle_goes_to_the_members_when_it_ended() -> None:
    facts = plc_cycle_badges(plc_after_cycle("next_cycle"))
    assert [f.recipient_id for f in facts] == ["t1", "t2", "t3"]
    assert {f.achievement for f in facts} == {PLC_CYCLE_COMPLETED}
    a = ob2_assertion(facts[0], host(), "en")
    assert "Topic a" in a["narrative"] and a["evidence"][0]["narrative"] == "y"
    assert plc_cycle_badges(plc_after_cycle("next_cycle"), cycle=1) == facts


def test_membership_names_the_community() -> None:
    (fact,) = FACTS["membership"]
    bc = ob2_badge_class(fact.achievement, host(), "en")
    assert bc["name"] == "Member of «Профессиональный клуб»"
    assert fact.issued_on == datetime(2025, 9, 1, 18, tzinfo=UTC)


def test_an_issuer_on_another_origin_allows_the_hosts_origin() -> None:
    h = host(base_url="https://badges.example.net/school95")
    fact = FACTS["membership"][0]
    a, bc, issuer = written(fact, h)
    assert issuer["verification"]["allowedOrigins"] == ["badges.example.net"]
    check_ob2(a, bc, issuer)
    assert "verification" not in ob2_issuer(host())


# -- hypothesis: any names, e-mails and times --------------------------------------------------


@settings(max_examples=40)
@given(
    email=st.emails(),
    salt=st.text(min_size=1, max_size=40),
    name=st.text(min_size=1, max_size=60).filter(str.strip),
    at=st.datetimes(
        min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
    ),
    offset=st.integers(min_value=-12, max_value=14),
)
def test_any_email_salt_name_and_time_make_a_valid_assertion(
    email: str, salt: str, name: str, at: datetime, offset: int
) -> None:
    from datetime import timezone

    h = host(
        secret=None,
        salt=salt,
        emails={"t1": email},
        issuer=attrs.evolve(host().issuer, name=name),
    )
    when = at.astimezone(timezone(timedelta(hours=offset)))
    fact = attrs.evolve(FACTS["track"][0], issued_on=when)
    a, bc, issuer = written(fact, h)
    check_ob2(a, bc, issuer)
    assert issuer["name"] == name
    assert datetime.fromisoformat(a["issuedOn"]) == when
    digest = hashlib.sha256((email.strip().lower() + salt).encode()).hexdigest()
    assert a["recipient"]["identity"] == f"sha256${digest}"


# -- refusals ----------------------------------------------------------------------------------


def refused(
    call: Any, error: type[PedcommunityError], fragment: str, path: str | None = None
) -> None:
    with pytest.raises(error) as info:
        call()
    assert fragment in str(info.value), info.value
    if path is not None:
        assert isinstance(info.value, InvalidData) and info.value.path == path, info.value


def unchanged(wf: Workflow) -> tuple[object, ...]:
    return (wf.state, wf.data, tuple(wf.events))


def test_a_track_not_completed_is_refused() -> None:
    for stage in ("active", "review"):
        wf = to(stage).wf
        before = unchanged(wf)
        refused(
            lambda wf=wf: mentoring_track_badges(wf), InvalidData, "is not completed", "$.state"
        )
        assert unchanged(wf) == before
    closed = to("active")
    closed("close_early", "t1", reason="переезд")
    refused(lambda: mentoring_track_badges(closed.wf), InvalidData, "in 'closed'", "$.state")


def test_a_membership_that_ended_is_refused() -> None:
    wf = community()
    before = unchanged(wf)
    refused(
        lambda: membership_badge(wf, "b"),
        InvalidData,
        "membership ended on 2025-09-05",
        "$.data.members",
    )
    refused(
        lambda: membership_badge(wf, "zz"), InvalidData, "'zz' is not a member", "$.data.members"
    )
    assert unchanged(wf) == before
    life = club()
    life("dissolve", reason="Клуб закрыт", on=life.today)
    refused(lambda: membership_badge(life.wf, "a"), InvalidData, "no active members", "$.state")


def test_an_award_the_festival_did_not_give_is_refused() -> None:
    wf = awarded_festival()
    before = unchanged(wf)
    # Of no place: e3 holds the laureate award with place 2, not one without a place.
    refused(
        lambda: festival_award_badges(wf, Award(entry_id="e3", title=LAUREATE)),
        InvalidData,
        "is not an award of festival 'fest-2026'",
        "$.awards",
    )
    refused(
        lambda: festival_award_badges(wf, Award(entry_id="e2")), InvalidData, "given: ", "$.awards"
    )
    refused(lambda: festival_award_badges(wf, "e1"), InvalidData, "not an award", "$.awards")  # type: ignore[arg-type]
    assert unchanged(wf) == before
    cancelled = festival_at("awarding")
    cancelled("cancel_festival", reason="карантин")
    refused(
        lambda: festival_award_badges(cancelled.wf, Award(entry_id="e1")),
        InvalidData,
        "cancelled",
        "$.state",
    )


def test_a_plc_without_that_completed_cycle_is_refused() -> None:
    go = plc_at("reflection")
    refused(
        lambda: plc_cycle_badges(go.wf), InvalidData, "completed no cycle yet", "$.data.history"
    )
    wf = plc_after_cycle()
    refused(
        lambda: plc_cycle_badges(wf, cycle=2),
        InvalidData,
        "no completed cycle 2; completed: 1",
        "$.data.history",
    )
    refused(
        lambda: plc_cycle_badges(wf, cycle=True),
        InvalidData,
        "no completed cycle True",
        "$.data.history",
    )  # type: ignore[arg-type]


def test_a_workflow_of_another_kind_is_refused() -> None:
    track = completed_track()
    refused(
        lambda: plc_cycle_badges(track),
        InvalidData,
        "must be a 'plc_cycle' workflow",
        "$.definition",
    )
    refused(lambda: membership_badge(track, "t1"), InvalidData, "'community_life'", "$.definition")
    refused(lambda: mentoring_track_badges(None), InvalidData, "must be a workflow", "$")  # type: ignore[arg-type]


def test_a_history_cut_by_a_snapshot_is_refused_not_guessed() -> None:
    wf = plc_after_cycle()
    cut = attrs.evolve(wf, events=wf.events[-1:][:0], base_version=len(wf.events))
    refused(lambda: plc_cycle_badges(cut), InvalidData, "not among the events held", "$.events")
    fest = awarded_festival()
    cut_fest = attrs.evolve(fest, events=[], base_version=len(fest.events))
    refused(
        lambda: festival_award_badges(cut_fest, fest.data.awards[0]),
        InvalidData,
        "whole history",
        "$.events",
    )


def test_an_issuer_ob2_cannot_verify_is_refused() -> None:
    fact = FACTS["membership"][0]
    no_email = host(issuer=attrs.evolve(host().issuer, email=None))
    refused(
        lambda: ob2_assertion(fact, no_email), InvalidData, "requires an e-mail", "$.issuer.email"
    )
    did = host(
        issuer=Issuer(
            id="did:web:school95.example.org",
            name="Ш",
            url="https://school95.example.org",
            email="a@b.org",
        )
    )
    refused(lambda: ob2_issuer(did), InvalidData, "a DID serves OB 3.0", "$.issuer.id")
    refused(lambda: ob2_assertion(fact, host(), "de"), InvalidData, "unsupported language 'de'")


def test_a_recipient_without_an_email_is_refused() -> None:
    refused(
        lambda: ob2_assertion(FACTS["membership"][0], host(emails={})),
        UnknownId,
        "recipient e-mail for teacher 'a'",
    )


@pytest.mark.parametrize(
    ("changes", "fragment", "path"),
    [
        ({"salt": "x"}, "exactly one of salt or secret, got both", "$"),
        ({"secret": None}, "got neither", "$"),
        ({"secret": b""}, "non-empty bytes", "$.secret"),
        ({"base_url": "http://school95.example.org"}, "must be an https URL", "$.base_url"),
        ({"emails": {"t1": "not an address"}}, "is not an e-mail address", "$.emails['t1']"),
        ({"emails": ["t1"]}, "must map ids to texts", "$.emails"),
        ({"images": {"k": "ftp://x"}}, "must be an https URL", "$.images['k']"),
    ],
)
def test_a_bad_host_is_refused(changes: dict[str, Any], fragment: str, path: str) -> None:
    refused(lambda: host(**changes), InvalidData, fragment, path)


@pytest.mark.parametrize(
    ("fields", "fragment", "path"),
    [
        ({"id": "school-95"}, "https URL or a DID", "$.issuer.id"),
        ({"name": " "}, "non-empty text", "$.issuer.name"),
        ({"url": "school95.example.org"}, "https URL", "$.issuer.url"),
        ({"email": "info"}, "not an e-mail address", "$.issuer.email"),
    ],
)
def test_a_bad_issuer_is_refused(fields: dict[str, Any], fragment: str, path: str) -> None:
    base = {"id": "https://s.example.org", "name": "Школа", "url": "https://s.example.org"}
    refused(lambda: Issuer(**{**base, **fields}), InvalidData, fragment, path)


def test_membership_dated_by_its_day_when_the_join_event_is_not_held() -> None:
    wf = community()
    cut = attrs.evolve(wf, events=[], base_version=len(wf.events), base_at=wf.last_at)
    fact = membership_badge(cut, "a")
    assert fact.issued_on == datetime(2025, 9, 1, tzinfo=UTC)
    assert fact.activity_start is not None and fact.activity_start.date() == date(2025, 9, 1)


def test_the_stored_schemas_are_the_published_bytes() -> None:
    """Each schema file's SHA-256 is the one its README row records: nothing edited."""
    rows = [
        line.split("|")
        for line in (DATA / "README.md").read_text(encoding="utf-8").splitlines()
        if line.startswith("| `")
    ]
    recorded = {row[1].strip(" `"): row[-2].strip(" `") for row in rows}
    stored = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in DATA.glob("*.json")}
    assert recorded == stored
