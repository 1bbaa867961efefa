"""A programme costs what a trigger changes, and answers exactly as it did (issue 13).

``ProgrammeData`` keeps what its guards ask (a mentor's load, a mentee's open tracks, the
excluded pairs, a curator's live tracks, ids by position, the live tracks) as derived indexes
kept by the effects, and holds its growing fields in persistent collections. These tests:

- drive the persistent collections against plain tuples, dicts and sets, old versions
  included (a new version never changes an old one);
- compare every guard that used to scan the tracks or the people, and the programme's roles
  and queries, with the scanning code they replaced (kept here as the oracle), on arbitrary
  data, impossible states included (a mentee in two live tracks, a pair excluded by several
  tracks, a mentor not in the bank): the same answers and refusals, word for word;
- check that after every change, in arbitrary sequences of effects and in every step of
  random programme runs, each index equals both a fresh construction and a naive
  computation from the public fields, on the reference path
  (:func:`~pedcommunity.model._fields.full_validation`) too;
- check, by making every scan of the tracks or the people fail, that triggers and a replay
  never scan them, and that reading a programme's JSON scans them as often for 12 tracks as
  for 3.

Nothing here measures time.
"""

from __future__ import annotations

import copy
import pickle
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.strategies_mentoring import mentoring_programmes

from pedcommunity import ManualClock, Teacher
from pedcommunity.adapters.json import from_json, to_json
from pedcommunity.errors import GuardFailed, PedcommunityError
from pedcommunity.i18n import counted
from pedcommunity.model._fields import FrozenMap, full_validation
from pedcommunity.model.leaders import Leader
from pedcommunity.model.mentoring import MentoringRequest
from pedcommunity.model.persistent import (
    PersistentMap,
    PersistentVector,
    to_persistent_map,
    to_persistent_vector,
)
from pedcommunity.services import MentoringProgramme
from pedcommunity.workflows import Workflow, replay
from pedcommunity.workflows.definition import Context
from pedcommunity.workflows.mentoring_programme import (
    MENTORING_PROGRAMME,
    AddLeader,
    Curator,
    EnrolMentee,
    ProgrammeData,
    ProgrammeRules,
    Recognition,
    TrackStatus,
    TrackUpdate,
    TrainMentor,
    _Positions,
    mentor_load,
    programme_roles,
)
from pedcommunity.workflows.mentoring_track import MENTORING_TRACK

AT = datetime(2026, 9, 1, 9, tzinfo=UTC)

# -- the persistent collections ------------------------------------------------------------------

_ITEMS = st.integers(-3, 3) | st.text(max_size=2)


@given(
    start=st.lists(_ITEMS, max_size=5),
    ops=st.lists(
        st.tuples(st.sampled_from(["append", "set"]), st.integers(-8, 8), _ITEMS), max_size=25
    ),
)
def test_a_persistent_vector_reads_like_the_tuple_it_holds(
    start: list[Any], ops: list[tuple[str, int, Any]]
) -> None:
    versions = [(PersistentVector(start), tuple(start))]
    for op, index, item in ops:
        vector, model = versions[-1]
        if op == "append":
            versions.append((vector.append(item), (*model, item)))
            continue
        if not -len(model) <= index < len(model):
            with pytest.raises(IndexError):
                vector.set(index, item)
            continue
        changed = list(model)
        changed[index] = item
        versions.append((vector.set(index, item), tuple(changed)))
    # Every version still holds what it held when it was made.
    for vector, model in versions:
        assert vector == model and model == vector and (vector != model) is False
        assert tuple(vector) == model and list(reversed(vector)) == list(reversed(model))
        assert len(vector) == len(model) and hash(vector) == hash(model)
        assert vector == PersistentVector(model) and vector[1:3] == model[1:3]
        for i in range(-len(model), len(model)):
            assert vector[i] == model[i]
        for probe in (*model, 99):
            assert (probe in vector) == (probe in model)
        with pytest.raises(IndexError):
            vector[len(model)]
        assert pickle.loads(pickle.dumps(vector)) == vector == copy.deepcopy(vector)
        assert to_persistent_vector(vector) is vector and to_persistent_vector(model) == vector
    assert PersistentVector((1,)) != [1] and PersistentVector((1,)) != (1, 2)


