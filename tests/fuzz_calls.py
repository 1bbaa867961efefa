"""The parts of the escape checker: wrong calls, right calls, mutated documents, and the probe.

The promise under test is pedcommunity's error contract, checked from outside the library:
whatever a caller passes to a workflow call, the call either succeeds or raises a
:class:`~pedcommunity.errors.PedcommunityError`; a refused call leaves everything exactly as it
was; an accepted call leaves a workflow that replays to itself and reads back equal from its
JSON document. A JSON document, however mangled, reads back as an object that round-trips, or
is refused with a :class:`~pedcommunity.errors.PedcommunityError`.

- :func:`fire_calls` draws a call of :func:`pedcommunity.workflows.fire` (or of the track's
  ``tick``) on one workflow, wrong in one *aspect* (:data:`ASPECTS`: the trigger, the actor,
  the host's access policy, the time, the payload, the expected version) or right: right
  values come from the workflow's own data and log (its members, topics, jurors...), so some
  calls are accepted and move the workflow on. :func:`engine_calls` does the same for
  ``start``, ``replay``, ``commit`` and ``preview``.
- :func:`programme_calls` does the same for the methods of
  :class:`~pedcommunity.workflows.MentoringProgramme`, which :func:`programmes` drives.
- :func:`probe` makes one call on a :class:`WorkflowSubject` or :class:`ProgrammeSubject` and
  returns an :class:`Escape` when the promise is broken, else ``None``; :func:`zone_escape`
  checks that an aware time is never refused for its zone.
- :func:`mutated_documents` draws mutations of a JSON document and :func:`probe_document`
  reads one back; :func:`python_mutations` and :func:`probe_python_document` do the same for
  :func:`~pedcommunity.adapters.json.from_dict` with values no JSON parser makes.

Who may fire what: when a definition declares permissions (``definition.permissions`` and
``definition.roles_of``), a right call's actor is mostly someone those give a role that may
fire the trigger (and, for a trigger that acts for someone, that someone); without them,
:data:`TRIGGER_ROLES` says which of the people :func:`roles` reads from the data
(:data:`ROLE_READERS`) to prefer. Adapting the checker to new roles means editing those two
tables; :func:`_actor_for` is the one place that picks actors.

Odd values (a string of 100,000 characters, a list nested 100,000 deep, an integer of 5,000
digits) are drawn as :class:`Odd` placeholders with a short name and built only when the call
is made, so a failing example prints readably.
"""

from __future__ import annotations

import contextlib
import inspect
import json
import math
import traceback
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from enum import Enum
from types import NoneType, SimpleNamespace, UnionType
from typing import Any, Union, get_args, get_origin, get_type_hints
from zoneinfo import ZoneInfo

import attrs
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy
from tests.strategies import aware_datetimes, cyrillic_texts, ids, labels
from tests.strategies_all import STRATEGIES
from tests.strategies_mentoring import _plan, _request, _teacher

from pedcommunity.adapters.json import from_dict, from_json, make_converter, to_json
from pedcommunity.clock import ManualClock
from pedcommunity.errors import PedcommunityError
from pedcommunity.i18n import Label
from pedcommunity.model import DomainEvent, FrozenMap
from pedcommunity.model._fields import is_id
from pedcommunity.model.festival import MENTORS_OF_YUGRA
from pedcommunity.model.leaders import Leader, LeaderLevel
from pedcommunity.services import MentoringProgramme
from pedcommunity.workflows import (
    MENTORING_TRACK,
    SYSTEM_ACTOR,
    Outcome,
    ProgrammeData,
    ProgrammeReport,
    ProgrammeRules,
    TrackRules,
    Workflow,
    commit,
    fire,
    preview,
    replay,
    standard_definitions,
    start,
    tick,
)

__all__ = [
    "ASPECTS",
    "CONVERTER",
    "DEFINITIONS",
    "ENGINE_ASPECTS",
    "PROGRAMME_ASPECTS",
    "Call",
    "Escape",
    "Odd",
    "ProgrammeSubject",
    "WorkflowSubject",
    "describe_escapes",
    "engine_calls",
    "fire_calls",
    "mutated_documents",
    "probe",
    "probe_document",
    "probe_python_document",
    "programme_calls",
    "programmes",
    "python_mutations",
    "roles",
    "shown",
    "sweep_payloads",
    "zone_escape",
]

#: One converter for every check (``make_converter()`` per call costs ~20 times more).
CONVERTER = make_converter()

#: The standard definitions by name.
DEFINITIONS = {d.name: d for d in standard_definitions()}

# -- odd values ---------------------------------------------------------------------------------


@attrs.frozen(repr=False)
class Odd:
    """A value with a short printable name, built fresh when the call is made."""

    name: str
    make: Callable[[], Any] = attrs.field(eq=False)

    def __repr__(self) -> str:
        return self.name


def odd(name: str, value: Any) -> Odd:
    """An :class:`Odd` that stands for ``value`` (shared: use it only for immutable values)."""
    return Odd(name, lambda: value)


def build(value: Any, depth: int = 0) -> Any:
    """``value`` with every :class:`Odd` in its outer lists, tuples and dicts built.

    Only the outer three levels are looked at: a deep value is the library's test, not ours.
    """
    if isinstance(value, Odd):
        return value.make()
    if depth > 3:
        return value
    if type(value) is list:
        return [build(v, depth + 1) for v in value]
    if type(value) is tuple:
        return tuple(build(v, depth + 1) for v in value)
    if type(value) is dict:
        return {k: build(v, depth + 1) for k, v in value.items()}
    return value


def nested(depth: int) -> list[Any]:
    """A list nested ``depth`` deep: ``[[[...]]]``."""
    value: list[Any] = []
    for _ in range(depth):
        value = [value]
    return value


class NoOffset(tzinfo):
    """A tzinfo that is set but gives no offset: such a datetime is naive in disguise."""

    def utcoffset(self, dt: datetime | None) -> timedelta | None:
        return None

    def dst(self, dt: datetime | None) -> timedelta | None:
        return None

    def tzname(self, dt: datetime | None) -> str | None:
        return None

    def __repr__(self) -> str:
        return "NoOffset()"


class Colour(Enum):
    """An enum of no workflow: its members are wrong for every enum field."""

    RED = "red"


class IdString(str):
    """A str subclass: a user's own string type."""

    __slots__ = ()


def short(value: Any, depth: int = 0) -> str:
    """A short repr of ``value`` that never recurses deeply nor prints huge texts or numbers."""
    if isinstance(value, Odd):
        return value.name
    if isinstance(value, Workflow):
        return f"<{value.definition.key} {value.id!r} in {value.state!r}, {value.version} events>"
    if isinstance(value, str | bytes):
        return repr(value) if len(value) <= 40 else f"{value[:12]!r}...<{len(value)} long>"
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 64:
        return f"<int of {value.bit_length()} bits>"
    if type(value) in (list, tuple):
        if depth >= 3:
            return "[...]" if type(value) is list else "(...)"
        items = [short(v, depth + 1) for v in value[:4]]
        if len(value) > 4:
            items.append(f"...<{len(value)} items>")
        inner = ", ".join(items)
        return f"[{inner}]" if type(value) is list else f"({inner}{',' if len(value) == 1 else ''})"
    if type(value) is dict:
        if depth >= 3:
            return "{...}"
        pairs = [f"{short(k, 3)}: {short(v, depth + 1)}" for k, v in list(value.items())[:4]]
        return "{" + ", ".join(pairs) + ("" if len(value) <= 4 else ", ...") + "}"
    try:
        text = repr(value)
    except Exception:  # a value whose repr fails is still a value to print
        text = f"<{type(value).__name__}>"
    return text if len(text) <= 160 else text[:150] + "...>"


_LONG = "x" * 100_000
_BIG = 10**5000  # more digits than int-to-str allows by default (4300)

#: Values wrong for any payload field, simplest first (hypothesis shrinks towards the first).
WRONG_VALUES: tuple[Odd, ...] = (
    odd("None", None),
    odd("5", 5),
    odd("''", ""),
    odd("' '", " "),
    odd("-1", -1),
    odd("0", 0),
    odd("True", True),
    odd("1.5", 1.5),
    odd("b'x'", b"x"),
    Odd("[]", list),
    Odd("[5]", lambda: [5]),
    Odd("[None]", lambda: [None]),
    Odd("['a b']", lambda: ["a b"]),
    Odd("{'a': 1}", lambda: {"a": 1}),
    odd("'a b'", "a b"),
    odd("'Анна'", "Анна"),
    odd("'t1\\n'", "t1\n"),
    odd("'x' * 129", "x" * 129),
    odd("'x' * 100_000", _LONG),
    odd("nan", math.nan),
    odd("inf", math.inf),
    odd("-inf", -math.inf),
    odd("10**100", 10**100),
    odd("10**5000", _BIG),
    Odd("nested list 1000 deep", lambda: nested(1000)),
    # Hypothesis raises the recursion limit while a test runs: only a deeper value shows
    # the library recursing over a caller's value.
    Odd("nested list 100,000 deep", lambda: nested(100_000)),
    Odd("set()", set),
    Odd("object()", object),
    odd("Colour.RED", Colour.RED),
    odd("date(2025, 1, 1)", date(2025, 1, 1)),
    odd("datetime(2025, 1, 1) (naive)", datetime(2025, 1, 1)),
    odd("Label(ru='Да', en='Yes')", Label(ru="Да", en="Yes")),
    Odd("iter(['a'])", lambda: iter(["a"])),
)

#: Wrong trigger names that do not depend on the workflow.
WRONG_TRIGGERS: tuple[Odd, ...] = (
    odd("5", 5),
    odd("None", None),
    odd("b'x'", b"x"),
    Odd("['join']", lambda: ["join"]),
    odd("''", ""),
    odd("'nope'", "nope"),
    odd("'JOIN'", "JOIN"),
    odd("' join'", " join"),
    odd("'*'", "*"),
    odd("'start'", "start"),
    odd("'sync_track'", "sync_track"),
    odd("1.5", 1.5),
    Odd("{'a': 1}", lambda: {"a": 1}),
    Odd("object()", object),
    odd("'x' * 100_000", _LONG),
    odd("Colour.RED", Colour.RED),
)

