"""Pupils' results as data: what a PLC measured before and after its learning (seed 002).

Seed 002 calls pupils mastering the skills «главный результат» of a PLC («ученики освоили эти
навыки – раскрыт личностный потенциал») and asks the community to look «не на том, как
обучает педагог, а на том, как ребенок учится». It names no measure, instrument or number,
so a :class:`PupilEvidence` records what the PLC chose: a measure, a group, a baseline, a
result and how they were collected.

Examples:
    >>> from datetime import date
    >>> ev = PupilEvidence(measure="Аргументируют позицию", group="5–7 классы",
    ...     baseline=0.35, result=0.6, baseline_on=date(2025, 9, 15),
    ...     result_on=date(2026, 4, 20), source=EvidenceSource.LESSON_OBSERVATION)
    >>> round(ev.change, 2), ev.outcome.label.en
    (0.25, 'Improved')
    >>> summarise_impact([ev]).improved_share
    1.0
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date
from typing import Any

import attrs

from pedcommunity._repr import shown
from pedcommunity.i18n import LabelledEnum, check_lang, ru_plural
from pedcommunity.model._dates import check_date
from pedcommunity.model._fields import (
    check_bool,
    check_id,
    check_ids,
    check_optional_text,
    check_positive_int,
    check_text,
    to_tuple,
)
from pedcommunity.model.work_plans._plans import check_count

__all__ = [
    "EvidenceSource",
    "EvidenceUnit",
    "ImpactOutcome",
    "ImpactSummary",
    "PupilEvidence",
    "summarise_impact",
]

#: Below this, a change is no change (floating-point noise in shares such as 0.1 + 0.2).
_EPSILON = 1e-9


class EvidenceUnit(LabelledEnum):
    """What a measure's numbers are: a share of pupils, a mean score, or a count.

    Examples:
        >>> EvidenceUnit("share").label.ru
        'Доля учеников'
    """

    SHARE = "share", "Доля учеников", "Share of pupils"
    SCORE = "score", "Средний балл", "Mean score"
    COUNT = "count", "Количество", "Count"


class EvidenceSource(LabelledEnum):
    """How the evidence was collected.

    Examples:
        >>> EvidenceSource.LESSON_OBSERVATION.label.en
        'Lesson observation'
    """

    LESSON_OBSERVATION = "lesson_observation", "Наблюдение уроков", "Lesson observation"
    PUPIL_WORK = "pupil_work", "Работы учеников", "Pupils' work"
    DIAGNOSTIC = "diagnostic", "Диагностика (тест)", "Diagnostic test"
    PUPIL_SURVEY = "pupil_survey", "Анкетирование учеников", "Pupil survey"
    OTHER = "other", "Другое", "Other"


class ImpactOutcome(LabelledEnum):
    """Which way a measure moved, read with its direction (``higher_is_better``).

    Examples:
        >>> ImpactOutcome.WORSENED.label.ru
        'Ухудшение'
    """

    IMPROVED = "improved", "Улучшение", "Improved"
    UNCHANGED = "unchanged", "Без изменений", "Unchanged"
    WORSENED = "worsened", "Ухудшение", "Worsened"


def _number(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"{attribute.name} must be a finite number, got {shown(value)}")


def _optional_number(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        _number(instance, attribute, value)


def _shown_number(value: float) -> str:
    # 35.0 reads as 35 in a message, as the caller most likely typed it.
    return str(int(value)) if float(value).is_integer() else str(value)


@attrs.frozen
class PupilEvidence:
    """One measured result of pupils («Результат учеников»): a measure before and after.

    ``baseline`` and ``result`` are in ``unit``: a share of pupils from 0 to 1, a mean score
    from 0 to ``max_score``, or a whole count. ``group`` says which pupils («5–7 классы»,
    «6Б»); ``pupils`` how many there are; ``competency_id`` the teachers' competency the
    change is credited to; ``collected_by`` the teachers who collected it.

    Examples:
        >>> from datetime import date
        >>> PupilEvidence(measure="Доля", group="6Б", baseline=35, result=0.6,
        ...     baseline_on=date(2025, 9, 15), result_on=date(2026, 4, 20),
        ...     source=EvidenceSource.DIAGNOSTIC)
        Traceback (most recent call last):
        ...
        ValueError: baseline must be a share from 0 to 1, got 35
        >>> ev = PupilEvidence(measure="Конфликты на переменах", group="5А", baseline=12,
        ...     result=4, baseline_on=date(2025, 9, 15), result_on=date(2026, 4, 20),
        ...     source=EvidenceSource.OTHER, unit=EvidenceUnit.COUNT,
        ...     higher_is_better=False, source_note="журнал дежурных")
        >>> ev.change, round(ev.relative_change, 2), ev.outcome.value
        (-8, -0.67, 'improved')
    """

    measure: str = attrs.field(validator=check_text)
    group: str = attrs.field(validator=check_text)
    baseline: float = attrs.field(validator=_number)
    result: float = attrs.field(validator=_number)
    baseline_on: date = attrs.field(validator=check_date)
    result_on: date = attrs.field(validator=check_date)
    source: EvidenceSource = attrs.field(validator=attrs.validators.instance_of(EvidenceSource))
    unit: EvidenceUnit = attrs.field(
        default=EvidenceUnit.SHARE, validator=attrs.validators.instance_of(EvidenceUnit)
    )
    max_score: float | None = attrs.field(default=None, validator=_optional_number)
    pupils: int | None = attrs.field(
        default=None, validator=attrs.validators.optional(check_positive_int)
    )
    competency_id: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(check_id)
    )
    higher_is_better: bool = attrs.field(default=True, validator=check_bool)
    source_note: str | None = attrs.field(default=None, validator=check_optional_text)
    collected_by: tuple[str, ...] = attrs.field(default=(), converter=to_tuple, validator=check_ids)

    def __attrs_post_init__(self) -> None:
        if self.unit is EvidenceUnit.SCORE:
            if self.max_score is None:
                raise ValueError("unit 'score' needs max_score, the top of the scale")
            if self.max_score <= 0:
                raise ValueError(f"max_score must be above 0, got {_shown_number(self.max_score)}")
        elif self.max_score is not None:
            raise ValueError("max_score is given only for unit 'score'")
        for name in ("baseline", "result"):
            self._check_bounds(name, getattr(self, name))
        if self.result_on <= self.baseline_on:
            raise ValueError(
                "the result is measured after the baseline: "
                f"result_on {self.result_on.isoformat()} is not after "
                f"baseline_on {self.baseline_on.isoformat()}"
            )
        if self.source is EvidenceSource.OTHER and self.source_note is None:
            raise ValueError("source 'other' needs a source_note (how it was collected)")

    def _check_bounds(self, name: str, value: float) -> None:
        got = _shown_number(value)
        if self.unit is EvidenceUnit.SHARE and not 0 <= value <= 1:
            raise ValueError(f"{name} must be a share from 0 to 1, got {got}")
        if self.unit is EvidenceUnit.COUNT and (value < 0 or not float(value).is_integer()):
            raise ValueError(f"{name}: a count is a whole number of 0 or more, got {got}")
        if self.unit is EvidenceUnit.SCORE:
            top = _shown_number(self.max_score or 0)
            if value < 0:
                raise ValueError(f"{name} must be a score from 0 to max_score {top}, got {got}")
            if value > (self.max_score or 0):
                raise ValueError(f"{name} must not exceed max_score {top}, got {got}")

    def describe(self, lang: str = "ru") -> str:
        """One report line: the group, the measure, baseline to result with the change, how.

        A share is shown in percent and its change in percentage points; a score out of its
        maximum, and a count, as they are, with a signed change.

        Examples:
            >>> from datetime import date
            >>> ev = PupilEvidence(measure="Аргументируют позицию", group="5–7 классы",
            ...     baseline=0.35, result=0.6, baseline_on=date(2025, 9, 15),
            ...     result_on=date(2026, 4, 20), source=EvidenceSource.LESSON_OBSERVATION)
            >>> ev.describe("ru")
            '5–7 классы: Аргументируют позицию — 35% → 60% (+25 п.п.), наблюдение уроков'
            >>> ev.describe("en")
            '5–7 классы: Аргументируют позицию: 35% → 60% (+25 pp), lesson observation'
            >>> score = PupilEvidence(measure="Балл за проект", group="6Б", baseline=3.1,
            ...     result=3.8, baseline_on=date(2025, 9, 15), result_on=date(2026, 4, 20),
            ...     source=EvidenceSource.PUPIL_WORK, unit=EvidenceUnit.SCORE, max_score=5)
            >>> print(score.describe("en"))
            6Б: Балл за проект: 3.1 → 3.8 of 5 (+0.7), pupils' work
        """
        lang = check_lang(lang)
        if self.unit is EvidenceUnit.SHARE:
            points = "п.п." if lang == "ru" else "pp"
            values = (
                f"{_percent(self.baseline)}% → {_percent(self.result)}% "
                f"({_signed(_percent(self.change))} {points})"
            )
        else:
            of = ""
            if self.max_score is not None:
                of = f" {'из' if lang == 'ru' else 'of'} {_plain(self.max_score)}"
            change = _signed(_plain(self.change))
            values = f"{_plain(self.baseline)} → {_plain(self.result)}{of} ({change})"
        how = self.source_note if self.source is EvidenceSource.OTHER else None
        source = how or self.source.label.get(lang)
        source = source[:1].lower() + source[1:]
        dash = " —" if lang == "ru" else ":"
        return f"{self.group}: {self.measure}{dash} {values}, {source}"

    @property
    def change(self) -> float:
        """``result - baseline``, in the measure's unit (a share's change in share points)."""
        return self.result - self.baseline

    @property
    def relative_change(self) -> float | None:
        """The change as a share of the baseline; ``None`` at a baseline of 0."""
        return None if self.baseline == 0 else self.change / self.baseline

    @property
    def outcome(self) -> ImpactOutcome:
        """Improved, unchanged or worsened, by the sign of the change and its direction."""
        if abs(self.change) < _EPSILON:
            return ImpactOutcome.UNCHANGED
        better = (self.change > 0) == self.higher_is_better
        return ImpactOutcome.IMPROVED if better else ImpactOutcome.WORSENED


def _percent(share: float) -> str:
    return _plain(round(share * 100, 1))


def _plain(value: float) -> str:
    # Rounded so that floating-point noise (0.6 - 0.35) never shows.
    rounded = round(float(value), 2)
    return _shown_number(0.0 if rounded == 0 else rounded)


def _signed(text: str) -> str:
    return text if text.startswith("-") else f"+{text}"


@attrs.frozen
class ImpactSummary:
    """How many measures improved, stayed and worsened («Главный результат»).

    Examples:
        >>> ImpactSummary(measures=3, improved=2, unchanged=1, worsened=0).improved_share
        0.6666666666666666
        >>> ImpactSummary(measures=0, improved=0, unchanged=0, worsened=0).improved_share is None
        True
    """

    measures: int = attrs.field(validator=check_count)
    improved: int = attrs.field(validator=check_count)
    unchanged: int = attrs.field(validator=check_count)
    worsened: int = attrs.field(validator=check_count)

    def __attrs_post_init__(self) -> None:
        parts = self.improved + self.unchanged + self.worsened
        if parts != self.measures:
            raise ValueError(
                f"improved, unchanged and worsened add up to {parts}, not to the "
                f"{self.measures} measures"
            )

    @property
    def improved_share(self) -> float | None:
        """The share of measures that improved; ``None`` with no measures."""
        return None if self.measures == 0 else self.improved / self.measures

    def describe(self, lang: str = "ru") -> str:
        """The report's summary line of the main result.

        Examples:
            >>> s = ImpactSummary(measures=3, improved=2, unchanged=1, worsened=0)
            >>> print(s.describe("ru")); print(s.describe("en"))
            Главный результат: улучшение по 2 из 3 показателей
            The main result: 2 of 3 measures improved
            >>> print(ImpactSummary(measures=1, improved=1, unchanged=0, worsened=0).describe("ru"))
            Главный результат: улучшение по 1 из 1 показателя
        """
        if check_lang(lang) == "ru":
            noun = ru_plural(self.measures, "показателя", "показателей", "показателей")
            return f"Главный результат: улучшение по {self.improved} из {self.measures} {noun}"
        return f"The main result: {self.improved} of {self.measures} measures improved"


def summarise_impact(evidence: Iterable[PupilEvidence]) -> ImpactSummary:
    """Count the outcomes of ``evidence``.

    Examples:
        >>> summarise_impact([])
        ImpactSummary(measures=0, improved=0, unchanged=0, worsened=0)
    """
    outcomes = [e.outcome for e in evidence]
    return ImpactSummary(
        measures=len(outcomes),
        improved=outcomes.count(ImpactOutcome.IMPROVED),
        unchanged=outcomes.count(ImpactOutcome.UNCHANGED),
        worsened=outcomes.count(ImpactOutcome.WORSENED),
    )