@given(
    start=st.dictionaries(st.text(max_size=2), _ITEMS, max_size=4),
    ops=st.lists(st.tuples(st.text(max_size=2), _ITEMS), max_size=25),
)
def test_a_persistent_map_reads_like_the_dict_it_holds(
    start: dict[str, Any], ops: list[tuple[str, Any]]
) -> None:
    versions = [(PersistentMap(start), dict(start))]
    for key, value in ops:
        m, model = versions[-1]
        versions.append((m.set(key, value), {**model, key: value}))
    for m, model in versions:
        # The same items in the same order (keys in the order they were first set).
        assert list(m) == list(model) and list(m.items()) == list(model.items())
        assert list(m.values()) == list(model.values()) and len(m) == len(model)
        assert m == model and model == m and m == FrozenMap(model) and FrozenMap(model) == m
        assert hash(m) == hash(FrozenMap(model))
        for i, key in enumerate(model):
            assert m[key] == model[key] and m.get(key) == model[key] and key in m
            assert m.position(key) == i and m.key_at(i) == key
        assert "zzz" not in m and m.get("zzz", 7) == 7 and m.position("zzz") is None
        with pytest.raises(KeyError):
            m["zzz"]
        assert pickle.loads(pickle.dumps(m)) == m == copy.deepcopy(m)
        assert to_persistent_map(m) is m and to_persistent_map(model) == m
        # Equal whatever the order the keys came in, as dicts are.
        assert m == PersistentMap(dict(reversed(list(model.items()))))
    assert PersistentMap({"a": 1}) != {"a": 2} and PersistentMap({"a": 1}) != {"a": 1, "b": 2}


def test_persistent_collections_are_read_only() -> None:
    vector, mapping = PersistentVector((1,)), PersistentMap({"a": 1})
    for obj, name in ((vector, "_items"), (mapping, "_values")):
        with pytest.raises(TypeError, match="read-only"):
            setattr(obj, name, None)
        with pytest.raises(TypeError, match="read-only"):
            delattr(obj, name)
    assert vector == (1,) and mapping == {"a": 1}


@given(
    start=st.sets(st.integers(0, 5000), max_size=20),
    ops=st.lists(st.tuples(st.booleans(), st.integers(0, 5000) | st.integers(0, 70)), max_size=40),
)
def test_positions_read_in_order_like_a_sorted_set(
    start: set[int], ops: list[tuple[bool, int]]
) -> None:
    versions = [(_Positions(start), set(start))]
    for add, p in ops:
        s, model = versions[-1]
        versions.append((s.add(p), model | {p}) if add else (s.discard(p), model - {p}))
    for s, model in versions:
        assert list(s) == sorted(model) and len(s) == len(model)
        assert s == _Positions(model)  # the same masks however the set was reached


# -- the guards answer as the scans did --------------------------------------------------------

MENTEES = tuple(f"t{i}" for i in range(6))
MENTORS = tuple(f"m{i}" for i in range(5))
CURATORS = ("k0", "k1", "k2")
TRACK_IDS = tuple(f"tr{i}" for i in range(7))


def _teacher(tid: str) -> Teacher:
    return Teacher(id=tid, name="Педагог", organisation_id="s1")


def _ids(pool: tuple[str, ...], **kw: Any) -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from(pool), unique=True, **kw)


STATUSES = st.builds(
    TrackStatus,
    state=st.sampled_from(MENTORING_TRACK.state_names),
    form_id=st.sampled_from(("traditional", "group")),
    mentee_ids=_ids(MENTEES, min_size=1, max_size=3),
    mentor_id=st.none() | st.sampled_from(MENTORS),
    candidate_id=st.none() | st.sampled_from(MENTORS),
    curator_id=st.none() | st.sampled_from((*CURATORS, "k9")),
    excluded=_ids(MENTORS, max_size=3),
)
LEADERS = st.builds(
    Leader, teacher=st.sampled_from(MENTORS).map(_teacher), capacity=st.integers(1, 4)
)


