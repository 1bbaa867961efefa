"""The life of a professional club or mentoring community as a workflow (seeds 000, 001, 004).

One workflow per community. It stays ``active`` (every trigger below is an internal
transition that changes the data, not the stage) until ``dissolve`` ends it in ``dissolved``.
Every change is a trigger and is recorded as one domain event, so monitoring computes its
indicators from the event log (or from :class:`CommunityData`, which replaying the log
rebuilds).

Every payload carries the calendar day the fact happened (``on``, or the day inside the
record it carries: a group's ``formed``, a partner's ``since``, a material's
``published_on``). The day may be earlier than the event's timestamp (a meeting is recorded
the next morning) but never later: guard ``not_future``.

The rules, as guards:

- **Members.** ``join`` takes a teacher who is not a current member (``not_member``), and a
  teacher who left comes back on or after the day they left (``rejoins_after_leaving``).
  ``leave`` takes a current member (``is_member``) on or after the day they joined
  (``leaves_after_joining``).
- **Leaving vacates every post.** A member who leaves loses their council seat, their place
  in committees and open project groups, and the lead of any of them: the lead becomes
  vacant (``lead_id`` is ``None``) until ``assign_committee_members`` names a new one.
  Nothing refuses a leave: a community cannot keep a teacher who goes, and the record of
  the posts they held stays in the event log.
- **Council.** ``elect_council`` elects the whole council at once: every seat goes to a
  current member (``seats_for_members``), there is exactly one chair (``one_chair``), at
  most one deputy chair, one treasurer and one lead per direction (``one_per_role``), and a
  member holds one seat at most (``one_seat_each``).
- **Committees and project groups.** A committee of each kind is formed once
  (``committee_new``); its members are then reassigned (``committee_formed``). Committee and
  group members are current members (``committee_members_only``, ``group_members_only``); the
  lead is one of the members (checked by :class:`~pedcommunity.model.structure.Committee`).
  A project group id is new (``group_new``); a group closes once (``group_open``), not
  before it was formed (``closes_after_forming``).
- **Partners and the coordinating centre.** A partner id is new (``partner_new``); the
  coordinating centre is set (or replaced) at any time.
- **Work plans.** A plan id is new (``plan_new``), its events' ids are not taken by the
  community's events (``plan_events_new``), its organisers are current members
  (``plan_organisers_members``), and, when ``rules.enforce_plan_rules`` is on (the default),
  :func:`~pedcommunity.model.work_plans.check_work_plan` finds nothing under ``rules.plan_rules``
  (``plan_meets_rules``; the refusal lists every finding). Adopting a plan schedules its
  events.
- **Events.** ``schedule_event`` adds an unplanned, planned-status event with a new id
  (``event_new``) whose organisers are current members (``organisers_members``).
  ``hold_event`` and ``cancel_event`` take a planned event (``event_planned``). Attendance:
  ``attendee_ids`` are the members who came, each a member on the day held
  (``attendees_members``); ``guest_ids`` are everyone else who came, invited experts or
  outside colleagues, and none of them is a member that day (``guests_not_members``), so
  member attendance is never mixed with guests. A held event had somebody there
  (``has_participants``).
- **Feedback.** ``record_feedback`` adds survey responses to a held event (``event_held``); a
  named respondent was there (``respondents_attended``) and answers once per event
  (``respondents_once``). Anonymous responses are welcome.
- **Publications.** ``publish_material`` records a methodical material with a new id
  (``material_new``) whose authors were all members on the day of publication
  (``authors_members``). A material published in a media outlet names it (``outlet_id``),
  and the outlet is a partner of kind ``media`` since that day or earlier
  (``outlet_is_media_partner``; a material that names no outlet is not checked).
- **Project products.** A project group may say what it makes (``product_kind``: a course,
  a methodical manual...) and which published material is the product
  (``product_material_id``, guard ``material_known``), when formed or when closed.
- **Contests.** ``enter_contest`` records an entry into an outside contest, individual or
  team, with a new id (``contest_entry_new``) whose contestants are members on the day they
  entered (``contestants_members``); ``record_contest_result`` records its outcome once
  (``contest_entry_listed``, ``result_once``), not before the entry (``result_after_entry``).
- **Internships.** ``arrange_internship`` plans an internship with a new id
  (``internship_new``) for current members (``interns_members``); ``close_internship``
  completes or cancels a planned one (``internship_open``), a completed one on or after it
  started (``closes_after_start``).
- **Recurring events.** ``schedule_series`` keeps a
  :class:`~pedcommunity.model.community_events.RecurringEvent` ("the first Tuesday of every
  month") with a new id (``series_new``) whose organisers are current members
  (``series_organisers_members``) as an :class:`~pedcommunity.model.event_series.EventSeries`
  in :attr:`CommunityData.series`. ``cancel_occurrence`` calls off one occurrence of a known
  series (``series_known``): a day that is one of its occurrences, not after its end and not
  cancelled yet (``is_occurrence``). ``end_series`` gives it a last day (``until``) on or after
  its first occurrence and before the end it had, if any (``ends_after_first``).
- **Library.** ``add_to_library`` adds an item with a new id (``library_item_new``) that
  cites, if any, one of the community's materials (``material_known``);
  ``remove_from_library`` removes an item in the library (``library_item_present``), not
  before it was added (``removed_after_added``); the record and its reason stay.

What monitoring reads (event log, or the rebuilt data):

- growth of active members, retention of early-career teachers: ``join`` events
  (:class:`JoinCommunity`: ``teacher_id``, ``kind``, ``on``) and ``leave`` events
  (:class:`LeaveCommunity`: ``teacher_id``, ``on``, ``reason``); in the data,
  :attr:`CommunityData.members` keeps every membership with its kind, ``joined`` and ``left``.
- attendance rate: ``hold_event`` (:class:`HoldEvent`: ``event_id``, ``on``,
  ``attendee_ids``, ``guest_ids``) against the members active that day
  (:meth:`CommunityData.member_ids`).
- variety of activity kinds: the ``kind`` of each event in ``schedule_event`` /
  ``adopt_work_plan`` payloads, or :attr:`CommunityData.events` (with ``status`` and
  ``held_on``).
- publications: ``publish_material`` (:class:`PublishMaterial`: the material's
  ``author_ids`` and ``published_on``).
- share of planned events held: ``adopt_work_plan`` (the plan) and
  :func:`~pedcommunity.model.work_plans.compare_with_fact` over :attr:`CommunityData.events`.
- share of positive feedback: ``record_feedback`` (:class:`RecordFeedback`: ``responses``,
  each with ``is_positive``).
- contests, internships, publications in an outlet, the library, project products:
  :attr:`CommunityData.contest_entries`, :attr:`CommunityData.internships`, the materials'
  ``outlet_id``, :attr:`CommunityData.library` (:meth:`CommunityData.library_on`) and the
  closed groups' ``product_kind`` (:mod:`pedcommunity.monitoring.growth`).

The package keeps each trigger's payload, guards and effect together, one module per
sub-process: :mod:`.membership` (``join``, ``leave``, ``add_partner``), :mod:`.governance`
(council, committees, project groups, coordinating centre, ``dissolve``) and
:mod:`.activities` (work plans, events, feedback, materials), :mod:`.series` (recurring
events), :mod:`.growth` (contests, internships, the library). :mod:`.data` holds the records
and their indexes, :mod:`.permissions` who may fire what, :mod:`.definition` the definition.

Examples:
    >>> from pedcommunity.workflows.community import COMMUNITY_LIFE
    >>> COMMUNITY_LIFE.key, [s.label.en for s in COMMUNITY_LIFE.states]
    ('community_life@1', ['Active', 'Dissolved'])
    >>> len(COMMUNITY_LIFE.triggers_from("active"))
    25
"""

