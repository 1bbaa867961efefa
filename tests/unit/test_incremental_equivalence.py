"""The incremental path and the reference path give the same answers, call for call (issue 13).

By default a trigger's effect validates only the fields it changes
(:func:`~pedcommunity.model._fields.evolve_checked`, ``evolve_trusted``) and the engine
dispatches through a table compiled from the definition. Inside
:func:`~pedcommunity.model._fields.full_validation` every record is re-validated whole by
``attrs.evolve`` and the engine fires through ``transitions``: what the library did before.
These tests make the same calls both ways, side by side, and after every call require:

- the same answer: an accepted call returns equal values (events, workflows, outcomes) and
  leaves equal state, data and events on both paths; a refused call raises the same exception
  type with the same message, summary and attributes (the ``path`` of
  :class:`~pedcommunity.errors.InvalidData`, the guard and reason of a
  :class:`~pedcommunity.errors.GuardFailed`...) and leaves both workflows as they were;
- a sound record on the new path: every record in the new path's data (and its new event)
  equals a fresh construction of its class from its public fields (``attrs.evolve`` with no
  change, which runs every converter, validator and ``__attrs_post_init__``), field by field,
  derived ``init=False`` fields (indexes kept by effects) included, so an index cannot drift
  from what the class computes and no effect can skip a rule the class enforces.

What is driven:

- every standard definition (:func:`~pedcommunity.workflows.standard_definitions`): the calls
  of a whole scripted run (``tests/strategies*.py``, often the whole script, so the deep stages
  are reached; the script is drawn on the reference path, so it does what the reference path
  answers), made again on both paths with calls slipped in between: wrong in one aspect
  (trigger, actor, policy, time, payload, expected version) or right ones built from the
  workflow's own data and log (``tests/fuzz_calls.py``), so guards, permissions and payload
  checks refuse some, and some are accepted and move the run elsewhere;
- the PLC and mentoring-programme state machines (``tests/unit/test_plc_state_machine.py``,
  ``tests/unit/test_mentoring_state_machine.py``), every call made on both paths: random
  triggers by the right and the wrong people, and sensible steps to the end of a cycle, and
  through :class:`~pedcommunity.workflows.MentoringProgramme` (``open_track``, ``propose``,
  ``propose_matches``, ``publish_all``, ``rematch``, ``tick``, ``fire``, ``fire_track``);
- programmes drawn by ``tests.fuzz_calls.programmes`` (on the reference path), rebuilt by
  ``MentoringProgramme.replay`` on each path, and called through their methods with right and
  wrong arguments and clocks;
- reading: :func:`~pedcommunity.workflows.replay` and
  :func:`~pedcommunity.adapters.json.from_json` of each run's log and document, and of
  mutated logs and documents, on both paths.

No timing is asserted and no test has a deadline. Example counts are shares of the active
hypothesis profile (``tests/conftest.py``). The whole-run tests do not shrink (a run is a long
script; the failure names the call and both answers, which is what a fixer needs).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Mapping
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from enum import Enum
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import rule
from tests.fuzz_calls import (
    CONVERTER,
    ENGINE_FUNCTIONS,
    NOT_GIVEN,
    PROGRAMME_ASPECTS,
    Call,
    ProgrammeSubject,
    build,
    engine_calls,
    mutated_documents,
    programme_calls,
    programmes,
    short,
    shown,
)
from tests.strategies_equivalence import RUNS, noise_calls
from tests.unit.test_mentoring_state_machine import MentoringProgrammeMachine
from tests.unit.test_plc_state_machine import LEADER, PlcCycleMachine

from pedcommunity.adapters.json import from_json, to_json
from pedcommunity.errors import PedcommunityError
from pedcommunity.model import DomainEvent
from pedcommunity.model._fields import evolve_trusted, full_validation, full_validation_on
from pedcommunity.services import MentoringProgramme
from pedcommunity.workflows import (
    Workflow,
    fire,
    replay,
    standard_definitions,
    start,
)

# -- running a call both ways ---------------------------------------------------------------------


@attrs.frozen
class Result:
    """What one call did: returned ``value``, or raised ``error``."""

    value: Any = None
    error: Exception | None = None

    @property
    def accepted(self) -> bool:
        """Whether the call returned."""
        return self.error is None


def attempt(call: Callable[[], Any]) -> Result:
    """Make ``call``; whatever it raises is an answer to compare, not a failure of the test."""
    try:
        return Result(value=call())
    except Exception as exc:  # both paths must raise alike, whatever it is
        return Result(error=exc)


def both(call: Callable[[bool], Any]) -> tuple[Result, Result]:
    """``call(False)`` on the default path, then ``call(True)`` inside ``full_validation()``."""
    assert not full_validation_on(), "a test leaked the reference path into the default one"
    new = attempt(lambda: call(False))
    with full_validation():
        assert full_validation_on()
        ref = attempt(lambda: call(True))
    return new, ref


# An object's address in a message (``<object object at 0x7f...>``) differs between two calls
# that were built apart; nothing else may.
_ADDRESS = re.compile(r"0x[0-9a-fA-F]+")


def plain(value: Any) -> Any:
    """``value`` with object addresses in its texts blanked, for comparing answers."""
    if isinstance(value, str):
        return _ADDRESS.sub("0x?", value)
    if type(value) in (list, tuple):
        return type(value)(plain(v) for v in value)
    if type(value) is dict:
        return {plain(k): plain(v) for k, v in value.items()}
    return value


def _error_facts(exc: Exception) -> dict[str, Any]:
    facts: dict[str, Any] = {"type": type(exc), "message": plain(str(exc))}
    facts["attributes"] = plain({k: repr(v) for k, v in sorted(vars(exc).items())})
    if isinstance(exc, PedcommunityError):
        facts["summary"] = (exc.summary("ru"), exc.summary("en"))
    return facts


def _answer_kind(r: Result) -> str:
    return "was accepted" if r.error is None else f"raised {type(r.error).__name__}"


def _shown_result(r: Result) -> str:
    if r.error is None:
        return f"returned {short(r.value)}"
    text = plain(str(r.error))
    return f"raised {type(r.error).__name__}: {text if len(text) <= 300 else text[:300] + '...'}"


def assert_same_answer(what: str, new: Result, ref: Result) -> None:
    """Both paths accepted with equal values, or refused alike (type, message, attributes)."""
    where = f"{what}\n  new path: {_shown_result(new)}\n  reference path: {_shown_result(ref)}"
    if new.accepted != ref.accepted:
        pytest.fail(f"accepted on one path only: {where}", pytrace=False)
    if new.error is not None and ref.error is not None:
        a, b = _error_facts(new.error), _error_facts(ref.error)
        for key in ("type", "message", "summary", "attributes"):
            if a.get(key) != b.get(key):
                pytest.fail(
                    f"the paths refused differently ({key}): {where}\n"
                    f"  {key}, new path: {short(a.get(key))}\n"
                    f"  {key}, reference path: {short(b.get(key))}",
                    pytrace=False,
                )
    elif not same_value(new.value, ref.value):
        pytest.fail(f"the paths returned different values: {where}", pytrace=False)


def same_value(a: Any, b: Any) -> bool:
    """Whether two answers are equal (a programme by its workflows, as it has no ``==``)."""
    if isinstance(a, MentoringProgramme) and isinstance(b, MentoringProgramme):
        return a.workflow == b.workflow and list(a.tracks.items()) == list(b.tracks.items())
    return bool(plain(a) == plain(b))


# -- comparing workflows --------------------------------------------------------------------------


def first_difference(a: Any, b: Any, path: str = "$", depth: int = 0) -> str | None:
    """Where ``a`` and ``b`` differ first (a path into attrs fields, items and keys), if they do."""
    if a is b or depth > 12:
        return None
    if type(a) is not type(b):
        return f"{path}: {short(a)} vs {short(b)} (a {type(a).__name__} vs a {type(b).__name__})"
    if attrs.has(type(a)):
        for f in attrs.fields(type(a)):
            found = first_difference(getattr(a, f.name), getattr(b, f.name), f"{path}.{f.name}")
            if found is not None:
                return found
        return None if a == b else f"{path}: {short(a)} vs {short(b)}"
    if isinstance(a, Mapping):
        if list(a) != list(b):
            return f"{path}: keys {short(list(a))} vs {short(list(b))}"
        for k in a:
            found = first_difference(a[k], b[k], f"{path}[{k!r}]", depth + 1)
            if found is not None:
                return found
        return None
    if isinstance(a, tuple | list):
        if len(a) != len(b):
            return f"{path}: {len(a)} items vs {len(b)}"
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            found = first_difference(x, y, f"{path}[{i}]", depth + 1)
            if found is not None:
                return found
        return None
    return None if a == b else f"{path}: {short(a)} vs {short(b)}"


def assert_same_workflow(what: str, new: Workflow, ref: Workflow) -> None:
    """The two paths' workflows are equal: id, definition, state, data and events."""
    if new == ref and new.version == ref.version:
        return
    for name in ("id", "state", "version"):
        a, b = getattr(new, name), getattr(ref, name)
        if a != b:
            pytest.fail(
                f"after {what}: {name} differs: new path {a!r}, reference path {b!r}",
                pytrace=False,
            )
    where = first_difference(new.data, ref.data, "$.data") or first_difference(
        list(new.events), list(ref.events), "$.events"
    )
    pytest.fail(
        f"after {what}: the paths' workflows differ at {where} (new path first)",
        pytrace=False,
    )


