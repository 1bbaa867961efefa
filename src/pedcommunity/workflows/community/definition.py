"""The definition of community life, :data:`COMMUNITY_LIFE`, declared as data.

Its stages, every trigger with its label and payload, the transitions with their guards in the
order they are checked, and the names of the guards and effects, whose code lives with its
sub-process: :mod:`.membership`, :mod:`.governance`, :mod:`.activities`.
"""

from __future__ import annotations

from pedcommunity.i18n import Label
from pedcommunity.workflows._guards import _g_not_future
from pedcommunity.workflows.community.activities import (
    AdoptWorkPlan,
    CancelEvent,
    HoldEvent,
    PublishMaterial,
    RecordFeedback,
    ScheduleEvent,
    _e_adopt_plan,
    _e_cancel,
    _e_feedback,
    _e_hold,
    _e_publish,
    _e_schedule,
    _g_attendees_members,
    _g_authors_members,
    _g_event_held,
    _g_event_new,
    _g_event_planned,
    _g_guests_not_members,
    _g_has_participants,
    _g_material_new,
    _g_organisers_members,
    _g_plan_events_new,
    _g_plan_meets_rules,
    _g_plan_new,
    _g_plan_organisers_members,
    _g_respondents_attended,
    _g_respondents_once,
)
from pedcommunity.workflows.community.data import CommunityData
from pedcommunity.workflows.community.governance import (
    AssignCommitteeMembers,
    CloseProjectGroup,
    DissolveCommunity,
    ElectCouncil,
    FormCommittee,
    FormProjectGroup,
    SetCoordinatingCentre,
    _e_assign_committee,
    _e_close_group,
    _e_dissolve,
    _e_elect,
    _e_form_committee,
    _e_form_group,
    _e_set_centre,
    _g_closes_after_forming,
    _g_committee_formed,
    _g_committee_members_only,
    _g_committee_new,
    _g_group_members_only,
    _g_group_new,
    _g_group_open,
    _g_one_chair,
    _g_one_per_role,
    _g_one_seat_each,
    _g_seats_for_members,
)
from pedcommunity.workflows.community.membership import (
    AddPartner,
    JoinCommunity,
    LeaveCommunity,
    _e_add_partner,
    _e_join,
    _e_leave,
    _g_is_member,
    _g_leaves_after_joining,
    _g_not_member,
    _g_partner_new,
    _g_rejoins_after_leaving,
)
from pedcommunity.workflows.community.permissions import COMMUNITY_PERMISSIONS, community_roles
from pedcommunity.workflows.definition import (
    Effect,
    Guard,
    State,
    Transition,
    TriggerSpec,
    WorkflowDefinition,
)
from pedcommunity.workflows.permissions import ROLE_LABELS

__all__ = ["COMMUNITY_LIFE"]

_STAGES = (
    State("active", Label(ru="Сообщество действует", en="Active")),
    State("dissolved", Label(ru="Сообщество распущено", en="Dissolved"), final=True),
)

_t = TriggerSpec.labelled

_TRIGGERS = (
    _t("join", "Вступить в сообщество", "Join the community", JoinCommunity),
    _t("leave", "Выйти из сообщества", "Leave the community", LeaveCommunity),
    _t("elect_council", "Избрать совет", "Elect the council", ElectCouncil),
    _t("form_committee", "Создать комитет", "Form a committee", FormCommittee),
    _t(
        "assign_committee_members",
        "Назначить состав комитета",
        "Assign committee members",
        AssignCommitteeMembers,
    ),
    _t("form_project_group", "Создать проектную группу", "Form a project group", FormProjectGroup),
    _t(
        "close_project_group",
        "Завершить работу проектной группы",
        "Close a project group",
        CloseProjectGroup,
    ),
    _t("add_partner", "Добавить партнёра", "Add a partner", AddPartner),
    _t(
        "set_coordinating_centre",
        "Назначить координационный центр",
        "Set the coordinating centre",
        SetCoordinatingCentre,
    ),
    _t("adopt_work_plan", "Утвердить план работы", "Adopt a work plan", AdoptWorkPlan),
    _t("schedule_event", "Запланировать мероприятие", "Schedule an event", ScheduleEvent),
    _t("hold_event", "Провести мероприятие", "Hold an event", HoldEvent),
    _t("record_feedback", "Записать обратную связь", "Record feedback", RecordFeedback),
    _t("cancel_event", "Отменить мероприятие", "Cancel an event", CancelEvent),
    _t(
        "publish_material",
        "Опубликовать методический материал",
        "Publish a methodical material",
        PublishMaterial,
    ),
    _t("dissolve", "Распустить сообщество", "Dissolve the community", DissolveCommunity),
)

_A = "active"

