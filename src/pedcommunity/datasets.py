"""Example data shipped with the package: School 95's PLC (seed 002).

The school, its PLC and its five topics come from seed 002; the twelve teachers, their
self-assessed levels and their votes are fictional sample data for demos and tests.

Examples:
    >>> from pedcommunity.datasets import load_school95
    >>> data = load_school95()
    >>> len(data.teachers), data.organisation.name
    (12, 'МБОУ СШ № 95')
    >>> data.audit_answers("t11", ["teaching_4c"])[0].status.value
    'cannot_do'
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from importlib import resources
from typing import Any

import attrs

from pedcommunity._repr import shown
from pedcommunity.errors import InvalidData
from pedcommunity.model import (
    AuditAnswer,
    AuditStatus,
    DirectorsOrder,
    InteractionAgreement,
    Level,
    MeetingFormat,
    MenteeProfile,
    MentorProfile,
    Organisation,
    Reflection,
    Teacher,
)
from pedcommunity.workflows.plc.organisation import Announce, OpenChat

__all__ = ["School95", "audit_status_for", "load_school95", "synthetic_region"]

_STATUS_BY_LEVEL = {
    Level.EXPERT: AuditStatus.CAN_TEACH,
    Level.PROFICIENT: AuditStatus.CAN_DO,
    Level.DEVELOPING: AuditStatus.MUST_PREPARE,
    Level.NOVICE: AuditStatus.CANNOT_DO,
    Level.NONE: AuditStatus.CANNOT_DO,
}


def audit_status_for(level: Level) -> AuditStatus:
    """The audit answer a teacher at ``level`` would give: experts offer to teach.

    Examples:
        >>> audit_status_for(Level.DEVELOPING)
        <AuditStatus.MUST_PREPARE: 'must_prepare'>
    """
    return _STATUS_BY_LEVEL[Level(level)]


@attrs.frozen
class School95:
    """The School 95 sample: organisation, PLC, teachers, votes, sources, texts, order and chat.

    The chat, the announcement and the director's order of the preparatory stage are fictional,
    as the teachers are.
    """

    organisation: Organisation
    plc_id: str
    plc_name: str
    facilitator: str
    teachers: tuple[Teacher, ...]
    votes: Mapping[str, str]
    learning_sources: Mapping[str, Mapping[str, str]]
    agreement: InteractionAgreement
    reflection: Reflection
    chat: OpenChat
    announcement: Announce
    order: DirectorsOrder

    def teacher(self, teacher_id: str) -> Teacher:
        """The sample teacher with this id."""
        return next(t for t in self.teachers if t.id == teacher_id)

    def audit_answers(self, teacher_id: str, competency_ids: Iterable[str]) -> list[AuditAnswer]:
        """The teacher's audit answers for these competencies, from their sample levels."""
        teacher = self.teacher(teacher_id)
        sources = self.learning_sources.get(teacher_id, {})
        return [
            AuditAnswer(
                teacher_id=teacher_id,
                competency_id=cid,
                status=audit_status_for(teacher.level(cid)),
                learning_source=sources.get(cid),
            )
            for cid in competency_ids
        ]


def load_school95() -> School95:
    """Load the School 95 sample shipped in ``pedcommunity/data/school95.json``."""
    text = resources.files("pedcommunity").joinpath("data/school95.json").read_text("utf-8")
    raw: dict[str, Any] = json.loads(text)
    if raw.get("schema_version") != "1":
        raise InvalidData("the sample data has an unsupported schema_version", path="$")
    from pedcommunity.adapters.json import make_converter  # noqa: PLC0415 (adapter, on demand)

    conv = make_converter()
    return School95(
        organisation=conv.structure(raw["organisation"], Organisation),
        plc_id=raw["plc"]["id"],
        plc_name=raw["plc"]["name"],
        facilitator=raw["plc"]["facilitator"],
        teachers=tuple(conv.structure(t, Teacher) for t in raw["teachers"]),
        votes=dict(raw["votes"]),
        learning_sources={k: dict(v) for k, v in raw["learning_sources"].items()},
        agreement=InteractionAgreement(rules=raw["agreement"]),
        reflection=conv.structure(raw["reflection"], Reflection),
        chat=conv.structure(raw["plc"]["chat"], OpenChat),
        announcement=conv.structure(raw["plc"]["announcement"], Announce),
        order=conv.structure(raw["plc"]["order"], DirectorsOrder),
    )


