"""What bulk matching reads of a programme: the tracks waiting for a mentor, plain and checked.

:class:`WaitingTrack` holds what :func:`~pedcommunity.matching.match_programme` needs of one
track; :func:`_read_inputs` checks the plain inputs. The services layer reads them from a
stored programme (:func:`pedcommunity.services.matching.matching_inputs`): matching imports
nothing of workflows.

Examples:
    >>> from pedcommunity.model import MENTORING_FORMS, MentoringRequest, Teacher
    >>> track = WaitingTrack(track_id="tr1", form=MENTORING_FORMS["group"],
    ...     mentees=[Teacher(id=i, name=i, organisation_id="s1") for i in ("t1", "t2")],
    ...     request=MentoringRequest(goals=("Уроки",)))
    >>> len(track.mentees), track.excluded
    (2, ())
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs

from pedcommunity._repr import shown
from pedcommunity.errors import InvalidData, PedcommunityError
from pedcommunity.model import Leader, MentoringForm, MentoringRequest, Teacher
from pedcommunity.model._fields import check_id, check_ids, instances_of

__all__ = ["WaitingTrack"]

Check = Callable[[Any, "attrs.Attribute[Any]", Any], None]


def _refusing(*checks: Check) -> Check:
    """The validators ``checks``, each refusal an :class:`InvalidData` at the field's path."""

    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        for one in checks:
            try:
                one(instance, attribute, value)
            except PedcommunityError:
                raise
            except (TypeError, ValueError) as exc:
                raise InvalidData(str(exc), path=f"$.{attribute.name}") from None

    return check


def _as_tuple(value: Any) -> Any:
    # A lone string is iterable too: "m1" would become ("m", "1"). It, and anything not
    # iterable, is kept as given for the validator to refuse.
    if isinstance(value, Iterable) and not isinstance(value, str | bytes):
        return tuple(value)
    return value


def _a_tuple(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, tuple):
        raise ValueError(f"{attribute.name} must be a list, got {shown(value)}")


@attrs.frozen
class WaitingTrack:
    """A mentoring track waiting for a mentor, as bulk matching reads it.

    Attributes:
        track_id: the track.
        form: its mentoring form, whose rules are hard constraints.
        mentees: its mentees (one, or several for a group track).
        request: what the mentees asked for: the competencies to grow (:attr:`wanted`) and
            a meeting format, if any.
        excluded: mentor ids the track declined or let lapse: never proposed again.
        ranked: the mentee's own choice of mentors (ids), best first: wishes.

    Examples:
        >>> from pedcommunity.model import MENTORING_FORMS, MentoringRequest, Teacher
        >>> ivan = Teacher(id="ivan", name="Иван", organisation_id="s1")
        >>> track = WaitingTrack(track_id="tr1", form=MENTORING_FORMS["traditional"],
        ...     mentees=[ivan], request=MentoringRequest(goals=("Уроки",),
        ...     competency_ids=("digital",)), ranked=["olga"])
        >>> track.wanted, track.ranked
        (('digital',), ('olga',))
        >>> WaitingTrack(track_id="tr2", form=track.form, mentees=[], request=track.request)
        Traceback (most recent call last):
        ...
        pedcommunity.errors.InvalidData: $.mentees: a track has at least one mentee
    """

    track_id: str = attrs.field(validator=_refusing(check_id))
    form: MentoringForm = attrs.field(
        validator=_refusing(attrs.validators.instance_of(MentoringForm))
    )
    mentees: tuple[Teacher, ...] = attrs.field(
        converter=_as_tuple, validator=_refusing(_a_tuple, instances_of(Teacher))
    )
    request: MentoringRequest = attrs.field(
        validator=_refusing(attrs.validators.instance_of(MentoringRequest))
    )
    excluded: tuple[str, ...] = attrs.field(
        default=(), converter=_as_tuple, validator=_refusing(_a_tuple, check_ids)
    )
    ranked: tuple[str, ...] = attrs.field(
        default=(), converter=_as_tuple, validator=_refusing(_a_tuple, check_ids)
    )

    def __attrs_post_init__(self) -> None:
        if not self.mentees:
            raise InvalidData("a track has at least one mentee", path="$.mentees")

    @property
    def wanted(self) -> tuple[str, ...]:
        """The competency ids the track asked for."""
        return self.request.competency_ids

    @classmethod
    def from_track(cls, track_id: str, data: Any) -> WaitingTrack:
        """The waiting track of a mentoring track's data, read by its field names.

        ``data`` has ``form``, ``mentees``, ``request``, ``excluded`` and ``choices`` (the
        mentee's ranked mentors), as a mentoring track's data has them.

        Examples:
            >>> from types import SimpleNamespace
            >>> from pedcommunity.model import MENTORING_FORMS, MentoringRequest, Teacher
            >>> data = SimpleNamespace(form=MENTORING_FORMS["traditional"],
            ...     mentees=(Teacher(id="ivan", name="Иван", organisation_id="s1"),),
            ...     request=MentoringRequest(goals=("Уроки",)), excluded=("petr",),
            ...     choices=(Teacher(id="olga", name="Ольга", organisation_id="s1"),))
            >>> WaitingTrack.from_track("tr1", data).ranked
            ('olga',)
        """
        return cls(
            track_id=track_id,
            form=data.form,
            mentees=data.mentees,
            request=data.request,
            excluded=data.excluded,
            ranked=tuple(c.id for c in data.choices),
        )


