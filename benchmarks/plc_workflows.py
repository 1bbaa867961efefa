"""Benchmark: many live PLC workflows on one shared machine vs one ``transitions.Machine`` each.

What it measures. The script starts ``--instances`` PLC workflows (100,000 by default) and
fires ``--triggers-per-instance`` triggers on each (10 by default: join x3, hold_meeting x2,
agree, open_topic_list, propose_topic x2, open_vote; beyond 10 it keeps firing ``vote``).
Triggers are fired round-robin: step 1 on every instance, then step 2, and so on, so all
instances stay live. It then does the same work the naive way, with one
``transitions.Machine`` per instance built from the same definition data (the same guard and
effect functions, the same ``Context`` and the same ``DomainEvent`` record), so the two
columns differ only in engine architecture. Last, to show what each engine adds per trigger
on top of the domain work, it times three sides on a few thousand instances, alternating,
best of three: pedcommunity (the compiled dispatch table with every check and a validated
event), one ``transitions.Machine`` per instance, and a hand-written floor (a dict table, the
same guards, effects and event record, none of the engine's checks). It prints the engine's
rate against issue 13's goal of 100,000 PLC triggers per second on one core.

For each side it prints the time to create an instance and to fire a trigger (one untraced
pass, ``time.perf_counter``) and the memory per instance (a separate pass under
``tracemalloc``, which slows allocation several-fold: peak and retained traced bytes divided
by the instance count). Payloads, ids and timestamps are built once up front, outside the
measurements, so the figures are those of the engine and the domain work rather than of
building arguments; each instance gets its own ``PlcData``. The phases run in one process,
one after the other, with ``gc.collect()`` between them and each phase's objects freed before
the next. Nothing is asserted about time: the script only prints figures.

Run it from the repository root::

    python benchmarks/plc_workflows.py --reference-instances 20000  # ~5 min on 2 cores
    python benchmarks/plc_workflows.py              # reference at 100,000 too: ~15 min, ~10 GiB
    python benchmarks/plc_workflows.py --quick      # 2,000 instances: a smoke run, ~15 s
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import transitions
from transitions import EventData, Machine

import pedcommunity
from pedcommunity import PLC_CYCLE, DomainEvent, GuardFailed, PlcData, fire, start
from pedcommunity.i18n import Label
from pedcommunity.model import InteractionAgreement, Topic
from pedcommunity.model._fields import trusted_builder
from pedcommunity.workflows import (
    ANY_STATE,
    START,
    Context,
    Workflow,
    WorkflowDefinition,
)
from pedcommunity.workflows.plc import (
    AgreeInteraction,
    HoldMeeting,
    MeetingKind,
    Membership,
    ProposeTopic,
    Vote,
)

DEFAULT_INSTANCES = 100_000
QUICK_INSTANCES = 2_000
OVERHEAD_INSTANCES = 5_000
OVERHEAD_REPEATS = 3
NATURAL_STEPS = 10
T0 = datetime(2025, 9, 1, 9, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Step:
    """One trigger of the per-instance script, with its prebuilt payload and time."""

    trigger: str
    actor: str
    payload: Any
    at: datetime


def build_steps(count: int) -> list[Step]:
    """The trigger sequence fired on every instance, payload objects built once here."""
    natural: list[tuple[str, str, Any]] = [
        ("join", "t1", Membership(teacher_id="t1")),
        ("join", "t2", Membership(teacher_id="t2")),
        ("join", "t3", Membership(teacher_id="t3")),
        ("hold_meeting", "head", HoldMeeting(kind=MeetingKind.ORGANISATIONAL)),
        ("hold_meeting", "head", HoldMeeting(kind=MeetingKind.AGREEMENT)),
        (
            "agree",
            "head",
            AgreeInteraction(agreement=InteractionAgreement(rules=("Speak in turn",))),
        ),
        ("open_topic_list", "head", None),
        ("propose_topic", "t1", ProposeTopic(topic=Topic(id="a", title=Label(ru="А", en="A")))),
        ("propose_topic", "t2", ProposeTopic(topic=Topic(id="b", title=Label(ru="Б", en="B")))),
        ("open_vote", "head", None),
    ]
    # Past the natural ten, keep voting: a new vote replaces the old one, so it never runs out.
    votes = [Vote(teacher_id=t, topic_id=topic) for topic in ("a", "b") for t in ("t1", "t2", "t3")]
    raw = natural[:count]
    for i in range(count - len(raw)):
        vote = votes[i % len(votes)]
        raw.append(("vote", vote.teacher_id, vote))
    return [
        Step(trigger, actor, payload, T0 + timedelta(minutes=i + 1))
        for i, (trigger, actor, payload) in enumerate(raw)
    ]


# -- the three sides ----------------------------------------------------------------------------


class Side:
    """One way of running the workload: create instances, fire the steps, read an outcome."""

    name = ""

    def prepare(self) -> None:
        """Build whatever is shared by all instances (outside the measurements)."""

    def create(self, ids: Sequence[str]) -> list[Any]:
        """Start one instance per id."""
        raise NotImplementedError

    def fire_all(self, instances: list[Any], steps: Sequence[Step]) -> None:
        """Fire every step on every instance, round-robin."""
        raise NotImplementedError

    def outcome(self, instance: Any) -> tuple[str, PlcData, list[DomainEvent]]:
        """State, data and events of one instance, to check the sides did the same work."""
        return instance.state, instance.data, list(instance.events)


class SharedMachine(Side):
    """pedcommunity: plain-data workflows, one shared machine per definition."""

    name = "pedcommunity (shared machine)"

    def prepare(self) -> None:
        _ = PLC_CYCLE.machine  # built once, on first use; build it outside the measurements

    def create(self, ids: Sequence[str]) -> list[Workflow]:
        return [
            start(PLC_CYCLE, PlcData(name="PLC", leader_id="head"), id=i, actor="head", at=T0)
            for i in ids
        ]

    def fire_all(self, instances: list[Workflow], steps: Sequence[Step]) -> None:
        for step in steps:
            trigger, actor, payload, at = step.trigger, step.actor, step.payload, step.at
            for wf in instances:
                fire(wf, trigger, payload, actor=actor, at=at)


class HandWrittenFloor(SharedMachine):
    """The floor: what a hand-written loop would do, with none of the engine's checks.

    A dict table from ``(state, trigger)`` to the transitions (built once, outside the
    measurements), the same guard and effect functions, and the same ``DomainEvent`` record
    built without its validators. Creation is the same as :class:`SharedMachine`; only the
    trigger loop differs: no check of the trigger, actor, time, payload or permission.
    """

    name = "hand-written floor (no checks)"

    def prepare(self) -> None:
        definition = PLC_CYCLE
        self.table = {
            key: [
                (
                    [definition.guards[g] for g in spec.guards],
                    None if spec.effect is None else definition.effects[spec.effect],
                    key[0] if spec.dest is None else spec.dest,
                )
                for spec in definition.transitions_for(*key)
            ]
            for key in {(s.name, t.name) for s in definition.states for t in definition.triggers}
            if definition.transitions_for(*key)
        }
        self.new_event = trusted_builder(DomainEvent)

    def fire_all(self, instances: list[Workflow], steps: Sequence[Step]) -> None:
        table, new_event, key = self.table, self.new_event, PLC_CYCLE.key
        for step in steps:
            trigger, actor, payload, at = step.trigger, step.actor, step.payload, step.at
            for wf in instances:
                state = wf.state
                ctx = Context(
                    workflow_id=wf.id,
                    state=state,
                    data=wf.data,
                    trigger=trigger,
                    payload=payload,
                    actor=actor,
                    at=at,
                )
                chosen = None
                for row in table[state, trigger]:
                    for guard in row[0]:
                        if guard(ctx) is not None:
                            break
                    else:
                        chosen = row
                        break
                if chosen is None:
                    raise GuardFailed(trigger=trigger, state=state, guard="?", reason="refused")
                _guards, effect, target = chosen
                data = wf.data if effect is None else effect(ctx)
                events = wf.events
                event = new_event(
                    wf.id, key, len(events) + 1, trigger, actor, at, state, target, payload, ()
                )
                wf.state = target
                wf.data = data
                events.append(event)


class ReferenceModel:
    """The naive design's instance: a model object that owns its own ``transitions.Machine``.

    ``transitions`` adds ``state``, ``trigger`` and one method per trigger and state to it.
    """

    def __init__(self, id: str, data: PlcData, config: dict[str, Any]) -> None:
        self.id = id
        self.data = data
        initial = config["initial"]
        self.events = [
            DomainEvent(
                workflow_id=id,
                definition=PLC_CYCLE.key,
                sequence=1,
                trigger=START,
                actor="head",
                at=T0,
                source=initial,
                target=initial,
                payload=data,
            )
        ]
        self.machine = Machine(model=self, **config)


def _reference_condition(guard: Callable[[Context[Any]], str | None]) -> Callable[..., bool]:
    def check(event: EventData) -> bool:
        return guard(event.kwargs["context"]) is None

    return check


def _reference_after(
    definition: WorkflowDefinition, effect_name: str | None
) -> Callable[..., None]:
    effect = None if effect_name is None else definition.effects[effect_name]
    key = definition.key

    def apply(event: EventData) -> None:
        model: ReferenceModel = event.model
        ctx: Context[PlcData] = event.kwargs["context"]
        if effect is not None:
            model.data = effect(ctx)
        model.events.append(
            DomainEvent(
                workflow_id=model.id,
                definition=key,
                sequence=len(model.events) + 1,
                trigger=ctx.trigger,
                actor=ctx.actor,
                at=ctx.at,
                source=ctx.state,
                target=model.state,
                payload=ctx.payload,
            )
        )

    return apply


def reference_config(definition: WorkflowDefinition) -> dict[str, Any]:
    """``Machine`` keyword arguments built from the definition's own data, guards and effects."""
    live = [s.name for s in definition.states if not s.final]
    specs = []
    for spec in definition.transitions:
        specs.append(
            {
                "trigger": spec.trigger,
                "source": live if ANY_STATE in spec.source else list(spec.source),
                "dest": spec.dest,
                "conditions": [_reference_condition(definition.guards[g]) for g in spec.guards],
                "after": _reference_after(definition, spec.effect),
            }
        )
    return {
        "states": list(definition.state_names),
        "transitions": specs,
        "initial": definition.initial,
        "auto_transitions": False,
        "send_event": True,
    }


