"""The definitions an application knows, by ``name@version``: what rebuilds stored workflows.

Examples:
    >>> from pedcommunity.workflows import PLC_CYCLE
    >>> DefinitionRegistry([PLC_CYCLE]).latest("plc_cycle").key
    'plc_cycle@2'
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from pedcommunity.errors import DefinitionError, UnknownDefinition

if TYPE_CHECKING:
    from pedcommunity.workflows.definition import WorkflowDefinition

__all__ = ["DefinitionRegistry"]


class DefinitionRegistry:
    """The workflow definitions an application knows, by ``name@version``.

    Loading a stored workflow looks its definition up here, so custom definitions must be
    registered before their instances are read back.

    Examples:
        >>> from pedcommunity.workflows import PLC_CYCLE
        >>> reg = DefinitionRegistry([PLC_CYCLE])
        >>> reg.get("plc_cycle", "2") is PLC_CYCLE
        True
    """

    def __init__(self, definitions: Iterable[WorkflowDefinition] = ()) -> None:
        self._defs: dict[str, WorkflowDefinition] = {}
        for d in definitions:
            self.add(d)

    def add(self, definition: WorkflowDefinition) -> WorkflowDefinition:
        """Register ``definition``; a different one under the same key is refused."""
        old = self._defs.get(definition.key)
        if old is not None and old is not definition:
            raise DefinitionError(f"a different definition is already registered as {old.key}")
        self._defs[definition.key] = definition
        return definition

    def get(self, name: str, version: str) -> WorkflowDefinition:
        """The definition registered as ``name@version``."""
        try:
            return self._defs[f"{name}@{version}"]
        except KeyError:
            raise UnknownDefinition(name=name, version=version, known=sorted(self._defs)) from None

    def latest(self, name: str) -> WorkflowDefinition:
        """The registered definition ``name`` of the highest version (``"10"`` after ``"9"``).

        Examples:
            >>> from pedcommunity.workflows import PLC_CYCLE
            >>> from pedcommunity.workflows import PLC_CYCLE_V1
            >>> DefinitionRegistry([PLC_CYCLE_V1, PLC_CYCLE]).latest("plc_cycle").version
            '2'
        """
        found = [d for d in self._defs.values() if d.name == name]
        if not found:
            raise UnknownDefinition(name=name, version="*", known=sorted(self._defs))
        return max(found, key=lambda d: _version_key(d.version))

    def __iter__(self) -> Iterator[WorkflowDefinition]:
        return iter(self._defs.values())

    def __contains__(self, key: object) -> bool:
        return key in self._defs

    def __len__(self) -> int:
        return len(self._defs)


def _version_key(version: str) -> tuple[tuple[int, int | str], ...]:
    """Versions compare part by part, numbers as numbers: ``1.10`` comes after ``1.9``."""
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in version.split("."))
