"""Contests, internships, publications in a media outlet and project products (seeds 000, 001).

Each new trigger of community_life@1: what it records, every refusal (the guard, a fragment of
its reason, and that nothing changed), who may fire it, and the indicators read from a small
hand-written log.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs
import pytest
from tests.unit.test_community_workflow import EC, EX, Life, club

from pedcommunity.errors import InvalidData, PermissionDenied
from pedcommunity.model import (
    PROFESSIONAL_CONTESTS,
    Contest,
    ContestEntry,
    ContestLevel,
    ContestOutcome,
    Internship,
    InternshipStatus,
    MethodicalMaterial,
    ParticipationMode,
    Partner,
    PartnerKind,
    ProjectGroup,
    ProjectProductKind,
)
from pedcommunity.monitoring import (
    CONTEST_AWARDS,
    CONTEST_ENTRIES,
    CONTEST_PARTICIPANTS,
    GROWTH_INDICATORS,
    INTERNS,
    INTERNSHIPS_COMPLETED,
    OUTLET_PUBLICATIONS,
    PROJECT_PRODUCTS,
    CommunityLog,
    Period,
)
from pedcommunity.workflows import COMMUNITY_LIFE, fire, replay

D = date(2025, 9, 5)  # every member of club() has joined by then
TOTY = PROFESSIONAL_CONTESTS[0]
IND, TEAM = ParticipationMode.INDIVIDUAL, ParticipationMode.TEAM


def entry(eid: str = "ce1", people: tuple[str, ...] = ("a",), **kw: object) -> ContestEntry:
    mode = IND if len(people) == 1 else TEAM
    return ContestEntry(id=eid, contest=TOTY, mode=mode, participant_ids=people, entered_on=D, **kw)  # type: ignore[arg-type]


def internship(iid: str = "in1", interns: tuple[str, ...] = ("b",), **kw: Any) -> Internship:
    fields: dict[str, object] = {
        "intern_ids": interns,
        "host": "МАОУ СОШ № 5",
        "topic": "Формирующее оценивание",
        "starts_on": date(2025, 9, 10),
        "ends_on": date(2025, 9, 20),
    } | kw
    return Internship(id=iid, **fields)  # type: ignore[arg-type]


# -- the model --------------------------------------------------------------------------------


def test_the_seed_contests_and_labels() -> None:
    """Seed 001's three contests, levels left open; every enum is labelled in both languages."""
    assert [c.id for c in PROFESSIONAL_CONTESTS] == [
        "teacher_of_the_year",
        "teacher_of_the_future",
        "two_stars",
    ]
    assert [c.name.ru for c in PROFESSIONAL_CONTESTS] == [
        "Педагог года",
        "Учитель будущего",
        "Две звезды",
    ]
    assert all(c.level is None for c in PROFESSIONAL_CONTESTS)
    assert ContestLevel.MUNICIPAL.label.ru == "Муниципальный"
    assert [o for o in ContestOutcome if o.is_award] == [
        ContestOutcome.LAUREATE,
        ContestOutcome.PRIZE_WINNER,
        ContestOutcome.WINNER,
    ]
    assert PartnerKind.MEDIA.label.ru == "Сетевое издание (СМИ)"
    assert ProjectProductKind.SEMINAR_SERIES.label.en == "Series of seminars"


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"mode": IND, "participant_ids": ("a", "b")}, "exactly one participant, got 2"),
        ({"mode": TEAM, "participant_ids": ("a",)}, "at least two participants, got 1"),
        ({"mode": IND, "participant_ids": ()}, "exactly one participant, got 0"),
        ({"mentor_id": "a"}, "mentor_id 'a' must not be one of the participant_ids"),
        ({"outcome": ContestOutcome.WINNER}, "set together"),
        ({"outcome_on": D}, "set together"),
        (
            {"outcome": ContestOutcome.WINNER, "outcome_on": date(2025, 8, 31)},
            "must not be before entered_on (2025-09-05)",
        ),
    ],
)
def test_contest_entry_validators(fields: dict[str, object], words: str) -> None:
    """An individual entry names one person, a team two or more; results come dated."""
    base: dict[str, object] = {
        "id": "ce1",
        "contest": TOTY,
        "mode": IND,
        "participant_ids": ("a",),
        "entered_on": D,
    }
    with pytest.raises(ValueError, match=words.replace("(", r"\(").replace(")", r"\)")):
        ContestEntry(**(base | fields))  # type: ignore[arg-type]