@st.composite
def programme_data(draw: Callable[..., Any]) -> ProgrammeData:
    """Data from small pools of ids, so tracks share mentees, mentors and curators."""
    return ProgrammeData(
        name="Программа",
        coordinator_ids=("c",),
        rules=ProgrammeRules(training_required=draw(st.booleans())),
        curators=[Curator(k, capacity=draw(st.integers(1, 2))) for k in CURATORS],
        mentees=[_teacher(t) for t in draw(_ids(MENTEES))],
        leaders=draw(st.lists(LEADERS, unique_by=lambda x: x.id)),
        trained=draw(_ids(MENTORS)),
        tracks=draw(st.dictionaries(st.sampled_from(TRACK_IDS), STATUSES, max_size=6)),
    )


# The scanning code the indexes replaced, as it was: the oracle.


def _old_curator(d: ProgrammeData, teacher_id: str) -> Curator | None:
    return next((c for c in d.curators if c.teacher_id == teacher_id), None)


def _old_excluded_pairs(tracks: Any) -> frozenset[tuple[str, str]]:
    return frozenset(
        (mentor, mentee)
        for s in tracks.values()
        for mentor in s.excluded
        for mentee in s.mentee_ids
    )


def _old_live_tracks(d: ProgrammeData) -> tuple[str, ...]:
    return tuple(k for k, s in d.tracks.items() if not s.is_final)


def _old_sync_guards(ctx: Context[ProgrammeData]) -> dict[str, str | None]:
    d, u = ctx.data, ctx.payload
    out: dict[str, str | None] = {}

    enrolled = {m.id for m in d.mentees}
    strangers = [t for t in u.status.mentee_ids if t not in enrolled]
    out["mentees_enrolled"] = (
        f"not in the programme's mentee base: {', '.join(strangers)}; enrol them first"
        if strangers
        else None
    )

    out["may_open"] = None
    if u.track_id not in d.tracks and not (
        ctx.actor in d.coordinator_ids
        or _old_curator(d, ctx.actor) is not None
        or ctx.actor in u.status.mentee_ids
    ):
        out["may_open"] = (
            f"'{ctx.actor}' may not open a track; a coordinator, a curator or the mentee "
            "themself opens one"
        )

    out["one_live_track"] = None
    if not u.status.is_final:
        mine = set(u.status.mentee_ids)
        for tid, s in d.tracks.items():
            if tid != u.track_id and not s.is_final and mine & set(s.mentee_ids):
                both = ", ".join(sorted(mine & set(s.mentee_ids)))
                out["one_live_track"] = (
                    f"{both} already has an open track ('{tid}'); close it before a rematch"
                )
                break

    out["mentor_selected"] = None
    who = u.status.engaged_mentor
    if who is not None:
        if all(x.id != who for x in d.leaders):
            out["mentor_selected"] = (
                f"'{who}' is not in the programme's mentor base; add them as a leader first"
            )
        elif d.rules.training_required and who not in d.trained:
            out["mentor_selected"] = f"'{who}' has not completed the mentors' training"

    out["pair_not_excluded"] = None
    cand = u.status.candidate_id
    old = d.tracks.get(u.track_id)
    if cand is not None and not (old is not None and old.candidate_id == cand):
        others = {k: v for k, v in d.tracks.items() if k != u.track_id}
        banned = _old_excluded_pairs(others)
        hit = [m for m in u.status.mentee_ids if (cand, m) in banned]
        if hit or cand in u.status.excluded:
            out["pair_not_excluded"] = (
                f"'{cand}' and {', '.join(hit or u.status.mentee_ids)} were paired or proposed "
                "before and it did not work out; propose someone else"
            )

    out["mentor_capacity"] = None
    leader = next((x for x in d.leaders if x.id == who), None)
    if who is not None and leader is not None:
        load = mentor_load({**d.tracks, u.track_id: u.status}).get(who, 0)
        if load > leader.capacity:
            out["mentor_capacity"] = (
                f"'{who}' can take {counted(leader.capacity, 'mentee')} at once and would have "
                f"{load}; choose a mentor with free capacity"
            )

    out["curator_capacity"] = None
    s = u.status
    if s.curator_id is not None and not s.is_final:
        cur = _old_curator(d, s.curator_id)
        if cur is None:
            known = ", ".join(c.teacher_id for c in d.curators) or "none"
            out["curator_capacity"] = (
                f"'{s.curator_id}' is not a curator of the programme; curators: {known}"
            )
        else:
            tracks = {**d.tracks, u.track_id: s}
            n = sum(1 for t in tracks.values() if t.curator_id == s.curator_id and not t.is_final)
            if n > cur.capacity:
                out["curator_capacity"] = (
                    f"curator '{s.curator_id}' runs at most {counted(cur.capacity, 'track')}; "
                    f"this would be {n}"
                )
    return out


