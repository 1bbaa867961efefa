"""The hard rules of a matching problem: pairs never to make and pairs a coordinator locked.

Examples:
    >>> Constraints(never=[("olga", "anna")]).never
    (('olga', 'anna'),)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs

from pedcommunity._repr import shown
from pedcommunity.errors import InvalidData, UnknownId
from pedcommunity.model._fields import check_id

__all__ = ["Constraints"]


def _pairs(value: Iterable[Any]) -> tuple[tuple[str, str], ...]:
    return tuple(
        (str(a), str(b)) if isinstance(a, str) and isinstance(b, str) else (a, b) for a, b in value
    )


def _check_pairs(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    seen: set[tuple[str, str]] = set()
    for k, (mentor, mentee) in enumerate(value):
        for v in (mentor, mentee):
            if not isinstance(v, str):
                raise InvalidData(
                    f"ids must be text, got {shown(v)}", path=f"$.{attribute.name}[{k}]"
                )
        check_id(instance, attribute, mentor)
        check_id(instance, attribute, mentee)
        if (mentor, mentee) in seen:
            raise InvalidData(
                f"the pair ({mentor}, {mentee}) is listed twice", path=f"$.{attribute.name}[{k}]"
            )
        seen.add((mentor, mentee))


@attrs.frozen
class Constraints:
    """Hard rules every solver keeps.

    Attributes:
        never: (mentor id, mentee id) pairs that must not be made: conflicts of interest,
            declined or lapsed proposals.
        must: (mentor id, mentee id) pairs a coordinator locked; they are kept as they are and
            the rest is optimised around them.

    Examples:
        >>> Constraints(never=[("m1", "t1")], must=[("m1", "t1")])
        Traceback (most recent call last):
        ...
        pedcommunity.errors.InvalidData: $.must[0]: the pair (m1, t1) is both locked and forbidden
        >>> Constraints(must=[("m1", "t1"), ("m2", "t1")])
        Traceback (most recent call last):
        ...
        pedcommunity.errors.InvalidData: $.must[1]: mentee t1 is locked to two mentors, m1 and m2
    """

    never: tuple[tuple[str, str], ...] = attrs.field(
        default=(), converter=_pairs, validator=_check_pairs
    )
    must: tuple[tuple[str, str], ...] = attrs.field(
        default=(), converter=_pairs, validator=_check_pairs
    )

    def __attrs_post_init__(self) -> None:
        never = set(self.never)
        locked: dict[str, str] = {}
        for k, (mentor, mentee) in enumerate(self.must):
            if (mentor, mentee) in never:
                raise InvalidData(
                    f"the pair ({mentor}, {mentee}) is both locked and forbidden",
                    path=f"$.must[{k}]",
                )
            if mentee in locked:
                raise InvalidData(
                    f"mentee {mentee} is locked to two mentors, {locked[mentee]} and {mentor}",
                    path=f"$.must[{k}]",
                )
            locked[mentee] = mentor


def _check_constraint_ids(
    constraints: Constraints, mentor_ids: Iterable[str], mentee_ids: Iterable[str]
) -> None:
    mentors, mentees = set(mentor_ids), set(mentee_ids)
    for field in ("never", "must"):
        for mentor, mentee in getattr(constraints, field):
            if mentor not in mentors:
                raise UnknownId(kind="mentor", id=mentor, known=mentors)
            if mentee not in mentees:
                raise UnknownId(kind="mentee", id=mentee, known=mentees)
