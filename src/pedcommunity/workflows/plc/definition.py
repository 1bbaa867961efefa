"""The PLC cycle's definitions, :data:`PLC_CYCLE_V1` and :data:`PLC_CYCLE`, and who may fire what.

The stages, triggers and transitions are declared here; the guards and effects come from the
module of each sub-process. Version 1 is kept as it was, so that stored PLCs replay through
the rules they ran under; version 2 (:data:`PLC_CYCLE`) adds tracked learning (sessions,
learnt gaps and their confirmation, a share of the plan learnt before reflection), measured
pupils' results in the reflection, and the PLC's organisation (its chat, announcements, the
director's order, facilitators, recognition).
"""

from __future__ import annotations

from collections.abc import Mapping

from pedcommunity.i18n import Label
from pedcommunity.model._fields import FrozenMap
from pedcommunity.workflows.definition import (
    ANY_STATE,
    State,
    Transition,
    TriggerSpec,
    WorkflowDefinition,
)
from pedcommunity.workflows.permissions import ANYONE, ROLE_LABELS, Permission
from pedcommunity.workflows.plc.audit import (
    AddCompetency,
    RemoveCompetency,
    SubmitAudit,
    _e_add_competency,
    _e_remove_competency,
    _e_submit_audit,
    _g_audit_answers,
    _g_audit_quorum,
    _g_competency_listed,
    _g_competency_new,
    _g_has_competencies,
)
from pedcommunity.workflows.plc.data import PlcData
from pedcommunity.workflows.plc.learning import (
    AdoptPlan,
    Reflect,
    _e_adopt_plan,
    _e_adopt_plan_v2,
    _e_close,
    _e_next_cycle,
    _e_reflect,
    _g_evidence_fits_cycle,
    _g_evidence_not_future,
    _g_no_reflection_yet,
    _g_plan_adopted,
    _g_plan_covers,
    _g_pupil_evidence_measured,
    _g_reflected,
)
from pedcommunity.workflows.plc.membership import (
    AgreeInteraction,
    Disband,
    HoldMeeting,
    Leave,
    Membership,
    _e_agree,
    _e_disband,
    _e_join,
    _e_leave,
    _e_meeting,
    _g_agreement_meeting_held,
    _g_attendees_are_members,
    _g_forming_done,
    _g_is_member_payload,
    _g_leave_keeps_minimum,
    _g_meeting_order,
    _g_min_members,
    _g_not_member,
    _g_not_teaching_in_plan,
    _g_room,
    _g_signers_are_members,
)
from pedcommunity.workflows.plc.organisation import (
    ORGANISATION_ADD_GUARDS,
    ORGANISATION_EFFECTS,
    ORGANISATION_GUARDS,
    ORGANISATION_PERMISSIONS,
    ORGANISATION_ROLES,
    ORGANISATION_TRANSITIONS,
    ORGANISATION_TRIGGERS,
)
from pedcommunity.workflows.plc.sessions import (
    DeclineLearnt,
    GapRef,
    HoldLearningSession,
    MarkLearnt,
    _e_confirm,
    _e_decline,
    _e_leave_v2,
    _e_mark,
    _e_session,
    _g_confirmer_taught_gap,
    _g_enough_learnt,
    _g_gap_in_plan,
    _g_gap_marked,
    _g_not_confirmed_yet,
    _g_not_marked_yet,
    _g_recorder_took_part,
    _g_session_in_cycle,
    _g_session_in_plan,
    _g_session_not_future,
    _g_sessions_held_for_gap,
)
from pedcommunity.workflows.plc.topics import (
    ChooseTopic,
    ProposeTopic,
    Vote,
    WithdrawTopic,
    _e_choose,
    _e_propose,
    _e_vote,
    _e_withdraw,
    _g_choice_rule,
    _g_has_topics,
    _g_new_topic,
    _g_topic_listed,
    _g_topic_not_studied,
    _g_vote_quorum,
    _g_voter_is_member,
)

# -- who may fire what ------------------------------------------------------------------------


def plc_roles(data: PlcData, actor: str) -> frozenset[str]:
    """The roles ``actor`` holds in a PLC: ``leader``, ``facilitator``, ``member``.

    Examples:
        >>> d = PlcData(name="ПОС", leader_id="head", members=("anna",))
        >>> sorted(plc_roles(d, "head")), sorted(plc_roles(d, "anna")), plc_roles(d, "x")
        (['leader'], ['member'], frozenset())
    """
    roles = set()
    if actor == data.leader_id:
        roles.add("leader")
    if actor in data.facilitator_ids:
        roles.add("facilitator")
    if actor in data.members:
        roles.add("member")
    return frozenset(roles)