class MachinePerInstance(Side):
    """The reference: one ``transitions.Machine`` per instance."""

    name = "one Machine per instance"

    def prepare(self) -> None:
        self.config = reference_config(PLC_CYCLE)

    def create(self, ids: Sequence[str]) -> list[ReferenceModel]:
        config = self.config
        return [ReferenceModel(i, PlcData(name="PLC", leader_id="head"), config) for i in ids]

    def fire_all(self, instances: list[ReferenceModel], steps: Sequence[Step]) -> None:
        for step in steps:
            trigger, actor, payload, at = step.trigger, step.actor, step.payload, step.at
            for model in instances:
                ctx = Context(
                    workflow_id=model.id,
                    state=model.state,
                    data=model.data,
                    trigger=trigger,
                    payload=payload,
                    actor=actor,
                    at=at,
                )
                if not model.trigger(trigger, context=ctx):
                    raise RuntimeError(f"reference refused '{trigger}' on {model.id}")


# -- measuring ----------------------------------------------------------------------------------


@dataclass
class Figures:
    """What one side measured; memory fields stay ``None`` for a time-only run."""

    instances: int
    triggers: int
    create_s: float
    fire_s: float
    created_bytes: int | None = None
    retained_bytes: int | None = None
    peak_bytes: int | None = None
    outcome: tuple[str, PlcData, list[DomainEvent]] | None = None

    @property
    def create_us(self) -> float:
        return self.create_s / self.instances * 1e6

    @property
    def trigger_us(self) -> float:
        return self.fire_s / self.triggers * 1e6

    @property
    def triggers_per_s(self) -> float:
        return self.triggers / self.fire_s


