"""Migrations declared as data: move running workflows to a new version of their definition.

A :class:`Migration` says which definition and versions, how old states map to new ones, and
how the data changes as its JSON document changes: fields renamed, fields dropped, new fields
with their defaults. :func:`plan_migration` is the dry run (what would move, what cannot and
why; nothing is written); :func:`run_migration` moves what can move, each workflow by one
recorded ``migrate`` event (:mod:`pedcommunity.workflows.migration`), in one transaction. A
workflow that cannot move stays on its version and keeps running there.

Examples:
    >>> from datetime import datetime, timezone
    >>> from pedcommunity import PlcData
    >>> from pedcommunity.i18n import Label
    >>> from pedcommunity.services import InMemoryStore
    >>> from pedcommunity.services.workflows import get_workflow, start_workflow
    >>> from pedcommunity.workflows import PLC_CYCLE, standard_definitions
    >>> at = datetime(2025, 9, 1, tzinfo=timezone.utc)
    >>> v3 = PLC_CYCLE.extend(name="plc_cycle", version="3",
    ...                       relabel={"forming": Label(ru="Сбор", en="Gathering")})
    >>> registry = standard_definitions(); _ = registry.add(v3)
    >>> store = InMemoryStore(registry)
    >>> _ = start_workflow(store.unit_of_work(), PLC_CYCLE,
    ...                    PlcData(name="ПОС", leader_id="head"), id="p", actor="head", at=at)
    >>> m = Migration(id="plc-v3", definition="plc_cycle", from_version="2", to_version="3")
    >>> plan = plan_migration(store.unit_of_work(), m, definitions=registry, at=at)
    >>> [(move.workflow_id, move.to_state) for move in plan.moves], plan.blocked
    ([('p', 'forming')], ())
    >>> get_workflow(store.unit_of_work(), "p").definition.key  # the dry run wrote nothing
    'plc_cycle@2'
    >>> _ = run_migration(store.unit_of_work(), m, definitions=registry, actor="admin", at=at)
    >>> get_workflow(store.unit_of_work(), "p").definition.key
    'plc_cycle@3'

The library ships :data:`PLC_CYCLE_2_MIGRATION`, which moves version-1 PLCs to ``plc_cycle@2``,
:data:`FESTIVAL_TANDEMS_MIGRATION` (``festival@2``: tandem entries) and
:data:`SCHOOL_BANK_ONLY_MIGRATION` (``navigators_school@2``: enrolment from the bank).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import attrs

from pedcommunity.errors import InvalidData, PedcommunityError
from pedcommunity.model._fields import FrozenMap, check_id, check_ids, to_tuple
from pedcommunity.workflows.definition import DefinitionRegistry, WorkflowDefinition
from pedcommunity.workflows.engine import Workflow
from pedcommunity.workflows.migration import migrate, migration_event

from .ports import UnitOfWork

__all__ = [
    "FESTIVAL_TANDEMS_MIGRATION",
    "PLC_CYCLE_2_MIGRATION",
    "SCHOOL_BANK_ONLY_MIGRATION",
    "Blocked",
    "Migration",
    "MigrationPlan",
    "Move",
    "plan_migration",
    "run_migration",
]


def _names(value: Any) -> FrozenMap[str, str]:
    return value if isinstance(value, FrozenMap) else FrozenMap(dict(value))


def _check_names(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    for old, new in value.items():
        if not isinstance(old, str) or not isinstance(new, str) or not old or not new:
            raise ValueError(f"{attribute.name} maps names to names, got {old!r}: {new!r}")


def _check_version(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{attribute.name} is a version such as '2', got {value!r}")


@attrs.frozen
class Migration:
    """How running workflows of one definition move from one version to another.

    Attributes:
        id: names the migration; every ``migrate`` event records it.
        definition: the definition's name (``"plc_cycle"``).
        from_version: the version the workflows run on now.
        to_version: the version they move to (registered beside the old one).
        states: old state -> new state; a state not listed keeps its name.
        renames: data field -> its new name, as the JSON document names them.
        drop: data fields the new version no longer has.
        defaults: new data fields -> their value as JSON (a field already present keeps its
            value).

    Examples:
        >>> Migration(id="m", definition="plc_cycle", from_version="1", to_version="1")
        Traceback (most recent call last):
        ...
        ValueError: a migration moves to another version; from_version and to_version are '1'
    """

    id: str = attrs.field(validator=check_id)
    definition: str = attrs.field(validator=check_id)
    from_version: str = attrs.field(validator=_check_version)
    to_version: str = attrs.field(validator=_check_version)
    states: FrozenMap[str, str] = attrs.field(
        factory=FrozenMap, converter=_names, validator=_check_names
    )
    renames: FrozenMap[str, str] = attrs.field(
        factory=FrozenMap, converter=_names, validator=_check_names
    )
    drop: tuple[str, ...] = attrs.field(default=(), converter=to_tuple, validator=check_ids)
    defaults: FrozenMap[str, Any] = attrs.field(factory=FrozenMap, converter=FrozenMap)

    def __attrs_post_init__(self) -> None:
        if self.from_version == self.to_version:
            raise ValueError(
                "a migration moves to another version; from_version and to_version are "
                f"{self.from_version!r}"
            )


@attrs.frozen
class Move:
    """A workflow a migration moves: its id and its state before and after."""

    workflow_id: str
    from_state: str
    to_state: str


#: Moves PLCs from ``plc_cycle@1`` to ``plc_cycle@2`` (tracked learning, measured pupils'
#: results, the PLC's organisation). Both versions run on :class:`~pedcommunity.PlcData` and
#: every field version 2 adds has a default, so nothing is renamed, dropped or mapped: each
#: PLC keeps its state and data. A PLC moved while in ``learning`` then holds sessions and
#: confirms ``min_learnt_share`` of its plan's gaps before reflection; one moved in
#: ``reflection`` records measured pupils' results when it reflects.
PLC_CYCLE_2_MIGRATION = Migration(
    id="plc-cycle-2", definition="plc_cycle", from_version="1", to_version="2"
)

#: Moves version-1 festivals to ``festival@2``, whose entries are pedagogical tandems. Each
#: festival keeps its state and data: entries already submitted, groups too, keep their shape;
#: only new entries are checked (``tandem_entry``, unless ``rules.tandems_only`` is false).
FESTIVAL_TANDEMS_MIGRATION = Migration(
    id="festival-tandems", definition="festival", from_version="1", to_version="2"
)

#: Moves version-1 navigators schools to ``navigators_school@2``. A school keeps its state,
#: cohort and graduates; its ``bank_ids`` start empty, so enrolling afterwards needs
#: ``offer_training`` first (or ``rules.bank_only`` false), and graduates from then on are
#: raised to ``rules.graduates_as`` (navigator).
SCHOOL_BANK_ONLY_MIGRATION = Migration(
    id="school-bank-only", definition="navigators_school", from_version="1", to_version="2"
)


@attrs.frozen
class Blocked:
    """A workflow a migration cannot move, and why (it stays on its version)."""

    workflow_id: str
    reason: str


@attrs.frozen
class MigrationPlan:
    """What a migration moves and what it cannot: the dry run's report, and the run's."""

    migration: Migration
    moves: tuple[Move, ...] = ()
    blocked: tuple[Blocked, ...] = ()

    def describe(self, lang: str = "en") -> str:
        """One line per workflow, in Russian or English.

        Examples:
            >>> m = Migration(id="m", definition="plc_cycle", from_version="2", to_version="3")
            >>> print(MigrationPlan(m, blocked=(Blocked("p", "no such state"),)).describe())
            m: 0 move, 1 cannot
              p cannot move: no such state
        """
        ru = lang == "ru"
        head = (
            f"{self.migration.id}: переходят {len(self.moves)}, не могут {len(self.blocked)}"
            if ru
            else f"{self.migration.id}: {len(self.moves)} move, {len(self.blocked)} cannot"
        )
        lines = [head]
        for m in self.moves:
            lines.append(f"  {m.workflow_id}: {m.from_state} -> {m.to_state}")
        for b in self.blocked:
            lines.append(
                f"  {b.workflow_id} {'не может перейти' if ru else 'cannot move'}: {b.reason}"
            )
        return "\n".join(lines)


def _versions(
    migration: Migration, definitions: DefinitionRegistry
) -> tuple[WorkflowDefinition, WorkflowDefinition]:
    if not isinstance(migration, Migration):
        raise InvalidData(
            f"a migration is a Migration, got {type(migration).__name__}", path="$.migration"
        )
    old = definitions.get(migration.definition, migration.from_version)
    new = definitions.get(migration.definition, migration.to_version)
    unknown = sorted(set(migration.states.values()) - set(new.state_names))
    if unknown:
        raise InvalidData(
            f"states maps to {', '.join(unknown)}, not states of {new.key}; its states: "
            f"{', '.join(new.state_names)}",
            path="$.migration.states",
        )
    return old, new


def _new_data(workflow: Workflow, migration: Migration, new: WorkflowDefinition, conv: Any) -> Any:
    """The workflow's data under ``new``: its JSON document renamed, pruned and completed."""
    old_type = workflow.definition.data_type or Any
    document = conv.unstructure(workflow.data, old_type)
    if isinstance(document, dict):
        for old_name, new_name in migration.renames.items():
            if old_name in document:
                document[new_name] = document.pop(old_name)
        for name in migration.drop:
            document.pop(name, None)
        for name, value in migration.defaults.items():
            document.setdefault(name, value)
    elif migration.renames or migration.drop or migration.defaults:
        raise InvalidData("the data is not an object; it has no fields to change", path="$.data")
    try:
        return conv.structure(document, new.data_type or Any)
    except Exception as exc:  # the converter reports any mismatch; say it in one line
        detail = "; ".join(str(e) for e in getattr(exc, "exceptions", ())) or str(exc)
        raise InvalidData(
            f"the data does not fit {new.key}: {detail.splitlines()[0]}", path="$.data"
        ) from None


