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

from pedcommunity.errors import InvalidData
from pedcommunity.model import (
    AuditAnswer,
    AuditStatus,
    InteractionAgreement,
    Level,
    Organisation,
    Reflection,
    Teacher,
)

__all__ = ["School95", "audit_status_for", "load_school95"]

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
    """The School 95 sample: organisation, PLC name, teachers, votes, sources, texts."""

    organisation: Organisation
    plc_id: str
    plc_name: str
    facilitator: str
    teachers: tuple[Teacher, ...]
    votes: Mapping[str, str]
    learning_sources: Mapping[str, Mapping[str, str]]
    agreement: InteractionAgreement
    reflection: Reflection

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
    )