#: Values with no records inside: the walk stops at them.
_LEAVES = (str, bytes, int, float, bool, type(None), Enum, date, datetime, time, timedelta, Decimal)


class FreshCheck:
    """Checks records against a fresh construction of their class; checks each object once.

    Records are immutable, so an object checked once (kept here, so its id is not reused)
    needs no second look: after a call, only what the call built is checked.
    """

    def __init__(self) -> None:
        self._seen: dict[int, Any] = {}

    def __call__(self, value: Any, where: str) -> None:
        stack: list[tuple[Any, str]] = [(value, where)]
        while stack:
            x, path = stack.pop()
            if isinstance(x, _LEAVES):
                continue
            # Mutable containers may change under the same id: they are walked every time.
            if type(x) not in (list, dict, set):
                if id(x) in self._seen:
                    continue
                self._seen[id(x)] = x
            if attrs.has(type(x)):
                self._check(x, path)
                for f in attrs.fields(type(x)):
                    stack.append((getattr(x, f.name), f"{path}.{f.name}"))
            elif isinstance(x, Mapping):
                for k, v in x.items():
                    stack.append((k, f"{path} key {k!r}"))
                    stack.append((v, f"{path}[{k!r}]"))
            elif isinstance(x, tuple | list | set | frozenset):
                stack.extend((item, f"{path}[{i}]") for i, item in enumerate(x))

    @staticmethod
    def _check(x: Any, path: str) -> None:
        cls = type(x)
        try:
            fresh = attrs.evolve(x)
        except Exception as exc:  # any refusal of a kept record is the finding
            pytest.fail(
                f"{path}: the new path kept a {cls.__name__} that its class refuses when built "
                f"afresh from its fields: {type(exc).__name__}: {short(str(exc))}",
                pytrace=False,
            )
        for f in attrs.fields(cls):
            kept, made = getattr(x, f.name), getattr(fresh, f.name)
            if kept is made or kept == made:
                continue
            kind = "derived field (init=False)" if not f.init else "field"
            pytest.fail(
                f"{path}.{f.name}: the {cls.__name__}'s {kind} kept on the new path differs "
                f"from a fresh construction: kept {short(kept)}, fresh {short(made)}",
                pytrace=False,
            )


