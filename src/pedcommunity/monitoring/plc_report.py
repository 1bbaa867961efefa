"""The PLC report (seed 002) as Markdown, in Russian or English.

Pure string building from a ``plc_cycle`` workflow: its data, and its events for who joined
by their own wish (a ``join`` in one's own name, with no ``on_behalf_of``). The figures are
functions of :class:`~pedcommunity.workflows.PlcData`, not monitoring indicators (those read a
community's log). People appear by id unless ``names`` maps ids to the names to print.

Sections: the PLC (the director's order, leader, facilitators, chat, announcements, members);
meetings by kind and their team-building activities; learning per member and per competency;
the reflection with pupils' measured results; recognition and the most active members; the
history of finished cycles.

Examples:
    >>> from datetime import datetime, timezone
    >>> from pedcommunity.workflows import PLC_CYCLE, PlcData, start
    >>> plc = start(PLC_CYCLE, PlcData(name="ПОС: Мастерские роста", leader_id="head"),
    ...             id="plc-95", actor="head", at=datetime(2025, 9, 1, tzinfo=timezone.utc))
    >>> text = plc_report(plc, "en")
    >>> text.splitlines()[0]
    '# PLC report: ПОС: Мастерские роста'
    >>> "no director's order recorded" in text
    True
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

from pedcommunity.errors import InvalidData
from pedcommunity.i18n import Label, check_lang, ru_plural
from pedcommunity.model.learning import Reflection
from pedcommunity.monitoring.reports import _cell, _day, _people
from pedcommunity.workflows.engine import Workflow
from pedcommunity.workflows.plc import CycleRecord, PlcData, member_activity
from pedcommunity.workflows.plc.progress import GapCount, LearningProgress, learning_progress

__all__ = ["joined_by_own_wish", "learnt_line", "plc_report"]

#: How many of the most active members the report names.
MOST_ACTIVE = 3

_T = {
    "title": Label(ru="Отчёт ПОС", en="PLC report"),
    "plc": Label(ru="ПОС", en="The PLC"),
    "stage": Label(ru="Этап", en="Stage"),
    "order": Label(ru="Приказ", en="Director's order"),
    "no_order": Label(ru="приказ не зарегистрирован", en="no director's order recorded"),
    "later_orders": Label(ru="Другие приказы", en="Later orders"),
    "leader": Label(ru="Руководитель", en="Leader"),
    "facilitators": Label(ru="Модераторы", en="Facilitators"),
    "chat": Label(ru="Чат ПОС", en="The PLC's chat"),
    "no_chat": Label(ru="не создан", en="not opened"),
    "announcements": Label(ru="Объявления", en="Announcements"),
    "members": Label(ru="Участники", en="Members"),
    "own_wish": Label(ru="вступили по собственному желанию", en="joined by their own wish"),
    "of": Label(ru="из", en="of"),
    "none": Label(ru="нет", en="none"),
    "meetings": Label(ru="Встречи", en="Meetings"),
    "kind": Label(ru="Вид", en="Kind"),
    "held": Label(ru="Проведено", en="Held"),
    "online": Label(ru="Онлайн", en="Online"),
    "no_meetings": Label(ru="Встреч пока не было.", en="No meetings yet."),
    "activities": Label(ru="Командообразование", en="Team-building"),
    "learning": Label(ru="Обучение", en="Learning"),
    "no_plan": Label(ru="План обучения не принят.", en="No learning plan adopted."),
    "sessions": Label(ru="Занятий проведено", en="Learning sessions held"),
    "member": Label(ru="Участник", en="Member"),
    "competency": Label(ru="Компетенция", en="Competency"),
    "gaps": Label(ru="Дефицитов", en="Gaps"),
    "learnt": Label(ru="Освоено", en="Learnt"),
    "share": Label(ru="Доля", en="Share"),
    "taught": Label(ru="Провёл занятий", en="Sessions taught"),
    "attended": Label(ru="Посетил занятий", en="Sessions attended"),
    "reflection": Label(ru="Рефлексия", en="Reflection"),
    "no_reflection": Label(ru="Итоги цикла ещё не записаны.", en="Not recorded yet."),
    "changes": Label(ru="Изменения в преподавании", en="Changes in teaching"),
    "pupils": Label(ru="Результаты учеников", en="Pupils' results"),
    "recognition": Label(ru="Признание", en="Recognition"),
    "no_recognition": Label(ru="Пока никого не отмечали.", en="No one recognised yet."),
    "most_active": Label(ru="Самые активные", en="Most active"),
    "history": Label(ru="История циклов", en="Finished cycles"),
    "no_history": Label(ru="Завершённых циклов нет.", en="No finished cycles."),
    "cycle": Label(ru="Цикл", en="Cycle"),
}


def _t(key: str, lang: str) -> str:
    return _T[key].get(lang)


def _pct(share: float) -> str:
    return f"{round(100 * share)}%"


# -- pieces a section is made of ---------------------------------------------------------------


def joined_by_own_wish(plc: Workflow) -> tuple[str, ...]:
    """Current members whose last ``join`` was in their own name (no ``on_behalf_of``).

    Examples:
        >>> from datetime import datetime, timezone
        >>> from pedcommunity.workflows import PLC_CYCLE, PlcData, fire, start
        >>> at = datetime(2025, 9, 1, tzinfo=timezone.utc)
        >>> plc = start(PLC_CYCLE, PlcData(name="ПОС", leader_id="head"), id="p",
        ...             actor="head", at=at)
        >>> _ = fire(plc, "join", actor="t1", at=at, teacher_id="t1")
        >>> _ = fire(plc, "join", actor="head", at=at, teacher_id="t2")
        >>> joined_by_own_wish(plc)
        ('t1',)
    """
    last_join = {}
    for event in plc.events:
        if event.trigger == "join":
            last_join[event.payload.teacher_id] = not event.on_behalf_of
    return tuple(m for m in plc.data.members if last_join.get(m, False))


def learnt_line(progress: LearningProgress, min_share: float, lang: str) -> str:
    """«Освоено 4 из 6 дефицитов (67%); для рефлексии нужно 3 (50%)», or in English.

    Examples:
        >>> from pedcommunity.workflows.plc.progress import LearningProgress
        >>> p = LearningProgress(gaps=6, marked=5, learnt=4, needed=3, sessions=7)
        >>> learnt_line(p, 0.5, "ru")
        'Освоено 4 из 6 дефицитов (67%); для рефлексии нужно 3 (50%)'
        >>> learnt_line(p, 0.5, "en")
        '4 of 6 gaps learnt (67%); reflection needs 3 (50%)'
    """
    share = _pct(progress.share) if progress.share is not None else "—"
    need = f"{progress.needed} ({_pct(min_share)})"
    if check_lang(lang) == "ru":
        noun = ru_plural(progress.gaps, "дефицита", "дефицитов", "дефицитов")
        return (
            f"Освоено {progress.learnt} из {progress.gaps} {noun} ({share}); "
            f"для рефлексии нужно {need}"
        )
    return f"{progress.learnt} of {progress.gaps} gaps learnt ({share}); reflection needs {need}"


# -- the sections ------------------------------------------------------------------------------


def _about(plc: Workflow, lang: str, names: Mapping[str, str] | None) -> list[str]:
    d: PlcData = plc.data
    ru = lang == "ru"
    lines = [f"## {_t('plc', lang)}", "", f"- {_t('stage', lang)}: {plc.state_label.get(lang)}"]
    order = d.order
    if order is None:
        lines.append(f"- {_t('order', lang)}: {_t('no_order', lang)}")
    else:
        of = "от" if ru else "of"
        lines.append(
            f"- {_t('order', lang)}: № {order.number} {of} {_day(order.signed_on, lang)} "
            f"«{order.title}»"
        )
        for later in d.orders[1:]:
            lines.append(f"  - № {later.number} {of} {_day(later.signed_on, lang)} «{later.title}»")
    leader = _people(() if d.leader_id is None else (d.leader_id,), names, lang)
    lines.append(f"- {_t('leader', lang)}: {leader}")
    lines.append(f"- {_t('facilitators', lang)}: {_people(d.facilitator_ids, names, lang)}")
    if d.chat is None:
        lines.append(f"- {_t('chat', lang)}: {_t('no_chat', lang)}")
    else:
        link = f", {d.chat.link}" if d.chat.link else ""
        lines.append(
            f"- {_t('chat', lang)}: «{d.chat.name}» ({d.chat.platform.label.get(lang)}{link})"
        )
    posts = [f"{a.channel} ({_day(a.at.date(), lang)})" for a in d.announcements]
    lines.append(f"- {_t('announcements', lang)}: {', '.join(posts) or _t('none', lang)}")
    own = len(joined_by_own_wish(plc))
    lines.append(
        f"- {_t('members', lang)}: {len(d.members)}; {_t('own_wish', lang)}: "
        f"{own} {_t('of', lang)} {len(d.members)}"
    )
    return lines


def _meetings(d: PlcData, lang: str) -> list[str]:
    lines = [f"## {_t('meetings', lang)}", ""]
    if not d.meetings:
        return [*lines, _t("no_meetings", lang)]
    kinds = Counter(m.kind for m in d.meetings)
    online = Counter(m.kind for m in d.meetings if m.online)
    lines += [
        f"| {_t('kind', lang)} | {_t('held', lang)} | {_t('online', lang)} |",
        "|---|---|---|",
    ]
    for kind, n in kinds.items():
        lines.append(f"| {_cell(kind.label.get(lang))} | {n} | {online[kind]} |")
    tools = Counter(a.tool for m in d.meetings for a in m.activities)
    if tools:
        shown = ", ".join(f"{t.label.get(lang)}: {n}" for t, n in tools.items())
        lines += ["", f"{_t('activities', lang)}: {shown}"]
    return lines


def _gap_table(
    key: str, counts: Iterable[tuple[str, GapCount]], lang: str, *, with_teaching: bool
) -> list[str]:
    head = [_t(key, lang), _t("gaps", lang), _t("learnt", lang), _t("share", lang)]
    if with_teaching:
        head += [_t("taught", lang), _t("attended", lang)]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for who, c in counts:
        share = "—" if c.share is None else _pct(c.share)
        row = [_cell(who), str(c.gaps), str(c.learnt), share]
        if with_teaching:
            row += [str(c.sessions_taught), str(c.sessions_attended)]
        lines.append("| " + " | ".join(row) + " |")
    return lines


def _names_in_events(plc: Workflow, lang: str) -> dict[str, str]:
    """Topics' and competencies' titles by id, as proposed and listed (finished cycles' too)."""
    found: dict[str, str] = {}
    for e in plc.events:
        if e.trigger == "propose_topic":
            found[f"topic:{e.payload.topic.id}"] = e.payload.topic.title.get(lang)
        elif e.trigger == "list_competency":
            found[f"competency:{e.payload.competency.id}"] = e.payload.competency.name.get(lang)
    return found


def _learning(plc: Workflow, lang: str, names: Mapping[str, str] | None) -> list[str]:
    d: PlcData = plc.data
    lines = [f"## {_t('learning', lang)}", ""]
    # Between cycles (no plan yet) the last finished cycle's learning is shown.
    source: PlcData | CycleRecord | None = d if d.plan is not None else None
    if source is None:
        source = next((r for r in reversed(d.history) if r.plan is not None), None)
        if source is None:
            return [*lines, _t("no_plan", lang)]
        lines += [f"{_t('cycle', lang)} {source.number}:", ""]
    p = learning_progress(source, d.rules)
    lines += [learnt_line(p, d.rules.min_learnt_share, lang), ""]
    lines += [f"{_t('sessions', lang)}: {p.sessions}", ""]
    people = [(names.get(m, m) if names else m, c) for m, c in p.by_member.items()]
    lines += _gap_table("member", people, lang, with_teaching=True)
    titles = _names_in_events(plc, lang)
    rows = [(titles.get(f"competency:{cid}", cid), c) for cid, c in p.by_competency.items()]
    return [*lines, "", *_gap_table("competency", rows, lang, with_teaching=False)]


def _reflection(d: PlcData, lang: str) -> list[str]:
    lines = [f"## {_t('reflection', lang)}", ""]
    r = d.reflection if d.reflection is not None else _last_reflection(d)
    if r is None:
        return [*lines, _t("no_reflection", lang)]
    lines.append(f"{_t('changes', lang)}:")
    lines += [f"- {c}" for c in r.teaching_changes]
    lines += ["", f"{_t('pupils', lang)}:"]
    lines += [f"- {e.describe(lang)}" for e in r.pupil_evidence]
    lines += [f"- {text}" for text in r.pupil_impact]
    if r.impact.measures == 0:
        return lines
    return [*lines, "", r.impact.describe(lang)]


def _last_reflection(d: PlcData) -> Reflection | None:
    done = [r.reflection for r in d.history if r.reflection is not None]
    return done[-1] if done else None


def _recognition(d: PlcData, lang: str, names: Mapping[str, str] | None) -> list[str]:
    lines = [f"## {_t('recognition', lang)}", ""]
    if not d.recognitions:
        lines.append(_t("no_recognition", lang))
    for r in d.recognitions:
        title = f" «{r.title}»" if r.title else ""
        lines.append(
            f"- {_day(r.on, lang)}, {r.kind.label.get(lang)}{title}: "
            f"{_people(r.teacher_ids, names, lang)} ({r.reason})"
        )
    activity = member_activity(d)
    ranked = sorted((t for t in activity if activity[t].total), key=lambda t: -activity[t].total)
    top = [f"{names.get(t, t) if names else t} ({activity[t].total})" for t in ranked]
    shown = ", ".join(top[:MOST_ACTIVE]) or _t("none", lang)
    return [*lines, "", f"{_t('most_active', lang)}: {shown}"]


def _history(plc: Workflow, lang: str) -> list[str]:
    d: PlcData = plc.data
    lines = [f"## {_t('history', lang)}", ""]
    if not d.history:
        return [*lines, _t("no_history", lang)]
    titles = _names_in_events(plc, lang)
    for record in d.history:
        p = learning_progress(record, d.rules)
        parts = [titles.get(f"topic:{record.topic_id}", record.topic_id)]
        if p.share is not None:
            parts.append(
                f"освоено {_pct(p.share)} дефицитов"
                if lang == "ru"
                else f"{_pct(p.share)} of gaps learnt"
            )
        if record.reflection is not None and record.reflection.impact.measures:
            i = record.reflection.impact
            parts.append(
                f"улучшилось {i.improved} из {i.measures}"
                if lang == "ru"
                else f"{i.improved} of {i.measures} measures improved"
            )
        lines.append(f"- {_t('cycle', lang)} {record.number}: " + "; ".join(parts))
    return lines


def plc_report(plc: Workflow, lang: str = "ru", *, names: Mapping[str, str] | None = None) -> str:
    """The report of a PLC, as Markdown in ``lang`` (``"ru"`` or ``"en"``).

    Raises:
        InvalidData: ``plc`` is not a PLC, or ``lang`` is not ``ru`` or ``en``.

    Examples:
        >>> from datetime import datetime, timezone
        >>> from pedcommunity.workflows import PLC_CYCLE, PlcData, start
        >>> plc = start(PLC_CYCLE, PlcData(name="ПОС", leader_id="head"), id="p",
        ...             actor="head", at=datetime(2025, 9, 1, tzinfo=timezone.utc))
        >>> print(plc_report(plc, names={"head": "Директор"}))  # doctest: +ELLIPSIS
        # Отчёт ПОС: ПОС
        <BLANKLINE>
        ## ПОС
        <BLANKLINE>
        - Этап: Формирование группы
        - Приказ: приказ не зарегистрирован
        - Руководитель: Директор
        ...
    """
    lang = check_lang(lang)
    if not isinstance(plc.data, PlcData):
        raise InvalidData(
            f"plc_report takes a PLC (plc_cycle); '{plc.id}' runs {plc.definition.key}",
            path="$.plc",
        )
    d: PlcData = plc.data
    sections = [
        _about(plc, lang, names),
        _meetings(d, lang),
        _learning(plc, lang, names),
        _reflection(d, lang),
        _recognition(d, lang, names),
        _history(plc, lang),
    ]
    lines = [f"# {_t('title', lang)}: {d.name}"]
    for section in sections:
        lines += ["", *section]
    return "\n".join(lines) + "\n"
