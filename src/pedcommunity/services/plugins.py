"""Plugins: packages that add workflow definitions, matching criteria and stores.

A third-party package declares entry points in its ``pyproject.toml``::

    [project.entry-points."pedcommunity.definitions"]
    school_plc = "school_plugin:SCHOOL_PLC"        # a WorkflowDefinition, a list of them,
                                                   # or a function returning either
    [project.entry-points."pedcommunity.criteria"]
    same_city = "school_plugin:SameCity"           # a MatchingCriterion class or instance
    [project.entry-points."pedcommunity.stores"]
    mongo = "school_plugin:open_mongo_store"       # open(target, *, definitions) -> EventStore

and, once installed, :func:`~pedcommunity.services.bootstrap` finds them: its registry
rebuilds stored workflows of the plugin's definitions, its criteria are available by name,
and a store URL of the plugin's scheme (``mongo://...``) opens through the plugin. A plugin
that fails to load raises :class:`~pedcommunity.errors.PluginError` naming it, rather than
being skipped: a deployment that stored workflows of a plugin's definition must not start
without it.

Examples:
    >>> plugins = Plugins()
    >>> sorted(d.key for d in plugins.registry())[:2]
    ['community_life@1', 'festival@1']
    >>> plugins.open_store("memory://")
    Traceback (most recent call last):
    ...
    pedcommunity.errors.InvalidData: $.store: no store for 'memory://'; give a SQLite file \
path, ':memory:', a sqlite:/// or postgresql:// URL, or install a plugin for the scheme \
'memory' (installed: none)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from importlib.metadata import EntryPoint, entry_points
from typing import TYPE_CHECKING, Any

import attrs

from pedcommunity._repr import shown
from pedcommunity.errors import DefinitionError, InvalidData, PluginError
from pedcommunity.workflows import standard_definitions
from pedcommunity.workflows.definition import DefinitionRegistry, WorkflowDefinition

if TYPE_CHECKING:
    from pedcommunity.matching.criteria import MatchingCriterion

    from .ports import EventStore

__all__ = ["CRITERIA_GROUP", "DEFINITIONS_GROUP", "STORES_GROUP", "Plugins", "load_plugins"]

DEFINITIONS_GROUP = "pedcommunity.definitions"
CRITERIA_GROUP = "pedcommunity.criteria"
STORES_GROUP = "pedcommunity.stores"

#: The URL schemes the library's own SQL store opens.
SQL_SCHEMES = frozenset({"sqlite", "postgresql", "postgres"})

StoreFactory = Callable[..., "EventStore"]


@attrs.frozen
class Plugins:
    """What the installed plugins add (empty: the library alone).

    Attributes:
        definitions: workflow definitions, beside the standard ones.
        criteria: matching criteria by entry point name.
        stores: store openers by URL scheme.
    """

    definitions: tuple[WorkflowDefinition, ...] = ()
    criteria: Mapping[str, MatchingCriterion] = attrs.field(factory=dict)
    stores: Mapping[str, StoreFactory] = attrs.field(factory=dict)

    def registry(self) -> DefinitionRegistry:
        """The standard definitions and the plugins', in one new registry.

        Raises:
            PluginError: a plugin's definition takes the key of another one.
        """
        registry = standard_definitions()
        for definition in self.definitions:
            try:
                registry.add(definition)
            except DefinitionError as exc:
                raise PluginError(
                    group=DEFINITIONS_GROUP, name=definition.key, problem=str(exc)
                ) from None
        return registry

    def open_store(self, target: str, *, definitions: DefinitionRegistry | None = None) -> Any:
        """Open the store at ``target``: a SQLite path or URL, a PostgreSQL URL, a plugin's URL.

        Raises:
            InvalidData: no store opens at ``target`` (lists the schemes known).
            StoreError: the store could not be opened.
        """
        if not isinstance(target, str) or not target.strip():
            raise InvalidData(
                f"a store is a file path or a URL, got {shown(target)}", path="$.store"
            )
        registry = definitions if definitions is not None else self.registry()
        scheme = target.split("://", 1)[0].split("+", 1)[0].lower() if "://" in target else None
        if scheme is None or scheme in SQL_SCHEMES:
            from pedcommunity.adapters.store import open_store  # noqa: PLC0415 (extra: store)

            return open_store(target, definitions=registry)
        factory = self.stores.get(scheme)
        if factory is None:
            raise InvalidData(
                f"no store for {shown(target)}; give a SQLite file path, ':memory:', a "
                "sqlite:/// or postgresql:// URL, or install a plugin for the scheme "
                f"'{scheme}' (installed: {', '.join(sorted(self.stores)) or 'none'})",
                path="$.store",
            )
        return factory(target, definitions=registry)

    def criterion(self, name: str) -> MatchingCriterion:
        """A plugin's matching criterion by name.

        Raises:
            UnknownId: no plugin adds a criterion of that name.
        """
        from pedcommunity.errors import UnknownId  # noqa: PLC0415 (kept beside its one use)

        try:
            return self.criteria[name]
        except KeyError:
            raise UnknownId(kind="criterion", id=str(name), known=sorted(self.criteria)) from None


def _load(entry: EntryPoint, group: str) -> Any:
    try:
        return entry.load()
    except Exception as exc:  # a plugin's import can fail in any way; name the plugin
        raise PluginError(
            group=group, name=entry.name, problem=f"cannot be loaded: {type(exc).__name__}: {exc}"
        ) from exc


def _definitions(entry: EntryPoint) -> list[WorkflowDefinition]:
    value = _load(entry, DEFINITIONS_GROUP)
    if callable(value) and not isinstance(value, WorkflowDefinition):
        try:
            value = value()
        except Exception as exc:  # the plugin's own function failed
            raise PluginError(
                group=DEFINITIONS_GROUP,
                name=entry.name,
                problem=f"its function failed: {type(exc).__name__}: {exc}",
            ) from exc
    items = [value] if isinstance(value, WorkflowDefinition) else value
    if not isinstance(items, Iterable) or isinstance(items, str | bytes):
        items = [items]
    found = list(items)
    if not found or not all(isinstance(d, WorkflowDefinition) for d in found):
        raise PluginError(
            group=DEFINITIONS_GROUP,
            name=entry.name,
            problem="gives something other than WorkflowDefinitions "
            f"({', '.join(sorted({type(d).__name__ for d in found})) or 'nothing'})",
        )
    return found


def _criterion(entry: EntryPoint) -> MatchingCriterion:
    from pedcommunity.matching.criteria import MatchingCriterion  # noqa: PLC0415 (numpy)

    value = _load(entry, CRITERIA_GROUP)
    if isinstance(value, type) and issubclass(value, MatchingCriterion):
        try:
            value = value()
        except Exception as exc:  # the plugin's class needs arguments, or failed
            raise PluginError(
                group=CRITERIA_GROUP,
                name=entry.name,
                problem=f"cannot be made without arguments: {type(exc).__name__}: {exc}",
            ) from exc
    if not isinstance(value, MatchingCriterion):
        raise PluginError(
            group=CRITERIA_GROUP,
            name=entry.name,
            problem=f"is a {type(value).__name__}, not a MatchingCriterion class or instance",
        )
    return value


def _store(entry: EntryPoint) -> StoreFactory:
    value = _load(entry, STORES_GROUP)
    if not callable(value):
        raise PluginError(
            group=STORES_GROUP,
            name=entry.name,
            problem=f"is a {type(value).__name__}; a store plugin is open(target, *, "
            "definitions) -> EventStore",
        )
    if entry.name.lower() in SQL_SCHEMES:
        raise PluginError(
            group=STORES_GROUP,
            name=entry.name,
            problem=f"the scheme '{entry.name}' is the library's own SQL store",
        )
    factory: StoreFactory = value
    return factory


def load_plugins() -> Plugins:
    """Find and load every installed plugin (entry points of the three groups).

    Raises:
        PluginError: a plugin cannot be loaded or gives something of the wrong kind.

    Examples:
        >>> isinstance(load_plugins(), Plugins)
        True
    """
    definitions: list[WorkflowDefinition] = []
    for entry in entry_points(group=DEFINITIONS_GROUP):
        definitions.extend(_definitions(entry))
    criteria = {e.name: _criterion(e) for e in entry_points(group=CRITERIA_GROUP)}
    stores = {e.name.lower(): _store(e) for e in entry_points(group=STORES_GROUP)}
    return Plugins(definitions=tuple(definitions), criteria=criteria, stores=stores)
