"""Persistent collections: immutable sequences and maps that change in O(log n).

A frozen record that holds 100,000 mentees or tracks cannot copy its tuple or dict for each
change: every enrolment would cost the whole list. These collections return a new version on
:meth:`~PersistentVector.append` or :meth:`~PersistentMap.set` and share everything that did
not change with the old one (a hash array mapped trie, :class:`immutables.Map`). They read
like a tuple and a read-only dict, compare equal to one, and JSON writes them as an array and
an object, so the JSON contract does not see them.

Examples:
    >>> v = PersistentVector(("a", "b")).append("c")
    >>> v == ("a", "b", "c"), len(v), v[-1]
    (True, 3, 'c')
    >>> m = PersistentMap({"t1": 1}).set("t2", 2)
    >>> m == {"t1": 1, "t2": 2}, list(m)
    (True, ['t1', 't2'])
"""

from __future__ import annotations

import operator
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, NoReturn, TypeVar, overload

import immutables

__all__ = ["PersistentMap", "PersistentVector", "to_persistent_map", "to_persistent_vector"]

T = TypeVar("T")
K = TypeVar("K")
V = TypeVar("V")


def _read_only(self: object, *args: object) -> NoReturn:
    raise TypeError(f"{type(self).__name__} is read-only; its methods return a new one instead")


class PersistentVector(Sequence[T]):
    """An immutable sequence that grows and changes in O(log n), sharing what did not change.

    A programme's mentees, leaders and trained mentors are held in one: a frozen record that
    copied a tuple of 100,000 mentees to enrol one more would make every enrolment cost the
    whole list. :meth:`append` and :meth:`set` return a new vector and leave this one as it
    was (a hash array mapped trie, :class:`immutables.Map`, from position to item). It reads
    like a tuple: ``len``, iteration, ``v[i]``, slices (as tuples), ``in``, ``index``,
    ``count``; it equals a tuple with the same items (and hashes like one), so
    ``data.mentees == (a, b)`` holds. JSON writes it as an array.

    Examples:
        >>> a = PersistentVector(("x", "y"))
        >>> b = a.append("z")
        >>> a, b[-1], b == ("x", "y", "z"), b.set(0, "w")[:2]
        (PersistentVector(('x', 'y')), 'z', True, ('w', 'y'))
    """

    __slots__ = ("_items",)
    _items: immutables.Map[int, T]

    def __init__(self, items: Iterable[T] = ()) -> None:
        if isinstance(items, PersistentVector):
            found: immutables.Map[int, T] = items._items
        else:
            found = immutables.Map(enumerate(items))
        object.__setattr__(self, "_items", found)

    @classmethod
    def _of(cls, items: immutables.Map[int, T]) -> PersistentVector[T]:
        new: PersistentVector[T] = object.__new__(cls)
        object.__setattr__(new, "_items", items)
        return new

    __setattr__ = _read_only
    __delattr__ = _read_only

    def append(self, item: T) -> PersistentVector[T]:
        """A new vector with ``item`` at the end.

        Examples:
            >>> PersistentVector().append(1).append(2)
            PersistentVector((1, 2))
        """
        items = self._items
        return self._of(items.set(len(items), item))

    def set(self, index: int, item: T) -> PersistentVector[T]:
        """A new vector with ``item`` at ``index`` (negative counts from the end).

        Raises:
            IndexError: no item at ``index``.

        Examples:
            >>> PersistentVector("abc").set(-1, "z")
            PersistentVector(('a', 'b', 'z'))
        """
        return self._of(self._items.set(self._position(index), item))

    def _position(self, index: object) -> int:
        i = operator.index(index)  # type: ignore[arg-type]
        n = len(self._items)
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError("PersistentVector index out of range")
        return i

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[T, ...]: ...

    def __getitem__(self, index: int | slice) -> T | tuple[T, ...]:
        if isinstance(index, slice):
            return tuple(self)[index]
        return self._items[self._position(index)]

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[T]:
        # map over a range runs in C: a whole pass costs a lookup per item, no Python frame.
        return map(self._items.__getitem__, range(len(self._items)))

    def __reversed__(self) -> Iterator[T]:
        return map(self._items.__getitem__, range(len(self._items) - 1, -1, -1))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, PersistentVector):
            return len(self) == len(other) and self._items == other._items
        if isinstance(other, tuple):
            return len(self) == len(other) and tuple(self) == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))  # equal to an equal tuple's hash, as == promises

    def __repr__(self) -> str:
        return f"PersistentVector({tuple(self)!r})"

    def __reduce__(self) -> tuple[type[PersistentVector[T]], tuple[tuple[T, ...]]]:
        return (type(self), (tuple(self),))