def _old_other_guards(d: ProgrammeData, leader: Leader, who: str) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    out["mentee_new"] = (
        f"'{who}' is in the mentee base already" if any(m.id == who for m in d.mentees) else None
    )
    out["leader_new"] = (
        f"'{leader.id}' is in the mentor base already; use update_leader"
        if any(y.id == leader.id for y in d.leaders)
        else None
    )
    out["leader_known"] = None
    if all(y.id != who for y in d.leaders):
        known = ", ".join(y.id for y in d.leaders) or "none"
        out["leader_known"] = f"'{who}' is not in the mentor base; leaders: {known}"
    held = mentor_load(d.tracks).get(leader.id, 0)
    out["capacity_covers_load"] = (
        f"'{leader.id}' holds {counted(held, 'mentee')} now; the capacity cannot drop below that"
        if leader.capacity < held
        else None
    )
    out["not_trained"] = f"'{who}' has completed the training already" if who in d.trained else None
    out["curator_new"] = (
        f"'{who}' is a curator already" if _old_curator(d, who) is not None else None
    )
    out["pair_formed"] = (
        None
        if any(s.mentor_id is not None for s in d.tracks.values())
        else "no pair or group has formed yet"
    )
    live = _old_live_tracks(d)
    out["tracks_ended"] = None
    if live:
        shown = ", ".join(live[:5]) + (" ..." if len(live) > 5 else "")
        out["tracks_ended"] = (
            f"{counted(len(live), 'track')} {'is' if len(live) == 1 else 'are'} still open "
            f"({shown}); every track must be completed or closed"
        )
    people = {m.id for m in d.mentees} | {x.id for x in d.leaders}
    out["recognised_participant"] = (
        None if who in people else f"'{who}' is neither a mentee nor a mentor of the programme"
    )
    return out


def _old_roles(d: ProgrammeData, actor: str) -> frozenset[str]:
    roles = set()
    if actor in d.coordinator_ids:
        roles.add("coordinator")
    if _old_curator(d, actor) is not None:
        roles.add("curator")
    if any(m.id == actor for m in d.mentees):
        roles.add("mentee")
    if any(x.id == actor for x in d.leaders):
        roles.add("mentor")
    return frozenset(roles)


def _context(d: ProgrammeData, trigger: str, payload: Any, actor: str) -> Context[ProgrammeData]:
    return Context(
        workflow_id="p",
        state="matching",
        data=d,
        trigger=trigger,
        payload=payload,
        actor=actor,
        at=AT,
    )


_PEOPLE = st.sampled_from(("c", *CURATORS, *MENTEES, *MENTORS, "x"))