def test_contest_validators() -> None:
    """A contest has an id, a Label name and, if known, a ContestLevel."""
    with pytest.raises(TypeError):
        Contest(id="c", name="Педагог года")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Contest(id="c", name=TOTY.name, level="regional")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"intern_ids": ()}, "at least one intern"),
        ({"ends_on": date(2025, 9, 9)}, "must not be before starts_on"),
        ({"supervisor_id": "b"}, "supervisor_id 'b' must not be one of the intern_ids"),
        ({"status": InternshipStatus.COMPLETED}, "closed_on is set exactly when"),
        ({"closed_on": date(2025, 9, 20)}, "closed_on is set exactly when"),
        (
            {"status": InternshipStatus.COMPLETED, "closed_on": date(2025, 9, 9)},
            "closes on or after it starts",
        ),
    ],
)
def test_internship_validators(fields: dict[str, Any], words: str) -> None:
    """Interns, a period in order, a supervisor who is not an intern, a consistent close."""
    with pytest.raises(ValueError, match=words):
        internship(**fields)


def test_a_cancelled_internship_may_close_before_it_starts() -> None:
    i = internship(status=InternshipStatus.CANCELLED, closed_on=date(2025, 9, 1))
    assert not i.is_open


def test_project_product_material_needs_a_kind() -> None:
    with pytest.raises(ValueError, match="needs product_kind"):
        ProjectGroup(id="pg", task="Т", formed=D, product_material_id="m1")


# -- contests ---------------------------------------------------------------------------------


def test_enter_a_contest_and_record_its_result() -> None:
    """A member enters alone, a team enters together; the result is recorded once."""
    life = club()
    life("enter_contest", entry=entry("ce1", ("a",)))
    life("enter_contest", entry=entry("ce2", ("b", "c"), mentor_id="a"))
    life("record_contest_result", entry_id="ce2", outcome=ContestOutcome.WINNER, on=life.today)
    e = life.data.contest_entry("ce2")
    assert e is not None and e.outcome is ContestOutcome.WINNER and e.outcome_on == date(2025, 9, 7)
    assert life.data.contest_entry("ce1") == entry("ce1", ("a",))


def test_contest_refusals() -> None:
    """Every guard of enter_contest and record_contest_result, and nothing changes."""
    life = club()
    life("enter_contest", entry=entry("ce1"))
    err = life.guard("enter_contest", entry=entry("ce1", ("b",)))
    assert err.guard == "contest_entry_new" and "'ce1' is taken" in err.reason
    err = life.guard("enter_contest", entry=entry("ce2", ("a", "z")))
    assert err.guard == "contestants_members"
    assert "members on the day they entered (2025-09-05); not members: z" in err.reason
    early = attrs.evolve(entry("ce3"), entered_on=date(2025, 8, 31))
    assert life.guard("enter_contest", entry=early).guard == "contestants_members"
    future = attrs.evolve(entry("ce4"), entered_on=date(2030, 1, 1))
    assert life.guard("enter_contest", entry=future).guard == "not_future"

    win = {"outcome": ContestOutcome.WINNER}
    err = life.guard("record_contest_result", entry_id="ce9", on=life.today, **win)
    assert err.guard == "contest_entry_listed" and "entries: ce1" in err.reason
    err = life.guard("record_contest_result", entry_id="ce1", on=date(2025, 8, 31), **win)
    assert err.guard == "result_after_entry" and "was entered on 2025-09-05" in err.reason
    life("record_contest_result", entry_id="ce1", on=life.today, **win)
    err = life.guard("record_contest_result", entry_id="ce1", on=life.today, **win)
    assert err.guard == "result_once" and "'ce1' has its result already: winner" in err.reason


def test_an_entry_with_a_result_is_invalid_data() -> None:
    """The entry of enter_contest has no result yet: InvalidData, nothing changes."""
    life = club()
    done = entry(outcome=ContestOutcome.WINNER, outcome_on=D)
    err = life.refused(InvalidData, "enter_contest", entry=done)
    assert "must have no result yet" in str(err)


def test_who_enters_a_contest() -> None:
    """A member enters themselves or their team; a committee, the council, the administrator
    enter anyone; a member may not enter somebody else."""
    life = club()
    fire(life.wf, "enter_contest", actor="a", at=life._at(), entry=entry("ce1", ("a", "b")))
    before = (life.wf.data, tuple(life.wf.events))
    with pytest.raises(PermissionDenied):
        fire(life.wf, "enter_contest", actor="a", at=life._at(), entry=entry("ce2", ("b",)))
    with pytest.raises(PermissionDenied):
        fire(
            life.wf,
            "record_contest_result",
            actor="a",
            at=life._at(),
            entry_id="ce1",
            outcome=ContestOutcome.WINNER,
            on=D,
        )
    assert (life.wf.data, tuple(life.wf.events)) == before


