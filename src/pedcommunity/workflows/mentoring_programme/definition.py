"""The mentoring programme's definition, :data:`MENTORING_PROGRAMME`, assembled.

Its stages, triggers and transitions are declared here in one place; each trigger's payload,
guards and effect live in the module of its sub-process (``preparation``, ``tracks``,
``closing``, ``clusters``, ``bank``), and who may fire what in ``permissions``.
"""

from __future__ import annotations

from pedcommunity.i18n import Label
from pedcommunity.model.mentoring import Speaker
from pedcommunity.workflows._guards import _g_not_future
from pedcommunity.workflows.definition import (
    ANY_STATE,
    State,
    Transition,
    TriggerSpec,
    WorkflowDefinition,
)
from pedcommunity.workflows.mentoring_programme.bank import (
    IncludeInBank,
    _e_include,
    _g_bank_candidate,
    _g_first_cluster_held,
    _g_not_in_bank,
    _g_results_verified,
)
from pedcommunity.workflows.mentoring_programme.closing import (
    CancelProgramme,
    FestivalHeld,
    SubmitReport,
    _e_cancel,
    _e_festival,
    _e_recognise,
    _e_report,
    _g_festival_new,
    _g_has_report,
    _g_recognised_participant,
    _g_tracks_ended,
)
from pedcommunity.workflows.mentoring_programme.clusters import (
    CancelClusterEvent,
    HoldClusterEvent,
    ScheduleClusterEvent,
    _e_cancel_event,
    _e_hold,
    _e_invite,
    _e_schedule,
    _g_attendees_participants,
    _g_cluster_event_is_planned,
    _g_cluster_event_new,
    _g_cluster_event_planned,
    _g_guests_not_participants,
    _g_has_participants,
    _g_speaker_new,
    _g_speakers_invited,
)
from pedcommunity.workflows.mentoring_programme.data import Curator, ProgrammeData, Recognition
from pedcommunity.workflows.mentoring_programme.navigators_link import (
    LinkSchool,
    RecordInitiative,
    RecordNavigators,
    _e_initiative,
    _e_link,
    _e_navigators,
    _g_bank_not_empty,
    _g_graduates_in_bank,
    _g_initiative_new,
    _g_proposer_navigator,
    _g_school_linked,
    _g_school_new,
)
from pedcommunity.workflows.mentoring_programme.permissions import (
    PROGRAMME_PERMISSIONS,
    programme_roles,
)
from pedcommunity.workflows.mentoring_programme.preparation import (
    AddLeader,
    ConditionMet,
    EnrolMentee,
    TrainMentor,
    _e_add_leader,
    _e_condition,
    _e_curator,
    _e_enrol,
    _e_train,
    _e_update_leader,
    _g_capacity_covers_load,
    _g_condition_new,
    _g_conditions_met,
    _g_curator_new,
    _g_enough_mentees,
    _g_enough_mentors,
    _g_leader_known,
    _g_leader_new,
    _g_mentee_new,
    _g_not_trained,
    _g_someone_trained,
)
from pedcommunity.workflows.mentoring_programme.tracks import (
    TrackUpdate,
    _e_sync,
    _g_curator_capacity,
    _g_may_open,
    _g_mentees_enrolled,
    _g_mentor_capacity,
    _g_mentor_selected,
    _g_one_live_track,
    _g_pair_formed,
    _g_pair_not_excluded,
    _g_track_may_change,
)
from pedcommunity.workflows.permissions import ROLE_LABELS

__all__ = ["MENTORING_PROGRAMME"]


_STATES = (
    State("preparing", Label(ru="Подготовка условий", en="Preparing conditions")),
    State("mentee_base", Label(ru="Формирование базы наставляемых", en="Building the mentee base")),
    State("mentor_base", Label(ru="Формирование базы наставников", en="Building the mentor base")),
    State(
        "mentor_training",
        Label(ru="Отбор и обучение наставников", en="Selecting and training mentors"),
    ),
    State("matching", Label(ru="Формирование пар и групп", en="Forming pairs and groups")),
    State("pairs_at_work", Label(ru="Работа пар и групп", en="Pairs and groups at work")),
    State(
        "completion",
        Label(
            ru="Завершение: фестиваль, признание, отчёт",
            en="Completion: festival, recognition, report",
        ),
    ),
    State("completed", Label(ru="Программа завершена", en="Completed"), final=True),
    State("cancelled", Label(ru="Программа отменена", en="Cancelled"), final=True),
)


_t = TriggerSpec.labelled