@st.composite
def updates(draw: Callable[..., Any], d: ProgrammeData) -> TrackUpdate:
    """A new track, or a change of one: its own mentees and form, new state, people, exclusions."""
    status = draw(STATUSES)
    if not d.tracks or draw(st.booleans()):
        return TrackUpdate(track_id=draw(st.sampled_from(TRACK_IDS)), status=status)
    track_id = draw(st.sampled_from(list(d.tracks)))
    old = d.tracks[track_id]
    keep = draw(st.sets(st.sampled_from(("state", "mentor_id", "candidate_id", "curator_id"))))
    excluded = list(dict.fromkeys((*old.excluded, *status.excluded)))
    changed = attrs.evolve(
        old,
        excluded=excluded if draw(st.booleans()) else old.excluded,
        **{
            f: getattr(status, f)
            for f in ("state", "mentor_id", "candidate_id", "curator_id")
            if f not in keep
        },
    )
    return TrackUpdate(track_id=track_id, status=changed)


@given(data=st.data(), d=programme_data(), actor=_PEOPLE, leader=LEADERS, who=_PEOPLE)
def test_the_guards_answer_as_the_scans_did(
    data: st.DataObject, d: ProgrammeData, actor: str, leader: Leader, who: str
) -> None:
    guards = MENTORING_PROGRAMME.guards
    update = data.draw(updates(d), label="update")
    ctx = _context(d, "sync_track", update, actor)
    for name, expected in _old_sync_guards(ctx).items():
        assert guards[name](ctx) == expected, name
    payloads: dict[str, Any] = {
        "mentee_new": EnrolMentee(teacher=_teacher(who)),
        "leader_new": AddLeader(leader=leader),
        "capacity_covers_load": AddLeader(leader=leader),
        "leader_known": TrainMentor(leader_id=who),
        "not_trained": TrainMentor(leader_id=who),
        "curator_new": Curator(who),
        "recognised_participant": Recognition(teacher_id=who, title=MENTORING_PROGRAMME.label),
        "pair_formed": None,
        "tracks_ended": None,
    }
    for name, expected in _old_other_guards(d, leader, who).items():
        assert guards[name](_context(d, name, payloads[name], "c")) == expected, name
    assert programme_roles(d, actor) == _old_roles(d, actor)
    assert d.curator(actor) == _old_curator(d, actor)
    assert d.live_tracks == _old_live_tracks(d)
    assert d.excluded_pairs() == _old_excluded_pairs(d.tracks)


# -- every index equals a fresh computation ------------------------------------------------------


def naive_indexes(d: ProgrammeData) -> dict[str, Any]:
    """The indexes computed from the public fields by scanning them, as the guards did."""
    live = [(i, tid, s) for i, (tid, s) in enumerate(d.tracks.items()) if not s.is_final]
    opened: dict[str, set[str]] = {}
    for _, tid, s in live:
        for t in s.mentee_ids:
            opened.setdefault(t, set()).add(tid)
    banned: dict[str, Counter[str]] = {}
    for s in d.tracks.values():
        for x in s.excluded:
            for t in s.mentee_ids:
                banned.setdefault(t, Counter())[x] += 1
    return {
        "_mentee_at": {m.id: i for i, m in enumerate(d.mentees)},
        "_leader_at": {x.id: i for i, x in enumerate(d.leaders)},
        "_curator_at": {c.teacher_id: i for i, c in enumerate(d.curators)},
        "_trained_at": {t: i for i, t in enumerate(d.trained)},
        "_load": mentor_load(d.tracks),
        "_curator_load": dict(Counter(s.curator_id for _, _, s in live if s.curator_id)),
        "_open": {t: frozenset(v) for t, v in opened.items()},
        "_banned": {t: dict(c) for t, c in banned.items()},
        "_live": [i for i, _, _ in live],
        "_formed": sum(s.mentor_id is not None for s in d.tracks.values()),
    }


def kept_indexes(d: ProgrammeData) -> dict[str, Any]:
    """The indexes ``d`` keeps, as plain values."""
    out: dict[str, Any] = {}
    for f in attrs.fields(ProgrammeData):
        if f.init:
            continue
        value = getattr(d, f.name)
        if f.name == "_banned":
            value = {t: dict(c.items()) for t, c in value.items()}
        elif f.name == "_live":
            value = list(value)
        elif f.name != "_formed":
            value = dict(value.items())
        out[f.name] = value
    return out