def snapshot(wf: Workflow) -> tuple[Any, ...]:
    """What a refused call must leave as it was."""
    return (wf.id, wf.state, wf.data, tuple(wf.events))


class WorkflowPair:
    """One workflow on each path, called alike; ``new`` is the default path's."""

    def __init__(self, new: Workflow, ref: Workflow, fresh: FreshCheck | None = None) -> None:
        self.new = new
        self.ref = ref
        self.fresh = fresh or FreshCheck()
        self.accepted = 0
        self.refused = 0
        assert_same_workflow("the start", new, ref)
        self.fresh(new.data, "$.data")

    @classmethod
    def replayed(cls, wf: Workflow, fresh: FreshCheck | None = None) -> WorkflowPair:
        """``wf`` (default path) with its twin replayed from its log on the reference path."""
        new, ref = both(lambda _: replay(wf.definition, wf.events))
        assert_same_answer(f"replay of {short(wf)}", new, ref)
        assert ref.accepted, f"the log of {short(wf)} does not replay: {ref.error!r}"
        return cls(wf, ref.value, fresh)

    @classmethod
    def started(cls, first: DomainEvent, definition: Any) -> WorkflowPair:
        """Both workflows started as the log's start event was."""
        new, ref = both(
            lambda _: start(
                definition, first.payload, id=first.workflow_id, actor=first.actor, at=first.at
            )
        )
        assert_same_answer("start", new, ref)
        return cls(new.value, ref.value)

    def apply(self, what: str, call: Callable[[Workflow], Any], *, atomic: bool = True) -> Result:
        """Make ``call`` on both workflows and compare; return the new path's answer.

        ``atomic``: the call is one trigger, so a refusal must leave the workflow as it was
        (a track's ``tick`` fires several and may stop half way, alike on both paths).
        """
        before = (snapshot(self.new), snapshot(self.ref))
        new, ref = both(lambda reference: call(self.ref if reference else self.new))
        assert_same_answer(what, new, ref)
        if new.accepted:
            self.accepted += 1
        else:
            self.refused += 1
            if atomic:
                for side, wf, old in (
                    ("new", self.new, before[0]),
                    ("reference", self.ref, before[1]),
                ):
                    # The very same data object: a refusal commits nothing, not even a copy.
                    if snapshot(wf) != old or wf.data is not old[2]:
                        pytest.fail(
                            f"the refused {what} changed the workflow on the {side} path: "
                            f"{_shown_result(new)}",
                            pytrace=False,
                        )
        assert_same_workflow(what, self.new, self.ref)
        if self.new.version != len(before[0][3]):
            self.fresh(self.new.data, f"after {what}: $.data")
            for i in range(len(before[0][3]), self.new.version):
                self.fresh(self.new.events[i], f"after {what}: $.events[{i}]")
        return new

    def invoke(self, call: Call) -> Result:
        """Make a drawn :class:`~tests.fuzz_calls.Call` (``fire``, ``tick``, ``preview``)."""

        def make(wf: Workflow) -> Any:
            # Odd values are built afresh for each path: a generator is used up by one call.
            args = build(call.args)
            kwargs = {k: build(v) for k, v in call.kwargs.items() if v is not NOT_GIVEN}
            return ENGINE_FUNCTIONS[call.method](wf, *args[1:], **kwargs)

        return self.apply(repr(call), make, atomic=call.method != "tick")

    def fire_logged(self, e: DomainEvent) -> Result:
        """The call that recorded ``e``: its trigger and payload, by its actor, at its time."""

        def make(wf: Workflow) -> Any:
            return fire(wf, e.trigger, e.payload, actor=e.actor, at=e.at)

        what = f"the run's event {e.sequence}: {e.trigger} by {e.actor!r}"
        return self.apply(what, make)

    def check_documents(self) -> None:
        """Both paths write the same document, and read it and replay the log alike."""
        text = to_json(self.new, converter=CONVERTER)
        assert to_json(self.ref, converter=CONVERTER) == text, "the paths' documents differ"
        check_reading(self.new, text)