def progress(message: str) -> None:
    sys.stdout.flush()
    print(f"  ... {message}", file=sys.stderr, flush=True)


def measure(side: Side, ids: Sequence[str], steps: Sequence[Step], *, memory: bool) -> Figures:
    """Time one untraced pass, then (if ``memory``) trace a second pass of the same work."""
    side.prepare()
    # Warm up: one full run on a throwaway instance, so lazy set-up is not counted.
    side.fire_all(side.create(["warm-up"]), steps)

    gc.collect()
    progress(f"{side.name}: timed pass, {len(ids):,} instances")
    t0 = time.perf_counter()
    instances = side.create(ids)
    t1 = time.perf_counter()
    side.fire_all(instances, steps)
    t2 = time.perf_counter()
    figures = Figures(
        instances=len(ids),
        triggers=len(ids) * len(steps),
        create_s=t1 - t0,
        fire_s=t2 - t1,
        outcome=side.outcome(instances[0]),
    )
    del instances
    gc.collect()
    if not memory:
        return figures

    progress(f"{side.name}: traced pass (tracemalloc)")
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    instances = side.create(ids)
    figures.created_bytes = tracemalloc.get_traced_memory()[0] - base
    side.fire_all(instances, steps)
    gc.collect()
    current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    figures.retained_bytes = current - base
    figures.peak_bytes = peak - base
    del instances
    gc.collect()
    return figures