_TRANSITIONS = (
    Transition("join", _A, None, ("not_future", "not_member", "rejoins_after_leaving"), "join"),
    Transition("leave", _A, None, ("not_future", "is_member", "leaves_after_joining"), "leave"),
    Transition(
        "elect_council",
        _A,
        None,
        ("not_future", "seats_for_members", "one_chair", "one_per_role", "one_seat_each"),
        "elect",
    ),
    Transition(
        "form_committee",
        _A,
        None,
        ("not_future", "committee_new", "committee_members_only"),
        "form_committee",
    ),
    Transition(
        "assign_committee_members",
        _A,
        None,
        ("not_future", "committee_formed", "committee_members_only"),
        "assign_committee",
    ),
    Transition(
        "form_project_group",
        _A,
        None,
        ("not_future", "group_new", "group_members_only"),
        "form_group",
    ),
    Transition(
        "close_project_group",
        _A,
        None,
        ("not_future", "group_open", "closes_after_forming"),
        "close_group",
    ),
    Transition("add_partner", _A, None, ("not_future", "partner_new"), "add_partner"),
    Transition("set_coordinating_centre", _A, None, ("not_future",), "set_centre"),
    Transition(
        "adopt_work_plan",
        _A,
        None,
        (
            "not_future",
            "plan_new",
            "plan_events_new",
            "plan_organisers_members",
            "plan_meets_rules",
        ),
        "adopt_plan",
    ),
    Transition("schedule_event", _A, None, ("event_new", "organisers_members"), "schedule"),
    Transition(
        "hold_event",
        _A,
        None,
        (
            "not_future",
            "event_planned",
            "attendees_members",
            "guests_not_members",
            "has_participants",
        ),
        "hold",
    ),
    Transition(
        "record_feedback",
        _A,
        None,
        ("not_future", "event_held", "respondents_attended", "respondents_once"),
        "feedback",
    ),
    Transition("cancel_event", _A, None, ("not_future", "event_planned"), "cancel"),
    Transition(
        "publish_material",
        _A,
        None,
        ("not_future", "material_new", "authors_members"),
        "publish",
    ),
    Transition("dissolve", _A, "dissolved", ("not_future",), "dissolve"),
)

_GUARDS: dict[str, Guard] = {
    "not_future": _g_not_future,
    "not_member": _g_not_member,
    "rejoins_after_leaving": _g_rejoins_after_leaving,
    "is_member": _g_is_member,
    "leaves_after_joining": _g_leaves_after_joining,
    "seats_for_members": _g_seats_for_members,
    "one_chair": _g_one_chair,
    "one_per_role": _g_one_per_role,
    "one_seat_each": _g_one_seat_each,
    "committee_new": _g_committee_new,
    "committee_formed": _g_committee_formed,
    "committee_members_only": _g_committee_members_only,
    "group_new": _g_group_new,
    "group_members_only": _g_group_members_only,
    "group_open": _g_group_open,
    "closes_after_forming": _g_closes_after_forming,
    "partner_new": _g_partner_new,
    "plan_new": _g_plan_new,
    "plan_events_new": _g_plan_events_new,
    "plan_organisers_members": _g_plan_organisers_members,
    "plan_meets_rules": _g_plan_meets_rules,
    "event_new": _g_event_new,
    "organisers_members": _g_organisers_members,
    "event_planned": _g_event_planned,
    "attendees_members": _g_attendees_members,
    "guests_not_members": _g_guests_not_members,
    "has_participants": _g_has_participants,
    "event_held": _g_event_held,
    "respondents_attended": _g_respondents_attended,
    "respondents_once": _g_respondents_once,
    "material_new": _g_material_new,
    "authors_members": _g_authors_members,
}

_EFFECTS: dict[str, Effect] = {
    "join": _e_join,
    "leave": _e_leave,
    "elect": _e_elect,
    "form_committee": _e_form_committee,
    "assign_committee": _e_assign_committee,
    "form_group": _e_form_group,
    "close_group": _e_close_group,
    "add_partner": _e_add_partner,
    "set_centre": _e_set_centre,
    "adopt_plan": _e_adopt_plan,
    "schedule": _e_schedule,
    "hold": _e_hold,
    "feedback": _e_feedback,
    "cancel": _e_cancel,
    "publish": _e_publish,
    "dissolve": _e_dissolve,
}

COMMUNITY_LIFE = WorkflowDefinition(
    name="community_life",
    version="1",
    label=Label(ru="Жизнь профессионального сообщества", en="Life of a professional community"),
    states=_STAGES,
    initial="active",
    triggers=_TRIGGERS,
    transitions=_TRANSITIONS,
    guards=_GUARDS,
    effects=_EFFECTS,
    data_type=CommunityData,
    roles={r: ROLE_LABELS[r] for r in ("administrator", "chair", "council", "committee", "member")},
    roles_of=community_roles,
    permissions=COMMUNITY_PERMISSIONS,
)
"""The life of a professional club or mentoring community (seeds 000, 001, 004), version 1."""