#: Wrong actors: not an id string of 1-128 characters of letters, digits and ``_.:@/-``.
WRONG_ACTORS: tuple[Odd, ...] = (
    odd("''", ""),
    odd("' '", " "),
    odd("'a b'", "a b"),
    odd("5", 5),
    odd("None", None),
    odd("'x' * 100_000", _LONG),
    odd("'x' * 129", "x" * 129),
    odd("'Анна'", "Анна"),
    odd("'t1\\n'", "t1\n"),
    odd("'-t1'", "-t1"),
    odd("b't1'", b"t1"),
    Odd("['t1']", lambda: ["t1"]),
    odd("True", True),
    odd("1.5", 1.5),
    Odd("object()", object),
)

# -- reading a workflow: its ids, objects and people --------------------------------------------


def _snake(name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name).lstrip("_")


@attrs.frozen
class Pool:
    """What a workflow's data and log hold: ids by the field that holds them, objects by class.

    ``ids`` keys are a field's name (``members``), ``Class.field`` (``Topic.id``) and, for a
    class's ``id``, ``class_id`` (``topic_id``).
    """

    ids: Mapping[str, tuple[str, ...]]
    objects: Mapping[type, tuple[Any, ...]]
    everything: tuple[str, ...]

    def ids_for(self, field: str) -> tuple[str, ...]:
        """Ids a payload field named ``field`` could take from this workflow."""
        keys = (field, *_ALIASES.get(field, ()))
        if field.endswith("_id"):
            keys += (f"{''.join(p.title() for p in field[:-3].split('_'))}.id",)
        found = [i for k in keys for i in self.ids.get(k, ())]
        return tuple(dict.fromkeys(found))


#: Where a payload field's right ids live in a workflow's data (beyond same-named fields).
_ALIASES: dict[str, tuple[str, ...]] = {
    "teacher_id": ("members", "Teacher.id", "mentee_ids", "CommunityMembership.teacher_id"),
    "juror_id": ("jury",),
    "coach_id": ("coaches",),
    "leader_id": ("Teacher.id", "trained"),
    "leader_ids": ("Teacher.id", "trained"),
    "attendees": ("members", "Teacher.id", "CommunityMembership.teacher_id"),
    "attendee_ids": ("CommunityMembership.teacher_id", "members"),
    "guest_ids": ("Teacher.id",),
    "member_ids": ("CommunityMembership.teacher_id", "members"),
    "lead_id": ("CommunityMembership.teacher_id", "member_ids"),
    "entry_id": ("FestivalEntry.id",),
    "activity_id": ("Activity.id", "RoadmapItem.id"),
    "result_id": ("RoadmapItem.id",),
    "event_id": ("CommunityEvent.id",),
    "group_id": ("ProjectGroup.id",),
    "condition_id": ("required_conditions", "conditions"),
    "track_id": ("tracks{key}",),
    "competency_id": ("Competency.id", "competency_ids"),
    "competency_ids": ("Competency.id", "competency_id"),
    "values{key}": ("Criterion.id",),
    "festival_id": ("festival_ids",),
}


def _collect(value: Any, field: str, owner: str, pool: dict[str, list[str]], objs: Any) -> None:
    stack: list[tuple[Any, str, str]] = [(value, field, owner)]
    while stack:
        x, name, cls = stack.pop()
        if attrs.has(type(x)):
            objs.setdefault(type(x), []).append(x)
            kind = type(x).__name__
            for a in attrs.fields(type(x)):
                stack.append((getattr(x, a.name), a.name, kind))
        elif isinstance(x, tuple | list):
            stack.extend((v, name, cls) for v in x)
        elif isinstance(x, Mapping):
            for k, v in x.items():
                stack.append((k, f"{name}{{key}}", cls))
                stack.append((v, name, cls))
        elif isinstance(x, str) and is_id(x):
            for key in (name, f"{cls}.{name}"):
                pool.setdefault(key, []).append(x)
            if name == "id":
                pool.setdefault(f"{_snake(cls)}_id", []).append(x)


def pool_of(wf: Workflow) -> Pool:
    """The ids and objects ``wf``'s data and event payloads hold."""
    found: dict[str, list[str]] = {}
    objs: dict[type, list[Any]] = {}
    _collect(wf.data, "data", "", found, objs)
    for e in wf.events[1:]:
        if e.payload is not None:
            _collect(e.payload, "payload", "", found, objs)
    everything = tuple(dict.fromkeys(i for v in found.values() for i in v))
    return Pool(
        ids={k: tuple(dict.fromkeys(v)) for k, v in found.items()},
        objects={k: tuple(v) for k, v in objs.items()},
        everything=everything,
    )


def _plc_roles(d: Any) -> dict[str, tuple[str, ...]]:
    return {"member": d.members}


def _track_roles(d: Any) -> dict[str, tuple[str, ...]]:
    out = {"mentee": d.mentee_ids, "coordinator": d.coordinator_ids, "system": (SYSTEM_ACTOR,)}
    if d.mentor is not None:
        out["mentor"] = (d.mentor.id,)
    if d.candidate_id is not None:
        out["candidate"] = (d.candidate_id,)
    if d.curator_id is not None:
        out["curator"] = (d.curator_id,)
    if d.open_proposal is not None:
        out["awaited"] = d.open_proposal.awaiting
    return out


def _programme_roles(d: Any) -> dict[str, tuple[str, ...]]:
    return {
        "coordinator": d.coordinator_ids,
        "curator": tuple(c.teacher_id for c in d.curators),
        "mentee": tuple(m.id for m in d.mentees),
        "leader": tuple(x.id for x in d.leaders),
    }


def _festival_roles(d: Any) -> dict[str, tuple[str, ...]]:
    return {
        "juror": d.jury,
        "mentor": tuple(e.mentor_id for e in d.entries),
        "mentee": tuple(m for e in d.entries for m in e.mentee_ids),
    }


def _school_roles(d: Any) -> dict[str, tuple[str, ...]]:
    return {
        "coach": d.coaches,
        "leader": tuple(x.id for x in d.cohort),
        "host": () if d.host_id is None else (d.host_id,),
    }


def _initiative_roles(d: Any) -> dict[str, tuple[str, ...]]:
    return {
        "proposer": (d.proposer.id,),
        "reviewer": tuple(x for x in (d.reviewer_id, d.decided_by) if x is not None),
    }


def _community_roles(d: Any) -> dict[str, tuple[str, ...]]:
    return {
        "member": tuple(m.teacher_id for m in d.members),
        "council": tuple(s.teacher_id for s in d.council),
        "lead": tuple(c.lead_id for c in d.committees if getattr(c, "lead_id", None)),
    }


#: Who holds which role in a workflow, read from its data, by definition name. Every workflow
#: also has the ``starter`` (who started it) and ``recorded`` (everyone in its log).
ROLE_READERS: dict[str, Callable[[Any], dict[str, tuple[str, ...]]]] = {
    "plc_cycle": _plc_roles,
    "mentoring_track": _track_roles,
    "mentoring_programme": _programme_roles,
    "festival": _festival_roles,
    "navigators_school": _school_roles,
    "initiative": _initiative_roles,
    "community_life": _community_roles,
}

#: Roles to prefer for a trigger, when the definition says who may fire it (definition name,
#: trigger) -> roles; a right call draws from these roles half of the time.
TRIGGER_ROLES: dict[tuple[str, str], tuple[str, ...]] = {
    ("mentoring_track", "accept"): ("awaited",),
    ("mentoring_track", "decline"): ("awaited",),
    ("mentoring_track", "rank_mentors"): ("mentee",),
    ("mentoring_track", "request_mentor"): ("mentee",),
    ("mentoring_track", "propose"): ("coordinator", "curator"),
    ("mentoring_track", "publish"): ("coordinator", "curator"),
    ("mentoring_track", "rate_progress"): ("mentor",),
    ("mentoring_track", "lapse"): ("system",),
    ("mentoring_track", "cascade"): ("system",),
    ("mentoring_programme", "*"): ("coordinator",),
    ("festival", "*"): ("starter",),
    ("navigators_school", "*"): ("starter",),
    ("roadmap", "*"): ("starter",),
    ("community_life", "*"): ("starter", "council"),
    ("initiative", "withdraw"): ("proposer",),
    ("initiative", "*"): ("starter", "reviewer", "recorded"),
    ("plc_cycle", "*"): ("starter", "member"),
    ("project", "*"): ("starter",),
}


def roles(wf: Workflow) -> dict[str, tuple[str, ...]]:
    """The people of ``wf`` by role (only roles someone holds), read from its data and log."""
    reader = ROLE_READERS.get(wf.definition.name)
    try:
        found = dict(reader(wf.data)) if reader is not None else {}
    except AttributeError:  # the data's fields changed: fall back on the log
        found = {}
    found["starter"] = (wf.events[0].actor,)
    found["recorded"] = tuple(dict.fromkeys(e.actor for e in wf.events))
    return {k: tuple(v) for k, v in found.items() if v}


def _permission(wf: Workflow, trigger: str) -> Any:
    """The definition's permission for ``trigger``, if it declares permissions."""
    permissions = getattr(wf.definition, "permissions", None)
    return permissions.get(trigger) if permissions else None


def _roles_held(wf: Workflow, actor: str) -> frozenset[str]:
    """The roles the definition's own resolver gives ``actor`` in ``wf`` (none without one)."""
    resolver = getattr(wf.definition, "roles_of", None)
    return frozenset() if resolver is None else frozenset(resolver(wf.data, actor))