def _read_inputs(
    tracks: object, mentors: object, load: object
) -> tuple[list[WaitingTrack], list[Leader], dict[str, int]]:
    """The plain inputs, checked: tracks and mentors unique, the load whole numbers."""
    if not isinstance(tracks, Iterable) or isinstance(tracks, str | bytes | Mapping):
        raise InvalidData(
            f"tracks must be WaitingTrack values, got {type(tracks).__name__}", path="$.tracks"
        )
    waiting: list[WaitingTrack] = []
    seen: set[str] = set()
    for k, track in enumerate(tracks):
        if not isinstance(track, WaitingTrack):
            raise InvalidData(
                f"expected a WaitingTrack, got {type(track).__name__}", path=f"$.tracks[{k}]"
            )
        if track.track_id in seen:
            raise InvalidData(f"track {track.track_id} is listed twice", path=f"$.tracks[{k}]")
        seen.add(track.track_id)
        waiting.append(track)
    if mentors is None:
        raise InvalidData("give the mentors who may take the tracks", path="$.mentors")
    if not isinstance(mentors, Iterable) or isinstance(mentors, str | bytes | Mapping):
        raise InvalidData(
            f"mentors must be Leader values, got {type(mentors).__name__}", path="$.mentors"
        )
    leaders: list[Leader] = []
    seen.clear()
    for k, leader in enumerate(mentors):
        if not isinstance(leader, Leader):
            raise InvalidData(
                f"expected a Leader, got {type(leader).__name__}", path=f"$.mentors[{k}]"
            )
        if leader.id in seen:
            raise InvalidData(f"mentor {leader.id} is listed twice", path=f"$.mentors[{k}]")
        seen.add(leader.id)
        leaders.append(leader)
    held: dict[str, int] = {}
    if load is not None:
        if not isinstance(load, Mapping):
            raise InvalidData(
                f"load maps mentor ids to mentees held, got {type(load).__name__}",
                path="$.load",
            )
        for mentor_id, count in load.items():
            if isinstance(count, bool) or not isinstance(count, int) or count < 0:
                raise InvalidData(
                    f"mentees held must be a whole number of 0 or more, got {shown(count)}",
                    path=f"$.load[{shown(mentor_id)}]",
                )
            held[mentor_id] = count
    return waiting, leaders, held