_TRIGGERS = (
    _t("meet_condition", "Отметить выполненное условие", "Meet a condition", ConditionMet),
    _t("add_curator", "Назначить куратора", "Appoint a curator", Curator),
    _t("open_mentee_base", "Начать набор наставляемых", "Open the mentee base"),
    _t("enrol_mentee", "Включить в базу наставляемых", "Enrol a mentee", EnrolMentee),
    _t("open_mentor_base", "Начать формирование базы наставников", "Open the mentor base"),
    _t(
        "add_leader",
        "Включить в базу наставников",
        "Add a mentor to the mentor base",
        AddLeader,
    ),
    _t("update_leader", "Обновить данные наставника", "Update a mentor", AddLeader),
    _t("open_training", "Начать отбор и обучение", "Open selection and training"),
    _t("train_mentor", "Отметить обучение наставника", "Record a mentor's training", TrainMentor),
    _t("open_matching", "Начать формирование пар", "Open matching"),
    _t("sync_track", "Изменение трека", "A track changed", TrackUpdate),
    _t("start_work", "Начать работу пар", "Start the pairs' work"),
    _t("open_completion", "Перейти к завершению", "Open completion"),
    _t("hold_festival", "Провести фестиваль", "Record the festival", FestivalHeld),
    _t("recognise", "Наградить", "Recognise a participant", Recognition),
    _t("submit_report", "Представить отчёт", "Submit the report", SubmitReport),
    _t("complete", "Завершить программу", "Complete the programme"),
    _t("cancel", "Отменить программу", "Cancel the programme", CancelProgramme),
    # The first cluster's educational track and the bank formed from it (seed 003:7, 003:10).
    _t("invite_speaker", "Пригласить спикера (коуча)", "Invite a speaker (coach)", Speaker),
    _t(
        "schedule_event",
        "Запланировать событие кластера",
        "Schedule a cluster event",
        ScheduleClusterEvent,
    ),
    _t("hold_event", "Провести событие", "Hold a cluster event", HoldClusterEvent),
    _t("cancel_event", "Отменить событие", "Cancel a cluster event", CancelClusterEvent),
    _t(
        "include_in_bank",
        "Включить в банк компетентностных лидеров",
        "Include in the competency leaders bank",
        IncludeInBank,
    ),
    # The bank -> the navigators school -> the initiatives office (003:11-13): records only
    # the services fire, with the school's or the initiative's own change.
    _t(
        "link_school",
        "Открыть школу навигаторов программы",
        "Link a navigators school",
        LinkSchool,
    ),
    _t(
        "record_navigators",
        "Отметить выпускников школы навигаторов",
        "Record the school's navigators",
        RecordNavigators,
    ),
    _t(
        "record_initiative",
        "Зарегистрировать инициативу навигатора",
        "Record a navigator's initiative",
        RecordInitiative,
    ),
)

_BUILDING = ("mentor_base", "mentor_training", "matching", "pairs_at_work")
_WORKING = ("matching", "pairs_at_work")

_TRANSITIONS = (
    Transition("meet_condition", "preparing", None, ("condition_new",), "condition"),
    Transition(
        "add_curator",
        ("preparing", "mentee_base", *_BUILDING),
        None,
        ("curator_new",),
        "curator",
    ),
    Transition("open_mentee_base", "preparing", "mentee_base", ("conditions_met",)),
    Transition(
        "enrol_mentee",
        ("mentee_base", *_BUILDING),
        None,
        ("mentee_new",),
        "enrol",
    ),
    Transition("open_mentor_base", "mentee_base", "mentor_base", ("enough_mentees",)),
    Transition("add_leader", _BUILDING, None, ("leader_new",), "add_leader"),
    Transition(
        "update_leader",
        ANY_STATE,
        None,
        ("leader_known", "capacity_covers_load"),
        "update_leader",
    ),
    Transition("open_training", "mentor_base", "mentor_training", ("enough_mentors",)),
    Transition(
        "train_mentor",
        ("mentor_training", *_WORKING),
        None,
        ("leader_known", "not_trained"),
        "train",
    ),
    Transition("open_matching", "mentor_training", "matching", ("someone_trained",)),
    Transition(
        "sync_track",
        _WORKING,
        None,
        (
            "track_may_change",
            "may_open",
            "mentees_enrolled",
            "one_live_track",
            "mentor_selected",
            "pair_not_excluded",
            "mentor_capacity",
            "curator_capacity",
        ),
        "sync",
    ),
    Transition("start_work", "matching", "pairs_at_work", ("pair_formed",)),
    Transition("open_completion", "pairs_at_work", "completion", ("tracks_ended",)),
    Transition("hold_festival", "completion", None, ("festival_new",), "festival"),
    Transition("recognise", "completion", None, ("recognised_participant",), "recognise"),
    Transition("submit_report", "completion", None, (), "report"),
    Transition("complete", "completion", "completed", ("has_report",)),
    Transition("cancel", ANY_STATE, "cancelled", ("tracks_ended",), "cancel"),
    # The educational track runs alongside mentor_training and the pairs' work: every stage.
    Transition("invite_speaker", ANY_STATE, None, ("speaker_new",), "invite"),
    Transition(
        "schedule_event",
        ANY_STATE,
        None,
        ("cluster_event_new", "cluster_event_planned", "speakers_invited"),
        "schedule",
    ),
    Transition(
        "hold_event",
        ANY_STATE,
        None,
        (
            "not_future",
            "cluster_event_is_planned",
            "attendees_participants",
            "guests_not_participants",
            "has_participants",
        ),
        "hold",
    ),
    Transition(
        "cancel_event",
        ANY_STATE,
        None,
        ("not_future", "cluster_event_is_planned"),
        "cancel_event",
    ),
    Transition(
        "include_in_bank",
        ("pairs_at_work", "completion"),
        None,
        ("first_cluster_held", "bank_candidate", "not_in_bank", "results_verified"),
        "include",
    ),
    Transition(
        "link_school",
        ("pairs_at_work", "completion"),
        None,
        ("bank_not_empty", "school_new"),
        "link",
    ),
    Transition(
        "record_navigators",
        ("pairs_at_work", "completion"),
        None,
        ("school_linked", "graduates_in_bank"),
        "navigators",
    ),
    Transition(
        "record_initiative",
        ("pairs_at_work", "completion"),
        None,
        ("initiative_new", "proposer_navigator"),
        "initiative",
    ),
)