def check_reading(wf: Workflow, text: str) -> None:
    """``from_json`` of ``text`` and ``replay`` of ``wf``'s log give ``wf`` on both paths."""
    new, ref = both(lambda _: from_json(text, Workflow, converter=CONVERTER))
    assert_same_answer(f"from_json of {short(wf)}", new, ref)
    assert new.accepted, f"from_json of {short(wf)}: {new.error!r}"
    assert_same_workflow("from_json (new path against the original)", new.value, wf)
    assert_same_workflow("from_json (reference path against the original)", ref.value, wf)
    FreshCheck()(new.value.data, f"from_json of {short(wf)} on the new path: $.data")
    new, ref = both(lambda _: replay(wf.definition, wf.events))
    assert_same_answer(f"replay of {short(wf)}", new, ref)
    assert_same_workflow("replay (new path against the original)", new.value, wf)
    FreshCheck()(new.value.data, f"replay of {short(wf)} on the new path: $.data")


# -- settings -------------------------------------------------------------------------------------


def share(divisor: int) -> int:
    """A share of the active profile's examples: each example here is a whole run, twice."""
    active = settings.default
    return max(2, (active.max_examples if active is not None else 100) // divisor)


_SLOW = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]

#: No shrinking for the whole-run tests: the failure names the call and both answers.
_COMMON: dict[str, Any] = {
    "deadline": None,
    "suppress_health_check": _SLOW,
    "phases": (Phase.explicit, Phase.reuse, Phase.generate),
    "report_multiple_bugs": False,
}

#: How many calls are slipped in before each call of a run: mostly none, 0.375 on average.
STRAYS = st.integers(0, 7).map(lambda n: max(0, n - 5))