def per_trigger_costs(ids: Sequence[str], steps: Sequence[Step]) -> dict[str, Figures]:
    """Best of a few alternating untraced runs of every side: less exposed to noise."""
    best: dict[str, Figures] = {}
    for _ in range(OVERHEAD_REPEATS):
        for side in (HandWrittenFloor(), SharedMachine(), MachinePerInstance()):
            figures = measure(side, ids, steps, memory=False)
            if side.name not in best or figures.fire_s < best[side.name].fire_s:
                best[side.name] = figures
    return best


def shared_machine_cost() -> tuple[float, int]:
    """Time and traced bytes to build the one shared machine of a fresh copy of the definition."""
    definition = PLC_CYCLE.extend(name="plc_cycle_bench", version="1")
    gc.collect()
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    t0 = time.perf_counter()
    _ = definition.machine
    seconds = time.perf_counter() - t0
    size = tracemalloc.get_traced_memory()[0] - base
    tracemalloc.stop()
    return seconds, size


# -- reporting ----------------------------------------------------------------------------------


def kib(value: int | None, per: int) -> str:
    return "n/a" if value is None else f"{value / per / 1024:,.2f}"


def ratio(reference: float | None, ours: float | None) -> str:
    if reference is None or ours is None or ours == 0:
        return ""
    value = reference / ours
    return f"{value:,.2f}x" if value < 10 else f"{value:,.1f}x"


def report(
    ours: Figures,
    reference: Figures,
    costs: dict[str, Figures],
    machine: tuple[float, int],
    steps: list[Step],
) -> None:
    n, nr = ours.instances, reference.instances
    rows: list[tuple[str, str, str, str]] = [
        ("instances measured", f"{n:,}", f"{nr:,}", ""),
        ("triggers fired", f"{ours.triggers:,}", f"{reference.triggers:,}", ""),
        ("create: total s", f"{ours.create_s:,.2f}", f"{reference.create_s:,.2f}", ""),
        (
            "create: µs per instance",
            f"{ours.create_us:,.1f}",
            f"{reference.create_us:,.1f}",
            ratio(reference.create_us, ours.create_us),
        ),
        ("fire: total s", f"{ours.fire_s:,.2f}", f"{reference.fire_s:,.2f}", ""),
        (
            "fire: µs per trigger",
            f"{ours.trigger_us:,.2f}",
            f"{reference.trigger_us:,.2f}",
            ratio(reference.trigger_us, ours.trigger_us),
        ),
        (
            "fire: triggers per second",
            f"{ours.triggers_per_s:,.0f}",
            f"{reference.triggers_per_s:,.0f}",
            ratio(reference.triggers_per_s, ours.triggers_per_s),
        ),
        (
            "memory after create: KiB/instance",
            kib(ours.created_bytes, n),
            kib(reference.created_bytes, nr),
            _per_ratio(reference.created_bytes, nr, ours.created_bytes, n),
        ),
        (
            "memory after triggers: KiB/instance",
            kib(ours.retained_bytes, n),
            kib(reference.retained_bytes, nr),
            _per_ratio(reference.retained_bytes, nr, ours.retained_bytes, n),
        ),
        (
            "peak memory: KiB/instance",
            kib(ours.peak_bytes, n),
            kib(reference.peak_bytes, nr),
            _per_ratio(reference.peak_bytes, nr, ours.peak_bytes, n),
        ),
    ]
    heads = ("", "shared machine", "Machine/instance", "ref/ours")
    widths = [max(len(r[i]) for r in [heads, *rows]) for i in range(4)]
    line = "-" * (sum(widths) + 3 * 3)
    print(line)
    print(
        f"{heads[0]:<{widths[0]}}   {heads[1]:>{widths[1]}}   {heads[2]:>{widths[2]}}   "
        f"{heads[3]:>{widths[3]}}"
    )
    print(line)
    for r in rows:
        print(
            f"{r[0]:<{widths[0]}}   {r[1]:>{widths[1]}}   {r[2]:>{widths[2]}}   "
            f"{r[3]:>{widths[3]}}".rstrip()
        )
    print(line)
    seconds, size = machine
    print(
        f"The shared machine is built once per definition: {seconds * 1e3:,.1f} ms and "
        f"{size / 1024:,.1f} KiB traced\n  (not in the per-instance figures)."
    )
    floor = costs[HandWrittenFloor.name]
    shared = costs[SharedMachine.name].trigger_us
    naive = costs[MachinePerInstance.name].trigger_us
    print(
        f"µs per trigger, best of {OVERHEAD_REPEATS} alternating untraced runs on "
        f"{floor.instances:,} instances:\n  hand-written floor (same guards, effects and event, "
        f"no checks) {floor.trigger_us:,.2f};\n  pedcommunity (compiled table, every check, "
        f"a validated event) {shared:,.2f} ({shared / floor.trigger_us:,.2f}x the floor);\n"
        f"  one transitions.Machine per instance {naive:,.2f} "
        f"({naive / floor.trigger_us:,.2f}x the floor, {naive / shared:,.2f}x ours)"
    )
    rate = 1e6 / shared
    print(
        f"Goal (issue 13): >= 100,000 PLC triggers/s on one core (<= 10 µs a trigger): "
        f"{rate:,.0f}/s, {'holds' if rate >= 100_000 else 'does NOT hold'}."
    )
    created = _per_ratio(reference.created_bytes, nr, ours.created_bytes, n)
    retained = _per_ratio(reference.retained_bytes, nr, ours.retained_bytes, n)
    print(
        f"Ours vs reference: creating an instance is {ratio(reference.create_us, ours.create_us)}"
        f" faster and takes {created} less memory;\n  after {len(steps)} triggers an instance "
        f"holds {retained} less memory; triggers per second: "
        f"{ratio(ours.triggers_per_s, reference.triggers_per_s)} as many."
    )
    if nr != n:
        print(
            f"NOTE: reference figures were measured on {nr:,} instances "
            f"({reference.triggers:,} triggers), not {n:,};\n  they are per-instance and "
            "per-trigger figures, and the ratios compare them as such."
        )
    same = all(f.outcome == ours.outcome for f in (reference, *costs.values()))
    state = ours.outcome[0] if ours.outcome else "?"
    print(
        f"Check: the first instance ends in '{state}' with the same data and "
        f"{len(steps) + 1} events on all three sides: {'yes' if same else 'NO, the sides differ'}."
    )


