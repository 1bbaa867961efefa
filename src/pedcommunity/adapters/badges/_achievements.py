"""What a badge says, apart from any format: the achievement, the evidence, the awarded fact.

An :class:`Achievement` is what OB 2.0 calls a BadgeClass and OB 3.0 an Achievement: a stable
``key`` (its ids are built from it), a name, a description and the criteria in Russian and
English, and its OB 3.0 ``achievementType``. A :class:`BadgeFact` is one teacher's badge: the
achievement, the recipient's teacher id, when the domain event happened, a narrative and
evidence. The functions of :mod:`~pedcommunity.adapters.badges._facts` make facts from
workflows; :mod:`~pedcommunity.adapters.badges._ob2` and ``_ob3`` write them.

Examples:
    >>> from datetime import datetime, timezone
    >>> fact = BadgeFact(id="plc-95#40:t1", achievement=PLC_CYCLE_COMPLETED,
    ...                  recipient_id="t1",
    ...                  issued_on=datetime(2026, 5, 20, 12, tzinfo=timezone.utc))
    >>> fact.achievement.name.en
    'PLC cycle completed'
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

import attrs

from pedcommunity.i18n import Label
from pedcommunity.model._fields import check_id, check_text, instances_of, to_tuple
from pedcommunity.model.domain_events import check_aware

__all__ = [
    "FESTIVAL_AWARD",
    "MEMBERSHIP",
    "MENTORING_TRACK_MENTEE",
    "MENTORING_TRACK_MENTOR",
    "PLC_CYCLE_COMPLETED",
    "Achievement",
    "BadgeEvidence",
    "BadgeFact",
]

_KEY = re.compile(r"[a-z0-9][a-z0-9-]{0,99}")
#: OB 3.0's achievementType: one of its vocabulary, or an extension ``ext:Name``.
_TYPE = re.compile(r"[A-Z][A-Za-z]+|ext:[A-Za-z0-9._-]+")


def _key(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str) or not _KEY.fullmatch(value):
        raise ValueError(f"{attribute.name} must be a lower-case slug (a-z, 0-9, -), got {value!r}")


def _type(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str) or not _TYPE.fullmatch(value):
        raise ValueError(f"{attribute.name} must be an OB 3.0 achievementType, got {value!r}")


@attrs.frozen
class Achievement:
    """What a badge is for: a BadgeClass in OB 2.0, an Achievement in OB 3.0.

    ``key`` names it in URLs (``{base_url}/badges/{key}``), so it stays the same across runs;
    a title that varies (a festival award's) gets its own key.

    Examples:
        >>> FESTIVAL_AWARD.achievement_type, MEMBERSHIP.achievement_type
        ('Award', 'Membership')
    """

    key: str = attrs.field(validator=_key)
    name: Label = attrs.field(validator=attrs.validators.instance_of(Label))
    description: Label = attrs.field(validator=attrs.validators.instance_of(Label))
    criteria: Label = attrs.field(validator=attrs.validators.instance_of(Label))
    achievement_type: str = attrs.field(default="Badge", validator=_type)
    tags: tuple[str, ...] = attrs.field(
        default=(), converter=to_tuple, validator=attrs.validators.deep_iterable(check_text)
    )


@attrs.frozen
class BadgeEvidence:
    """Evidence of a badge: what the teacher made or did, with a link when there is one.

    Examples:
        >>> BadgeEvidence(name=Label(ru="Ролик", en="Video"), url="https://example.org/v").url
        'https://example.org/v'
    """

    name: Label = attrs.field(validator=attrs.validators.instance_of(Label))
    url: str | None = None
    narrative: Label | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(Label))
    )
    genre: str | None = attrs.field(default=None, validator=attrs.validators.optional(check_text))

    def as_json(self, lang: str, kind: str | list[str]) -> dict[str, Any]:
        """The evidence as an OB ``Evidence`` object of type ``kind`` in ``lang``.

        Examples:
            >>> BadgeEvidence(name=Label(ru="Ролик", en="Video")).as_json("en", ["Evidence"])
            {'type': ['Evidence'], 'name': 'Video'}
        """
        out: dict[str, Any] = {"type": kind, "name": self.name.get(lang)}
        if self.url is not None:
            out["id"] = self.url
        if self.narrative is not None:
            out["narrative"] = self.narrative.get(lang)
        if self.genre is not None:
            out["genre"] = self.genre
        return out


@attrs.frozen
class BadgeFact:
    """One teacher's badge: the achievement, the recipient, when, why, and the evidence.

    ``id`` names the fact among all badges of the issuer (the workflow id, the event's
    sequence and the teacher: ``fest-2026#12:m1``): every id of the badge is derived from it,
    so writing the same fact twice gives the same documents. ``issued_on`` is the time of the
    domain event (never a clock read); ``valid_from``/``valid_until`` bound the activity or
    the validity when the domain knows them.
    """

    id: str = attrs.field(validator=check_text)
    achievement: Achievement = attrs.field(validator=attrs.validators.instance_of(Achievement))
    recipient_id: str = attrs.field(validator=check_id)
    issued_on: datetime = attrs.field(validator=check_aware)
    narrative: Label | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(Label))
    )
    evidence: tuple[BadgeEvidence, ...] = attrs.field(
        default=(), converter=to_tuple, validator=instances_of(BadgeEvidence)
    )
    activity_start: datetime | None = attrs.field(
        default=None, validator=attrs.validators.optional(check_aware)
    )
    activity_end: datetime | None = attrs.field(
        default=None, validator=attrs.validators.optional(check_aware)
    )


# -- the four achievements --------------------------------------------------------------------

#: A festival award (seed 003): by default the award symbol «Наставники Югры».
FESTIVAL_AWARD = Achievement(
    key="festival-award",
    name=Label(ru="Наставники Югры", en="Mentors of Yugra"),
    description=Label(
        ru="Награда фестиваля наставничества «Наставники Югры: маршрут построен» за лучшую "
        "практику педагогического тандема.",
        en="An award of the mentoring festival «Mentors of Yugra: the route is built» for "
        "one of the best practices of a pedagogical tandem.",
    ),
    criteria=Label(
        ru="Тандем (наставник и наставляемый) подал заявку с продуктом, жюри оценило её по "
        "критериям фестиваля, оргкомитет вручил награду.",
        en="The tandem (mentor and mentee) entered a product, the jury scored it on the "
        "festival's criteria, and the organisers gave the award.",
    ),
    achievement_type="Award",
    tags=("mentoring", "festival"),
)

#: A mentoring track completed, for the mentee.
MENTORING_TRACK_MENTEE = Achievement(
    key="mentoring-track-mentee",
    name=Label(ru="Трек наставничества пройден", en="Mentoring track completed"),
    description=Label(
        ru="Наставляемый прошёл трек наставничества по персонализированной программе до конца.",
        en="The mentee went through a mentoring track and its personal programme to the end.",
    ),
    criteria=Label(
        ru="Трек завершён: программа выполнена, наставник и наставляемый дали итоговую "
        "обратную связь.",
        en="The track is completed: the programme is done, and mentor and mentee gave their "
        "final feedback.",
    ),
    achievement_type="CertificateOfCompletion",
    tags=("mentoring",),
)

#: A mentoring track completed, for the mentor who led it.
MENTORING_TRACK_MENTOR = Achievement(
    key="mentoring-track-mentor",
    name=Label(ru="Наставник", en="Mentor"),
    description=Label(
        ru="Педагог провёл наставляемого через трек наставничества до завершения.",
        en="The teacher led a mentee through a mentoring track to its completion.",
    ),
    criteria=Label(
        ru="Трек, который вёл наставник, завершён: программа выполнена, итоговая обратная "
        "связь дана.",
        en="The track the mentor led is completed: the programme is done and the final "
        "feedback given.",
    ),
    achievement_type="Award",
    tags=("mentoring",),
)

#: A completed cycle of a professional learning community (seed 002).
PLC_CYCLE_COMPLETED = Achievement(
    key="plc-cycle-completed",
    name=Label(ru="Цикл ПОС пройден", en="PLC cycle completed"),
    description=Label(
        ru="Участник профессионального обучающегося сообщества прошёл его цикл: от выбора "
        "темы-проблемы через самоаудит и взаимообучение до рефлексии.",
        en="A member of a professional learning community went through its cycle: from "
        "choosing a topic through the resource audit and peer learning to reflection.",
    ),
    criteria=Label(
        ru="Педагог был участником ПОС, когда цикл завершился рефлексией: что изменилось в "
        "преподавании и свидетельства влияния на обучение учеников.",
        en="The teacher was a member of the PLC when the cycle ended with its reflection: "
        "what changed in teaching and the evidence of impact on pupils' learning.",
    ),
    achievement_type="CertificateOfCompletion",
    tags=("plc",),
)

#: Active membership of a community (a club, a mentoring or network community).
MEMBERSHIP = Achievement(
    key="community-membership",
    name=Label(ru="Участник сообщества", en="Community member"),
    description=Label(
        ru="Педагог — действующий участник профессионального сообщества.",
        en="The teacher is an active member of a professional community.",
    ),
    criteria=Label(
        ru="Педагог вступил в сообщество и не выходил из него на дату выдачи.",
        en="The teacher joined the community and had not left it when the badge was issued.",
    ),
    achievement_type="Membership",
    tags=("community",),
)