_RUN = Permission.of("leader", "facilitator")


_LEAD = Permission.of("leader")


_OWN = Permission.of("member", subject="teacher_id", for_others=("leader", "facilitator"))


#: Who may fire each trigger of the PLC cycle. Joining is by one's own wish (seed 002), so
#: anyone may join in their own name; a member votes and answers the audit only in their own
#: name, unless the leader or a facilitator records it for an absent member (the event then
#: says so in ``on_behalf_of``); the leader and facilitators run the stages; only the leader
#: ends the PLC.
PLC_PERMISSIONS: Mapping[str, Permission] = FrozenMap(
    {
        "join": Permission.of(ANYONE, subject="teacher_id", for_others=("leader", "facilitator")),
        "leave": _OWN,
        "hold_meeting": _RUN,
        "agree": _RUN,
        "open_topic_list": _RUN,
        "propose_topic": Permission.of("member", "leader", "facilitator"),
        "withdraw_topic": _RUN,
        "open_vote": _RUN,
        "vote": _OWN,
        "choose_topic": _RUN,
        "list_competency": _RUN,
        "unlist_competency": _RUN,
        "open_audit": _RUN,
        "submit_audit": _OWN,
        "close_audit": _RUN,
        "adopt_plan": _RUN,
        "start_reflection": _RUN,
        "reflect": _RUN,
        "next_cycle": _RUN,
        "close": _LEAD,
        "disband": _LEAD,
    }
)


# -- the definition ---------------------------------------------------------------------------


_STAGES = (
    State("forming", Label(ru="Формирование группы", en="Forming the group")),
    State("topic_list", Label(ru="Список тем-проблем", en="Topic list")),
    State("choice", Label(ru="Выбор темы-проблемы", en="Choice of topic")),
    State("operationalisation", Label(ru="Операционализация", en="Operationalisation")),
    State("resource_audit", Label(ru="Определение собственных ресурсов", en="Resource audit")),
    State("learning", Label(ru="Обучение", en="Learning")),
    State("reflection", Label(ru="Рефлексия", en="Reflection")),
    State("closed", Label(ru="Завершено", en="Closed"), final=True),
)


_t = TriggerSpec.labelled


_TRIGGERS = (
    _t("join", "Вступить в ПОС", "Join", Membership),
    _t("leave", "Выйти из ПОС", "Leave", Leave),
    _t("hold_meeting", "Провести встречу", "Hold a meeting", HoldMeeting),
    _t(
        "agree",
        "Принять соглашение о взаимодействии",
        "Agree the interaction agreement",
        AgreeInteraction,
    ),
    _t("open_topic_list", "Начать список тем", "Open the topic list"),
    _t("propose_topic", "Предложить тему", "Propose a topic", ProposeTopic),
    _t("withdraw_topic", "Снять тему", "Withdraw a topic", WithdrawTopic),
    _t("open_vote", "Начать выбор темы", "Open the vote"),
    _t("vote", "Проголосовать", "Vote", Vote),
    _t("choose_topic", "Выбрать тему", "Choose the topic", ChooseTopic),
    _t("list_competency", "Добавить компетенцию", "List a competency", AddCompetency),
    _t("unlist_competency", "Убрать компетенцию", "Unlist a competency", RemoveCompetency),
    _t("open_audit", "Начать ревизию ресурсов", "Open the resource audit"),
    _t("submit_audit", "Ответить на ревизию", "Submit audit answers", SubmitAudit),
    _t("close_audit", "Завершить ревизию", "Close the audit"),
    _t("adopt_plan", "Принять план обучения", "Adopt the learning plan", AdoptPlan),
    _t("start_reflection", "Перейти к рефлексии", "Start reflection"),
    _t("reflect", "Зафиксировать итоги", "Record the reflection", Reflect),
    _t("next_cycle", "Начать новый цикл", "Start the next cycle"),
    _t("close", "Завершить работу ПОС", "Close the PLC", Disband),
    _t("disband", "Распустить ПОС", "Disband the PLC", Disband),
)


_WORKING = (
    "topic_list",
    "choice",
    "operationalisation",
    "resource_audit",
    "learning",
    "reflection",
)