def assert_indexes_exact(d: ProgrammeData) -> None:
    """Each index equals a naive scan, and a fresh construction keeps the same ones."""
    expected = naive_indexes(d)
    assert kept_indexes(d) == expected
    fresh = attrs.evolve(d)
    assert kept_indexes(fresh) == expected
    for f in attrs.fields(ProgrammeData):
        assert getattr(fresh, f.name) == getattr(d, f.name), f.name


def test_the_indexes_cover_every_derived_field() -> None:
    derived = {f.name for f in attrs.fields(ProgrammeData) if not f.init}
    assert derived == set(naive_indexes(ProgrammeData(name="П", coordinator_ids=("c",))))


def _apply(effect: str, d: ProgrammeData, payload: Any) -> ProgrammeData:
    new: ProgrammeData = MENTORING_PROGRAMME.effects[effect](_context(d, effect, payload, "c"))
    return new


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(
    d=programme_data(),
    steps=st.lists(
        st.one_of(
            st.tuples(st.just("sync"), st.sampled_from(TRACK_IDS), STATUSES),
            st.tuples(st.just("enrol"), st.sampled_from((*MENTEES, "t8", "t9"))),
            st.tuples(st.just("add_leader"), LEADERS),
            st.tuples(st.just("update_leader"), LEADERS),
            st.tuples(st.just("train"), st.sampled_from(MENTORS)),
            st.tuples(st.just("curator"), st.sampled_from((*CURATORS, "k9"))),
        ),
        max_size=12,
    ),
)
def test_effects_keep_every_index_exact(d: ProgrammeData, steps: list[tuple[Any, ...]]) -> None:
    # Any sequence of changes, also ones the guards would refuse (a track that ended comes
    # back, a track's mentees change): the indexes follow the data whatever it holds.
    assert_indexes_exact(d)
    for step in steps:
        kind = step[0]
        before = d
        if kind == "sync":
            _, tid, status = step
            d = _apply("sync", d, TrackUpdate(track_id=tid, status=status))
            assert d.tracks == {**before.tracks, tid: status}
            assert list(d.tracks) == list({**before.tracks, tid: status})
        elif kind == "enrol" and not d._is_mentee(step[1]):
            d = _apply("enrol", d, EnrolMentee(teacher=_teacher(step[1])))
        elif kind == "add_leader" and not d._has_leader(step[1].id):
            d = _apply("add_leader", d, AddLeader(leader=step[1]))
        elif kind == "update_leader" and d._has_leader(step[1].id):
            d = _apply("update_leader", d, AddLeader(leader=step[1]))
            assert d.leader(step[1].id) == step[1]
        elif kind == "train" and not d._is_trained(step[1]):
            d = _apply("train", d, TrainMentor(leader_id=step[1]))
        elif kind == "curator" and d.curator(step[1]) is None:
            d = _apply("curator", d, Curator(step[1]))
        else:
            continue
        assert_indexes_exact(d)
        # The data before the change is as it was: effects share, never change.
        assert_indexes_exact(before)
        with full_validation():
            ref = _apply(kind, before, _payload(kind, step))
        assert ref == d
        assert kept_indexes(ref) == kept_indexes(d)


def _payload(kind: str, step: tuple[Any, ...]) -> Any:
    if kind == "sync":
        return TrackUpdate(track_id=step[1], status=step[2])
    if kind == "enrol":
        return EnrolMentee(teacher=_teacher(step[1]))
    if kind in ("add_leader", "update_leader"):
        return AddLeader(leader=step[1])
    if kind == "train":
        return TrainMentor(leader_id=step[1])
    return Curator(step[1])


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(run=mentoring_programmes())
def test_indexes_are_exact_at_every_step_of_a_programme_run(run: Workflow) -> None:
    # Replayed event by event on the default path, and on the reference path beside it.
    for i in range(1, len(run.events) + 1):
        new = replay(MENTORING_PROGRAMME, run.events[:i])
        with full_validation():
            ref = replay(MENTORING_PROGRAMME, run.events[:i])
        assert new == ref
        assert_indexes_exact(new.data)
        assert kept_indexes(ref.data) == kept_indexes(new.data)
    assert new == run


