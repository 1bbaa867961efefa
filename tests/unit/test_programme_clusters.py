"""The first cluster's events inside a mentoring programme: speakers, scheduled and held events."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from tests.unit.test_mentoring_programme import C, Prog, matching, pair

from pedcommunity.adapters.json import from_json, to_json
from pedcommunity.errors import GuardFailed, InvalidData, InvalidTrigger, PermissionDenied
from pedcommunity.model import (
    ClusterEvent,
    ClusterKind,
    CommunityEvent,
    EventKind,
    EventStatus,
    Speaker,
    SpeakerKind,
)
from pedcommunity.workflows import replay
from pedcommunity.workflows.mentoring_programme import (
    FIGURE_LABELS,
    MENTORING_PROGRAMME,
    HoldClusterEvent,
    ProgrammeData,
)

#: The day of the programme's clock (T0 of test_mentoring_programme, moving an hour a call).
DAY = date(2026, 9, 1)

#: Seed 003's three events of the first cluster (003:7).
SEED_EVENTS = (
    ("e1", EventKind.DISCUSSION_PLATFORM, "Педагогическая инициатива"),
    ("e2", EventKind.PROFESSIONAL_CASES, "Персонализированная программа"),
    ("e3", EventKind.COMMUNITY_LAUNCH, "Компетентностный лидер"),
)


def event(
    eid: str = "e1",
    kind: EventKind = EventKind.DISCUSSION_PLATFORM,
    topic: str = "Педагогическая инициатива",
    *,
    speakers: tuple[str, ...] = ("sp1",),
    cluster: ClusterKind = ClusterKind.COMPETENCY_LEADERS,
    **fields: Any,
) -> ClusterEvent:
    e = CommunityEvent(
        id=eid, kind=kind, planned_on=DAY, topic=topic, expert_ids=speakers, **fields
    )
    return ClusterEvent(e, cluster)


def with_speakers(r: Prog) -> Prog:
    r("invite_speaker", id="sp1", name="Елена Петрова", expertise="Педагогическая инициатива")
    r("invite_speaker", id="sp2", name="Игорь Смирнов", kind=SpeakerKind.COACH)
    return r


def cluster_one(r: Prog, attendees: dict[str, tuple[str, ...]]) -> Prog:
    """Schedule and hold seed 003's three events; ``attendees`` by event id."""
    for eid, kind, topic in SEED_EVENTS:
        r("schedule_event", event=event(eid, kind, topic))
        r("hold_event", event_id=eid, on=DAY, attendee_ids=attendees.get(eid, ("m1",)))
    return r


def at_work() -> Prog:
    """A programme whose pairs are at work: pair 'a' (t1 with m1), speakers sp1 and sp2."""
    r = matching()
    pair(r, "a", "t1", "m1")
    r.p.fire("start_work", actor=C)
    return with_speakers(r)


# -- speakers -----------------------------------------------------------------------------------


def test_speakers_are_invited_once_and_events_name_invited_speakers_only() -> None:
    r = with_speakers(matching())
    assert [(s.id, s.kind) for s in r.p.data.speakers] == [
        ("sp1", SpeakerKind.SPEAKER),
        ("sp2", SpeakerKind.COACH),
    ]
    err = r.refused(
        GuardFailed, lambda: r("invite_speaker", id="sp1", name="Другая"), "speaker_new"
    )
    assert "'sp1' is invited already" in str(err)
    err = r.refused(
        GuardFailed,
        lambda: r("schedule_event", event=event(speakers=("sp1", "sp9"))),
        "speakers_invited",
    )
    assert "invite the speakers first; not invited: sp9" in str(err)


def test_speaker_validates() -> None:
    with pytest.raises(ValueError, match="name must be a non-empty string"):
        Speaker(id="sp1", name="")
    with pytest.raises(ValueError, match="id must be"):
        Speaker(id="bad id", name="Елена")


# -- scheduling ---------------------------------------------------------------------------------