def _per_ratio(ref: int | None, nr: int, ours: int | None, n: int) -> str:
    if ref is None or ours is None:
        return ""
    return ratio(ref / nr, ours / n)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=(
            "Create many live PLC workflows and fire triggers on them: pedcommunity's shared "
            "machine vs one transitions.Machine per instance."
        )
    )
    parser.add_argument(
        "--instances", type=int, help=f"workflow instances (default {DEFAULT_INSTANCES:,})"
    )
    parser.add_argument(
        "--triggers-per-instance",
        type=int,
        default=NATURAL_STEPS,
        help="triggers fired on each instance (default 10; beyond 10 they are votes)",
    )
    parser.add_argument(
        "--reference-instances",
        type=int,
        help="instances for the one-Machine-per-instance reference (default: --instances)",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"a smoke run: {QUICK_INSTANCES:,} instances unless --instances says otherwise",
    )
    args = parser.parse_args(argv)
    n = args.instances or (QUICK_INSTANCES if args.quick else DEFAULT_INSTANCES)
    nr = min(args.reference_instances or n, n)
    k = args.triggers_per_instance
    if n < 1 or nr < 1 or k < 1:
        parser.error("instance and trigger counts must be at least 1")

    steps = build_steps(k)
    ids = [f"plc-{i}" for i in range(n)]
    runs: list[list[Any]] = []
    for s in steps:
        if runs and runs[-1][0] == s.trigger:
            runs[-1][1] += 1
        else:
            runs.append([s.trigger, 1])
    sequence = ", ".join(name if count == 1 else f"{name} x{count}" for name, count in runs)

    print("pedcommunity benchmark: live PLC workflows")
    print(
        f"Python {platform.python_version()} ({platform.python_implementation()}), "
        f"transitions {transitions.__version__}, pedcommunity {pedcommunity.__version__}, "
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores"
    )
    print(f"Workload: {n:,} instances x {k} triggers = {n * k:,} triggers, fired round-robin")
    print(f"  per instance: {sequence}")
    print(
        "  payload objects, ids and timestamps are built once up front, outside the "
        "measurements;\n  each instance gets its own PlcData"
    )
    print(
        "  time: an untraced pass (perf_counter); memory: a second pass under tracemalloc\n"
        "  (traced bytes / instances); gc.collect() between phases, each phase freed first"
    )
    print(flush=True)

    wall = time.perf_counter()
    machine = shared_machine_cost()
    ours = measure(SharedMachine(), ids, steps, memory=True)
    reference = measure(MachinePerInstance(), ids[:nr], steps, memory=True)
    costs = per_trigger_costs(ids[: min(nr, OVERHEAD_INSTANCES)], steps)
    report(ours, reference, costs, machine, steps)
    print(f"Total run time: {time.perf_counter() - wall:,.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
