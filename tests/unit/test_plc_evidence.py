"""Pupils' results as data: PupilEvidence, the reflection's impact, and the reflect guards of @2."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from tests.strategies import pupil_evidence
from tests.unit.test_plc_cycle import EVIDENCE, REFLECTION, plc_at, refused

from pedcommunity import EvidenceSource, EvidenceUnit, PlcRules, PupilEvidence, Reflection
from pedcommunity.adapters.json import from_json, to_json
from pedcommunity.errors import GuardFailed
from pedcommunity.model import ImpactOutcome, ImpactSummary


def evidence(**fields: Any) -> PupilEvidence:
    base: dict[str, Any] = {
        "measure": "Аргументируют позицию",
        "group": "6Б",
        "baseline": 0.35,
        "result": 0.6,
        "baseline_on": date(2025, 9, 15),
        "result_on": date(2026, 4, 20),
        "source": EvidenceSource.LESSON_OBSERVATION,
    }
    return PupilEvidence(**(base | fields))


# -- 8. PupilEvidence ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"baseline": 35}, "baseline must be a share from 0 to 1, got 35"),
        ({"result": -0.1}, "result must be a share from 0 to 1, got -0.1"),
        (
            {"unit": EvidenceUnit.COUNT, "baseline": 2.5, "result": 3},
            "a count is a whole number of 0 or more, got 2.5",
        ),
        (
            {"unit": EvidenceUnit.SCORE, "max_score": 5, "baseline": 3, "result": 6},
            "result must not exceed max_score 5, got 6",
        ),
        (
            {"unit": EvidenceUnit.SCORE, "max_score": 5, "baseline": -1, "result": 3},
            "baseline must be a score from 0 to max_score 5, got -1",
        ),
        ({"unit": EvidenceUnit.SCORE, "baseline": 3, "result": 4}, "needs max_score"),
        ({"unit": EvidenceUnit.SCORE, "max_score": 0, "baseline": 0, "result": 0}, "above 0"),
        ({"max_score": 5}, "max_score is given only for unit 'score'"),
        (
            {"baseline_on": date(2025, 9, 15), "result_on": date(2025, 9, 10)},
            (
                "the result is measured after the baseline: result_on 2025-09-10 is not after "
                "baseline_on 2025-09-15"
            ),
        ),
        ({"source": EvidenceSource.OTHER}, "source 'other' needs a source_note"),
        ({"baseline": True}, "baseline must be a finite number, got True"),
        ({"result": float("nan")}, "result must be a finite number"),
        ({"pupils": 0}, "pupils must be a whole number of at least 1"),
        ({"collected_by": ("t1", "t1")}, "t1"),
        ({"measure": " "}, "measure must be a non-empty string"),
    ],
)
def test_each_post_init_rule(fields: dict[str, Any], message: str) -> None:
    """Every rule of PupilEvidence refuses with a message that says what is allowed."""
    with pytest.raises((ValueError, TypeError)) as info:
        evidence(**fields)
    assert message in str(info.value)


def test_valid_units() -> None:
    """A score within max_score, a whole count, an 'other' source with its note."""
    score = evidence(unit=EvidenceUnit.SCORE, max_score=5, baseline=3.1, result=3.6)
    count = evidence(unit=EvidenceUnit.COUNT, baseline=12, result=4, higher_is_better=False)
    other = evidence(source=EvidenceSource.OTHER, source_note="протоколы 12 уроков")
    assert score.outcome is ImpactOutcome.IMPROVED
    assert count.outcome is ImpactOutcome.IMPROVED and count.change == -8
    assert other.source_note == "протоколы 12 уроков"


def test_outcome_reads_the_direction() -> None:
    """Up is better unless higher_is_better is False; no change is unchanged."""
    assert evidence().outcome is ImpactOutcome.IMPROVED
    assert evidence(higher_is_better=False).outcome is ImpactOutcome.WORSENED
    assert evidence(result=0.2).outcome is ImpactOutcome.WORSENED
    assert evidence(result=0.2, higher_is_better=False).outcome is ImpactOutcome.IMPROVED
    assert evidence(baseline=0.3, result=0.1 + 0.2).outcome is ImpactOutcome.UNCHANGED


def test_relative_change() -> None:
    """The change over the baseline; None at a baseline of 0."""
    assert evidence(baseline=0.5, result=0.6).relative_change == pytest.approx(0.2)
    assert evidence(baseline=0, result=0.6).relative_change is None


def test_a_reflection_in_words_only_is_still_valid() -> None:
    """Evidence without measures, and measures without text, are both a valid reflection."""
    words = Reflection(teaching_changes=("x",), pupil_impact=("y",))
    numbers = Reflection(teaching_changes=("x",), pupil_evidence=(evidence(),))
    assert words.impact == ImpactSummary(measures=0, improved=0, unchanged=0, worsened=0)
    assert numbers.impact.improved == 1 and numbers.pupil_impact == ()
    with pytest.raises(ValueError, match="pupil_impact or pupil_evidence"):
        Reflection(teaching_changes=("x",))


def test_impact_counts_outcomes() -> None:
    """impact counts improved, unchanged and worsened measures."""
    r = Reflection(
        teaching_changes=("x",),
        pupil_evidence=(evidence(), evidence(result=0.35), evidence(result=0.1)),
    )
    assert r.impact == ImpactSummary(measures=3, improved=1, unchanged=1, worsened=1)
    assert r.impact.improved_share == pytest.approx(1 / 3)
    with pytest.raises(ValueError, match="add up"):
        ImpactSummary(measures=3, improved=1, unchanged=0, worsened=0)


@given(ev=pupil_evidence())
@settings(deadline=None, max_examples=50)
def test_any_evidence_round_trips(ev: PupilEvidence) -> None:
    """Every valid PupilEvidence survives JSON, and its outcome is one of three."""
    assert from_json(to_json(ev)) == ev
    assert ev.outcome in set(ImpactOutcome)


# -- 9. reflect under @2 ---------------------------------------------------------------------------


def reflecting(**rules: Any) -> Any:
    return plc_at("reflection", rules=PlcRules(**rules))


def test_reflect_needs_measured_evidence() -> None:
    """Words alone are refused under @2 with the seed's reason."""
    go = reflecting()
    words = Reflection(teaching_changes=("x",), pupil_impact=("y",))
    err = refused(go, GuardFailed, "reflect", reflection=words)
    assert err.guard == "pupil_evidence_measured"
    assert err.reason == (
        "seed 002's main result is what pupils learnt: record at least 1 measured result(s) in "
        "pupil_evidence (measure, group, baseline, result, source); got 0"
    )
    go("reflect", reflection=REFLECTION)
    assert go.wf.data.reflection == REFLECTION