# -- internships ------------------------------------------------------------------------------


def test_arrange_and_close_internships() -> None:
    """Arranged for current members; completed with an outcome, or cancelled."""
    life = club()
    life("arrange_internship", internship=internship("in1", supervisor_id="host-1"))
    life("arrange_internship", internship=internship("in2", ("c", "d")))
    life.today = date(2025, 9, 21)
    life("close_internship", internship_id="in1", on=date(2025, 9, 20), completed=True,
         outcome="Открытый урок")  # fmt: skip
    life("close_internship", internship_id="in2", on=life.today, completed=False)
    i1, i2 = life.data.internships
    assert (i1.status, i1.closed_on, i1.outcome) == (
        InternshipStatus.COMPLETED,
        date(2025, 9, 20),
        "Открытый урок",
    )
    assert i2.status is InternshipStatus.CANCELLED and i2.outcome is None


def test_internship_refusals() -> None:
    """Every guard of arrange_internship and close_internship, and nothing changes."""
    life = club()
    life("arrange_internship", internship=internship("in1"))
    err = life.guard("arrange_internship", internship=internship("in1"))
    assert err.guard == "internship_new" and "'in1' is taken" in err.reason
    err = life.guard("arrange_internship", internship=internship("in2", ("b", "z")))
    assert err.guard == "interns_members" and "not members: z" in err.reason
    done = internship("in3", status=InternshipStatus.COMPLETED, closed_on=date(2025, 9, 20))
    assert "must be planned" in str(
        life.refused(InvalidData, "arrange_internship", internship=done)
    )

    err = life.guard("close_internship", internship_id="in9", on=life.today, completed=True)
    assert err.guard == "internship_open" and "planned internships: in1" in err.reason
    err = life.guard("close_internship", internship_id="in1", on=life.today, completed=True)
    assert err.guard == "closes_after_start"
    assert "ends on or after it starts (2025-09-10)" in err.reason
    future = life.guard(
        "close_internship", internship_id="in1", on=date(2030, 1, 1), completed=True
    )
    assert future.guard == "not_future"
    life("close_internship", internship_id="in1", on=life.today, completed=False)
    err = life.guard("close_internship", internship_id="in1", on=life.today, completed=False)
    assert err.guard == "internship_open" and "is cancelled already" in err.reason


# -- publications in a media outlet -----------------------------------------------------------


def material(mid: str, on: date, outlet: str | None = "pedmir") -> MethodicalMaterial:
    return MethodicalMaterial(
        id=mid, title="Кейс", author_ids=("a",), published_on=on, outlet_id=outlet
    )


def test_publish_in_a_media_outlet() -> None:
    """The outlet is a media partner since the day of publication or earlier."""
    life = club()
    err = life.guard("publish_material", material=material("m1", life.today))
    assert err.guard == "outlet_is_media_partner"
    assert err.reason == (
        "outlet 'pedmir' is not a media partner of the community since 2025-09-05 or earlier; "
        "media partners: none; add it with add_partner first"
    )
    uni = Partner(id="tsu", name="ТюмГУ", kind=PartnerKind.UNIVERSITY, since=life.today)
    life("add_partner", partner=uni)
    outlet = Partner(id="pedmir", name="Педмир", kind=PartnerKind.MEDIA, since=life.today)
    life("add_partner", partner=outlet)
    # A university is no outlet; an outlet that became a partner later does not count.
    err = life.guard("publish_material", material=material("m1", life.today, "tsu"))
    assert err.guard == "outlet_is_media_partner" and "media partners: pedmir (since" in err.reason
    err = life.guard("publish_material", material=material("m1", date(2025, 9, 5)))
    assert err.guard == "outlet_is_media_partner"
    life("publish_material", material=material("m1", life.today))
    life("publish_material", material=material("m2", life.today, outlet=None))
    assert [m.outlet_id for m in life.data.materials] == ["pedmir", None]


# -- project-group products -------------------------------------------------------------------