# -- refusals are unchanged, end to end ----------------------------------------------------------


def _programme(n: int, *, clock: ManualClock | None = None) -> MentoringProgramme:
    """A programme in matching with ``n`` one-to-one tracks, each proposed a mentor (drafts)."""
    clock = clock or ManualClock(AT)
    prog = MentoringProgramme.create(
        ProgrammeData(name="П", coordinator_ids=("c",)), id="p", actor="c", clock=clock
    )
    prog.fire("add_curator", actor="c", teacher_id="k1", capacity=n + 1)
    prog.fire("open_mentee_base", actor="c")
    for i in range(n):
        prog.fire(
            "enrol_mentee",
            actor="c",
            teacher=Teacher(id=f"t{i}", name="И", organisation_id="s1", years_experience=1),
        )
    prog.fire("open_mentor_base", actor="c")
    for i in range(n):
        teacher = Teacher(id=f"m{i}", name="О", organisation_id="s1", years_experience=20)
        prog.fire("add_leader", actor="c", leader=Leader(teacher=teacher, capacity=1))
    prog.fire("open_training", actor="c")
    for i in range(n):
        prog.fire("train_mentor", actor="c", leader_id=f"m{i}")
    prog.fire("open_matching", actor="c")
    request = MentoringRequest(goals=("Дисциплина",))
    for i in range(n):
        prog.open_track(
            f"tr{i}", mentee_ids=(f"t{i}",), request=request, actor="c", curator_id="k1"
        )
    _, refused = prog.propose_matches({f"tr{i}": f"m{i}" for i in range(n)}, actor="c")
    assert not refused
    return prog


def _refusal(call: Callable[[], object]) -> str:
    with pytest.raises(PedcommunityError) as err:
        call()
    return str(err.value)


def test_the_programme_refuses_in_the_same_words() -> None:
    # The messages are the ones the scanning code gave for the same calls.
    prog = _programme(8)
    prog.publish_all(actor="c")
    prog.fire_track("tr0", "decline", actor="m0")
    assert _refusal(lambda: prog.propose("tr0", "m1", actor="c")) == (
        "Cannot 'propose' in 'requested': the programme's rules refuse it: 'm1' can take 1 "
        "mentee at once and would have 2; choose a mentor with free capacity (guard "
        "'mentor_capacity')."
    )
    request = MentoringRequest(goals=("g",))
    assert _refusal(
        lambda: prog.open_track("tr-again", mentee_ids=("t3",), request=request, actor="c")
    ) == (
        "Cannot 'open_track' in 'requested': the programme's rules refuse it: t3 already has an "
        "open track ('tr3'); close it before a rematch (guard 'one_live_track')."
    )
    assert _refusal(lambda: prog.fire("cancel", actor="c", reason="x")) == (
        "Cannot 'cancel' in 'matching': 8 tracks are still open (tr0, tr1, tr2, tr3, tr4 ...); "
        "every track must be completed or closed (guard 'tracks_ended')."
    )
    for i in range(1, 8):
        for person in (f"t{i}", f"m{i}"):
            prog.fire_track(f"tr{i}", "accept", actor=person)
    prog.fire("start_work", actor="c")
    for i in range(0, 8, 2):
        prog.fire_track(f"tr{i}", "close_early", actor="c", reason="уход")
    assert _refusal(lambda: prog.fire("open_completion", actor="c")) == (
        "Cannot 'open_completion' in 'pairs_at_work': 4 tracks are still open (tr1, tr3, tr5, "
        "tr7); every track must be completed or closed (guard 'tracks_ended')."
    )
    prog.rematch("tr2", "tr2-b", actor="c")
    prog.rematch("tr4", "tr4-b", actor="c")
    assert _refusal(lambda: prog.fire("cancel", actor="c", reason="x")) == (
        "Cannot 'cancel' in 'pairs_at_work': 6 tracks are still open (tr1, tr3, tr5, tr7, "
        "tr2-b ...); every track must be completed or closed (guard 'tracks_ended')."
    )
    assert prog.load() == {"m1": 1, "m3": 1, "m5": 1, "m7": 1}
    assert prog.data.live_tracks == ("tr1", "tr3", "tr5", "tr7", "tr2-b", "tr4-b")
    assert prog.data.excluded_pairs() == {("m0", "t0"), ("m2", "t2"), ("m4", "t4"), ("m6", "t6")}
    assert prog.data._excluded_for(["t2", "t4", "t1"]) == {"m2", "m4"}


