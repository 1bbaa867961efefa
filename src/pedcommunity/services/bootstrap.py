"""The composition root: :func:`bootstrap` wires a store, a clock, a policy and the plugins.

The CLI, the HTTP service and the simulation each call :func:`bootstrap` once and then only
the :class:`Services` it returns; nothing else in the library picks a store, reads the clock
or loads plugins. A :class:`Services` binds the use cases of :mod:`pedcommunity.services` to
them: each call opens a unit of work for its tenant, takes the time from the clock and
commits, and a call without ``expected_version`` that meets a concurrent writer is retried on
the fresh state (``retries`` times) before :class:`~pedcommunity.errors.ConcurrentUpdate`
reaches the caller.

Examples:
    >>> from datetime import datetime, timezone
    >>> from pedcommunity import ManualClock, PlcData
    >>> app = bootstrap(clock=ManualClock(datetime(2025, 9, 1, tzinfo=timezone.utc)),
    ...                 plugins=False)
    >>> plc = app.start("plc_cycle", PlcData(name="ПОС", leader_id="head"), id="plc-95",
    ...                 actor="head", tenant="school-95")
    >>> app.fire("plc-95", "join", actor="t1", teacher_id="t1", tenant="school-95").sequence
    2
    >>> app.get("plc-95", tenant="school-95").data.members
    ('t1',)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from pedcommunity._repr import shown
from pedcommunity.clock import Clock, SystemClock
from pedcommunity.errors import ConcurrentUpdate, InvalidData
from pedcommunity.model.domain_events import DomainEvent
from pedcommunity.monitoring import Period, Review
from pedcommunity.workflows.definition import DefinitionRegistry, WorkflowDefinition
from pedcommunity.workflows.engine import Workflow
from pedcommunity.workflows.permissions import AccessPolicy

from . import directory as directory_uc
from . import keys as key_uc
from . import review as review_uc
from . import workflows as uc
from ._leaders_path import LeadersPath
from .keys import ApiKey, KeyStore, NewKey
from .memory import InMemoryStore
from .mentoring import MentoringProgramme
from .migrations import Migration, MigrationPlan, plan_migration, run_migration
from .plugins import Plugins, load_plugins
from .ports import DEFAULT_TENANT, EventStore
from .timers import tick_due

__all__ = ["Services", "bootstrap"]

T = TypeVar("T")

#: How many times a call without an expected version is tried again on a concurrent update.
RETRIES = 5


class Services(LeadersPath):
    """The use cases bound to one store, clock, access policy and set of definitions.

    Build it with :func:`bootstrap`. Every method takes the ``tenant`` (a school or a region)
    it acts for; a tenant never sees another's workflows.
    """

    __slots__ = ("clock", "definitions", "plugins", "policy", "retries", "store")

    def __init__(
        self,
        *,
        store: EventStore,
        clock: Clock,
        policy: AccessPolicy | None = None,
        plugins: Plugins | None = None,
        retries: int = RETRIES,
    ) -> None:
        if isinstance(retries, bool) or not isinstance(retries, int) or not 0 <= retries <= 100:
            raise InvalidData(f"retries is from 0 to 100, got {shown(retries)}", path="$.retries")
        self.store = store
        self.clock = clock
        self.policy = policy
        self.plugins = plugins if plugins is not None else Plugins()
        self.definitions: DefinitionRegistry = store.definitions
        self.retries = retries

    def _retrying(self, call: Callable[[], T], *, expected_version: int | None) -> T:
        # A caller who named a version wants to know it went stale; anyone else wants the
        # trigger fired on whatever is current, so try again on the fresh state.
        attempts = 0 if expected_version is not None else self.retries
        for _ in range(attempts):
            try:
                return call()
            except ConcurrentUpdate:
                continue
        return call()

    def definition(self, name: str | WorkflowDefinition, version: str | None = None) -> Any:
        """A definition of this deployment by name (its latest version unless ``version``).

        Raises:
            UnknownDefinition: no such definition (lists the known ones).
        """
        if isinstance(name, WorkflowDefinition):
            return name
        if version is not None:
            return self.definitions.get(name, version)
        return self.definitions.latest(name)

    def start(
        self,
        definition: str | WorkflowDefinition,
        data: Any,
        *,
        id: str,
        actor: str,
        tenant: str = DEFAULT_TENANT,
        command_id: str | None = None,
    ) -> Workflow:
        """Start a workflow and store it (see :func:`.workflows.start_workflow`)."""
        return self.start_command(
            definition, data, id=id, actor=actor, tenant=tenant, command_id=command_id
        ).workflow

    def start_command(
        self,
        definition: str | WorkflowDefinition,
        data: Any,
        *,
        id: str,
        actor: str,
        tenant: str = DEFAULT_TENANT,
        command_id: str | None = None,
    ) -> uc.Fired:
        """Start a workflow, saying whether it was repeated (:func:`.workflows.start_command`)."""
        return uc.start_command(
            self.store.unit_of_work(tenant),
            self.definition(definition),
            data,
            id=id,
            actor=actor,
            at=self.clock.now(),
            command_id=command_id,
        )

    def fire(
        self,
        workflow_id: str,
        trigger: str,
        payload: Any = None,
        *,
        actor: str,
        tenant: str = DEFAULT_TENANT,
        expected_version: int | None = None,
        command_id: str | None = None,
        **fields: Any,
    ) -> DomainEvent:
        """Fire a trigger on a stored workflow (see :func:`.workflows.fire_trigger`)."""
        return self._retrying(
            lambda: uc.fire_trigger(
                self.store.unit_of_work(tenant),
                workflow_id,
                trigger,
                payload,
                actor=actor,
                at=self.clock.now(),
                expected_version=expected_version,
                policy=self.policy,
                command_id=command_id,
                **fields,
            ),
            expected_version=expected_version,
        )

    def fire_command(
        self,
        workflow_id: str,
        trigger: str,
        payload: Any = None,
        *,
        actor: str,
        tenant: str = DEFAULT_TENANT,
        expected_version: int | None = None,
        command_id: str | None = None,
        read_payload: uc.PayloadReader | None = None,
    ) -> uc.Fired:
        """Fire a trigger and return the workflow after it (see :func:`.workflows.fire_command`)."""
        return self._retrying(
            lambda: uc.fire_command(
                self.store.unit_of_work(tenant),
                workflow_id,
                trigger,
                payload,
                actor=actor,
                at=self.clock.now(),
                expected_version=expected_version,
                policy=self.policy,
                command_id=command_id,
                read_payload=read_payload,
            ),
            expected_version=expected_version,
        )

    def with_policy(self, policy: AccessPolicy | None) -> Services:
        """The same services (store, clock, plugins) with another access policy.

        The HTTP service makes one per request, from the roles the LMS says its user holds.

        Examples:
            >>> from pedcommunity.workflows import DATA_ROLES
            >>> app = bootstrap(plugins=False)
            >>> app.with_policy(DATA_ROLES).store is app.store
            True
        """
        return Services(
            store=self.store,
            clock=self.clock,
            policy=policy,
            plugins=self.plugins,
            retries=self.retries,
        )

    def get(self, workflow_id: str, *, tenant: str = DEFAULT_TENANT) -> Workflow:
        """A stored workflow, as last committed."""
        return uc.get_workflow(self.store.unit_of_work(tenant), workflow_id)

    def history(self, workflow_id: str, *, tenant: str = DEFAULT_TENANT) -> Workflow:
        """A stored workflow with its whole event log (never cut by a snapshot).

        What a translation of the log needs (xAPI statements, a calendar's ``SEQUENCE``);
        :meth:`get` is cheaper where the current state is enough.

        Examples:
            >>> from datetime import datetime, timezone
            >>> from pedcommunity import PLC_CYCLE, ManualClock, PlcData
            >>> app = bootstrap(clock=ManualClock(datetime(2025, 9, 1, tzinfo=timezone.utc)))
            >>> _ = app.start(PLC_CYCLE, PlcData(name="ПОС", leader_id="head"), id="p",
            ...               actor="head")
            >>> [e.trigger for e in app.history("p").events]
            ['start']
        """
        uow = self.store.unit_of_work(tenant)
        with uow:
            return uc.full_history(uow, workflow_id)

    def ids(self, definition: str | None = None, *, tenant: str = DEFAULT_TENANT) -> list[str]:
        """The tenant's workflow ids in the order they were started (of one definition)."""
        return uc.list_workflows(self.store.unit_of_work(tenant), definition)

    def events(
        self,
        workflow_id: str,
        *,
        after: int = 0,
        limit: int | None = None,
        tenant: str = DEFAULT_TENANT,
    ) -> list[DomainEvent]:
        """A stored workflow's events after sequence ``after`` (at most ``limit``: a page)."""
        return uc.read_events(
            self.store.unit_of_work(tenant), workflow_id, after=after, limit=limit
        )

    def export(
        self, *, definition: str | None = None, tenant: str = DEFAULT_TENANT
    ) -> list[Workflow]:
        """Every workflow of the tenant (of one definition), each with its whole history."""
        return list(uc.export_workflows(self.store.unit_of_work(tenant), definition))

    def import_workflows(
        self, workflows: Iterable[Workflow], *, tenant: str = DEFAULT_TENANT
    ) -> int:
        """Store workflows read from an export, all or none (see :mod:`.workflows`)."""
        return uc.import_workflows(self.store.unit_of_work(tenant), workflows)

    def migrate(
        self,
        migration: Migration,
        *,
        actor: str,
        dry_run: bool = False,
        tenant: str = DEFAULT_TENANT,
    ) -> MigrationPlan:
        """Move the tenant's workflows to a new definition version (see :mod:`.migrations`).

        With ``dry_run``, only report what would move and what cannot; nothing is written.
        """
        if dry_run:
            return plan_migration(
                self.store.unit_of_work(tenant),
                migration,
                definitions=self.definitions,
                at=self.clock.now(),
                actor=actor,
            )
        return run_migration(
            self.store.unit_of_work(tenant),
            migration,
            definitions=self.definitions,
            actor=actor,
            at=self.clock.now(),
        )

    def init_store(self) -> int:
        """Create the store's tables if they are missing; return its schema version.

        Raises:
            InvalidData: the store keeps nothing to create (the in-memory store).
        """
        init = getattr(self.store, "init", None)
        if init is None:
            raise InvalidData(f"{self.store!r} has no tables to create", path="$.store")
        init()
        version: int = self.store.schema_version()  # type: ignore[attr-defined]
        return version

    def check_store(self) -> Any:
        """Replay every stored workflow and report what does not hold (see the store's ``check``).

        Raises:
            InvalidData: the store cannot be checked (the in-memory store keeps live objects).
        """
        check = getattr(self.store, "check", None)
        if check is None:
            raise InvalidData(f"{self.store!r} cannot be checked", path="$.store")
        return check()

    # -- API keys (pedcommunity.services.keys): each opens one tenant's workflows -----------

    def _key_store(self) -> KeyStore:
        if not isinstance(self.store, KeyStore):
            raise InvalidData(f"{self.store!r} keeps no API keys", path="$.store")
        return self.store

    def create_key(self, tenant: str, name: str = "key") -> NewKey:
        """Make an API key for ``tenant``; its token is in the result only (see :mod:`.keys`).

        Examples:
            >>> app = bootstrap(plugins=False)
            >>> new = app.create_key("school-95", name="moodle")
            >>> app.authenticate(new.token) == new.key, new.key.tenant
            (True, 'school-95')
        """
        return key_uc.create_key(self._key_store(), tenant=tenant, name=name, at=self.clock.now())

    def authenticate(self, token: object) -> ApiKey:
        """The valid key ``token`` was made for (its ``tenant`` is whom a request acts for).

        Raises:
            InvalidKey: the token is missing, malformed, unknown or revoked.
        """
        return key_uc.authenticate(self._key_store(), token)

    def keys(self, tenant: str | None = None) -> list[ApiKey]:
        """Every API key (of ``tenant``), revoked ones too, oldest first."""
        return key_uc.list_keys(self._key_store(), tenant)

    def revoke_key(self, key_id: str) -> ApiKey:
        """Revoke an API key now (revoking it again changes nothing); return it.

        Raises:
            UnknownId: no key has this id.
        """
        return key_uc.revoke_key(self._key_store(), key_id, at=self.clock.now())

    # -- the directory of staff and organisations (pedcommunity.services.directory) ---------

    def _directory(self) -> directory_uc.Directory:
        if not isinstance(self.store, directory_uc.Directory):
            raise InvalidData(f"{self.store!r} keeps no directory", path="$.store")
        return self.store

    def import_roster(
        self, plan: directory_uc.RosterPlan, *, tenant: str = DEFAULT_TENANT
    ) -> directory_uc.RosterChange:
        """Change the tenant's directory by a roster (``read_roster(path)``), all or nothing.

        Examples:
            >>> from pedcommunity.adapters.oneroster import read_roster
            >>> app = bootstrap(plugins=False)
            >>> app.import_roster(read_roster("tests/data/oneroster/v1p2")).skipped_users
            2
        """
        return directory_uc.import_roster(self._directory(), tenant, plan)

    def directory(self, tenant: str = DEFAULT_TENANT) -> directory_uc.Roster:
        """The tenant's organisations and staff (``.person(teacher_id).email``...)."""
        return directory_uc.export_roster(self._directory(), tenant)

    def tick(self, *, tenant: str = DEFAULT_TENANT) -> list[DomainEvent]:
        """Fire what is due now on every programme and track of the tenant (see :mod:`.timers`)."""
        return self._retrying(
            lambda: tick_due(
                self.store.unit_of_work(tenant), at=self.clock.now(), policy=self.policy
            ),
            expected_version=None,
        )

    def programme(self, programme_id: str, *, tenant: str = DEFAULT_TENANT) -> MentoringProgramme:
        """A stored mentoring programme, bound to this deployment's clock and policy."""
        return MentoringProgramme.open(
            self.store, programme_id, clock=self.clock, tenant=tenant, policy=self.policy
        )

    # -- reviews of communities (pedcommunity.services.review) --------------------------------

    def review_community(
        self, community_id: str, period: Period, *, tenant: str = DEFAULT_TENANT
    ) -> Review:
        """A stored community's indicators and goals over ``period`` (see :mod:`.review`)."""
        return review_uc.review_community(self.store.unit_of_work(tenant), community_id, period)

    def community_report(
        self, community_id: str, period: Period, lang: str = "ru", *, tenant: str = DEFAULT_TENANT
    ) -> str:
        """A stored community's Markdown report over ``period`` in ``lang`` (:mod:`.review`)."""
        return review_uc.community_report(
            self.store.unit_of_work(tenant), community_id, period, lang
        )

    def close(self) -> None:
        """Close the store."""
        self.store.close()

    def __repr__(self) -> str:
        return f"<Services on {self.store!r}>"


def bootstrap(
    store: EventStore | str | None = None,
    *,
    clock: Clock | None = None,
    policy: AccessPolicy | None = None,
    definitions: DefinitionRegistry | None = None,
    plugins: bool = True,
    retries: int = RETRIES,
) -> Services:
    """Wire the services: the one place a deployment chooses its store, clock and plugins.

    Args:
        store: an :class:`~pedcommunity.services.ports.EventStore`; or where one is: a SQLite
            file path, ``":memory:"``, a ``sqlite:///`` or ``postgresql://`` URL, or a URL of
            a store a plugin adds (:mod:`pedcommunity.services.plugins`); by default a new
            :class:`~pedcommunity.services.InMemoryStore`.
        clock: where the time comes from; by default the system clock (an application's
            choice: the core never reads it on its own).
        policy: the host's access policy for every trigger.
        definitions: the workflow definitions; by default the standard ones and those of
            the installed plugins.
        plugins: load the installed plugins' definitions, criteria and stores.
        retries: how many times a call without ``expected_version`` is retried after a
            concurrent update.

    Raises:
        InvalidData: ``store`` is neither a store nor a target one can be opened at.
        PluginError: an installed plugin cannot be loaded.
    """
    found = load_plugins() if plugins else Plugins()
    registry = definitions if definitions is not None else found.registry()
    opened: EventStore
    if store is None:
        opened = InMemoryStore(registry)
    elif isinstance(store, str):
        opened = found.open_store(store, definitions=registry)
    elif isinstance(store, EventStore):
        opened = store
    else:
        raise InvalidData(
            f"store is an EventStore or where one is (a path or URL), got {shown(store)}",
            path="$.store",
        )
    return Services(
        store=opened,
        clock=clock if clock is not None else SystemClock(),
        policy=policy,
        plugins=found,
        retries=retries,
    )