_SUBJECTS = (
    "math",
    "russian",
    "literature",
    "physics",
    "chemistry",
    "biology",
    "history",
    "geography",
    "english",
    "informatics",
    "primary",
    "arts",
)
_SLOTS = (
    "mon-am",
    "mon-pm",
    "tue-am",
    "tue-pm",
    "wed-am",
    "wed-pm",
    "thu-am",
    "thu-pm",
    "fri-am",
    "fri-pm",
)


def synthetic_region(
    n_mentors: int,
    n_mentees: int,
    *,
    seed: int = 0,
    competencies: int = 20,
    schools: int | None = None,
    max_capacity: int = 3,
) -> tuple[list[MentorProfile], list[MenteeProfile]]:
    """A seeded, made-up region of mentors and mentees for demos, tests and benchmarks.

    The data has structure, so matching has something to find: twelve subjects, ``schools``
    schools (one per 40 mentees by default), mentors with 5-35 years who teach three to six of
    ``competencies`` competencies at levels 2-4 and take 1 to ``max_capacity`` mentees, and
    mentees with up to five years who need two to four competencies. Formats and time slots
    vary; a few mentees wish for a mentor from their own school.

    Examples:
        >>> mentors, mentees = synthetic_region(3, 5, seed=7)
        >>> len(mentors), len(mentees), mentors[0].id, mentees[0].id
        (3, 5, 'M00000', 'T000000')
        >>> synthetic_region(3, 5, seed=7) == (mentors, mentees)
        True
    """
    for name, value in (("n_mentors", n_mentors), ("n_mentees", n_mentees)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise InvalidData(f"{name} must be a whole number of 0 or more, got {shown(value)}")
    # numpy loads here, not at import: the demo reads School 95 from this module and runs no
    # matching, so it should not pay for numpy.
    import numpy as np  # noqa: PLC0415

    rng = np.random.default_rng(seed)
    n_schools = schools or max(n_mentees // 40, 1)
    comps = [f"c{c:02d}" for c in range(competencies)]
    # Some competencies are asked for much more often than others, as in real requests.
    popularity = rng.dirichlet(np.full(competencies, 0.8))
    both, in_person, online = (
        (MeetingFormat.IN_PERSON, MeetingFormat.ONLINE),
        (MeetingFormat.IN_PERSON,),
        (MeetingFormat.ONLINE,),
    )
    mentors = []
    for i in range(n_mentors):
        k = int(rng.integers(3, 7))
        taught = rng.choice(competencies, size=k, replace=False)
        fmt = rng.random()
        mentors.append(
            MentorProfile(
                id=f"M{i:05d}",
                organisation_id=f"S{int(rng.integers(n_schools)):04d}",
                subjects=tuple(
                    sorted(
                        {
                            _SUBJECTS[int(s)]
                            for s in rng.integers(0, 12, size=int(rng.integers(1, 3)))
                        }
                    )
                ),
                years_experience=int(rng.integers(5, 36)),
                teaches={
                    comps[int(c)]: Level(int(rng.choice([2, 3, 4], p=[0.2, 0.45, 0.35])))
                    for c in taught
                },
                capacity=int(rng.integers(1, max_capacity + 1)),
                formats=both if fmt < 0.7 else in_person if fmt < 0.9 else online,
                available=tuple(
                    sorted(
                        _SLOTS[int(s)]
                        for s in rng.choice(10, size=int(rng.integers(3, 7)), replace=False)
                    )
                ),
            )
        )
    by_school: dict[str, list[str]] = {}
    for m in mentors:
        by_school.setdefault(m.organisation_id or "", []).append(m.id)
    mentees = []
    for j in range(n_mentees):
        k = int(rng.integers(2, 5))
        needed = rng.choice(competencies, size=k, replace=False, p=popularity)
        fmt = rng.random()
        school = f"S{int(rng.integers(n_schools)):04d}"
        local = by_school.get(school, [])
        wishes = (
            tuple(rng.choice(local, size=min(len(local), 2), replace=False))
            if (local and rng.random() < 0.05)
            else ()
        )
        mentees.append(
            MenteeProfile(
                id=f"T{j:06d}",
                organisation_id=school,
                subjects=(_SUBJECTS[int(rng.integers(12))],),
                years_experience=int(rng.integers(0, 6)),
                needs={comps[int(c)]: Level(int(rng.integers(2, 5))) for c in needed},
                formats=both if fmt < 0.6 else in_person if fmt < 0.85 else online,
                available=tuple(
                    sorted(
                        _SLOTS[int(s)]
                        for s in rng.choice(10, size=int(rng.integers(2, 6)), replace=False)
                    )
                ),
                wishes=tuple(str(w) for w in wishes),
            )
        )
    return mentors, mentees
