"""Small validators and converters shared by the model's attrs classes."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

import attrs

from pedcommunity._repr import shown
from pedcommunity.errors import DuplicateId

K = TypeVar("K")
V = TypeVar("V")
T = TypeVar("T")

_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:@/-]{0,127}")


def is_id(value: object) -> bool:
    """Whether ``value`` is a valid identifier (see :func:`check_id`).

    Examples:
        >>> is_id("t-01"), is_id("bad id"), is_id(7)
        (True, False, False)
    """
    return isinstance(value, str) and _ID.fullmatch(value) is not None


def check_id(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Validate an identifier: 1-128 characters of letters, digits and ``_.:@/-``."""
    # fullmatch: "$" would also accept a trailing newline.
    if not is_id(value):
        raise ValueError(
            f"{attribute.name} must be 1-128 characters of letters, digits and '_.:@/-' "
            f"starting with a letter or digit, got {shown(value)}"
        )


def check_text(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Validate a non-empty string."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{attribute.name} must be a non-empty string, got {shown(value)}")


#: Validates ``None`` or a non-empty string (an optional note, reason or comment).
check_optional_text = attrs.validators.optional(check_text)


def check_bool(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Validate a real ``bool`` (``1`` and ``"yes"`` are not booleans here)."""
    if not isinstance(value, bool):
        raise ValueError(f"{attribute.name} must be True or False, got {shown(value)}")


def check_id_pairs(
    instance: object, attribute: attrs.Attribute[Any], value: Iterable[object]
) -> None:
    """Validate a collection of ``(id, id)`` pairs."""
    for item in value:
        if not isinstance(item, tuple) or len(item) != 2 or not all(map(is_id, item)):
            raise ValueError(f"{attribute.name} holds (id, id) pairs, got {shown(item)}")


def instances_or_none(kind: type) -> Any:
    """A validator for ``None`` or a ``kind``."""
    return attrs.validators.optional(attrs.validators.instance_of(kind))


#: The largest whole number a field takes: JSON readers in other languages (JavaScript,
#: PHP's floats) hold integers exactly only up to 2**53 - 1.
MAX_WHOLE = 2**53 - 1


def check_positive_int(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Validate a whole number from 1 to :data:`MAX_WHOLE` (``True`` is not a number here)."""
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_WHOLE:
        raise ValueError(
            f"{attribute.name} must be a whole number of at least 1 (and at most 2**53 - 1), "
            f"got {shown(value)}"
        )


def instances_of(kind: type) -> Any:
    """A validator for a collection whose every item is a ``kind``."""
    return attrs.validators.deep_iterable(attrs.validators.instance_of(kind))


def singular(field: str) -> str:
    """The kind of thing a field of ids holds: ``member_ids`` -> ``member``.

    Examples:
        >>> singular("member_ids"), singular("competencies"), singular("topics")
        ('member', 'competency', 'topic')
    """
    if field.endswith("_ids"):
        return field[:-4]
    if field.endswith("ies"):
        return field[:-3] + "y"
    return field[:-1] if field.endswith("s") else field


def check_ids(instance: object, attribute: attrs.Attribute[Any], value: Iterable[object]) -> None:
    """Validate a collection of identifiers with no repeats."""
    seen: set[object] = set()
    for item in value:
        check_id(instance, attribute, item)
        if item in seen:
            raise DuplicateId(kind=singular(attribute.name), id=str(item), field=attribute.name)
        seen.add(item)


def to_tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    """Convert any iterable to a tuple, so frozen classes hold immutable sequences.

    Typed with ``Any`` on purpose: mypy's attrs plugin cannot use generic converters.
    """
    return tuple(value)


def to_frozen_map(value: Mapping[Any, Any]) -> FrozenMap[Any, Any]:
    """Convert a mapping to a :class:`FrozenMap`."""
    return value if isinstance(value, FrozenMap) else FrozenMap(value)


class FrozenMap(dict[K, V]):
    """A read-only dict: hashable and immutable, so frozen attrs classes stay immutable.

    It is a ``dict`` subclass so JSON, cattrs and ``==`` treat it as a plain mapping; it copies
    and pickles like one.

    Examples:
        >>> import copy, pickle
        >>> m = FrozenMap({"a": 1})
        >>> copy.deepcopy(m) == m, pickle.loads(pickle.dumps(m)) == m
        (True, True)
    """

    __slots__ = ()

    def _refuse(self, *args: object, **kwargs: object) -> None:
        raise TypeError("FrozenMap is read-only; build a new one instead")

    __setitem__ = _refuse
    __delitem__ = _refuse
    clear = _refuse
    pop = _refuse  # type: ignore[assignment]
    popitem = _refuse  # type: ignore[assignment]
    setdefault = _refuse  # type: ignore[assignment]
    update = _refuse
    __ior__ = _refuse  # type: ignore[assignment]

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(frozenset(self.items()))

    def __reduce__(self) -> tuple[type[FrozenMap[K, V]], tuple[dict[K, V]]]:
        # dict's own reduction refills the copy item by item, which a read-only map refuses;
        # copy, deepcopy and pickle build it whole instead.
        return (type(self), (dict(self),))

    def __repr__(self) -> str:
        return f"FrozenMap({dict.__repr__(self)})"


def trusted(cls: type[T], **values: Any) -> T:
    """A frozen attrs ``cls`` from values already known to be valid, without its validators.

    For hot paths that build many objects from data checked once before (a solver's pairs
    from a checked problem). Every field must be given, already converted.

    Examples:
        >>> @attrs.frozen
        ... class P:
        ...     x: int = attrs.field(validator=attrs.validators.gt(0))
        >>> trusted(P, x=1) == P(x=1)
        True
    """
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(f.name for f in attrs.fields(cls))  # type: ignore[arg-type]
    obj = cls.__new__(cls)
    for name in names:
        # Frozen classes refuse setattr; object's own setter is what attrs' __init__ uses too.
        object.__setattr__(obj, name, values[name])
    return obj


# attrs.fields costs more than the object itself; a class's fields never change.
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


# -- incremental validation ---------------------------------------------------------------------

_FULL_VALIDATION: ContextVar[bool] = ContextVar("pedcommunity_full_validation", default=False)


def full_validation_on() -> bool:
    """Whether the calling context asked for :func:`full_validation` (the reference path)."""
    return _FULL_VALIDATION.get()


@contextmanager
def full_validation() -> Iterator[None]:
    """Run the reference path: every record re-validated whole, the engine on ``transitions``.

    By default a trigger's effect checks only the fields it changes (:func:`evolve_checked`,
    :func:`evolve_trusted`) and the engine dispatches through a table compiled from the
    definition. Inside this context (it is a :class:`contextvars.ContextVar`, so threads and
    tasks are not affected) every change goes through ``attrs.evolve``, which runs every
    validator, and the engine fires through the definition's ``transitions.Machine``: what the
    library did before it was made incremental. A property test runs every workflow both ways
    and finds them equal; use it to check a custom definition's effects the same way.

    Examples:
        >>> @attrs.frozen
        ... class P:
        ...     x: int = attrs.field(validator=attrs.validators.ge(0))
        ...     y: int = attrs.field(validator=attrs.validators.ge(0))
        >>> evolve_checked(P(1, 1), y=2)
        P(x=1, y=2)
        >>> with full_validation():
        ...     full_validation_on()
        True
    """
    token = _FULL_VALIDATION.set(True)
    try:
        yield
    finally:
        _FULL_VALIDATION.reset(token)


_Copier = Callable[[Any, dict[str, Any]], Any]
_COPIERS: dict[type, _Copier] = {}
_CHECKS: dict[tuple[type, str], tuple[Any, Any, Any]] = {}


def _copier(cls: type) -> _Copier:
    """A function ``copy(old, changes)``: an attrs instance copied with ``changes``, unchecked."""
    copier = _COPIERS.get(cls)
    if copier is None:
        names = [f.name for f in attrs.fields(cls)]
        # Generated once per class, as attrs generates its own __init__: a straight run of
        # bound object.__setattr__ calls is several times faster than a loop over the names.
        lines = ["def copy(old, changes):", "    new = _new(_cls)", "    s = _set.__get__(new)"]
        lines += [f"    s({name!r}, old.{name})" for name in names]
        lines += ["    for name, value in changes.items():", "        s(name, value)"]
        lines.append("    return new")
        namespace: dict[str, Any] = {
            "_new": object.__new__,
            "_cls": cls,
            "_set": object.__setattr__,
        }
        # The code is built from attrs field names only, never from data.
        exec("\n".join(lines), namespace)
        copier = _COPIERS[cls] = namespace["copy"]
    return copier


def trusted_builder(cls: type[T]) -> Callable[..., T]:
    """A function building ``cls`` from its fields' values, positionally, with no validator.

    The hot-path sibling of :func:`trusted`: the engine builds one event per trigger from
    values it has just checked, so the event's validators would only check them again.

    Examples:
        >>> @attrs.frozen
        ... class P:
        ...     x: int = attrs.field(validator=attrs.validators.gt(0))
        ...     y: str = "a"
        >>> trusted_builder(P)(1, "b") == P(x=1, y="b")
        True
    """
    names = [f.name for f in attrs.fields(cls)]  # type: ignore[arg-type]
    args = ", ".join(names)
    lines = [f"def build({args}):", "    new = _new(_cls)", "    s = _set.__get__(new)"]
    lines += [f"    s({name!r}, {name})" for name in names]
    lines.append("    return new")
    namespace: dict[str, Any] = {"_new": object.__new__, "_cls": cls, "_set": object.__setattr__}
    exec("\n".join(lines), namespace)
    return namespace["build"]  # type: ignore[no-any-return]


def _evolve_full(instance: T, changes: dict[str, Any]) -> T:
    init = {f.name for f in attrs.fields(type(instance)) if f.init}  # type: ignore[arg-type]
    # Derived fields (init=False) are rebuilt by the class itself on the full path.
    return attrs.evolve(instance, **{k: v for k, v in changes.items() if k in init})  # type: ignore[misc]


def evolve_trusted(instance: T, /, **changes: Any) -> T:
    """A copy of a frozen attrs ``instance`` with ``changes``, running no validator.

    For an effect whose new values are built from parts already validated (a payload checked
    when it was made, an item appended to a checked tuple) and whose invariants its guards
    hold (no repeated id): the record is not checked again whole, so a change costs what it
    changes. Derived fields (``init=False`` indexes) are copied unless given in ``changes``,
    so an effect that changes what an index reflects passes the updated index too.
    Under :func:`full_validation` it is ``attrs.evolve`` (derived fields rebuilt).

    Examples:
        >>> @attrs.frozen
        ... class P:
        ...     items: tuple[int, ...] = attrs.field(validator=attrs.validators.min_len(1))
        >>> evolve_trusted(P((1,)), items=(1, 2))
        P(items=(1, 2))
    """
    if _FULL_VALIDATION.get():
        return _evolve_full(instance, changes)
    cls = type(instance)
    copier = _COPIERS.get(cls) or _copier(cls)
    return copier(instance, changes)  # type: ignore[no-any-return]


def _checks(cls: type, name: str) -> tuple[Any, Any, Any]:
    key = (cls, name)
    found = _CHECKS.get(key)
    if found is None:
        field = getattr(attrs.fields(cls), name)
        found = _CHECKS[key] = (field, field.converter, field.validator)
    return found


def evolve_checked(instance: T, /, **changes: Any) -> T:
    """A copy of a frozen attrs ``instance`` with ``changes``, validating only what changed.

    Each changed field goes through its own converter and validator, as in ``__init__``; the
    fields left as they were are not checked again, and ``__attrs_post_init__`` does not run
    (an effect's guards hold the record's cross-field rules). Use it for fields with cheap
    validators (a date, a count, a reason); for a large collection grown by one checked item
    use :func:`evolve_trusted`. Under :func:`full_validation` it is ``attrs.evolve``.

    Raises:
        TypeError, ValueError: a changed field's validator refused its value (the engine turns
            that into :class:`~pedcommunity.errors.InvalidData`).

    Examples:
        >>> @attrs.frozen
        ... class P:
        ...     x: int = attrs.field(validator=attrs.validators.ge(0))
        >>> evolve_checked(P(1), x=-1)
        Traceback (most recent call last):
        ...
        ValueError: 'x' must be >= 0: -1
    """
    if _FULL_VALIDATION.get():
        return _evolve_full(instance, changes)
    cls = type(instance)
    new = _copier(cls)(instance, {})
    checks = []
    for name, given in changes.items():
        field, converter, validator = _checks(cls, name)
        value = given if converter is None else converter(given)
        object.__setattr__(new, name, value)
        if validator is not None:
            checks.append((validator, field, value))
    # As attrs' __init__ does: validators run once every field is set, so a validator that
    # reads a sibling field sees the new value.
    for validator, field, value in checks:
        validator(new, field, value)
    return new  # type: ignore[no-any-return]