def _actor_for(
    draw: Callable[..., Any], wf: Workflow, trigger: str, fields: Mapping[str, Any] | None = None
) -> str:
    """A person of ``wf`` to fire ``trigger``: mostly one who may, sometimes anyone.

    With the definition's permissions, people who hold a role that may fire it (and, for a
    trigger that acts for someone, that someone); without them, :data:`TRIGGER_ROLES`.
    """
    people = roles(wf)
    everyone = sorted({p for ids_ in people.values() for p in ids_} | set(pool_of(wf).everything))
    permission = _permission(wf, trigger)
    if permission is not None:
        holders = [p for p in everyone if permission.admits(_roles_held(wf, p))]
        try:
            subjects = permission.subjects(SimpleNamespace(**(fields or {})))
        except Exception:  # a drawn field of an odd shape: no subject to act for
            subjects = ()
        own = [s for s in subjects if permission.open or _roles_held(wf, s) & permission.roles]
        choice = draw(st.integers(0, 5))
        if own and choice < 3:
            return str(draw(st.sampled_from(own)))
        if holders and choice < 5:
            return str(draw(st.sampled_from(holders)))
        return str(draw(st.sampled_from(everyone)))
    name = wf.definition.name
    preferred = TRIGGER_ROLES.get((name, trigger)) or TRIGGER_ROLES.get((name, "*")) or ()
    usable = [r for r in preferred if r in people]
    if usable and draw(st.booleans()):
        role = draw(st.sampled_from(usable))
    else:
        role = draw(st.sampled_from(sorted(people)))
    return str(draw(st.sampled_from(people[role])))


class Shown:
    """A drawn workflow or programme that hypothesis prints as one line (as it was drawn)."""

    __slots__ = ("text", "value")

    def __init__(self, value: Any) -> None:
        self.value = value
        # Calls change the value afterwards: keep what was drawn.
        if isinstance(value, MentoringProgramme):
            tracks = ", ".join(f"{k}: {t.state}" for k, t in sorted(value.tracks.items()))
            self.text = f"{short(value.workflow)} with tracks {{{tracks}}}"
        else:
            self.text = short(value)

    def __repr__(self) -> str:
        return self.text

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(self.text)


def shown(strategy: SearchStrategy[Any]) -> SearchStrategy[Shown]:
    """``strategy`` with its values wrapped in :class:`Shown`."""
    return strategy.map(Shown)


# -- times --------------------------------------------------------------------------------------

_ZONES: tuple[tzinfo, ...] = (
    UTC,
    timezone(timedelta(hours=3)),
    timezone(timedelta(hours=-9, minutes=-30)),
    timezone(timedelta(hours=5, minutes=45)),
    ZoneInfo("Europe/Moscow"),
    ZoneInfo("Asia/Kamchatka"),
    ZoneInfo("America/New_York"),
)

_DAY_US = 24 * 3600 * 10**6


def last_time(wf: Workflow) -> datetime:
    """When ``wf``'s last event happened."""
    return wf.events[-1].at


def right_times(after: datetime) -> SearchStrategy[datetime]:
    """Times not before ``after``: the same instant, soon, or much later, in various zones."""
    delta = st.one_of(
        st.just(0),
        st.integers(0, 3 * _DAY_US),
        st.integers(0, 400 * _DAY_US),
    )
    return st.builds(_later, st.just(after), delta, st.sampled_from(_ZONES))


def _later(after: datetime, us: int, zone: tzinfo) -> datetime:
    # At the end of the calendar (a workflow that accepted datetime.max) time cannot move.
    try:
        return (after + timedelta(microseconds=us)).astimezone(zone)
    except (OverflowError, ValueError):
        return after


def _day(at: datetime, days: int) -> date:
    try:
        return at.date() + timedelta(days=days)
    except OverflowError:  # the edge of the calendar
        return at.date()


def wrong_times(after: datetime) -> SearchStrategy[Odd]:
    """Malformed times, times before ``after``, and times at the edges of the calendar."""
    naive = after.replace(tzinfo=None)
    return st.sampled_from(
        (
            odd("naive datetime", naive),
            odd("None", None),
            odd("ISO string", after.isoformat()),
            odd("date", after.date()),
            odd("0", 0),
            odd("POSIX timestamp", after.timestamp()),
            odd("1 microsecond before the last event", after - timedelta(microseconds=1)),
            odd("a day before the last event", after - timedelta(days=1)),
            odd("datetime with a tzinfo that gives no offset", naive.replace(tzinfo=NoOffset())),
            odd("time of day", after.timetz()),
            odd("timedelta", timedelta(days=1)),
            odd("datetime.max (UTC)", datetime.max.replace(tzinfo=UTC)),
            odd(
                "datetime.max in UTC-12",
                datetime.max.replace(tzinfo=timezone(-timedelta(hours=12))),
            ),
            odd("datetime.min (UTC)", datetime.min.replace(tzinfo=UTC)),
        )
    )


# -- payload values -----------------------------------------------------------------------------

_FRESH_ID = ids(max_size=12)
_TEXT = cyrillic_texts(10)


def _is_optional(hint: Any) -> tuple[bool, Any]:
    if get_origin(hint) in (Union, UnionType):
        args = [a for a in get_args(hint) if a is not NoneType]
        if len(args) < len(get_args(hint)):
            return True, args[0] if len(args) == 1 else Union[tuple(args)]  # noqa: UP007
    return False, hint


def _is_id_field(field: str) -> bool:
    return field == "id" or field.endswith(("_id", "_ids")) or field in _ALIASES


def right_values(hint: Any, field: str, pool: Pool, at: datetime) -> SearchStrategy[Any]:
    """Values of type ``hint`` a payload field ``field`` could rightly take in this workflow."""
    optional, hint = _is_optional(hint)
    strategy = _right(hint, field, pool, at)
    return st.none() | strategy if optional else strategy


def _right(hint: Any, field: str, pool: Pool, at: datetime) -> SearchStrategy[Any]:
    origin = get_origin(hint)
    if hint is str:
        if _is_id_field(field):
            known = pool.ids_for(field)
            if known:
                return st.sampled_from(known) | _FRESH_ID
            return st.sampled_from(pool.everything) | _FRESH_ID if pool.everything else _FRESH_ID
        return _TEXT
    if hint is bool:
        return st.booleans()
    if hint is int:
        return st.integers(0, 12) | st.integers(-1, 400)
    if hint is float:
        return st.floats(0, 1)
    if isinstance(hint, type) and issubclass(hint, Enum):
        return st.sampled_from(hint)
    if hint is datetime:
        return right_times(at)
    if hint is date:
        return st.integers(-3, 40).map(lambda d: _day(at, d))
    if origin is tuple or origin is list:
        item = get_args(hint)[0]
        singular = field[:-1] if field.endswith("s") else field
        items = _right(item, singular if item is not str else field, pool, at)
        unique = item is str
        return st.lists(items, max_size=3, unique=unique).map(tuple)
    if origin is FrozenMap or origin is dict:
        key, value = get_args(hint)
        keys = _right(key, f"{field}{{key}}", pool, at)
        return st.dictionaries(keys, _right(value, field, pool, at), min_size=1, max_size=3)
    if isinstance(hint, type) and attrs.has(hint):
        found = pool.objects.get(hint, ())
        fresh = STRATEGIES[hint] if hint in STRATEGIES else st.builds(hint)
        return st.sampled_from(found) | fresh if found else fresh
    return st.nothing()


def wrong_values(hint: Any, field: str) -> SearchStrategy[Any]:
    """Values of the wrong type or form for a field of type ``hint``."""
    _, hint = _is_optional(hint)
    special: list[Odd] = []
    if isinstance(hint, type) and issubclass(hint, Enum):
        first = next(iter(hint))
        special += [
            odd(f"{first.value!r} (the value, not the member)", first.value),
            odd(f"{first.name!r} (the name)", first.name),
        ]
    if hint is date:
        special.append(odd("a datetime where a date is due", datetime(2025, 1, 1, 12, tzinfo=UTC)))
        special.append(odd("'2025-01-01'", "2025-01-01"))
    if hint is int:
        special += [odd("'5'", "5"), odd("5.0", 5.0)]
    if get_origin(hint) in (tuple, list):
        special += [odd("'abc' (a string for a tuple)", "abc"), Odd("generator", lambda: iter(()))]
        item = get_args(hint)[0]
        if isinstance(item, type) and attrs.has(item):
            special.append(Odd(f"[{item.__name__} as a dict]", lambda: [{"x": 1}]))
    if isinstance(hint, type) and attrs.has(hint):
        special.append(Odd(f"{{}} (a dict for {hint.__name__})", dict))
    return st.sampled_from((*special, *WRONG_VALUES))


def payload_hints(cls: type) -> dict[str, Any]:
    """The payload class's fields and their resolved types."""
    hints = get_type_hints(cls)
    return {a.name: hints[a.name] for a in attrs.fields(cls)}


def _required(cls: type) -> list[str]:
    return [a.name for a in attrs.fields(cls) if a.default is attrs.NOTHING]


# -- rebuilding payloads from the log -----------------------------------------------------------


def substitute(value: Any, old: str, new: str) -> Any:
    """``value`` with every string ``old`` inside it replaced by ``new`` (attrs objects rebuilt)."""
    if isinstance(value, str):
        return new if value == old else value
    if attrs.has(type(value)):
        changes = {}
        for a in attrs.fields(type(value)):
            if not a.init:
                continue
            before = getattr(value, a.name)
            after = substitute(before, old, new)
            if after is not before:
                changes[a.name.lstrip("_")] = after
        return attrs.evolve(value, **changes) if changes else value
    if isinstance(value, tuple | list):
        items = [substitute(v, old, new) for v in value]
        if all(a is b for a, b in zip(items, value, strict=True)):
            return value
        return type(value)(items) if type(value) in (tuple, list) else tuple(items)
    if isinstance(value, Mapping):
        pairs = {substitute(k, old, new): substitute(v, old, new) for k, v in value.items()}
        return FrozenMap(pairs) if isinstance(value, FrozenMap) else pairs
    return value