class PersistentMap(Mapping[K, V]):
    """An immutable mapping, in insertion order, whose :meth:`set` costs O(log n).

    A programme's tracks by id are held in one: a new map shares every entry but the one
    that changed, where a dict would be copied whole for each track's change. It reads like
    a read-only dict (``m[k]``, ``get``, ``in``, ``len``, ``keys``, ``items``, ``values``;
    iteration in the order keys were first set); it equals any mapping with the same items,
    whatever the order (and hashes like a :class:`~pedcommunity.model.FrozenMap` of them).
    JSON writes it as an object. Keys are set, never removed.

    Examples:
        >>> a = PersistentMap({"t1": 1})
        >>> b = a.set("t2", 2).set("t1", 3)
        >>> a, b, b == {"t2": 2, "t1": 3}, b.position("t2")
        (PersistentMap({'t1': 1}), PersistentMap({'t1': 3, 't2': 2}), True, 1)
    """

    __slots__ = ("_keys", "_positions", "_values")
    _values: immutables.Map[K, V]
    _positions: immutables.Map[K, int]
    _keys: immutables.Map[int, K]

    def __init__(self, items: Mapping[K, V] | Iterable[tuple[K, V]] = ()) -> None:
        if isinstance(items, PersistentMap):
            parts = (items._values, items._positions, items._keys)
        else:
            found = dict(items)
            parts = (
                immutables.Map(found),
                immutables.Map((k, i) for i, k in enumerate(found)),
                immutables.Map(enumerate(found)),
            )
        for name, part in zip(("_values", "_positions", "_keys"), parts, strict=True):
            object.__setattr__(self, name, part)

    @classmethod
    def _of(
        cls,
        values: immutables.Map[K, V],
        positions: immutables.Map[K, int],
        keys: immutables.Map[int, K],
    ) -> PersistentMap[K, V]:
        new: PersistentMap[K, V] = object.__new__(cls)
        object.__setattr__(new, "_values", values)
        object.__setattr__(new, "_positions", positions)
        object.__setattr__(new, "_keys", keys)
        return new

    __setattr__ = _read_only
    __delattr__ = _read_only

    def set(self, key: K, value: V) -> PersistentMap[K, V]:
        """A new map with ``key`` set to ``value``: a new key goes last, a known one stays put.

        Examples:
            >>> list(PersistentMap({"a": 1, "b": 2}).set("a", 9).set("c", 3).items())
            [('a', 9), ('b', 2), ('c', 3)]
        """
        values = self._values.set(key, value)
        if key in self._positions:
            return self._of(values, self._positions, self._keys)
        n = len(self._keys)
        return self._of(values, self._positions.set(key, n), self._keys.set(n, key))

    def position(self, key: K) -> int | None:
        """Where ``key`` stands in the map's order (0 first), ``None`` if it is not a key.

        Examples:
            >>> PersistentMap({"a": 1, "b": 2}).position("b"), PersistentMap().position("x")
            (1, None)
        """
        return self._positions.get(key)

    def key_at(self, position: int) -> K:
        """The key at ``position`` in the map's order.

        Raises:
            KeyError: no key stands there.

        Examples:
            >>> PersistentMap({"a": 1, "b": 2}).key_at(1)
            'b'
        """
        return self._keys[position]

    def __getitem__(self, key: K) -> V:
        return self._values[key]

    def get(self, key: K, default: Any = None) -> Any:
        """The value of ``key``, ``default`` when it is not a key (as ``dict.get``)."""
        return self._values.get(key, default)

    def __contains__(self, key: object) -> bool:
        return key in self._values

    def __len__(self) -> int:
        return len(self._values)

    def __iter__(self) -> Iterator[K]:
        return map(self._keys.__getitem__, range(len(self._keys)))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, PersistentMap):
            return self._values == other._values
        if isinstance(other, Mapping):
            if len(other) != len(self):
                return False
            missing = object()
            return all(other.get(k, missing) == v for k, v in self._values.items())
        return NotImplemented

    def __hash__(self) -> int:
        return hash(frozenset(self._values.items()))

    def __repr__(self) -> str:
        return f"PersistentMap({dict(self.items())!r})"

    def __reduce__(self) -> tuple[type[PersistentMap[K, V]], tuple[dict[K, V]]]:
        return (type(self), (dict(self.items()),))


def to_persistent_vector(value: Iterable[Any]) -> PersistentVector[Any]:
    """Convert any iterable to a :class:`PersistentVector` (one is kept as it is).

    Examples:
        >>> to_persistent_vector(["a"]) == ("a",)
        True
    """
    return value if isinstance(value, PersistentVector) else PersistentVector(value)


def to_persistent_map(value: Mapping[Any, Any]) -> PersistentMap[Any, Any]:
    """Convert a mapping to a :class:`PersistentMap` (one is kept as it is).

    Examples:
        >>> to_persistent_map({"a": 1})
        PersistentMap({'a': 1})
    """
    return value if isinstance(value, PersistentMap) else PersistentMap(value)
