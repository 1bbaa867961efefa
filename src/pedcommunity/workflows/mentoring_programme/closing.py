"""Closing a mentoring programme: the festival, recognition, the report, completion, cancel.

Each trigger's payload, guards and effect: ``open_completion`` (every track ended),
``hold_festival``, ``recognise``, ``submit_report`` and ``complete``, and ``cancel``, which
ends the programme from any stage once no track is open.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from pedcommunity.i18n import Label, counted
from pedcommunity.model._fields import (
    FrozenMap,
    check_id,
    check_text,
    evolve_checked,
    evolve_trusted,
)
from pedcommunity.workflows.mentoring_programme.data import C, ProgrammeData, ProgrammeReport

__all__ = ["FIGURE_LABELS", "CancelProgramme", "FestivalHeld", "SubmitReport"]

#: Russian and English names of the figures :meth:`MentoringProgramme.figures` computes.
FIGURE_LABELS: Mapping[str, Label] = FrozenMap(
    {
        "mentees": Label(ru="Наставляемых", en="Mentees"),
        "mentors": Label(ru="Наставников в базе", en="Mentors in the mentor base"),
        "mentors_trained": Label(ru="Наставников обучено", en="Mentors trained"),
        "tracks": Label(ru="Треков", en="Tracks"),
        "pairs_formed": Label(ru="Пар и групп сформировано", en="Pairs and groups formed"),
        "completed": Label(ru="Завершено", en="Completed"),
        "closed_early": Label(ru="Закрыто досрочно", en="Closed early"),
        "proposals": Label(ru="Предложений наставников", en="Mentor proposals"),
        "declined": Label(ru="Отклонено", en="Declined"),
        "lapsed": Label(ru="Без ответа в срок", en="Lapsed"),
        "festival_entries": Label(ru="Заявок на фестиваль", en="Festival entries"),
        "mean_fit": Label(ru="Средняя оценка пары (1–5)", en="Mean pair fit (1-5)"),
        "cluster_events_held": Label(ru="Проведено событий кластеров", en="Cluster events held"),
        "first_cluster_participants": Label(
            ru="Участников первого кластера", en="Participants of the first cluster"
        ),
        "speakers_invited": Label(
            ru="Приглашено спикеров и коучей", en="Speakers and coaches invited"
        ),
        "bank_size": Label(
            ru="Лидеров в банке компетентностных лидеров",
            en="Leaders in the competency leaders bank",
        ),
        "bank_mentors": Label(ru="Наставников в банке", en="Mentors in the bank"),
        "bank_mentees": Label(ru="Наставляемых в банке", en="Mentees in the bank"),
        "navigators": Label(ru="Навигаторов", en="Navigators"),
        "initiatives": Label(ru="Инициатив навигаторов", en="Navigators' initiatives"),
    }
)


# -- completion: every track ended --------------------------------------------------------------


def _g_tracks_ended(ctx: C) -> str | None:
    d = ctx.data
    n = len(d._live)
    if n:
        first = []
        for p in d._live:
            first.append(d.tracks.key_at(p))
            if len(first) == 5:
                break
        shown = ", ".join(first) + (" ..." if n > 5 else "")
        return (
            f"{counted(n, 'track')} {'is' if n == 1 else 'are'} still open "
            f"({shown}); every track must be completed "
            "or closed"
        )
    return None


# -- the festival -------------------------------------------------------------------------------


@attrs.frozen
class FestivalHeld:
    """Payload of ``hold_festival``: the id of the festival workflow the programme held."""

    festival_id: str = attrs.field(validator=check_id)


def _g_festival_new(ctx: C) -> str | None:
    if ctx.payload.festival_id in ctx.data.festival_ids:
        return f"festival '{ctx.payload.festival_id}' is recorded already"
    return None


def _e_festival(ctx: C) -> ProgrammeData:
    d = ctx.data
    return evolve_trusted(d, festival_ids=(*d.festival_ids, ctx.payload.festival_id))


# -- recognition --------------------------------------------------------------------------------


def _g_recognised_participant(ctx: C) -> str | None:
    tid = ctx.payload.teacher_id
    if not (ctx.data._is_mentee(tid) or ctx.data._has_leader(tid)):
        return f"'{tid}' is neither a mentee nor a mentor of the programme"
    return None


def _e_recognise(ctx: C) -> ProgrammeData:
    return evolve_trusted(ctx.data, recognitions=(*ctx.data.recognitions, ctx.payload))


# -- the report ---------------------------------------------------------------------------------


@attrs.frozen
class SubmitReport:
    """Payload of ``submit_report``: the programme's final report."""

    report: ProgrammeReport = attrs.field(validator=attrs.validators.instance_of(ProgrammeReport))


def _g_has_report(ctx: C) -> str | None:
    if ctx.data.report is None:
        return "submit the programme's report first"
    return None


def _e_report(ctx: C) -> ProgrammeData:
    return evolve_checked(ctx.data, report=ctx.payload.report)


# -- cancelling ---------------------------------------------------------------------------------


@attrs.frozen
class CancelProgramme:
    """Payload of ``cancel``: why the programme ends without completion."""

    reason: str = attrs.field(validator=check_text)


def _e_cancel(ctx: C) -> ProgrammeData:
    return evolve_checked(ctx.data, cancelled_reason=ctx.payload.reason)