def _logged_fields(draw: Callable[..., Any], wf: Workflow, trigger: str) -> dict[str, Any] | None:
    """The fields of a payload this trigger took before, with one id swapped for another."""
    logged = [e.payload for e in wf.events[1:] if e.trigger == trigger and e.payload is not None]
    if not logged:
        return None
    payload = draw(st.sampled_from(logged))
    inside: dict[str, list[str]] = {}
    _collect(payload, "payload", "", inside, {})
    strings = sorted({i for v in inside.values() for i in v})
    if strings and draw(st.booleans()):
        old = draw(st.sampled_from(strings))
        pool = pool_of(wf)
        new = draw(st.sampled_from(pool.everything) | _FRESH_ID if pool.everything else _FRESH_ID)
        # A swap may break a rule of the payload class itself: keep the logged payload then.
        with contextlib.suppress(TypeError, ValueError):
            payload = substitute(payload, old, new)
    return {a.name: getattr(payload, a.name) for a in attrs.fields(type(payload))}


# -- calls --------------------------------------------------------------------------------------

#: A parameter that is not passed at all.
NOT_GIVEN: Any = Odd("<not given>", lambda: None)


class Call:
    """One call: ``method(*args, **kwargs)`` on a subject, and which way it is wrong (``kind``).

    For a workflow, ``method`` is ``fire`` or ``tick``; for a programme, a method's name.
    ``clock`` is the time a programme's clock shows during the call (``NOT_GIVEN``: its own).
    """

    __slots__ = ("args", "clock", "kind", "kwargs", "method")

    def __init__(
        self,
        method: str,
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
        kind: str,
        clock: Any = NOT_GIVEN,
    ) -> None:
        self.method = method
        self.args = args
        self.kwargs = kwargs
        self.kind = kind
        self.clock = clock

    def __repr__(self) -> str:
        parts = [short(a) for a in self.args]
        parts += [f"{k}={short(v)}" for k, v in self.kwargs.items() if v is not NOT_GIVEN]
        clock = "" if self.clock is NOT_GIVEN else f"  [clock shows {short(self.clock)}]"
        return f"{self.method}({', '.join(parts)})  # {self.kind}{clock}"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        # Hypothesis prints drawn values with its pretty printer: print the short form.
        printer.text(repr(self))


@attrs.frozen
class FireArgs:
    """The parts of a ``fire`` call: trigger, payload, actor, time and payload fields."""

    trigger: Any
    payload: Any
    actor: Any
    at: Any
    fields: dict[str, Any]
    kind: str


#: The ways a call on a workflow is wrong; ``right`` calls are meant to be right (and often are).
ASPECTS = ("trigger", "actor", "policy", "at", "payload", "version", "right")


@st.composite
def fire_args(draw: Callable[..., Any], wf: Workflow, aspect: str) -> FireArgs:
    """The parts of a ``fire`` call on ``wf``, wrong in ``aspect`` (or right: ``"right"``)."""
    definition = wf.definition
    allowed = [t for t in wf.allowed() if t != "sync_track"]
    every = [t.name for t in definition.triggers]
    if aspect != "trigger" and allowed and draw(st.integers(0, 9)):
        trigger = draw(st.sampled_from(allowed))
    else:
        trigger = draw(st.sampled_from(every))
    at = draw(right_times(last_time(wf)))
    payload: Any = None
    fields = _right_fields(draw, wf, trigger, at)
    actor: Any = _actor_for(draw, wf, trigger, fields)
    kind = "right"
    if aspect == "trigger":
        others = sorted({t.name for d in DEFINITIONS.values() for t in d.triggers} - set(every))
        not_now = sorted(set(every) - set(allowed))
        choices: list[Any] = list(WRONG_TRIGGERS)
        choices += [odd(repr(t), t) for t in not_now + others[:20]]
        choices += [odd(f"{t!r} + ' '", t + " ") for t in allowed[:3]]
        trigger = draw(st.sampled_from(choices))
        name = build(trigger)
        known = isinstance(name, str) and name in every
        fields = _right_fields(draw, wf, name, at) if known else {}
        kind = f"trigger {trigger!r}" + (" (not allowed now)" if name in not_now else "")
    elif aspect == "actor":
        actor = draw(st.sampled_from(WRONG_ACTORS))
        kind = f"actor {actor!r}"
    elif aspect == "at":
        at = draw(wrong_times(last_time(wf)))
        kind = f"at: {at!r}"
    elif aspect == "payload":
        payload, fields, kind = _wrong_payload(draw, wf, trigger, fields)
    elif draw(st.integers(0, 3)) == 0 and fields is not None:
        spec = definition.trigger(trigger)
        if spec.payload is not None:
            # The same payload as an object rather than fields.
            try:
                payload = spec.payload(**fields)
                fields = {}
            except (TypeError, ValueError):
                pass
    return FireArgs(trigger, payload, actor, at, fields or {}, kind)


def _right_fields(
    draw: Callable[..., Any], wf: Workflow, trigger: str, at: datetime
) -> dict[str, Any]:
    spec = wf.definition.trigger(trigger)
    if spec.payload is None:
        return {}
    if draw(st.booleans()):
        logged = _logged_fields(draw, wf, trigger)
        if logged is not None:
            return logged
    pool = pool_of(wf)
    hints = payload_hints(spec.payload)
    required = set(_required(spec.payload))
    out = {}
    for name, hint in hints.items():
        if name in required or draw(st.booleans()):
            out[name] = draw(right_values(hint, name, pool, at), label=f"{trigger}.{name}")
    return out


def _wrong_payload(
    draw: Callable[..., Any], wf: Workflow, trigger: str, fields: dict[str, Any]
) -> tuple[Any, dict[str, Any], str]:
    spec = wf.definition.trigger(trigger)
    cls = spec.payload
    others = [
        t.payload
        for d in DEFINITIONS.values()
        for t in d.triggers
        if t.payload is not None and t.payload is not cls
    ]
    if cls is None:
        how = draw(st.sampled_from(("fields", "object")))
        if how == "fields":
            return None, {"reason": draw(st.sampled_from(WRONG_VALUES))}, "fields for no payload"
        wrong = draw(st.sampled_from(others))
        obj = draw(STRATEGIES[wrong])
        return obj, {}, f"a {wrong.__name__} for no payload"
    hints = payload_hints(cls)
    how = draw(
        st.sampled_from(
            ("wrong value", "missing", "extra", "wrong object", "object and fields", "wrong item")
        )
    )
    if how == "missing":
        required = _required(cls)
        if required:
            gone = draw(st.sampled_from(required))
            rest = {k: v for k, v in fields.items() if k != gone}
            return None, rest, f"missing {cls.__name__}.{gone}"
        how = "extra"
    if how == "extra":
        extra = draw(st.sampled_from(("colour", "actor_id", "id", "_private", "on_behalf_of")))
        return None, {**fields, extra: draw(st.sampled_from(WRONG_VALUES))}, f"extra field {extra}"
    if how == "wrong object":
        wrong_obj = draw(
            st.sampled_from(others).flatmap(lambda c: STRATEGIES[c])
            | st.sampled_from(WRONG_VALUES)
            | st.just(dict(fields))
        )
        shown = repr(wrong_obj) if isinstance(wrong_obj, Odd) else f"a {type(wrong_obj).__name__}"
        return wrong_obj, {}, f"{shown} for a {cls.__name__}"
    if how == "object and fields":
        try:
            obj = cls(**fields)
        except (TypeError, ValueError):
            return None, fields, "right fields"
        return obj, dict(fields), "both an object and fields"
    name = draw(st.sampled_from(sorted(hints)))
    hint = hints[name]
    if how == "wrong item" and get_origin(_is_optional(hint)[1]) in (tuple, list):
        bad = draw(st.sampled_from(WRONG_VALUES))
        good = list(fields.get(name) or ())
        return None, {**fields, name: [*good, bad]}, f"{cls.__name__}.{name} with item {bad!r}"
    bad = draw(wrong_values(hint, name))
    return None, {**fields, name: bad}, f"{cls.__name__}.{name} = {bad!r}"


#: Whether :func:`fire` takes the host's access policy (``policy=``).
_TAKES_POLICY = "policy" in inspect.signature(fire).parameters


class _RolesFromNowhere:
    """A policy object whose ``roles`` returns something that is not a set of role names."""

    def roles(self, definition: Any, workflow_id: str, data: Any, actor: str) -> Any:
        return 5


#: Policies a host could pass by mistake.
WRONG_POLICIES: tuple[Odd, ...] = (
    odd("5", 5),
    odd("'admin'", "admin"),
    Odd("object()", object),
    Odd("{'roles': ...} (a dict)", lambda: {"roles": ["leader"]}),
    Odd("a policy whose roles() returns 5", _RolesFromNowhere),
)


@st.composite
def fire_calls(draw: Callable[..., Any], wf: Workflow, aspect: str) -> Call:
    """A call of ``fire`` (or, on a mentoring track, of ``tick``) on ``wf``, wrong in ``aspect``."""
    if wf.definition is MENTORING_TRACK and draw(st.integers(0, 5)) == 0:
        after = last_time(wf)
        now: Any = draw(wrong_times(after)) if aspect == "at" else draw(right_times(after))
        actor: Any = NOT_GIVEN
        if aspect == "actor":
            actor = draw(st.sampled_from(WRONG_ACTORS))
        elif draw(st.booleans()):
            actor = _actor_for(draw, wf, "lapse")
        kind = "tick " + (aspect if aspect in ("at", "actor") else "right")
        return Call("tick", (wf, now), {"actor": actor}, kind)
    a = draw(fire_args(wf, aspect))
    kwargs = {"actor": a.actor, "at": a.at, **a.fields}
    kind = a.kind
    if aspect == "policy" and _TAKES_POLICY:
        # The host's access policy, when fire takes one, is the other half of "who".
        kwargs["policy"] = draw(st.sampled_from(WRONG_POLICIES))
        kind = f"policy={kwargs['policy']!r}"
    if aspect == "version":
        version = draw(
            st.sampled_from((wf.version - 1, wf.version + 1, 0, -1)) | st.sampled_from(WRONG_VALUES)
        )
        kwargs["expected_version"] = version
        kind = f"expected_version={version!r}"
    elif aspect == "right" and draw(st.integers(0, 5)) == 0:
        kwargs["expected_version"] = wf.version
    return Call("fire", (wf, a.trigger, a.payload), kwargs, kind)


