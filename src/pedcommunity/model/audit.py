"""The resource audit: each teacher's answers for each competency a PLC needs (seed 002).

The five questions of the "internal audit" (Что я умею? Чему могу научить? К чему нужно
подготовиться? Что я не умею? Где, у кого и как могу научиться?) become one
:class:`AuditAnswer` per teacher per competency: a :class:`AuditStatus` for the first four and
an optional ``learning_source`` for the fifth.

Examples:
    >>> from pedcommunity.model import AuditAnswer, AuditStatus
    >>> a = AuditAnswer(teacher_id="t1", competency_id="nvc", status=AuditStatus.MUST_PREPARE,
    ...                 learning_source="курс ЦНППМ")
    >>> a.is_gap, a.can_teach
    (True, False)
"""

from __future__ import annotations

import attrs

from pedcommunity.i18n import LabelledEnum
from pedcommunity.model._fields import check_id, check_text

__all__ = ["AuditAnswer", "AuditStatus"]


class AuditStatus(LabelledEnum):
    """A teacher's answer about one competency, from strongest to weakest.

    Examples:
        >>> AuditStatus("must_prepare").label.ru, AuditStatus.MUST_PREPARE.is_gap
        ('Нужно подготовиться', True)
    """

    CAN_TEACH = "can_teach", "Могу научить", "Can teach"
    CAN_DO = "can_do", "Умею", "Can do"
    MUST_PREPARE = "must_prepare", "Нужно подготовиться", "Must prepare"
    CANNOT_DO = "cannot_do", "Не умею", "Cannot do"

    @property
    def is_gap(self) -> bool:
        """Whether the teacher needs to learn this competency."""
        return self in (AuditStatus.MUST_PREPARE, AuditStatus.CANNOT_DO)


@attrs.frozen
class AuditAnswer:
    """One teacher's answer for one competency in a PLC's resource audit.

    ``learning_source`` answers "where, from whom and how can I learn it?": an outside course,
    a book, a colleague in another school. It is what covers a gap that no peer can teach.
    """

    teacher_id: str = attrs.field(validator=check_id)
    competency_id: str = attrs.field(validator=check_id)
    status: AuditStatus = attrs.field(validator=attrs.validators.instance_of(AuditStatus))
    learning_source: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(check_text)
    )

    @property
    def is_gap(self) -> bool:
        """Whether this answer is a gap to be covered by the learning plan."""
        return self.status.is_gap

    @property
    def can_teach(self) -> bool:
        """Whether the teacher offers to teach this competency to peers."""
        return self.status is AuditStatus.CAN_TEACH