def test_min_pupil_evidence_zero_accepts_words() -> None:
    """With min_pupil_evidence=0 a reflection in words is accepted."""
    go = reflecting(min_pupil_evidence=0)
    go("reflect", reflection=Reflection(teaching_changes=("x",), pupil_impact=("y",)))
    assert go.wf.data.reflection is not None


@pytest.mark.parametrize(
    ("change", "guard", "fragment"),
    [
        (
            {"competency_id": "zz"},
            "evidence_fits_cycle",
            (
                "evidence «Аргументируют позицию» names competency 'zz', not listed in this "
                "cycle; listed: c1, c2"
            ),
        ),
        (
            {"collected_by": ("t1", "stranger")},
            "evidence_fits_cycle",
            "was collected by 'stranger', who is not a member",
        ),
        (
            {"result_on": date(2025, 12, 1)},
            "evidence_not_future",
            "evidence «Аргументируют позицию» has its result dated 2025-12-01, after today",
        ),
    ],
)
def test_evidence_must_fit_the_cycle(change: dict[str, Any], guard: str, fragment: str) -> None:
    """An unlisted competency, a non-member collector or a future date is refused."""
    go = reflecting()
    bad = attrs.evolve(EVIDENCE, **change)
    err = refused(
        go,
        GuardFailed,
        "reflect",
        reflection=attrs.evolve(REFLECTION, pupil_evidence=(bad,)),
    )
    assert err.guard == guard
    assert fragment in err.reason


def test_evidence_dated_today_is_accepted() -> None:
    """The result may be dated on the day of the reflection."""
    go = reflecting()
    today = (go.at + timedelta(hours=1)).date()
    ev = attrs.evolve(EVIDENCE, result_on=today, collected_by=("t1", "head"))
    go("reflect", reflection=attrs.evolve(REFLECTION, pupil_evidence=(ev,)))
    assert go.wf.data.reflection is not None
    assert go.wf.data.reflection.impact.improved == 1