ENGINE_ASPECTS = ("start", "replay", "commit", "preview")


@st.composite
def engine_calls(draw: Callable[..., Any], wf: Workflow, aspect: str) -> Call:
    """A call of ``start``, ``replay``, ``commit`` or ``preview`` around ``wf``, often wrong."""
    definition = wf.definition
    if aspect == "preview":
        a = draw(fire_args(wf, draw(st.sampled_from(ASPECTS))))
        kwargs = {"actor": a.actor, "at": a.at, **a.fields}
        return Call("preview", (wf, a.trigger, a.payload), kwargs, a.kind)
    if aspect == "start":
        data_type = definition.data_type
        data: Any = wf.data
        if data_type in STRATEGIES and draw(st.booleans()):
            data = draw(STRATEGIES[data_type])
        wid: Any = draw(_FRESH_ID)
        actor: Any = wf.events[0].actor
        at: Any = draw(aware_datetimes())
        which = draw(st.sampled_from(("right", "data", "id", "actor", "at")))
        if which == "data":
            other = [
                d.data_type for d in DEFINITIONS.values() if d.data_type not in (data_type, None)
            ]
            data = draw(
                st.sampled_from(WRONG_VALUES)
                | st.sampled_from(other).flatmap(STRATEGIES.__getitem__)
            )
        elif which == "id":
            wid = draw(st.sampled_from(WRONG_ACTORS))
        elif which == "actor":
            actor = draw(st.sampled_from(WRONG_ACTORS))
        elif which == "at":
            at = draw(wrong_times(last_time(wf)))
        kwargs = {"id": wid, "actor": actor, "at": at}
        shown = repr(data) if isinstance(data, Odd) else f"<{type(data).__name__}>"
        return Call("start", (definition, odd(shown, data)), kwargs, f"start {which}")
    if aspect == "replay":
        events = list(wf.events)
        others = [d for d in DEFINITIONS.values() if d is not definition]
        n = len(events)
        choices: list[Odd] = [
            odd("[]", []),
            odd("None", None),
            odd("5", 5),
            odd("'abc'", "abc"),
            Odd("[None]", lambda: [None]),
            Odd("[{}]", lambda: [{}]),
            Odd("[<start>, 'x']", lambda: [events[0], "x"]),
            Odd("iter(events)", lambda: iter(events)),
            odd("events reversed", events[::-1]),
            odd("events without the first", events[1:]),
            odd("the events twice", events + events[1:]),
        ]
        if n > 2:
            i = draw(st.integers(1, n - 2))
            choices += [
                odd(f"events without event {i}", events[:i] + events[i + 1 :]),
                odd(f"events {i} and {i + 1} swapped", _swapped(events, i)),
                odd(
                    f"event {i} a day earlier",
                    _evolved(events, i, at=events[i].at - timedelta(days=1)),
                ),
                odd(f"event {i} with payload 'x'", _evolved(events, i, payload="x")),
                odd(f"event {i} without payload", _evolved(events, i, payload=None)),
            ]
        choices.append(odd("right", events))
        value = draw(st.sampled_from(choices))
        definition_arg: Any = definition
        if draw(st.integers(0, 5)) == 0:
            definition_arg = draw(
                st.sampled_from(others).map(lambda d: odd(d.key, d)) | st.sampled_from(WRONG_VALUES)
            )
        return Call("replay", (definition_arg, value), {}, f"replay {value!r}")
    # commit: an outcome of a right call, or a wrong or forged one
    a = draw(fire_args(wf, "right"))
    try:
        outcome: Any = preview(wf, a.trigger, a.payload, actor=a.actor, at=a.at, **a.fields)
    except PedcommunityError:
        outcome = None
    choices = [odd("None", None), odd("'x'", "x"), Odd("object()", object)]
    if outcome is not None:
        event = outcome.event
        choices += [
            odd("a right outcome", outcome),
            odd("an outcome into an unknown state", attrs.evolve(outcome, state="nope")),
            odd("an outcome with data None", attrs.evolve(outcome, data=None)),
            odd(
                "an outcome of another workflow",
                attrs.evolve(outcome, event=attrs.evolve(event, workflow_id="other")),
            ),
            odd(
                "an outcome one event ahead",
                attrs.evolve(outcome, event=attrs.evolve(event, sequence=event.sequence + 1)),
            ),
            odd("an outcome whose event is 'x'", attrs.evolve(outcome, event="x")),
        ]
    value = draw(st.sampled_from(choices))
    return Call("commit", (wf, value), {}, f"commit {value!r}")


def _swapped(events: list[DomainEvent], i: int) -> list[DomainEvent]:
    out = list(events)
    out[i], out[i + 1] = out[i + 1], out[i]
    return out


def _evolved(events: list[DomainEvent], i: int, **changes: Any) -> list[DomainEvent]:
    out = list(events)
    out[i] = attrs.evolve(out[i], **changes)
    return out


#: How many triggers one sweep of a workflow tries.
SWEEP_TRIGGERS = 5


def sweep_payloads(draw: Callable[..., Any], wf: Workflow) -> list[Escape]:
    """Every wrong value in every payload field of triggers ``wf`` accepts now.

    Each trigger's other fields are right (a logged payload of it, or drawn from the data) and
    so is its actor; each call is made on a copy of ``wf``. Returns the escapes, one per field
    and kind of escape.
    """
    at = last_time(wf)
    found: dict[tuple[str, str, str], Escape] = {}
    triggers = [t for t in wf.allowed() if t != "sync_track" and wf.definition.trigger(t).payload]
    # A bounded sweep: some states allow fifteen triggers; examples draw different ones.
    for trigger in draw(st.permutations(triggers))[:SWEEP_TRIGGERS]:
        spec = wf.definition.trigger(trigger)
        assert spec.payload is not None
        logged = [e.payload for e in wf.events[1:] if e.trigger == trigger]
        if logged:
            base = {a.name: getattr(logged[-1], a.name) for a in attrs.fields(spec.payload)}
        else:
            base = _right_fields(draw, wf, trigger, at)
        actor = _actor_for(draw, wf, trigger, base)
        for field, hint in payload_hints(spec.payload).items():
            for bad in wrong_values(hint, field).elements:  # type: ignore[attr-defined]
                copy = attrs.evolve(wf, events=list(wf.events))
                kind = f"{spec.payload.__name__}.{field} = {bad!r}"
                call = Call(
                    "fire",
                    (copy, trigger, None),
                    {"actor": actor, "at": at, **base, field: bad},
                    kind,
                )
                escape = probe(WorkflowSubject(copy, light=True), call)
                name = f"{spec.payload.__name__}.{field}"
                if escape is not None:
                    key = (escape.kind, name, escape.where)
                    found.setdefault(key, attrs.evolve(escape, field=name))
    return list(found.values())


def describe_escapes(escapes: Iterable[Escape]) -> str:
    """Escapes grouped by cause: one example of each, and the fields that showed it."""
    groups: dict[tuple[str, str, str], list[Escape]] = {}
    for e in escapes:
        groups.setdefault(e.cause, []).append(e)
    parts = []
    for same in groups.values():
        fields = sorted({e.field for e in same if e.field})
        tail = f"\n  fields: {', '.join(fields)}" if fields else ""
        parts.append(f"{same[0]}{tail}")
    return f"{len(groups)} causes:\n\n" + "\n\n".join(parts)


# -- the probe ----------------------------------------------------------------------------------


@attrs.frozen
class Escape:
    """A broken promise: what kind, the call, what happened, and where in the library."""

    kind: str
    call: str
    detail: str
    where: str = ""
    #: The payload field a sweep put the wrong value in (``Vote.teacher_id``), if any.
    field: str = ""

    def __str__(self) -> str:
        where = f"\n  at {self.where}" if self.where else ""
        return f"{self.kind}\n  call: {self.call}\n  got: {self.detail}{where}"

    @property
    def cause(self) -> tuple[str, str, str]:
        """What groups escapes of one cause: the kind, the exception type, the place."""
        return (self.kind, self.detail.split(":", 1)[0], self.where)