# Payloads are validated when they are made and the guards hold the record's rules (no id
# twice, a known leader), so an effect sets what it changes without checking the whole
# record again; :func:`~pedcommunity.model._fields.full_validation` checks it all instead.


MENTORING_PROGRAMME = WorkflowDefinition(
    name="mentoring_programme",
    version="1",
    label=Label(ru="Программа наставничества", en="Mentoring programme"),
    states=_STATES,
    initial="preparing",
    triggers=_TRIGGERS,
    transitions=_TRANSITIONS,
    guards={
        "condition_new": _g_condition_new,
        "conditions_met": _g_conditions_met,
        "curator_new": _g_curator_new,
        "mentee_new": _g_mentee_new,
        "enough_mentees": _g_enough_mentees,
        "leader_new": _g_leader_new,
        "leader_known": _g_leader_known,
        "capacity_covers_load": _g_capacity_covers_load,
        "enough_mentors": _g_enough_mentors,
        "not_trained": _g_not_trained,
        "someone_trained": _g_someone_trained,
        "track_may_change": _g_track_may_change,
        "may_open": _g_may_open,
        "mentees_enrolled": _g_mentees_enrolled,
        "one_live_track": _g_one_live_track,
        "mentor_selected": _g_mentor_selected,
        "pair_not_excluded": _g_pair_not_excluded,
        "mentor_capacity": _g_mentor_capacity,
        "curator_capacity": _g_curator_capacity,
        "pair_formed": _g_pair_formed,
        "tracks_ended": _g_tracks_ended,
        "festival_new": _g_festival_new,
        "recognised_participant": _g_recognised_participant,
        "has_report": _g_has_report,
        "not_future": _g_not_future,
        "speaker_new": _g_speaker_new,
        "cluster_event_new": _g_cluster_event_new,
        "cluster_event_planned": _g_cluster_event_planned,
        "speakers_invited": _g_speakers_invited,
        "cluster_event_is_planned": _g_cluster_event_is_planned,
        "attendees_participants": _g_attendees_participants,
        "guests_not_participants": _g_guests_not_participants,
        "has_participants": _g_has_participants,
        "first_cluster_held": _g_first_cluster_held,
        "bank_candidate": _g_bank_candidate,
        "not_in_bank": _g_not_in_bank,
        "results_verified": _g_results_verified,
        "bank_not_empty": _g_bank_not_empty,
        "school_new": _g_school_new,
        "school_linked": _g_school_linked,
        "graduates_in_bank": _g_graduates_in_bank,
        "initiative_new": _g_initiative_new,
        "proposer_navigator": _g_proposer_navigator,
    },
    effects={
        "condition": _e_condition,
        "curator": _e_curator,
        "enrol": _e_enrol,
        "add_leader": _e_add_leader,
        "update_leader": _e_update_leader,
        "train": _e_train,
        "sync": _e_sync,
        "festival": _e_festival,
        "recognise": _e_recognise,
        "report": _e_report,
        "cancel": _e_cancel,
        "invite": _e_invite,
        "schedule": _e_schedule,
        "hold": _e_hold,
        "cancel_event": _e_cancel_event,
        "include": _e_include,
        "link": _e_link,
        "navigators": _e_navigators,
        "initiative": _e_initiative,
    },
    data_type=ProgrammeData,
    roles={r: ROLE_LABELS[r] for r in ("coordinator", "curator", "mentee", "mentor")},
    roles_of=programme_roles,
    permissions=PROGRAMME_PERMISSIONS,
)
"""The mentoring programme, version 1."""
