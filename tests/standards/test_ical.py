"""iCalendar: a community's events and work plan, a PLC's meetings, a pair's sessions.

Every calendar is written with ``to_ical`` and read back with ``Calendar.from_ical`` before
its fields are compared; UIDs, SEQUENCE and time stamps come from the event log.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from icalendar import Calendar
from tests.standards._ical_helpers import Club, by_summary, parsed

from pedcommunity import PLC_CYCLE, PlcData
from pedcommunity.adapters.ical import (
    NoCalendar,
    calendar_for,
    community_calendar,
    item_uid,
    plc_calendar,
    track_calendar,
)
from pedcommunity.adapters.ical._items import make_options
from pedcommunity.adapters.ical._sources import plc_items
from pedcommunity.errors import InvalidData, PedcommunityError, UnknownDefinition
from pedcommunity.model import (
    CommunityEvent,
    EventKind,
    FeedbackResponse,
    MeetingFormat,
    WorkPlan,
)
from pedcommunity.model.mentoring import MENTORING_FORMS
from pedcommunity.model.work_plans import PlannedActivity
from pedcommunity.workflows import (
    MENTORING_PROGRAMME,
    MENTORING_TRACK,
    Meeting,
    MeetingKind,
    ProgrammeData,
    SessionKind,
    TrackData,
    Workflow,
    fire,
    replay,
    resume,
    start,
)

YEKT = ZoneInfo("Asia/Yekaterinburg")


def _event(eid: str, day: date, kind: EventKind = EventKind.SEMINAR, **kw: Any) -> CommunityEvent:
    return CommunityEvent(id=eid, kind=kind, planned_on=day, topic="Ненасильственное общение", **kw)


def club_life() -> tuple[Club, dict[str, datetime]]:
    """A club that adopts a plan, schedules, holds late and cancels: when each thing happened."""
    club = Club(enforce_plan_rules=False)  # the seeds' rules ask a year of events
    when: dict[str, datetime] = {}
    plan = WorkPlan(
        id="2025-26",
        title="План работы клуба",
        starts=date(2025, 9, 1),
        ends=date(2025, 12, 31),
        events=[_event("p1", date(2025, 10, 14))],
        activities=[PlannedActivity(id="a1", title="Анкетирование", due=date(2025, 11, 28))],
    )
    when["plan"] = club("adopt_work_plan", plan=plan, on=club.today)
    when["e1"] = club("schedule_event", event=_event("e1", date(2025, 9, 20), EventKind.MEETUP))
    when["e2"] = club("schedule_event", event=_event("e2", date(2025, 9, 25), EventKind.WORKSHOP))
    club.today = date(2025, 9, 22)
    when["hold e1"] = club("hold_event", event_id="e1", on=date(2025, 9, 21), attendee_ids=("t1",))
    when["cancel e2"] = club("cancel_event", event_id="e2", on=club.today, reason="Карантин")
    club(
        "record_feedback",
        event_id="e1",
        on=club.today,
        responses=[FeedbackResponse(ratings={"u": 5})],
    )
    return club, when


@pytest.fixture(scope="module")
def life() -> tuple[Club, dict[str, datetime]]:
    return club_life()


# -- a community ----------------------------------------------------------------------------------


def test_a_communitys_events_and_plan_read_back(life: tuple[Club, dict[str, datetime]]) -> None:
    club, when = life
    cal = parsed(community_calendar(club.wf, zone=YEKT, tenant="school-95"))
    assert str(cal["X-WR-CALNAME"]) == "Профессиональный клуб"
    items = by_summary(cal)
    meetup = items["Митап: Ненасильственное общение"]
    # Held a day early: the calendar shows the day it took place, all-day (VALUE=DATE).
    assert meetup["DTSTART"].to_ical() == b"20250921"
    assert meetup["DTSTART"].params["VALUE"] == "DATE"
    assert meetup.decoded("DTEND") == date(2025, 9, 22)
    assert str(meetup["STATUS"]) == "CONFIRMED"
    assert meetup["SEQUENCE"] == 1  # scheduled, then held; the feedback changes nothing shown
    assert meetup.decoded("DTSTAMP") == when["hold e1"]
    assert meetup.decoded("CREATED") == when["e1"]
    assert [str(c) for c in meetup["CATEGORIES"].cats] == ["Митап", "Очно"]
    assert str(meetup["UID"]) == item_uid("school-95", "club", "event/e1")
    workshop = items["Практикум (мастер-класс): Ненасильственное общение"]
    assert (str(workshop["STATUS"]), workshop["SEQUENCE"]) == ("CANCELLED", 1)
    assert workshop.decoded("DTSTART") == date(2025, 9, 25)
    assert "Карантин" in str(workshop["DESCRIPTION"])
    assert workshop.decoded("LAST-MODIFIED") == when["cancel e2"]
    planned = items["Семинар (тренинг): Ненасильственное общение"]
    assert (planned.decoded("DTSTART"), planned["SEQUENCE"]) == (date(2025, 10, 14), 0)
    todo = items["Анкетирование"]
    assert todo.name == "VTODO" and todo.decoded("DUE") == date(2025, 11, 28)
    assert not cal.timezones  # all-day items only: no zone is used


def test_english_labels(life: tuple[Club, dict[str, datetime]]) -> None:
    club, _ = life
    items = by_summary(parsed(community_calendar(club.wf, zone=YEKT, lang="en")))
    assert "Meetup: Ненасильственное общение" in items
    assert [str(c) for c in items["Meetup: Ненасильственное общение"]["CATEGORIES"].cats] == [
        "Meetup",
        "In person",
    ]


def test_uids_are_stable_across_exports_replays_and_logs(
    life: tuple[Club, dict[str, datetime]],
) -> None:
    club, _ = life
    first = community_calendar(club.wf, zone=YEKT, tenant="t").to_ical()
    again = community_calendar(club.wf, zone=YEKT, tenant="t").to_ical()
    rebuilt = replay(club.wf.definition, club.wf.events)
    from_replay = community_calendar(rebuilt, zone=YEKT, tenant="t").to_ical()
    from_log = calendar_for(list(club.wf.events), zone=YEKT, tenant="t").to_ical()
    assert first == again == from_replay == from_log
    other_tenant = community_calendar(club.wf, zone=YEKT, tenant="u")
    uids = {str(e["UID"]) for e in Calendar.from_ical(first).walk("VEVENT")}
    assert uids.isdisjoint(str(e["UID"]) for e in other_tenant.walk("VEVENT"))


def test_sequence_grows_with_each_change() -> None:
    club = Club()
    club("schedule_event", event=_event("e1", date(2025, 9, 30)))
    before = by_summary(parsed(community_calendar(club.wf, zone=YEKT)))
    (old,) = before.values()
    at = club("cancel_event", event_id="e1", on=club.today, reason="Болезнь")
    (new,) = by_summary(parsed(community_calendar(club.wf, zone=YEKT))).values()
    assert str(new["UID"]) == str(old["UID"])
    assert new["SEQUENCE"] == old["SEQUENCE"] + 1
    assert new.decoded("DTSTAMP") == at > old.decoded("DTSTAMP")


# -- a PLC ----------------------------------------------------------------------------------------


def plc_with_meetings() -> Workflow:
    at = datetime(2025, 9, 2, 12, 30, tzinfo=UTC)
    plc = start(
        PLC_CYCLE,
        PlcData(name="ПОС: Мастерские роста", leader_id="head"),
        id="plc-95",
        actor="head",
        at=at,
    )
    for t in ("a", "b", "c"):
        fire(plc, "join", actor=t, at=at, teacher_id=t)
    fire(plc, "hold_meeting", actor="head", at=at, kind=MeetingKind.ORGANISATIONAL)
    fire(
        plc,
        "hold_meeting",
        actor="head",
        at=at + timedelta(days=7),
        online=True,
        kind=MeetingKind.AGREEMENT,
    )
    return plc


def test_a_plcs_meetings_are_timed_in_the_hosts_zone() -> None:
    cal = parsed(
        plc_calendar(plc_with_meetings(), zone="Asia/Yekaterinburg", duration=timedelta(minutes=90))
    )
    first, second = cal.walk("VEVENT")
    assert first["DTSTART"].to_ical() == b"20250902T173000"
    assert first["DTSTART"].params["TZID"] == "Asia/Yekaterinburg"
    assert first.decoded("DTEND") - first.decoded("DTSTART") == timedelta(minutes=90)
    assert str(first["SUMMARY"]) == "Организационная встреча: ПОС: Мастерские роста"
    assert [str(c) for c in second["CATEGORIES"].cats][-1] == "Онлайн"
    assert [tz.tz_name for tz in cal.timezones] == ["Asia/Yekaterinburg"]
    assert cal.get_missing_tzids() == set()


# -- a mentoring track ----------------------------------------------------------------------------


def track_in_work() -> tuple[Workflow, datetime]:
    from tests.unit.test_mentoring_track import MENTEE, MENTOR, PLAN, REQUEST

    at = datetime(2026, 9, 1, 8, tzinfo=UTC)
    data = TrackData(
        form=MENTORING_FORMS["traditional"],
        mentees=(MENTEE,),
        request=REQUEST,
        coordinator_ids=("coord",),
    )
    wf = start(MENTORING_TRACK, data, id="tr1", actor="t1", at=at)
    for trigger, actor, fields in (
        ("propose", "coord", {"mentor": MENTOR}),
        ("accept", "m1", {}),
        ("accept", "t1", {}),
        ("set_plan", "m1", {"plan": PLAN}),
        ("begin", "m1", {}),
        ("log_session", "m1", {"format": MeetingFormat.ONLINE}),
        ("log_session", "t1", {"kind": SessionKind.CHECK_IN}),
    ):
        at += timedelta(days=1)
        fire(wf, trigger, actor=actor, at=at, **fields)
    return wf, at


def test_a_pairs_sessions_and_milestones() -> None:
    wf, at = track_in_work()
    items = by_summary(parsed(track_calendar(wf, zone=YEKT, lang="en")))
    session = items["Session: Traditional mentoring"]
    assert session.decoded("DTSTART") == wf.data.sessions[0].at.astimezone(YEKT)
    milestone = items["Milestone: Открытый урок"]
    assert milestone.decoded("DTSTART") == (wf.data.started_at + timedelta(days=30)).date()
    assert (str(milestone["STATUS"]), milestone["SEQUENCE"]) == ("CONFIRMED", 0)
    fire(wf, "close_early", actor="coord", at=at + timedelta(days=1), reason="переезд")
    closed = by_summary(parsed(track_calendar(wf, zone=YEKT, lang="en")))
    dropped = closed["Milestone: Открытый урок"]
    assert (str(dropped["STATUS"]), dropped["SEQUENCE"]) == ("CANCELLED", 1)
    assert str(dropped["UID"]) == str(milestone["UID"])


# -- refusals -------------------------------------------------------------------------------------


def refused(call: Any, error: type[PedcommunityError], fragment: str, wf: Workflow) -> Any:
    """``call`` raises ``error`` saying ``fragment``, and the workflow is as it was."""
    before = (wf.state, wf.data, list(wf.events))
    with pytest.raises(error) as info:
        call()
    assert fragment in str(info.value), info.value
    assert (wf.state, wf.data, list(wf.events)) == before
    return info.value


@pytest.mark.parametrize(
    ("options", "path", "fragment"),
    [
        ({"zone": "Mars/Olympus"}, "$.zone", "unknown time zone 'Mars/Olympus'"),
        ({"zone": "../etc/passwd"}, "$.zone", "unknown time zone"),
        ({"zone": 5}, "$.zone", "a zone name or a ZoneInfo"),
        ({"zone": YEKT, "lang": "de"}, "$.lang", "'ru' or 'en'"),
        ({"zone": YEKT, "duration": timedelta(0)}, "$.duration", "positive timedelta"),
        ({"zone": YEKT, "duration": 60}, "$.duration", "positive timedelta"),
        ({"zone": YEKT, "tenant": 7}, "$.tenant", "a tenant is a string"),
        ({"zone": YEKT, "series": "club"}, "$.series", "list of CalendarSeries"),
    ],
)
def test_bad_options_are_refused(options: dict[str, Any], path: str, fragment: str) -> None:
    wf = plc_with_meetings()
    err = refused(lambda: calendar_for(wf, **options), InvalidData, fragment, wf)
    assert err.path == path


def test_a_naive_datetime_is_refused() -> None:
    wf = plc_with_meetings()
    with attrs.validators.disabled():  # a log read from somewhere that skipped the checks
        naive = attrs.evolve(wf.events[-1], at=datetime(2025, 9, 20, 15))
    log = [*wf.events[:-1], naive]
    with pytest.raises(InvalidData, match="timezone-aware datetime") as info:
        calendar_for(log, zone=YEKT)
    assert info.value.path == "$.events[5].at"
    with attrs.validators.disabled():  # data that skipped the checks meets the sources
        meeting = Meeting(kind=MeetingKind.WORKING, at=datetime(2025, 9, 20, 15))
        data = attrs.evolve(wf.data, meetings=(*wf.data.meetings, meeting))
    with pytest.raises(InvalidData, match="timezone-aware datetime") as info:
        plc_items(data, make_options(zone=YEKT), ())
    assert info.value.path == "$.data.meetings[2].at"


def test_a_workflow_without_a_calendar_is_refused() -> None:
    at = datetime(2026, 9, 1, tzinfo=UTC)
    prog = start(
        MENTORING_PROGRAMME,
        ProgrammeData(name="П", coordinator_ids=("c",)),
        id="pi",
        actor="c",
        at=at,
    )
    err = refused(lambda: calendar_for(prog, zone=YEKT), NoCalendar, "has no calendar", prog)
    assert isinstance(err, UnknownDefinition)
    assert err.name == "mentoring_programme" and "plc_cycle@2" in err.known
    plc = plc_with_meetings()
    refused(lambda: community_calendar(plc, zone=YEKT), NoCalendar, "'community_life@1'", plc)


def test_a_log_or_snapshot_that_cannot_give_the_history_is_refused() -> None:
    plc = plc_with_meetings()
    with pytest.raises(InvalidData, match="must begin with a 'start'") as info:
        calendar_for([], zone=YEKT)
    assert info.value.path == "$.events[0]"
    with pytest.raises(InvalidData, match="a Workflow or its list of DomainEvents"):
        calendar_for("plc-95", zone=YEKT)  # type: ignore[arg-type]
    tail = resume(
        PLC_CYCLE,
        id=plc.id,
        state=plc.state,
        data=plc.data,
        version=plc.version,
        at=plc.events[-1].at,
    )
    refused(lambda: calendar_for(tail, zone=YEKT), InvalidData, "whole event log", tail)