from pedcommunity.workflows.community.activities import (
    AdoptWorkPlan,
    CancelEvent,
    HoldEvent,
    PublishMaterial,
    RecordFeedback,
    ScheduleEvent,
)
from pedcommunity.workflows.community.data import CommunityData, CommunityRules
from pedcommunity.workflows.community.definition import COMMUNITY_LIFE
from pedcommunity.workflows.community.governance import (
    AssignCommitteeMembers,
    CloseProjectGroup,
    DissolveCommunity,
    ElectCouncil,
    FormCommittee,
    FormProjectGroup,
    SetCoordinatingCentre,
)
from pedcommunity.workflows.community.growth import (
    AddToLibrary,
    ArrangeInternship,
    CloseInternship,
    EnterContest,
    RecordContestResult,
    RemoveFromLibrary,
)
from pedcommunity.workflows.community.membership import AddPartner, JoinCommunity, LeaveCommunity
from pedcommunity.workflows.community.permissions import COMMUNITY_PERMISSIONS, community_roles
from pedcommunity.workflows.community.series import CancelOccurrence, EndSeries, ScheduleSeries

__all__ = [
    "COMMUNITY_LIFE",
    "COMMUNITY_PERMISSIONS",
    "AddPartner",
    "AddToLibrary",
    "AdoptWorkPlan",
    "ArrangeInternship",
    "AssignCommitteeMembers",
    "CancelEvent",
    "CancelOccurrence",
    "CloseInternship",
    "CloseProjectGroup",
    "CommunityData",
    "CommunityRules",
    "DissolveCommunity",
    "ElectCouncil",
    "EndSeries",
    "EnterContest",
    "FormCommittee",
    "FormProjectGroup",
    "HoldEvent",
    "JoinCommunity",
    "LeaveCommunity",
    "PublishMaterial",
    "RecordContestResult",
    "RecordFeedback",
    "RemoveFromLibrary",
    "ScheduleEvent",
    "ScheduleSeries",
    "SetCoordinatingCentre",
    "community_roles",
]