def test_an_event_is_scheduled_as_planned_with_a_new_id() -> None:
    r = with_speakers(matching())
    r("schedule_event", event=event())
    assert r.p.data.cluster_event("e1").event.status is EventStatus.PLANNED
    err = r.refused(
        GuardFailed,
        lambda: r("schedule_event", event=event(topic="Другая тема")),
        "cluster_event_new",
    )
    assert "event id 'e1' is taken" in str(err)
    held = event("e2", status=EventStatus.HELD, held_on=DAY, attendee_ids=("m1",))
    err = r.refused(GuardFailed, lambda: r("schedule_event", event=held), "cluster_event_planned")
    assert "schedule the event as planned; 'e2' is held" in str(err)


def test_the_events_run_in_every_stage_but_not_after_the_end() -> None:
    r = Prog()  # preparing: the educational track runs alongside everything else
    r("invite_speaker", id="sp1", name="Елена")
    r("schedule_event", event=event())
    r("cancel_event", event_id="e1", on=DAY, reason="Перенос")
    r("cancel", reason="Нет финансирования")
    assert r.p.state == "cancelled"
    r.refused(InvalidTrigger, lambda: r("invite_speaker", id="sp2", name="Игорь"))


def test_curators_run_events_and_mentors_may_not() -> None:
    r = matching()  # k1 is a curator, m1 a mentor
    r("invite_speaker", actor="k1", id="sp1", name="Елена")
    r("schedule_event", actor="k1", event=event())
    r.refused(PermissionDenied, lambda: r("hold_event", actor="m1", event_id="e1", on=DAY))
    r("hold_event", actor="k1", event_id="e1", on=DAY, attendee_ids=("m1",))


# -- holding and cancelling ---------------------------------------------------------------------


def test_holding_an_event_records_who_came() -> None:
    r = with_speakers(matching())
    r("schedule_event", event=event())
    r("hold_event", event_id="e1", on=DAY, attendee_ids=("m1", "t1"), guest_ids=("sp1", "x1"))
    e = r.p.data.cluster_event("e1").event
    assert (e.status, e.held_on, e.attendee_ids, e.guest_ids) == (
        EventStatus.HELD,
        DAY,
        ("m1", "t1"),
        ("sp1", "x1"),
    )


def test_attendees_are_participants_and_guests_are_not() -> None:
    r = with_speakers(matching())
    r("schedule_event", event=event())

    def hold(**fields: Any) -> Any:
        return lambda: r("hold_event", event_id="e1", on=DAY, **fields)

    err = r.refused(GuardFailed, hold(attendee_ids=("m1", "x", "y")), "attendees_participants")
    assert "attendees are the programme's mentors and mentees; not in it: x, y" in str(err)
    assert "count outside colleagues as guests" in str(err)
    err = r.refused(GuardFailed, hold(guest_ids=("t2",)), "guests_not_participants")
    assert "list them as attendee_ids: t2" in str(err)
    err = r.refused(GuardFailed, hold(), "has_participants")
    assert "nobody came" in str(err)


def test_an_event_is_not_held_on_a_future_day() -> None:
    r = with_speakers(matching())
    r("schedule_event", event=event())
    err = r.refused(
        GuardFailed,
        lambda: r("hold_event", event_id="e1", on=date(2026, 9, 3), attendee_ids=("m1",)),
        "not_future",
    )
    assert "2026-09-03 is after the day of this record" in str(err)
    r.refused(
        GuardFailed,
        lambda: r("cancel_event", event_id="e1", on=date(2026, 9, 3), reason="Перенос"),
        "not_future",
    )


def test_an_event_is_held_once_and_a_held_event_is_not_cancelled() -> None:
    r = with_speakers(matching())
    r("schedule_event", event=event())
    r("hold_event", event_id="e1", on=DAY, attendee_ids=("m1",))
    err = r.refused(
        GuardFailed,
        lambda: r("hold_event", event_id="e1", on=DAY, attendee_ids=("t1",)),
        "cluster_event_is_planned",
    )
    assert "event 'e1' is held already" in str(err)
    err = r.refused(
        GuardFailed,
        lambda: r("cancel_event", event_id="e1", on=DAY, reason="Ошибка"),
        "cluster_event_is_planned",
    )
    assert "event 'e1' is held already" in str(err)
    err = r.refused(
        GuardFailed,
        lambda: r("hold_event", event_id="e9", on=DAY, attendee_ids=("m1",)),
        "cluster_event_is_planned",
    )
    assert "event 'e9' is not in the programme; events: e1" in str(err)