def test_a_project_group_names_its_product() -> None:
    """Closing names the kind and, when it is one, the material; an unknown one is refused."""
    life = club()
    life("publish_material", material=material("m1", life.today, outlet=None))
    group = ProjectGroup(id="pg1", task="Пособие", formed=life.today, member_ids=("a", "b"))
    life("form_project_group", group=group)
    manual = ProjectProductKind.METHODICAL_MANUAL
    err = life.guard(
        "close_project_group",
        group_id="pg1",
        on=life.today,
        product_kind=manual,
        product_material_id="m9",
    )
    assert err.guard == "material_known"
    assert "material 'm9' is not among the community's materials; materials: m1" in err.reason
    bad = attrs.evolve(group, id="pg2", product_kind=manual, product_material_id="m9")
    assert life.guard("form_project_group", group=bad).guard == "material_known"
    err = life.refused(
        InvalidData, "close_project_group", group_id="pg1", on=life.today, product_material_id="m1"
    )
    assert "needs product_kind" in str(err)
    life(
        "close_project_group",
        group_id="pg1",
        on=life.today,
        product_kind=manual,
        product_material_id="m1",
    )
    g = life.data.group("pg1")
    assert g is not None and (g.product_kind, g.product_material_id) == (manual, "m1")


def test_closing_keeps_the_product_the_group_was_formed_for() -> None:
    life = club()
    group = ProjectGroup(
        id="pg1", task="Курс", formed=life.today, product_kind=ProjectProductKind.COURSE
    )
    life("form_project_group", group=group)
    life("close_project_group", group_id="pg1", on=life.today)
    g = life.data.group("pg1")
    assert g is not None and g.product_kind is ProjectProductKind.COURSE


# -- indicators -------------------------------------------------------------------------------


def grown() -> Life:
    """September 2025: 4 members; 3 entries (2 awards in September, 1 in October); 2
    internships (one completed in September, one cancelled); 2 materials, one in an outlet;
    2 project groups closed, one with a product."""
    life = club(("a", EX), ("b", EC), ("c", EX), ("d", EC))
    outlet = Partner(id="pedmir", name="Педмир", kind=PartnerKind.MEDIA, since=life.today)
    life("add_partner", partner=outlet)
    life("enter_contest", entry=entry("ce1", ("a",)))
    life("enter_contest", entry=entry("ce2", ("a", "b")))
    life("enter_contest", entry=entry("ce3", ("c",)))
    life("record_contest_result", entry_id="ce1", outcome=ContestOutcome.WINNER, on=life.today)
    life("record_contest_result", entry_id="ce2", outcome=ContestOutcome.PARTICIPANT, on=life.today)
    life("arrange_internship", internship=internship("in1", ("b", "d")))
    life("arrange_internship", internship=internship("in2", ("c",)))
    life("publish_material", material=material("m1", life.today))
    life("publish_material", material=material("m2", life.today, outlet=None))
    for gid, kind in (("pg1", ProjectProductKind.COURSE), ("pg2", None)):
        group = ProjectGroup(id=gid, task="Т", formed=life.today, product_kind=kind)
        life("form_project_group", group=group)
    life.today = date(2025, 9, 25)
    life("close_internship", internship_id="in1", on=date(2025, 9, 20), completed=True)
    life("close_internship", internship_id="in2", on=life.today, completed=False)
    life("close_project_group", group_id="pg1", on=life.today)
    life("close_project_group", group_id="pg2", on=life.today)
    life.today = date(2025, 10, 2)
    life("record_contest_result", entry_id="ce3", outcome=ContestOutcome.LAUREATE, on=life.today)
    return life


def test_growth_indicators_on_a_small_log() -> None:
    """Every growth indicator of September and October, computed by hand."""
    wf = grown().wf
    assert replay(COMMUNITY_LIFE, wf.events) == wf
    log = CommunityLog(wf)
    sept = Period(start=date(2025, 9, 1), end=date(2025, 9, 30))
    octo = Period(start=date(2025, 10, 1), end=date(2025, 10, 31))

    def values(period: Period) -> dict[str, float | None]:
        return {i.name: i.measure(log, period) for i in GROWTH_INDICATORS}

    sept_values = values(sept)
    assert {k: v for k, v in sept_values.items() if not k.startswith("library")} == {
        CONTEST_ENTRIES.name: 3.0,
        CONTEST_PARTICIPANTS.name: 3.0,  # a, b, c
        CONTEST_AWARDS.name: 1.0,  # ce1 won; ce2 took part; ce3's result came in October
        INTERNSHIPS_COMPLETED.name: 1.0,
        INTERNS.name: 2.0,  # b and d; in2 was cancelled
        OUTLET_PUBLICATIONS.name: 1.0,
        PROJECT_PRODUCTS.name: 1.0,
    }
    assert values(octo)[CONTEST_AWARDS.name] == 1.0
    assert values(octo)[CONTEST_ENTRIES.name] == 0.0