def test_every_standard_definition_is_run() -> None:
    """A definition added to the library cannot skip the equivalence test."""
    assert sorted(RUNS) == sorted({d.name for d in standard_definitions()})


def test_the_reference_path_is_scoped() -> None:
    """``full_validation()`` holds inside its block only, so each side runs on its own path."""
    assert not full_validation_on()
    with full_validation():
        assert full_validation_on()
    assert not full_validation_on()
    seen = both(lambda reference: (reference, full_validation_on()))
    assert [r.value for r in seen] == [(False, False), (True, True)]


@attrs.frozen
class _Roster:
    """A record with a derived index, as effects keep them (a count of its members)."""

    members: tuple[str, ...] = attrs.field(validator=attrs.validators.instance_of(tuple))
    count: int = attrs.field(init=False, eq=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "count", len(self.members))


def test_the_fresh_check_catches_a_drifted_index() -> None:
    """An index an effect forgot to update is caught, though ``==`` cannot see it."""
    roster = _Roster(("a",))
    stale = evolve_trusted(roster, members=("a", "b"))  # the index is copied, not updated
    assert stale == _Roster(("a", "b")) and stale.count == 1
    with pytest.raises(pytest.fail.Exception, match=r"\$\.count: .*derived field"):
        FreshCheck()(stale, "$")
    FreshCheck()(evolve_trusted(roster, members=("a", "b"), count=2), "$")
    with full_validation():  # the reference path rebuilds the index
        FreshCheck()(evolve_trusted(roster, members=("a", "b")), "$")
    with pytest.raises(pytest.fail.Exception, match="refuses when built afresh"):
        FreshCheck()(evolve_trusted(roster, members=5), "$")


# -- every standard definition: a whole run with calls slipped in ---------------------------------


@pytest.mark.parametrize("name", sorted(RUNS))
@settings(max_examples=share(12), **_COMMON)
@given(data=st.data())
def test_runs_with_stray_calls_side_by_side(name: str, data: st.DataObject) -> None:
    """The calls of a whole run, with wrong and right calls slipped in, answered alike."""
    with full_validation():  # the script runs as the reference path answers it
        run = data.draw(shown(RUNS[name]), label="run").value
    pair = WorkflowPair.started(run.events[0], run.definition)
    stray_accepted = 0
    logged_refused = 0
    events = run.events[1:]
    for i, e in enumerate([*events, None], start=1):
        for k in range(data.draw(STRAYS, label="stray calls")):
            before = None if e is None else e.at
            call = data.draw(noise_calls(pair.new, before), label=f"stray call {k} before {i}")
            answer = pair.invoke(call)
            stray_accepted += answer.accepted
            event(f"{name}: a stray call {_answer_kind(answer)}")
        if e is not None:
            logged_refused += not pair.fire_logged(e).accepted
    if not stray_accepted:
        # Nothing strayed from the script: the same calls rebuilt the very run drawn.
        assert logged_refused == 0
        assert_same_workflow("the run (against the run drawn)", pair.new, run)
    pair.check_documents()
    event(f"{name}: ended in {pair.new.state}")
    event(f"{name}: {'no' if logged_refused == 0 else 'some'} run calls refused after strays")


# -- reading: replay and JSON of whole runs, right and mutated ------------------------------------

#: Mutated documents and logs read per drawn run.
READS = 3


@pytest.mark.parametrize("name", sorted(RUNS))
@settings(max_examples=share(20), **_COMMON)
@given(data=st.data())
def test_reading_side_by_side(name: str, data: st.DataObject) -> None:
    """``from_json`` and ``replay`` of a run's document and log, and of mutated ones, give the
    same workflow or the same refusal on both paths."""
    with full_validation():  # the script runs as the reference path answers it
        wf = data.draw(shown(RUNS[name]), label="run").value
    check_reading(wf, to_json(wf, converter=CONVERTER))
    text = to_json(wf, converter=CONVERTER)
    for i in range(READS):
        what, mutated = data.draw(mutated_documents(text), label=f"mutation {i}")

        def read(_: bool, document: str = mutated) -> Any:
            return from_json(document, converter=CONVERTER)

        new, ref = both(read)
        assert_same_answer(f"from_json(<document after: {what}>)", new, ref)
        if new.accepted and isinstance(new.value, Workflow):
            assert_same_workflow(f"from_json(<document after: {what}>)", new.value, ref.value)
        call = data.draw(engine_calls(wf, "replay"), label=f"replay {i}")

        def replay_call(_: bool, call: Call = call) -> Any:
            # The log is built afresh for each path: an iterator is used up by one replay.
            return ENGINE_FUNCTIONS["replay"](*build(call.args))

        new, ref = both(replay_call)
        assert_same_answer(repr(call), new, ref)
        if new.accepted:
            assert_same_workflow(repr(call), new.value, ref.value)