def test_a_cancelled_event_keeps_its_reason_and_is_not_held() -> None:
    r = with_speakers(matching())
    r("schedule_event", event=event())
    r("cancel_event", event_id="e1", on=DAY, reason="Карантин")
    e = r.p.data.cluster_event("e1").event
    assert (e.status, e.cancel_reason) == (EventStatus.CANCELLED, "Карантин")
    err = r.refused(
        GuardFailed,
        lambda: r("hold_event", event_id="e1", on=DAY, attendee_ids=("m1",)),
        "cluster_event_is_planned",
    )
    assert "event 'e1' is cancelled already" in str(err)


def test_hold_payload_keeps_attendees_and_guests_apart() -> None:
    with pytest.raises(ValueError, match="guest_ids must not repeat attendee_ids: m1"):
        HoldClusterEvent("e1", DAY, attendee_ids=("m1",), guest_ids=("m1",))


# -- counts -------------------------------------------------------------------------------------


def test_attendance_and_participants_are_counted_per_cluster() -> None:
    r = at_work()
    cluster_one(r, {"e1": ("m1", "t1", "t2"), "e2": ("m1", "t2"), "e3": ("m1",)})
    r("schedule_event", event=event("f1", cluster=ClusterKind.FESTIVAL))
    r("hold_event", event_id="f1", on=DAY, attendee_ids=("m2", "m1"))
    r("schedule_event", event=event("e4"))  # planned, not held: counts for nobody
    d = r.p.data
    assert d.attended("m1") == 4
    assert d.attended("m1", ClusterKind.COMPETENCY_LEADERS) == 3
    assert d.attended("t2", ClusterKind.COMPETENCY_LEADERS) == 2
    assert d.attended("m2", ClusterKind.COMPETENCY_LEADERS) == 0
    assert d.attended("sp1") == 0
    assert d.cluster_participants(ClusterKind.COMPETENCY_LEADERS) == {"m1", "t1", "t2"}
    assert d.cluster_participants(ClusterKind.FESTIVAL) == {"m1", "m2"}
    assert d.cluster_participants(ClusterKind.NAVIGATORS_SCHOOL) == frozenset()
    f = r.p.figures()
    assert set(FIGURE_LABELS) == set(f)
    # m1, t1, t2 came to cluster 1; t1 and m1 are a pair too; m2 came only to the festival.
    assert (f["cluster_events_held"], f["first_cluster_participants"], f["speakers_invited"]) == (
        4,
        3,
        2,
    )


def test_a_formed_pair_counts_as_first_cluster_participants() -> None:
    r = at_work()
    assert r.p.figures()["first_cluster_participants"] == 2  # m1 and t1, no event yet
    assert r.p.figures()["cluster_events_held"] == 0


# -- the record ---------------------------------------------------------------------------------


def test_cluster_events_replay_and_read_back() -> None:
    r = at_work()
    cluster_one(r, {"e1": ("m1", "t1")})
    r("schedule_event", event=event("e4"))
    r("cancel_event", event_id="e4", on=DAY, reason="Перенос")
    wf = r.p.workflow
    assert replay(MENTORING_PROGRAMME, wf.events) == wf
    assert from_json(to_json(wf)) == wf


def test_programme_data_refuses_repeated_speakers_and_events() -> None:
    sp = Speaker(id="sp1", name="Елена")
    with pytest.raises(ValueError, match="sp1"):
        ProgrammeData(name="П", coordinator_ids=(C,), speakers=(sp, sp))
    with pytest.raises(ValueError, match="e1"):
        ProgrammeData(name="П", coordinator_ids=(C,), events=(event(), event()))


def test_a_document_with_a_repeated_event_is_refused_with_its_path() -> None:
    r = at_work()
    r("schedule_event", event=event())
    document = json.loads(to_json(r.p.workflow.data))
    document["data"]["events"].append(document["data"]["events"][0])
    with pytest.raises(InvalidData) as info:
        from_json(json.dumps(document))
    assert info.value.path.startswith("$.data.events")