def _run(
    uow: UnitOfWork,
    migration: Migration,
    definitions: DefinitionRegistry,
    *,
    actor: str,
    at: datetime,
    apply: bool,
) -> MigrationPlan:
    from pedcommunity.adapters.json import make_converter  # noqa: PLC0415 (the contract)

    old, new = _versions(migration, definitions)
    conv = make_converter(definitions)
    moves: list[Move] = []
    blocked: list[Blocked] = []
    for workflow_id in uow.workflows.ids(migration.definition):
        workflow = uow.workflows.get(workflow_id)
        if workflow.definition.key != old.key:
            continue
        before = workflow.state
        state = migration.states.get(before, before)
        try:
            data = _new_data(workflow, migration, new, conv)
            step = migrate if apply else migration_event
            step(workflow, new, state=state, data=data, migration=migration.id, actor=actor, at=at)
        except PedcommunityError as exc:
            blocked.append(Blocked(workflow_id, str(exc)))
            continue
        moves.append(Move(workflow_id, before, state))
    if apply:
        uow.commit()
    return MigrationPlan(migration, tuple(moves), tuple(blocked))


def plan_migration(
    uow: UnitOfWork,
    migration: Migration,
    *,
    definitions: DefinitionRegistry,
    at: datetime,
    actor: str = "system",
) -> MigrationPlan:
    """The dry run: which workflows would move (and to which state), which cannot and why.

    Nothing is written. A workflow cannot move when its state maps to no state of the new
    version, or its data, changed as the migration says, does not fit the new version.

    Raises:
        UnknownDefinition: a version of the migration is not registered.
        InvalidData: the migration maps to states the new version does not have.
    """
    with uow:
        return _run(uow, migration, definitions, actor=actor, at=at, apply=False)