_TRANSITIONS = (
    Transition("join", ANY_STATE, None, ("not_member", "room"), "join"),
    Transition(
        "leave",
        ANY_STATE,
        None,
        ("is_member", "leave_keeps_minimum", "not_teaching_in_plan"),
        "leave",
    ),
    Transition(
        "hold_meeting",
        ("forming", *_WORKING),
        None,
        ("min_members", "meeting_order", "attendees_are_members"),
        "meeting",
    ),
    Transition(
        "agree", "forming", None, ("agreement_meeting_held", "signers_are_members"), "agree"
    ),
    Transition("open_topic_list", "forming", "topic_list", ("min_members", "forming_done")),
    Transition("propose_topic", "topic_list", None, ("new_topic",), "propose"),
    Transition("withdraw_topic", "topic_list", None, ("topic_listed",), "withdraw"),
    Transition("open_vote", "topic_list", "choice", ("has_topics",)),
    Transition(
        "vote", "choice", None, ("voter_is_member", "topic_listed", "topic_not_studied"), "vote"
    ),
    Transition(
        "choose_topic", "choice", "operationalisation", ("vote_quorum", "choice_rule"), "choose"
    ),
    Transition(
        "list_competency", "operationalisation", None, ("competency_new",), "add_competency"
    ),
    Transition(
        "unlist_competency",
        "operationalisation",
        None,
        ("competency_listed",),
        "remove_competency",
    ),
    Transition("open_audit", "operationalisation", "resource_audit", ("has_competencies",)),
    Transition(
        "submit_audit",
        "resource_audit",
        None,
        ("is_member_payload", "audit_answers"),
        "submit_audit",
    ),
    Transition("close_audit", "resource_audit", "learning", ("audit_quorum",)),
    Transition("adopt_plan", "learning", None, ("plan_covers",), "adopt_plan"),
    Transition("start_reflection", "learning", "reflection", ("plan_adopted",)),
    Transition("reflect", "reflection", None, ("no_reflection_yet",), "reflect"),
    Transition("next_cycle", "reflection", "topic_list", ("reflected",), "next_cycle"),
    Transition("close", "reflection", "closed", ("reflected",), "close"),
    Transition("disband", ANY_STATE, "closed", (), "disband"),
)


PLC_CYCLE_V1 = WorkflowDefinition(
    name="plc_cycle",
    version="1",
    label=Label(
        ru="Цикл профессионального обучающегося сообщества",
        en="Professional learning community cycle",
    ),
    states=_STAGES,
    initial="forming",
    triggers=_TRIGGERS,
    transitions=_TRANSITIONS,
    guards={
        "not_member": _g_not_member,
        "room": _g_room,
        "is_member": _g_is_member_payload,
        "is_member_payload": _g_is_member_payload,
        "leave_keeps_minimum": _g_leave_keeps_minimum,
        "not_teaching_in_plan": _g_not_teaching_in_plan,
        "min_members": _g_min_members,
        "meeting_order": _g_meeting_order,
        "attendees_are_members": _g_attendees_are_members,
        "agreement_meeting_held": _g_agreement_meeting_held,
        "signers_are_members": _g_signers_are_members,
        "forming_done": _g_forming_done,
        "new_topic": _g_new_topic,
        "topic_listed": _g_topic_listed,
        "has_topics": _g_has_topics,
        "voter_is_member": _g_voter_is_member,
        "topic_not_studied": _g_topic_not_studied,
        "vote_quorum": _g_vote_quorum,
        "choice_rule": _g_choice_rule,
        "competency_new": _g_competency_new,
        "competency_listed": _g_competency_listed,
        "has_competencies": _g_has_competencies,
        "audit_answers": _g_audit_answers,
        "audit_quorum": _g_audit_quorum,
        "plan_covers": _g_plan_covers,
        "plan_adopted": _g_plan_adopted,
        "no_reflection_yet": _g_no_reflection_yet,
        "reflected": _g_reflected,
    },
    effects={
        "join": _e_join,
        "leave": _e_leave,
        "meeting": _e_meeting,
        "agree": _e_agree,
        "propose": _e_propose,
        "withdraw": _e_withdraw,
        "vote": _e_vote,
        "choose": _e_choose,
        "add_competency": _e_add_competency,
        "remove_competency": _e_remove_competency,
        "submit_audit": _e_submit_audit,
        "adopt_plan": _e_adopt_plan,
        "reflect": _e_reflect,
        "next_cycle": _e_next_cycle,
        "close": _e_close,
        "disband": _e_disband,
    },
    data_type=PlcData,
    roles={r: ROLE_LABELS[r] for r in ("leader", "facilitator", "member")},
    roles_of=plc_roles,
    permissions=PLC_PERMISSIONS,
)
"""The PLC cycle of seed 002, version 1: stored version-1 PLCs replay through it."""