# -- mentoring programmes through their methods ---------------------------------------------------


class ProgrammePair:
    """One :class:`MentoringProgramme` on each path, sharing one clock, called alike."""

    #: The methods that change a programme (``preview`` does not, and is compared too).
    CALLS = frozenset(
        {
            "fire",
            "fire_track",
            "open_track",
            "propose",
            "propose_matches",
            "publish_all",
            "rematch",
            "tick",
            "preview",
        }
    )
    #: The calls that are one all-or-nothing change (the others make several).
    ATOMIC = frozenset({"fire", "fire_track", "open_track", "propose", "rematch", "preview"})

    def __init__(
        self, prog: MentoringProgramme, fresh: FreshCheck | None = None, *, replayed: bool = False
    ) -> None:
        """``prog`` and its twin replayed from its logs on the reference path.

        ``replayed``: the new path's programme is replayed from the logs too (on the default
        path), and both must equal ``prog``.
        """
        self.fresh = fresh or FreshCheck()
        tracks = list(prog.tracks.values())
        made = both(
            lambda _: MentoringProgramme.replay(
                prog.workflow.events, [t.events for t in tracks], clock=prog.clock
            )
        )
        assert_same_answer(f"MentoringProgramme.replay of {prog.id!r}", *made)
        assert made[1].accepted, f"the programme does not replay: {made[1].error!r}"
        self.new: MentoringProgramme = made[0].value if replayed else prog
        self.ref: MentoringProgramme = made[1].value
        self.compare("the start")
        if replayed and not same_value(prog, self.new):
            pytest.fail("the replayed programme differs from the one drawn", pytrace=False)
        for wf in self.new.workflows():
            self.fresh(
                wf.data, f"programme {prog.id!r} (before any call) on the new path: {wf.id}: $.data"
            )

    def snapshot(self) -> tuple[Any, ...]:
        """Both programmes, every track included, as a refused call must leave them."""
        return tuple(
            (snapshot(p.workflow), tuple((k, snapshot(t)) for k, t in p.tracks.items()))
            for p in (self.new, self.ref)
        )

    def compare(self, what: str) -> None:
        """The programmes and all their tracks are equal, tracks in the same order."""
        assert_same_workflow(what, self.new.workflow, self.ref.workflow)
        new_tracks, ref_tracks = self.new.tracks, self.ref.tracks
        if list(new_tracks) != list(ref_tracks):
            pytest.fail(
                f"after {what}: tracks {list(new_tracks)} on the new path, "
                f"{list(ref_tracks)} on the reference path",
                pytrace=False,
            )
        for tid, track in new_tracks.items():
            assert_same_workflow(f"{what} (track {tid!r})", track, ref_tracks[tid])

    def run(self, what: str, call: Callable[[MentoringProgramme], Any], *, atomic: bool) -> Result:
        """Make ``call`` on both programmes and compare; return the new path's answer."""
        before = self.snapshot()
        counts = [len(w.events) for w in self.new.workflows()]
        new, ref = both(lambda reference: call(self.ref if reference else self.new))
        assert_same_answer(what, new, ref)
        if not new.accepted and atomic and self.snapshot() != before:
            pytest.fail(f"the refused {what} changed a programme or a track", pytrace=False)
        self.compare(what)
        if [len(w.events) for w in self.new.workflows()] != counts:
            for wf in self.new.workflows():
                self.fresh(wf.data, f"after {what}: {wf.id}: $.data")
                if len(wf.events) > 1:
                    self.fresh(wf.events[-1], f"after {what}: {wf.id}: $.events[-1]")
        return new

    def invoke(self, call: Call) -> Result:
        """Make a drawn :class:`~tests.fuzz_calls.Call` of a programme method."""
        return self.run(
            repr(call),
            lambda prog: ProgrammeSubject(prog).invoke(call),
            atomic=call.method in self.ATOMIC,
        )


#: Calls per drawn programme (each wrong one followed by a right one).
PROGRAMME_CALLS = 4