def run_migration(
    uow: UnitOfWork,
    migration: Migration,
    *,
    definitions: DefinitionRegistry,
    actor: str,
    at: datetime,
) -> MigrationPlan:
    """Move every workflow that can move, each by a recorded ``migrate`` event, in one go.

    Returns what moved and what could not (those stay on their version).

    Raises:
        UnknownDefinition: a version of the migration is not registered.
        InvalidData: the migration maps to states the new version does not have.
        ConcurrentUpdate: a workflow changed while the migration ran; run it again.
    """
    with uow:
        return _run(uow, migration, definitions, actor=actor, at=at, apply=True)


def migration_from(document: Mapping[str, Any]) -> Migration:
    """A :class:`Migration` from its JSON object (what ``pedcommunity store migrate`` reads).

    Raises:
        InvalidData: the object is not a migration (``path`` names the field).

    Examples:
        >>> migration_from({"id": "m", "definition": "plc_cycle", "from_version": "2",
        ...                 "to_version": "3", "renames": {"name": "title"}}).renames
        FrozenMap({'name': 'title'})
    """
    from pedcommunity.adapters.json import from_plain  # noqa: PLC0415 (the contract)

    if not isinstance(document, Mapping):
        raise InvalidData(f"a migration is a JSON object, got {type(document).__name__}")
    extra = set(document) - {f.name for f in attrs.fields(Migration)}
    if extra:
        raise InvalidData(f"unknown fields: {', '.join(sorted(extra))}")
    return from_plain(dict(document), Migration)