# -- no trigger scans the tracks or the people --------------------------------------------------


class Scans:
    """Counts, or forbids, every pass over a programme's tracks, mentees, leaders, trained."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, *, forbid: bool) -> None:
        self.count = 0
        for cls in (PersistentMap, PersistentVector):
            iterate = cls.__iter__

            def counted_iter(obj: Any, _iterate: Callable[[Any], Iterator[Any]] = iterate) -> Any:
                self.count += 1
                if forbid:
                    raise AssertionError(f"a pass over a {type(obj).__name__} of {len(obj)}")
                return _iterate(obj)

            monkeypatch.setattr(cls, "__iter__", counted_iter)


def test_triggers_never_scan_the_tracks_or_the_people(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = ManualClock(AT)
    prog = _programme(6, clock=clock)
    Scans(monkeypatch, forbid=True)
    prog.publish_all(actor="c")  # one pass over the programme's own dict of tracks, not these
    clock.advance(timedelta(days=1))
    prog.fire_track("tr0", "decline", actor="m0")
    for person in ("m1", "t1"):
        prog.fire_track("tr1", "accept", actor=person)
    prog.fire_track("tr2", "close_early", actor="c", reason="уход")
    prog.rematch("tr2", "tr2-b", actor="c")
    prog.propose("tr2-b", "m0", actor="c")
    prog.fire("enrol_mentee", actor="c", teacher=_teacher("t-new"))
    prog.fire("add_leader", actor="c", leader=Leader(teacher=_teacher("m-new"), capacity=2))
    prog.fire("update_leader", actor="c", leader=Leader(teacher=_teacher("m-new"), capacity=3))
    prog.fire("train_mentor", actor="c", leader_id="m-new")
    prog.fire("add_curator", actor="c", teacher_id="k2", capacity=3)
    prog.open_track(
        "tr-new",
        mentee_ids=("t-new",),
        request=MentoringRequest(goals=("g",)),
        actor="c",
        curator_id="k2",
    )
    prog.preview("accept", actor="m3", track_id="tr3")
    assert prog.free_capacity("m1") == 0 and prog.load()["m1"] == 1
    with pytest.raises(GuardFailed, match="tracks_ended"):
        prog.fire("cancel", actor="c", reason="x")
    with pytest.raises(GuardFailed, match="mentor_capacity"):
        prog.propose("tr-new", "m1", actor="c")  # m1 is full
    # Replaying the log scans nothing either: each event is checked in O(its size).
    assert replay(MENTORING_PROGRAMME, prog.workflow.events) == prog.workflow


def _scans_to_read(n: int, monkeypatch: pytest.MonkeyPatch) -> int:
    prog = _programme(n)
    text = to_json(prog.workflow)
    with monkeypatch.context() as patched:
        scans = Scans(patched, forbid=False)
        assert from_json(text, Workflow) == prog.workflow
        return scans.count


def test_reading_a_programme_scans_it_a_fixed_number_of_times(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Reading builds and checks the stored data once and compares it with the replay's; the
    # events themselves add no pass, however many there are.
    assert _scans_to_read(3, monkeypatch) == _scans_to_read(12, monkeypatch)