def _where(exc: BaseException) -> str:
    """The innermost frame of the library in ``exc``'s traceback."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "/pedcommunity/" in f.filename.replace("\\", "/")]
    if not ours:
        return ""
    f = ours[-1]
    path = f.filename.replace("\\", "/").split("/src/")[-1]
    return f"{path}:{f.lineno} in {f.name}: {(f.line or '').strip()[:100]}"


def _describe(exc: BaseException) -> str:
    try:
        text = str(exc)
    except Exception:  # a message that cannot even be made is itself worth reporting
        text = "<str() failed>"
    if len(text) > 300:
        text = text[:300] + "..."
    return f"{type(exc).__name__}: {text}"


def _snapshot(wf: Workflow) -> tuple[Any, ...]:
    # to_json catches what == cannot see (an offset changed on an equal datetime).
    return (wf.id, wf.state, wf.data, tuple(wf.events), to_json(wf, converter=CONVERTER))


def check_workflow(wf: Workflow, call: str) -> Escape | None:
    """Whether ``wf`` still writes to JSON, reads back equal, and replays to itself."""
    try:
        text = to_json(wf, converter=CONVERTER)
    except Exception as exc:
        return Escape("accepted call breaks to_json", call, _describe(exc), _where(exc))
    try:
        back = from_json(text, Workflow, converter=CONVERTER)
    except Exception as exc:
        return Escape("accepted call breaks the JSON round trip", call, _describe(exc), _where(exc))
    if back != wf:
        return Escape("accepted call breaks the JSON round trip", call, "read back unequal")
    try:
        again = replay(wf.definition, wf.events)
    except Exception as exc:
        return Escape("accepted call breaks replay", call, _describe(exc), _where(exc))
    if again != wf:
        return Escape("accepted call breaks replay", call, "replayed unequal")
    return None


class WorkflowSubject:
    """One workflow, and the engine's functions called on it.

    ``fire`` and ``commit`` change it; ``tick`` (a mentoring track's) may; ``preview`` must
    not; ``start`` and ``replay`` build another workflow and must leave this one alone.
    """

    def __init__(self, wf: Workflow, *, light: bool = False) -> None:
        self.wf = wf
        self.light = light

    def snapshot(self) -> Any:
        """Everything a refused call must leave as it was.

        ``light`` leaves out the JSON text (which also catches a datetime's offset changed
        behind an equal value): a sweep makes hundreds of calls on copies of one workflow.
        """
        if self.light:
            wf = self.wf
            return (wf.id, wf.state, wf.data, tuple(wf.events))
        return _snapshot(self.wf)

    def invoke(self, call: Call) -> Any:
        """Make the call."""
        args = build(call.args)
        kwargs = {k: build(v) for k, v in call.kwargs.items() if v is not NOT_GIVEN}
        return ENGINE_FUNCTIONS[call.method](*args, **kwargs)

    def check_result(self, call: Call, result: Any, before: Any) -> Escape | None:
        """Whether an accepted call returned what it should and left sound workflows."""
        wf = self.wf
        if call.method in ("preview", "start", "replay"):
            if self.snapshot() != before:
                return Escape(f"{call.method} changed the workflow", repr(call), short(result))
            kind = Outcome if call.method == "preview" else Workflow
            if not isinstance(result, kind):
                return Escape("accepted call returned the wrong thing", repr(call), short(result))
            return check_workflow(result, repr(call)) if isinstance(result, Workflow) else None
        if call.method == "tick":
            fine = isinstance(result, list) and result == wf.events[len(before[3]) :]
        else:
            fine = isinstance(result, DomainEvent) and wf.version == len(before[3]) + 1
            fine = fine and wf.events[-1] is result and result.sequence == wf.version
        if not fine:
            return Escape("accepted call returned the wrong thing", repr(call), short(result))
        return check_workflow(wf, repr(call))


#: The engine's functions a :class:`WorkflowSubject` call may name.
ENGINE_FUNCTIONS: dict[str, Callable[..., Any]] = {
    "fire": fire,
    "tick": tick,
    "preview": preview,
    "commit": commit,
    "start": start,
    "replay": replay,
}


class ProgrammeSubject:
    """A :class:`MentoringProgramme` with its tracks, called through its methods."""

    def __init__(self, prog: MentoringProgramme) -> None:
        self.prog = prog

    def snapshot(self) -> Any:
        """Everything a refused call must leave as it was: the programme and every track."""
        tracks = self.prog.tracks
        return (
            _snapshot(self.prog.workflow),
            tuple(sorted(tracks)),
            tuple(_snapshot(tracks[k]) for k in sorted(tracks)),
        )

    def invoke(self, call: Call) -> Any:
        """Make the call, with the programme's clock showing ``call.clock`` if given."""
        prog = self.prog
        args = build(call.args)
        kwargs = {k: build(v) for k, v in call.kwargs.items() if v is not NOT_GIVEN}
        method = getattr(prog, call.method)
        if call.clock is NOT_GIVEN:
            return method(*args, **kwargs)
        own = prog.clock
        shown = build(call.clock)
        prog.clock = _StoppedClock(shown)
        try:
            return method(*args, **kwargs)
        finally:
            prog.clock = own
            # Time never runs backwards: after an accepted call at a later time, keep up.
            if isinstance(own, ManualClock) and isinstance(shown, datetime):
                try:
                    if shown > own.now():
                        own.set(shown)
                except (TypeError, PedcommunityError):
                    pass

    def check_result(self, call: Call, result: Any, before: Any) -> Escape | None:
        """Whether an accepted call returned what it should and left sound workflows."""
        prog = self.prog
        expected: dict[str, type | tuple[type, ...]] = {
            "fire": DomainEvent,
            "fire_track": DomainEvent,
            "propose": DomainEvent,
            "open_track": Workflow,
            "rematch": Workflow,
            "propose_matches": tuple,
            "publish_all": list,
            "tick": list,
        }
        if not isinstance(result, expected[call.method]):
            return Escape("accepted call returned the wrong thing", repr(call), short(result))
        for wf in prog.workflows():
            escape = check_workflow(wf, repr(call))
            if escape is not None:
                return escape
        tracks = prog.tracks
        try:
            again = MentoringProgramme.replay(
                prog.workflow.events, [t.events for t in tracks.values()], clock=prog.clock
            )
        except Exception as exc:
            return Escape("accepted call breaks replay", repr(call), _describe(exc), _where(exc))
        if again.workflow != prog.workflow or dict(again.tracks) != dict(tracks):
            return Escape("accepted call breaks replay", repr(call), "replayed unequal")
        return None


class _StoppedClock:
    """A clock that shows one value, whatever it is: a host's clock gone wrong."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def now(self) -> Any:
        return self.value


def probe(subject: WorkflowSubject | ProgrammeSubject, call: Call) -> Escape | None:
    """Make ``call`` on ``subject``; return how it broke the promise, or ``None``.

    The promise: the call returns (and then the workflows stay sound) or raises a
    :class:`PedcommunityError` (and then nothing changed).
    """
    before = subject.snapshot()
    try:
        result = subject.invoke(call)
    except PedcommunityError as err:
        try:
            after = subject.snapshot()
        except Exception as exc:
            return Escape("refusal changed state", repr(call), _describe(exc), _where(exc))
        if after != before:
            return Escape(
                "refusal changed state",
                repr(call),
                f"{_describe(err)} (and the workflow changed)",
                _where(err),
            )
        return None
    except Exception as exc:
        return Escape("exception outside the hierarchy", repr(call), _describe(exc), _where(exc))
    return subject.check_result(call, result, before)


def zone_escape(wf: Workflow, call: Call) -> Escape | None:
    """Whether an aware time, not before the last event, is refused for its zone.

    The same right call is previewed at the same instant in other zones (UTC among them); a
    refusal of the time itself (``InvalidData`` at ``$.at``) in any of them is an escape.
    Other outcomes may differ with the zone: a guard may compare a date with the local day.
    """
    if call.method != "fire" or not call.kind.startswith("right"):
        return None
    at = call.kwargs.get("at")
    if not isinstance(at, datetime) or at.utcoffset() is None or at < last_time(wf):
        return None
    for zone in (at.tzinfo, UTC, timezone(timedelta(hours=5, minutes=45)), _NEW_YORK):
        kwargs = {k: build(v) for k, v in call.kwargs.items() if k != "expected_version"}
        try:
            kwargs["at"] = at.astimezone(zone)
        except OverflowError:  # the edge of the calendar has no other zone
            continue
        try:
            preview(*build(call.args), **kwargs)
        except PedcommunityError as err:
            if getattr(err, "path", None) == "$.at":
                return Escape(
                    "an aware time was refused",
                    f"{call!r}  [at {kwargs['at'].isoformat()}]",
                    _describe(err),
                    _where(err),
                )
        except Exception as exc:
            return Escape(
                "exception outside the hierarchy", repr(call), _describe(exc), _where(exc)
            )
    return None


_NEW_YORK = ZoneInfo("America/New_York")


# -- driving mentoring programmes ----------------------------------------------------------------

#: The coordinator of driven programmes.
COORDINATOR = "coord"

_SHORT_ID = ids(max_size=12)
_SHORT_TEXT = cyrillic_texts(8)


class _Stop(Exception):
    """The drawn number of steps has been taken."""


@st.composite
def programmes(draw: Callable[..., Any]) -> MentoringProgramme:
    """A :class:`MentoringProgramme` that ran a prefix of a valid script, with its tracks.

    The script (as ``tests.strategies_mentoring.mentoring_programmes``, which returns only the
    programme's workflow): conditions, curators, 2-3 mentees, two leaders trained, a track per
    mentee, proposals (drafts published, one perhaps declined), plans, work, perhaps an early
    closure and a rematch, the end date and ``tick``, feedback and completion, the festival,
    the report, completion.
    """
    n = draw(st.integers(2, 3))
    conditions = draw(st.lists(_SHORT_ID, max_size=1, unique=True))
    rules = ProgrammeRules(
        required_conditions=conditions,
        min_mentees=draw(st.integers(1, n)),
        min_mentors=1,
        training_required=draw(st.booleans()),
    )
    data = ProgrammeData(name=draw(_SHORT_TEXT), coordinator_ids=(COORDINATOR,), rules=rules)
    clock = ManualClock(draw(aware_datetimes().filter(lambda d: d.year < 2090)))
    prog = MentoringProgramme.create(data, id=draw(_SHORT_ID), actor=COORDINATOR, clock=clock)
    budget = [draw(st.integers(0, 45))]

    def step() -> None:
        if budget[0] <= 0:
            raise _Stop
        budget[0] -= 1
        clock.advance(timedelta(minutes=30))

    def go(trigger: str, **fields: Any) -> None:
        step()
        prog.fire(trigger, actor=COORDINATOR, **fields)

    def track(tid: str, trigger: str, actor: str, **fields: Any) -> None:
        step()
        prog.fire_track(tid, trigger, actor=actor, **fields)

    try:
        for c in conditions:
            go("meet_condition", condition_id=c)
        curators = list(
            dict.fromkeys(f"k-{k}" for k in draw(st.lists(_SHORT_ID, min_size=1, max_size=2)))
        )
        for k in curators:
            go("add_curator", teacher_id=k, capacity=n + 2)
        go("open_mentee_base")
        mentees = [_teacher(draw, f"t{i}-", st.integers(0, 5)) for i in range(n)]
        for t in mentees:
            go("enrol_mentee", teacher=t)
        go("open_mentor_base")
        leaders = [
            Leader(
                teacher=_teacher(draw, f"m{i}-", st.integers(10, 40)),
                capacity=n + 1,
                level=draw(st.sampled_from(LeaderLevel)),
            )
            for i in range(2)
        ]
        for x in leaders:
            go("add_leader", leader=x)
        go("open_training")
        for x in leaders:
            go("train_mentor", leader_id=x.id)
        go("open_matching")
        tids = [f"tr-{t.id}" for t in mentees]
        for t, tid in zip(mentees, tids, strict=True):
            step()
            prog.open_track(
                tid,
                mentee_ids=(t.id,),
                request=_request(draw),
                actor=COORDINATOR,
                curator_id=draw(st.sampled_from((None, *curators))),
                rules=TrackRules(pulse_every_days=draw(st.none() | st.integers(20, 60))),
            )
        for i, tid in enumerate(tids):
            draft = draw(st.booleans())
            step()
            prog.propose(tid, leaders[i % 2].id, actor=COORDINATOR, draft=draft)
            if draft:
                step()
                prog.publish_all(actor=COORDINATOR)
            p = prog.track(tid).data.open_proposal
            assert p is not None
            for person in p.awaiting:
                track(tid, "accept", person)
        for tid in tids:
            d = prog.track(tid).data
            assert d.mentor is not None
            track(tid, "set_plan", d.mentor.id, plan=_plan(draw, d.request, d.form).plan)
            track(tid, "begin", d.mentor.id)
        go("start_work")
        closing = draw(st.none() | st.sampled_from(tids))
        if closing is not None:
            track(closing, "close_early", COORDINATOR, reason=draw(_SHORT_TEXT))
            step()
            prog.rematch(closing, f"{closing}-2", actor=COORDINATOR)
        ends = [t.data.ends_at for t in prog.tracks.values() if t.data.ends_at is not None]
        step()
        clock.set(max(clock.now(), *ends) + timedelta(days=1))
        prog.tick()
        for tid, tr in sorted(prog.tracks.items()):
            if tr.state != "review":
                continue
            d = tr.data
            assert d.mentor is not None
            for person in (d.mentor.id, *d.mentee_ids):
                track(tid, "give_feedback", person, fit=3, what_changed=draw(_SHORT_TEXT))
            track(tid, "complete", d.mentor.id)
        for tid, tr in sorted(prog.tracks.items()):
            if not tr.is_final:
                track(tid, "close_early", COORDINATOR, reason=draw(_SHORT_TEXT))
        go("open_completion")
        go("hold_festival", festival_id=draw(_SHORT_ID))
        go("recognise", teacher_id=leaders[0].id, title=draw(st.just(MENTORS_OF_YUGRA) | labels()))
        go("submit_report", report=ProgrammeReport(summary="Итоги", figures=prog.figures()))
        go("complete")
    except (_Stop, PedcommunityError):
        # A refusal ends the script where it is (the rules may have changed since it was
        # written); any other exception is an escape and fails the test that drew it.
        pass
    except Exception as exc:
        escape = Escape(
            "exception outside the hierarchy",
            "(a right call of the programme script)",
            _describe(exc),
            _where(exc),
        )
        raise AssertionError(str(escape)) from exc
    return prog


PROGRAMME_ASPECTS = ("trigger", "actor", "at", "payload", "ids", "right")

_WRONG_IDS: tuple[Odd, ...] = (
    odd("5", 5),
    odd("None", None),
    odd("'nope'", "nope"),
    odd("''", ""),
    odd("'a b'", "a b"),
    Odd("['tr']", lambda: ["tr"]),
    odd("b'tr'", b"tr"),
    odd("'x' * 100_000", _LONG),
    Odd("object()", object),
)


@st.composite
def programme_calls(draw: Callable[..., Any], prog: MentoringProgramme, aspect: str) -> Call:
    """A call of one of ``prog``'s methods, wrong in ``aspect`` (or right: ``"right"``)."""
    tracks = prog.tracks
    methods = ["fire", "open_track", "propose", "propose_matches", "publish_all", "tick"]
    if tracks:
        methods += ["fire_track", "fire_track", "rematch"]
    method = draw(st.sampled_from(methods))
    d = prog.data
    people = roles(prog.workflow)
    actor: Any = draw(st.sampled_from(people.get("coordinator", (COORDINATOR,))))
    clock: Any = NOT_GIVEN
    if aspect == "actor":
        actor = draw(st.sampled_from(WRONG_ACTORS))
    elif aspect == "at":
        clock = draw(wrong_times(prog.clock.now()))
    elif draw(st.booleans()):
        clock = draw(right_times(prog.clock.now()))
    kind = aspect

    def track_id(*, fresh: bool = False) -> Any:
        if aspect == "ids" and draw(st.booleans()):
            return draw(st.sampled_from(_WRONG_IDS))
        if fresh or not tracks or draw(st.integers(0, 5)) == 0:
            return draw(_SHORT_ID.map("tr-{}".format))
        return draw(st.sampled_from(sorted(tracks)))

    def leader_id() -> Any:
        if aspect == "ids" and draw(st.booleans()):
            return draw(
                st.sampled_from(_WRONG_IDS)
                | st.sampled_from([*d.mentees, *d.leaders, *(x.teacher for x in d.leaders)]).map(
                    lambda o: odd(f"a {type(o).__name__} object", o)
                )
                if d.mentees or d.leaders
                else st.sampled_from(_WRONG_IDS)
            )
        known = [x.id for x in d.leaders]
        return draw(st.sampled_from(known) if known else _SHORT_ID)

    if method in ("fire", "fire_track"):
        if method == "fire":
            wf = prog.workflow
            args: tuple[Any, ...] = ()
        else:
            tid = track_id()
            known = tracks.get(tid) if isinstance(tid, str) else None
            wf = known or draw(st.sampled_from([tracks[k] for k in sorted(tracks)]))
            args = (tid,)
        inner = "right" if aspect in ("ids", "at") else aspect
        a = draw(fire_args(wf, inner))
        who = a.actor if aspect != "actor" else actor
        kwargs = {"actor": who, **a.fields}
        kind = a.kind if inner != "right" else kind
        return Call(method, (*args, a.trigger, a.payload), kwargs, kind, clock)
    if method == "open_track":
        mentees = [m.id for m in d.mentees]
        free = [
            m
            for m in mentees
            if not any(m in s.mentee_ids and not s.is_final for s in d.tracks.values())
        ]
        mentee_ids: Any = (draw(st.sampled_from(free or mentees or ["t-x"])),)
        request: Any = _request(draw)
        form: Any = NOT_GIVEN
        curator: Any = draw(st.sampled_from((NOT_GIVEN, None, *(c.teacher_id for c in d.curators))))
        rules: Any = NOT_GIVEN
        chosen = tuple(mentee_ids)
        if aspect == "payload" or (aspect == "ids" and draw(st.booleans())):
            which = draw(st.sampled_from(("mentee_ids", "request", "form", "curator_id", "rules")))
            bad = draw(
                st.sampled_from(
                    (
                        odd("'t1' (a string of ids)", mentees[0] if mentees else "t1"),
                        odd("a mentee twice", (*chosen, *chosen)),
                        odd("'nope'", "nope"),
                        odd("'group' (a form of 2-8 with one mentee)", "group"),
                        Odd("generator", lambda: iter(chosen)),
                        odd("MentoringRequest as a dict", {"goals": ["x"]}),
                    )
                )
                | st.sampled_from(WRONG_VALUES)
            )
            if which == "mentee_ids":
                mentee_ids = bad
            elif which == "request":
                request = bad
            elif which == "form":
                form = bad
            elif which == "curator_id":
                curator = bad
            else:
                rules = bad
            kind = f"open_track {which}={bad!r}"
        kwargs = {
            "mentee_ids": mentee_ids,
            "request": request,
            "actor": actor,
            "form": form,
            "curator_id": curator,
            "rules": rules,
        }
        return Call("open_track", (track_id(fresh=True),), kwargs, kind, clock)
    if method == "propose":
        draft: Any = draw(st.booleans())
        if aspect == "payload":
            draft = draw(st.sampled_from(WRONG_VALUES))
            kind = f"draft={draft!r}"
        kwargs = {"actor": actor, "draft": draft}
        return Call("propose", (track_id(), leader_id()), kwargs, kind, clock)
    if method == "propose_matches":
        pairs: Any = {track_id(): leader_id() for _ in range(draw(st.integers(0, 3)))}
        if aspect == "payload":
            pairs = draw(
                st.sampled_from(
                    (
                        odd("None", None),
                        odd("a list of pairs", list(pairs.items())),
                        odd("'tr'", "tr"),
                        odd("{5: 'm'}", {5: "m"}),
                        odd("{'tr': 5}", {"tr": 5}),
                        Odd("{('tr',): 'm'}", lambda: {("tr",): "m"}),
                    )
                )
            )
            kind = f"pairs={pairs!r}"
        return Call("propose_matches", (pairs,), {"actor": actor}, kind, clock)
    if method == "rematch":
        finals = sorted(k for k, t in tracks.items() if t.is_final)
        old = draw(st.sampled_from(finals)) if finals and draw(st.integers(0, 3)) else track_id()
        return Call("rematch", (old, track_id(fresh=True)), {"actor": actor}, kind, clock)
    if method == "tick" and aspect != "actor" and draw(st.booleans()):
        actor = NOT_GIVEN
    return Call(method, (), {"actor": actor}, kind, clock)


# -- JSON documents ------------------------------------------------------------------------------

_MARK = "\u0000odd-literal\u0000"

#: JSON literals to put in place of a value: text, since json.dumps cannot write some of them.
WRONG_LITERALS: tuple[tuple[str, str], ...] = (
    ("null", "null"),
    ("5", "5"),
    ("-1", "-1"),
    ("true", "true"),
    ("1.5", "1.5"),
    ('""', '""'),
    ('" "', '" "'),
    ('"a b"', '"a b"'),
    ('"x"', '"x"'),
    ("[]", "[]"),
    ("{}", "{}"),
    ("[null]", "[null]"),
    ('{"a": 1}', '{"a": 1}'),
    ("NaN", "NaN"),
    ("Infinity", "Infinity"),
    ("-Infinity", "-Infinity"),
    ("1e400", "1e400"),
    ("1e-400", "1e-400"),
    ("10**100", "1" + "0" * 100),
    ("10**5000", "1" + "0" * 5000),
    ('"x" * 100_000', json.dumps(_LONG)),
    ("[[[...]]] 1000 deep", "[" * 1000 + "]" * 1000),
    ("[[[...]]] 100,000 deep", "[" * 100_000 + "]" * 100_000),
    ('{"a": {"a": ...}} 1000 deep', '{"a": ' * 1000 + "1" + "}" * 1000),
    ('"2025-01-01T00:00:00"', '"2025-01-01T00:00:00"'),
    ('"2025-01-01"', '"2025-01-01"'),
    ('"9999-12-31T23:59:59+00:00"', '"9999-12-31T23:59:59+00:00"'),
    ('"0001-01-01T00:00:00+14:00"', '"0001-01-01T00:00:00+14:00"'),
    ('"2025-13-01T00:00:00+00:00"', '"2025-13-01T00:00:00+00:00"'),
    ('"\\ud800"', '"\\ud800"'),
)


def _paths(document: Any, limit: int = 5000) -> list[tuple[Any, ...]]:
    """Paths to every value in a JSON document (keys and indices), breadth first."""
    out: list[tuple[Any, ...]] = []
    queue: list[tuple[tuple[Any, ...], Any]] = [((), document)]
    while queue and len(out) < limit:
        path, value = queue.pop(0)
        out.append(path)
        if isinstance(value, dict):
            queue.extend(((*path, k), v) for k, v in value.items())
        elif isinstance(value, list):
            queue.extend(((*path, i), v) for i, v in enumerate(value))
    return out


def _get(document: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        document = document[step]
    return document


def _set(document: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    _get(document, path[:-1])[path[-1]] = value
    return document


def _with_literal(document: Any, path: tuple[Any, ...], literal: str) -> str:
    text = json.dumps(_set(document, path, _MARK), ensure_ascii=False)
    return text.replace(json.dumps(_MARK, ensure_ascii=False), literal, 1)


@st.composite
def mutated_documents(draw: Callable[..., Any], text: str) -> tuple[str, str]:
    """A mutation of the JSON document ``text``: ``(what was done, the new text)``."""
    doc = json.loads(text)
    paths = _paths(doc)
    events = _get(doc, ("data", "events")) if _is_workflow(doc) else None
    ops = ["delete", "literal", "swap-string", "add-key", "truncate", "nest", "envelope"]
    if events is not None and len(events) > 1:
        ops += ["event-field", "event-field", "swap-events", "drop-event", "duplicate-event"]
    op = draw(st.sampled_from(ops))
    if op == "delete":
        keyed = [p for p in paths if p and isinstance(p[-1], str)] or [("data",)]
        path = draw(st.sampled_from(keyed))
        parent = _get(doc, path[:-1])
        del parent[path[-1]]
        return f"delete {_show(path)}", json.dumps(doc, ensure_ascii=False)
    if op == "literal":
        path = draw(st.sampled_from(paths))
        name, literal = draw(st.sampled_from(WRONG_LITERALS))
        return f"set {_show(path)} = {name}", _with_literal(doc, path, literal)
    if op == "swap-string":
        strings = [p for p in paths if isinstance(_get(doc, p), str)]
        if not strings:
            return "unchanged", text
        path = draw(st.sampled_from(strings))
        others = sorted({_get(doc, p) for p in strings})
        new = draw(st.sampled_from(others) | st.sampled_from(("", " ", "a b", "nope", "Анна")))
        return f"set {_show(path)} = {short(new)}", json.dumps(
            _set(doc, path, new), ensure_ascii=False
        )
    if op == "add-key":
        objects = [p for p in paths if isinstance(_get(doc, p), dict)]
        path = draw(st.sampled_from(objects))
        key = draw(st.sampled_from(("colour", "", "__proto__", "id", "schema_version")))
        target = _get(doc, path)
        if key in target:
            key = key + "_2"
        target[key] = 1
        return f"add {_show((*path, key))} = 1", json.dumps(doc, ensure_ascii=False)
    if op == "truncate":
        cut = draw(st.integers(0, max(0, len(text) - 1)))
        return f"truncate to {cut} characters", text[:cut]
    if op == "nest":
        path = draw(st.sampled_from(paths))
        depth = draw(st.sampled_from((2, 1000, 100_000)))
        value = json.dumps(_get(doc, path), ensure_ascii=False)
        literal = "[" * depth + value + "]" * depth
        return f"wrap {_show(path)} in {depth} lists", _with_literal(doc, path, literal)
    if op == "envelope":
        field = draw(st.sampled_from(("schema_version", "type")))
        value = draw(
            st.sampled_from(("2", "1.9", "", None, 1, "Teacher", "Workflow", "Label", "Nope"))
        )
        doc[field] = value
        return f"set $.{field} = {short(value)}", json.dumps(doc, ensure_ascii=False)
    assert events is not None
    i = draw(st.integers(1, len(events) - 1))
    if op == "event-field":
        field = draw(st.sampled_from(("target", "source", "sequence", "at", "trigger", "actor")))
        states = sorted({e["target"] for e in events} | {e["source"] for e in events})
        times = [e["at"] for e in events]
        choices: dict[str, list[Any]] = {
            "target": [*states, "nope", 5],
            "source": [*states, "nope", None],
            "sequence": [0, -1, i, i + 2, 10**6, "2", 1.0, True],
            "at": [*times[:3], "2025-01-01T00:00:00", "1970-01-01T00:00:00+00:00", 0],
            "trigger": sorted({e["trigger"] for e in events} | {"start", "nope"}),
            "actor": ["", "a b", 5, None, "Анна", "system"],
        }
        value = draw(st.sampled_from(choices[field]))
        events[i][field] = value
        where = f"$.data.events[{i}].{field}"
        return f"set {where} = {short(value)}", json.dumps(doc, ensure_ascii=False)
    if op == "swap-events":
        j = draw(st.integers(1, len(events) - 1).filter(lambda j: j != i) | st.just(0))
        events[i], events[j] = events[j], events[i]
        return f"swap events {i} and {j}", json.dumps(doc, ensure_ascii=False)
    if op == "drop-event":
        del events[i]
        return f"drop event {i}", json.dumps(doc, ensure_ascii=False)
    events.insert(i, dict(events[i]))
    return f"duplicate event {i}", json.dumps(doc, ensure_ascii=False)


def _is_workflow(doc: Any) -> bool:
    return (
        isinstance(doc, dict)
        and doc.get("type") == "Workflow"
        and isinstance(doc.get("data"), dict)
        and isinstance(doc["data"].get("events"), list)
    )


def _show(path: Iterable[Any]) -> str:
    return "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path)


def probe_document(text: str, what: str) -> Escape | None:
    """Read ``text`` back: it must be refused with a PedcommunityError or round-trip."""
    call = f"from_json(<document after: {what}>)"
    try:
        back: Any = from_json(text, converter=CONVERTER)
    except PedcommunityError:
        return None
    except Exception as exc:
        return Escape("exception outside the hierarchy", call, _describe(exc), _where(exc))
    return _round_trips(back, call)


def _round_trips(back: Any, call: str) -> Escape | None:
    try:
        again: Any = from_json(to_json(back, converter=CONVERTER), converter=CONVERTER)
    except Exception as exc:
        return Escape("accepted document does not round-trip", call, _describe(exc), _where(exc))
    if again != back:
        return Escape(
            "accepted document does not round-trip", call, f"read back unequal: {short(back)}"
        )
    return None


def _self_list() -> list[Any]:
    value: list[Any] = []
    value.append(value)
    return value


#: Python values that no JSON parser makes, for :func:`from_dict` (a caller's own dicts).
PYTHON_VALUES: tuple[Odd, ...] = (
    odd("b'x'", b"x"),
    Odd("set()", set),
    odd("('a',) (a tuple for an array)", ("a",)),
    odd("nan", math.nan),
    odd("10**5000", _BIG),
    Odd("object()", object),
    odd("datetime (not a string)", datetime(2025, 1, 1, tzinfo=UTC)),
    odd("date (not a string)", date(2025, 1, 1)),
    odd("Colour.RED", Colour.RED),
    odd("IdString('t1')", IdString("t1")),
    Odd("{5: 'x'} (a non-string key)", lambda: {5: "x"}),
    Odd("nested list 100,000 deep", lambda: nested(100_000)),
    Odd("a list that holds itself", _self_list),
)


@st.composite
def python_mutations(draw: Callable[..., Any], document: Any) -> tuple[str, Any]:
    """``document`` (a dict from ``to_dict``) with one value replaced by a non-JSON value."""
    doc = json.loads(json.dumps(document))
    path = draw(st.sampled_from(_paths(doc)))
    value = draw(st.sampled_from(PYTHON_VALUES))
    return f"set {_show(path)} = {value!r}", _set(doc, path, build(value))


def probe_python_document(document: Any, what: str) -> Escape | None:
    """:func:`from_dict` on a mutated dict: refused with a PedcommunityError, or round-trips."""
    call = f"from_dict(<document after: {what}>)"
    try:
        back: Any = from_dict(document, converter=CONVERTER)
    except PedcommunityError:
        return None
    except Exception as exc:
        return Escape("exception outside the hierarchy", call, _describe(exc), _where(exc))
    return _round_trips(back, call)