# -- version 2: learning tracked, pupils' results measured, the PLC's organisation ------------

_PEERS = Permission.of("member", "leader", "facilitator")

_LEARNING_TRIGGERS = (
    _t("hold_session", "Провести занятие", "Hold a learning session", HoldLearningSession),
    _t("mark_learnt", "Отметить освоение", "Mark a gap learnt", MarkLearnt),
    _t("confirm_learnt", "Подтвердить освоение", "Confirm a gap learnt", GapRef),
    _t("decline_learnt", "Вернуть на доработку", "Send a mark back", DeclineLearnt),
)

_CONFIRMING = ("gap_marked", "not_confirmed_yet", "confirmer_taught_gap")

_LEARNING_TRANSITIONS = (
    Transition(
        "hold_session",
        "learning",
        None,
        (
            "plan_adopted",
            "session_in_plan",
            "recorder_took_part",
            "session_not_future",
            "session_in_cycle",
        ),
        "session",
    ),
    Transition(
        "mark_learnt",
        "learning",
        None,
        ("plan_adopted", "gap_in_plan", "not_marked_yet", "sessions_held_for_gap"),
        "mark",
    ),
    Transition("confirm_learnt", "learning", None, _CONFIRMING, "confirm"),
    Transition("decline_learnt", "learning", None, _CONFIRMING, "decline"),
)

PLC_CYCLE = PLC_CYCLE_V1.extend(
    name="plc_cycle",
    version="2",
    triggers=(*_LEARNING_TRIGGERS, *ORGANISATION_TRIGGERS),
    transitions=(*_LEARNING_TRANSITIONS, *ORGANISATION_TRANSITIONS),
    guards={
        "session_in_plan": _g_session_in_plan,
        "recorder_took_part": _g_recorder_took_part,
        "session_not_future": _g_session_not_future,
        "session_in_cycle": _g_session_in_cycle,
        "gap_in_plan": _g_gap_in_plan,
        "not_marked_yet": _g_not_marked_yet,
        "sessions_held_for_gap": _g_sessions_held_for_gap,
        "gap_marked": _g_gap_marked,
        "not_confirmed_yet": _g_not_confirmed_yet,
        "confirmer_taught_gap": _g_confirmer_taught_gap,
        "enough_learnt": _g_enough_learnt,
        "pupil_evidence_measured": _g_pupil_evidence_measured,
        "evidence_fits_cycle": _g_evidence_fits_cycle,
        "evidence_not_future": _g_evidence_not_future,
        **ORGANISATION_GUARDS,
    },
    effects={
        "session": _e_session,
        "mark": _e_mark,
        "confirm": _e_confirm,
        "decline": _e_decline,
        "leave": _e_leave_v2,
        "adopt_plan": _e_adopt_plan_v2,
        **ORGANISATION_EFFECTS,
    },
    add_guards={
        "start_reflection": ("enough_learnt",),
        "reflect": ("pupil_evidence_measured", "evidence_fits_cycle", "evidence_not_future"),
        **ORGANISATION_ADD_GUARDS,
    },
    roles={"administrator": ROLE_LABELS["administrator"], **ORGANISATION_ROLES},
    permissions={
        "hold_session": _PEERS,
        "mark_learnt": Permission.of(
            "member", subject="learner_id", for_others=("leader", "facilitator")
        ),
        "confirm_learnt": _PEERS,
        "decline_learnt": _PEERS,
        **ORGANISATION_PERMISSIONS,
    },
)
"""The PLC cycle of seed 002, version 2: learning is tracked and pupils' results measured.

In ``learning``, sessions are held with the peer or source the plan assigns, learners mark
gaps learnt and a colleague who taught them confirms; reflection opens once
``PlcRules.min_learnt_share`` of the plan's gaps are confirmed, and the reflection records at
least ``PlcRules.min_pupil_evidence`` measured results of pupils. The organisation's triggers
(chat, announcements, the director's order, facilitators, recognition) work in every stage.

Examples:
    >>> PLC_CYCLE.key, PLC_CYCLE.based_on
    ('plc_cycle@2', 'plc_cycle@1')
    >>> PLC_CYCLE.triggers_from("learning")[3:10]  # doctest: +NORMALIZE_WHITESPACE
    ('adopt_plan', 'start_reflection', 'disband', 'hold_session', 'mark_learnt',
     'confirm_learnt', 'decline_learnt')
"""