@pytest.mark.parametrize("aspect", PROGRAMME_ASPECTS)
@settings(max_examples=share(15), **_COMMON)
@given(data=st.data())
def test_programme_methods_side_by_side(aspect: str, data: st.DataObject) -> None:
    """MentoringProgramme's methods, right and wrong, answer alike on both paths, and the
    programme replays alike from its logs."""
    with full_validation():  # the script runs as the reference path answers it
        drawn = data.draw(shown(programmes()), label="programme").value
    pair = ProgrammePair(drawn, replayed=True)
    for i in range(PROGRAMME_CALLS):
        pair.invoke(data.draw(programme_calls(pair.new, aspect), label=f"call {i}"))
        if aspect != "right":
            pair.invoke(data.draw(programme_calls(pair.new, "right"), label=f"right call {i}"))
    ProgrammePair(pair.new, replayed=True)  # as it is now, it replays alike on both paths


# -- the state machines, every call made on both paths --------------------------------------------


class PlcTwinMachine(PlcCycleMachine):
    """The PLC state machine with every trigger fired on both paths and compared."""

    def __init__(self) -> None:
        super().__init__()
        self.pair = WorkflowPair.replayed(self.wf)

    def _fire(self, trigger: str, actor: str = LEADER, **fields: Any) -> None:
        self.at += timedelta(minutes=30)
        at = self.at
        result = self.pair.apply(
            f"{trigger} by {actor!r} with {short(fields)}",
            lambda wf: fire(wf, trigger, actor=actor, at=at, **fields),
        )
        if result.accepted:
            self.accepted += 1
        else:
            self.refused += 1

    @rule(steps=st.integers(10, 40), data=st.data())
    def run_ahead(self, steps: int, data: st.DataObject) -> None:
        """Many sensible steps at once, so that more runs reach the audit, plan and reflection."""
        self.progress(steps, data)

    def teardown(self) -> None:
        # Hypothesis calls teardown while a failure propagates too: let that one be reported.
        if sys.exc_info()[0] is not None:
            return
        super().teardown()
        self.pair.check_documents()
        reached = {e.target for e in self.wf.events}
        for stage in ("choice", "resource_audit", "learning", "reflection"):
            event(f"plc twin: reached {stage}: {stage in reached}")


PlcTwinMachine.TestCase.settings = settings(
    max_examples=share(8), stateful_step_count=120, deadline=None
)
TestPlcTwinMachine = PlcTwinMachine.TestCase


class ProgrammeTwin:
    """Stands in for the machine's programme: reads from the new path, calls both paths."""

    def __init__(self, pair: ProgrammePair) -> None:
        self._pair = pair

    def __getattr__(self, name: str) -> Any:
        pair = self._pair
        if name not in ProgrammePair.CALLS:
            return getattr(pair.new, name)

        def call(*args: Any, **kwargs: Any) -> Any:
            shown_args = [*map(short, args), *(f"{k}={short(v)}" for k, v in kwargs.items())]
            what = f"{name}({', '.join(shown_args)})"
            result = pair.run(
                what,
                lambda prog: getattr(prog, name)(*args, **kwargs),
                atomic=name in ProgrammePair.ATOMIC,
            )
            if result.error is not None:
                raise result.error
            return result.value

        return call


class ProgrammeTwinMachine(MentoringProgrammeMachine):
    """The mentoring-programme state machine with every call made on both paths."""

    def __init__(self) -> None:
        self._twin: ProgrammeTwin | None = None
        self._fresh = FreshCheck()
        super().__init__()

    @property
    def prog(self) -> Any:
        return self._twin

    @prog.setter
    def prog(self, value: Any) -> None:
        # The machine sets up its programme with plain calls, then keeps it: from then on
        # every call goes to both paths, the reference one replayed from the logs so far.
        if value is None or isinstance(value, ProgrammeTwin):
            self._twin = value
        else:
            self._twin = ProgrammeTwin(ProgrammePair(value, self._fresh))

    def teardown(self) -> None:
        super().teardown()
        if self._twin is not None and sys.exc_info()[0] is None:
            # As it is now, it replays alike on both paths (and equals the one run).
            ProgrammePair(self._twin._pair.new, replayed=True)
            event(f"programme twin: ended in {self._twin.state}")


ProgrammeTwinMachine.TestCase.settings = settings(
    max_examples=share(10), stateful_step_count=80, deadline=None
)
TestProgrammeTwinMachine = ProgrammeTwinMachine.TestCase
