"""Who may fire each trigger: roles, permissions, and the host's access policy.

Every standard definition says, per trigger, which roles may fire it (a :class:`Permission`).
The roles an actor holds come from the workflow's own data (a PLC's leader, facilitators and
members; a festival's organisers and jurors...) through the definition's ``roles_of``, and
from the host's :class:`AccessPolicy`, which an integrator supplies to map their own users'
roles (LMS roles such as LTI's Instructor, Mentor and Learner) onto the definition's roles
without touching the definition.

Some triggers act *for* someone: a vote, an audit answer, a juror's score. Their permission
names the payload field that says for whom (``subject``). A member may fire them only in their
own name; a role in ``for_others`` (the PLC's facilitator recording an absent member's vote)
may fire them for someone else, and the event then says so in ``on_behalf_of``.

A refused actor gets :class:`~pedcommunity.errors.PermissionDenied` before any guard or effect
runs, so nothing changes.

Examples:
    >>> from datetime import datetime, timezone
    >>> from pedcommunity import PLC_CYCLE, PlcData, PermissionDenied
    >>> from pedcommunity.workflows import fire, start
    >>> at = datetime(2025, 9, 1, tzinfo=timezone.utc)
    >>> plc = start(PLC_CYCLE, PlcData(name="ПОС", leader_id="head"), id="p", actor="head", at=at)
    >>> plc.allowed(actor="head")  # doctest: +NORMALIZE_WHITESPACE
    ('join', 'leave', 'hold_meeting', 'agree', 'open_topic_list', 'disband', 'open_chat',
     'announce', 'record_order', 'appoint_facilitator', 'relieve_facilitator', 'recognise')
    >>> plc.allowed(actor="parent")   # anyone may join in their own name, nothing else
    ('join',)
    >>> try:
    ...     fire(plc, "disband", actor="parent", at=at, reason="no")
    ... except PermissionDenied as err:
    ...     print(err.roles)
    ('leader',)
    >>> plc.state, plc.version
    ('forming', 1)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

import attrs

from pedcommunity.errors import InvalidData, PermissionDenied
from pedcommunity.i18n import Label
from pedcommunity.model._fields import is_id

if TYPE_CHECKING:
    from pedcommunity.workflows.definition import WorkflowDefinition

__all__ = [
    "ANYONE",
    "DATA_ROLES",
    "ROLE_LABELS",
    "AccessPolicy",
    "DataRoles",
    "HostRoles",
    "Permission",
    "RolesOf",
    "authorise",
    "may_fire",
    "permission_table",
    "permissions_page",
]

#: The pseudo-role every actor holds: a trigger open to anyone (joining in one's own name, a
#: time-based trigger whose guard checks the clock).
ANYONE = "anyone"

RolesOf = Callable[[Any, str], Iterable[str]]
"""A definition's role resolver: the roles ``actor`` holds, read from the workflow's data."""

#: Russian and English names of the roles the standard definitions use (GLOSSARY.md).
ROLE_LABELS: Mapping[str, Label] = {
    ANYONE: Label(ru="любой участник", en="anyone"),
    "leader": Label(ru="руководитель ПОС", en="PLC leader"),
    "facilitator": Label(ru="модератор (фасилитатор)", en="facilitator"),
    "member": Label(ru="участник", en="member"),
    "organiser": Label(ru="оргкомитет", en="organiser"),
    "juror": Label(ru="член жюри", en="juror"),
    "participant": Label(ru="участник конкурса", en="entrant"),
    "coach": Label(ru="коуч", en="coach"),
    "learner": Label(ru="слушатель", en="learner"),
    "proposer": Label(ru="автор инициативы", en="proposer"),
    "office": Label(ru="офис инициатив", en="initiatives office"),
    "administrator": Label(ru="администратор", en="administrator"),
    "chair": Label(ru="председатель совета", en="council chair"),
    "council": Label(ru="член совета", en="council member"),
    "committee": Label(ru="член комитета", en="committee member"),
    "mentor": Label(ru="наставник", en="mentor"),
    "mentee": Label(ru="наставляемый", en="mentee"),
    "curator": Label(ru="куратор", en="curator"),
    "coordinator": Label(ru="координатор", en="coordinator"),
    "project_lead": Label(ru="руководитель проекта", en="project lead"),
    "treasurer": Label(ru="ответственный за финансы", en="treasurer"),
    "team": Label(ru="команда проекта", en="project team"),
}


def _role_set(value: Iterable[str] | str) -> frozenset[str]:
    return frozenset((value,) if isinstance(value, str) else value)


def _check_roles(instance: object, attribute: attrs.Attribute[Any], value: frozenset[str]) -> None:
    bad = sorted(repr(r) for r in value if not is_id(r))
    if bad:
        raise InvalidData(
            f"role names are ids (letters, digits and '_.:@/-'), got {', '.join(bad)}",
            path=f"$.{attribute.name}",
        )


@attrs.frozen
class Permission:
    """Who may fire one trigger.

    Attributes:
        roles: the roles that may fire it; :data:`ANYONE` opens it to every actor.
        subject: for a trigger that acts for someone (a vote, an audit answer), the payload
            field naming them: a dotted attribute path to an id or to a collection of ids
            (``"teacher_id"``, ``"entry.participants"``). Holders of ``roles`` may then fire it
            only when they are the subject (or among the subjects).
        for_others: the roles that may fire it for someone else; the event records whom it was
            for in ``on_behalf_of``.

    Examples:
        >>> vote = Permission.of("member", subject="teacher_id", for_others=("facilitator",))
        >>> sorted(vote.roles), vote.subject, sorted(vote.for_others)
        (['member'], 'teacher_id', ['facilitator'])
        >>> vote.admits({"member"}), vote.admits({"facilitator"}), vote.admits(set())
        (True, True, False)
    """

    roles: frozenset[str] = attrs.field(converter=_role_set, validator=_check_roles)
    subject: str | None = None
    for_others: frozenset[str] = attrs.field(
        default=frozenset(), converter=_role_set, validator=_check_roles
    )

    def __attrs_post_init__(self) -> None:
        if self.for_others and self.subject is None:
            raise InvalidData(
                "for_others needs a subject: the payload field naming whom the trigger acts for",
                path="$.for_others",
            )

    @classmethod
    def of(
        cls, *roles: str, subject: str | None = None, for_others: Iterable[str] = ()
    ) -> Permission:
        """A permission for ``roles`` (see the class for ``subject`` and ``for_others``).

        Examples:
            >>> sorted(Permission.of("leader", "facilitator").roles)
            ['facilitator', 'leader']
        """
        return cls(roles=frozenset(roles), subject=subject, for_others=frozenset(for_others))

    @property
    def open(self) -> bool:
        """Whether every actor may fire it in their own name."""
        return ANYONE in self.roles

    def admits(self, roles: Iterable[str]) -> bool:
        """Whether someone holding ``roles`` may fire it at all (for themselves or others)."""
        held = _role_set(roles)
        return self.open or bool(held & self.roles) or bool(held & self.for_others)

    def granted(self, roles: Iterable[str]) -> Permission:
        """This permission with ``roles`` added to those that may fire it.

        Examples:
            >>> sorted(Permission.of("leader").granted(["methodologist"]).roles)
            ['leader', 'methodologist']
        """
        return attrs.evolve(self, roles=self.roles | _role_set(roles))

    def subjects(self, payload: Any) -> tuple[str, ...]:
        """The ids the trigger acts for, read from ``payload`` (empty without a subject)."""
        if self.subject is None or payload is None:
            return ()
        value = payload
        for part in self.subject.split("."):
            value = getattr(value, part, None)
        if value is None:
            return ()
        if isinstance(value, str):
            return (value,)
        return tuple(v for v in value if isinstance(v, str))

    def describe(self, labels: Mapping[str, Label], lang: str = "en") -> str:
        """Who may fire it, in words: ``"member (in their own name); facilitator (for anyone)"``.

        Examples:
            >>> Permission.of("member", subject="teacher_id",
            ...               for_others=("facilitator",)).describe(ROLE_LABELS)
            'member (in their own name); facilitator (for anyone)'
        """
        ru = lang == "ru"
        # Roles read in the order the definition declares them (leader before member).
        order = {role: i for i, role in enumerate((ANYONE, *labels))}

        def names(roles: frozenset[str]) -> str:
            ranked = sorted(roles, key=lambda r: (order.get(r, len(order)), r))
            label = [labels.get(r) or ROLE_LABELS.get(r) for r in ranked]
            return ", ".join(
                r if lb is None else lb.get("ru" if ru else "en")
                for r, lb in zip(ranked, label, strict=True)
            )

        own = names(self.roles)
        if self.subject is None:
            return own
        text = own + (" (от своего имени)" if ru else " (in their own name)")
        if self.for_others:
            text += "; " + names(self.for_others) + (" (за любого)" if ru else " (for anyone)")
        return text


@runtime_checkable
class AccessPolicy(Protocol):
    """The host's hook: which roles an actor holds in one workflow.

    The default, :data:`DATA_ROLES`, reads them from the workflow's data through the
    definition's ``roles_of``. A host supplies its own to add roles from its own directory
    (:class:`HostRoles` maps LMS roles), and passes it to :class:`~pedcommunity.Engine`,
    :func:`~pedcommunity.workflows.fire` or :meth:`~pedcommunity.workflows.Workflow.allowed`.
    """

    def roles(
        self, definition: WorkflowDefinition, workflow_id: str, data: Any, actor: str
    ) -> frozenset[str]:
        """The roles ``actor`` holds in the workflow ``workflow_id`` whose data is ``data``."""
        ...


@attrs.frozen
class DataRoles:
    """The default policy: the roles the workflow's own data gives (its definition's ``roles_of``).

    Examples:
        >>> from pedcommunity import PLC_CYCLE, PlcData
        >>> d = PlcData(name="ПОС", leader_id="head", facilitator_ids=("fa",), members=("fa", "t1"))
        >>> sorted(DATA_ROLES.roles(PLC_CYCLE, "p", d, "fa"))
        ['facilitator', 'member']
    """

    def roles(
        self, definition: WorkflowDefinition, workflow_id: str, data: Any, actor: str
    ) -> frozenset[str]:
        """The roles ``actor`` holds according to the workflow's data."""
        if definition.roles_of is None:
            return frozenset()
        return frozenset(definition.roles_of(data, actor))


#: The default :class:`AccessPolicy`.
DATA_ROLES = DataRoles()


@attrs.frozen
class HostRoles:
    """A policy that adds the host's own roles, mapped onto the definitions' roles.

    ``lookup(workflow_id, actor)`` returns the host's role names for the actor (an LMS's roles
    in the course the workflow belongs to, for example LTI's ``Instructor`` or ``Learner``);
    ``mapping`` turns each into definition roles. The roles the workflow's data gives are kept
    (from ``base``), so a PLC member still votes in their own name.

    Examples:
        >>> from pedcommunity import PLC_CYCLE, PlcData
        >>> lms = {"ivanova": ["Instructor"], "petrov": ["Learner"]}
        >>> policy = HostRoles(lookup=lambda wf, actor: lms.get(actor, ()),
        ...                    mapping={"Instructor": ["facilitator", "organiser"],
        ...                             "Learner": []})
        >>> d = PlcData(name="ПОС", leader_id="head", members=("petrov",))
        >>> sorted(policy.roles(PLC_CYCLE, "p", d, "ivanova"))
        ['facilitator', 'organiser']
        >>> sorted(policy.roles(PLC_CYCLE, "p", d, "petrov"))
        ['member']
    """

    lookup: Callable[[str, str], Iterable[str]]
    mapping: Mapping[str, Iterable[str]]
    base: AccessPolicy = DATA_ROLES

    def roles(
        self, definition: WorkflowDefinition, workflow_id: str, data: Any, actor: str
    ) -> frozenset[str]:
        """The data's roles plus the mapped host roles of ``actor``."""
        mapped = {
            role
            for host_role in self.lookup(workflow_id, actor)
            for role in self.mapping.get(host_role, ())
        }
        return self.base.roles(definition, workflow_id, data, actor) | frozenset(mapped)


def may_fire(permission: Permission | None, roles: frozenset[str]) -> bool:
    """Whether someone holding ``roles`` may fire a trigger with ``permission`` at all.

    ``None`` (a definition that declares no permissions) lets anyone fire it.

    Examples:
        >>> may_fire(Permission.of("leader"), frozenset({"member"}))
        False
    """
    return permission is None or permission.admits(roles)


def authorise(
    permission: Permission | None,
    *,
    trigger: str,
    actor: str,
    roles: frozenset[str],
    payload: Any,
) -> tuple[str, ...]:
    """Check that ``actor`` (holding ``roles``) may fire ``trigger`` with ``payload``.

    Returns whom the call was made for when it is made in someone else's name (the event's
    ``on_behalf_of``), else ``()``.

    Raises:
        PermissionDenied: the actor holds none of the roles the trigger takes, or acts for
            someone else without a ``for_others`` role.

    Examples:
        >>> vote = Permission.of("member", subject="teacher_id", for_others=["facilitator"])
        >>> class V:
        ...     teacher_id = "kuznetsova"
        >>> authorise(vote, trigger="vote", actor="fa", roles=frozenset({"facilitator"}),
        ...           payload=V())
        ('kuznetsova',)
        >>> authorise(vote, trigger="vote", actor="smirnova", roles=frozenset({"member"}),
        ...           payload=V())  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        pedcommunity.errors.PermissionDenied: 'smirnova' may not 'vote' in the name of ...
    """
    if permission is None:
        return ()
    own = permission.open or bool(roles & permission.roles)
    subjects = permission.subjects(payload)
    if permission.subject is None or not subjects:
        if own:
            return ()
        raise PermissionDenied(
            trigger=trigger,
            actor=actor,
            roles=sorted(permission.roles | permission.for_others),
            actor_roles=roles,
        )
    if own and actor in subjects:
        return ()
    if roles & permission.for_others:
        return tuple(s for s in subjects if s != actor)
    if not own:
        raise PermissionDenied(
            trigger=trigger,
            actor=actor,
            roles=sorted(permission.roles | permission.for_others),
            actor_roles=roles,
        )
    raise PermissionDenied(
        trigger=trigger,
        actor=actor,
        roles=sorted(permission.roles),
        actor_roles=roles,
        for_others=sorted(permission.for_others),
        subjects=[s for s in subjects if s != actor],
    )


def permission_table(definition: WorkflowDefinition, lang: str = "en") -> str:
    """A Markdown table of who may fire each trigger of ``definition``, in ``lang``.

    ``docs/permissions.md`` is generated from it (and a test keeps that page current).

    Examples:
        >>> from pedcommunity import PLC_CYCLE
        >>> print(permission_table(PLC_CYCLE).splitlines()[2])
        | `join` | Join | anyone (in their own name); PLC leader, facilitator (for anyone) |
    """
    ru = lang == "ru"
    head = "| действие | название | кто может |" if ru else "| trigger | label | who may fire it |"
    rows = [head, "|---|---|---|"]
    for spec in definition.triggers:
        permission = definition.permissions.get(spec.name)
        who = (
            ("любой участник" if ru else "anyone")
            if permission is None
            else permission.describe(definition.roles, lang)
        )
        rows.append(f"| `{spec.name}` | {spec.label.get('ru' if ru else 'en')} | {who} |")
    return "\n".join(rows)


def permissions_page(definitions: Iterable[WorkflowDefinition]) -> str:
    """A Markdown page: for each definition, its roles and who may fire each trigger, ru and en.

    ``docs/permissions.md`` is this page for the standard definitions
    (``python tools/gen_docs.py`` writes it; a test keeps it current). An integrator can
    render the same page for their own extended definitions.

    Examples:
        >>> from pedcommunity.workflows import ROADMAP
        >>> page = permissions_page([ROADMAP])
        >>> page.splitlines()[0]
        '# Who may fire each trigger / Кто может выполнять действия'
        >>> "| `advance` | Advance to the next stage | administrator |" in page
        True
    """
    lines = [
        "# Who may fire each trigger / Кто может выполнять действия",
        "",
        (
            "Generated from the standard workflow definitions by `python tools/gen_docs.py`; "
            "do not edit by hand. See [errors](errors.md#permissiondenied) for "
            "`PermissionDenied` and the host's policy hook."
        ),
        "",
        (
            "*In their own name*: the trigger acts for someone (a vote, an audit answer), and "
            "a holder of the role may fire it only for themselves; the roles *for anyone* may "
            "fire it in someone else's name, and the event records whom in `on_behalf_of`."
        ),
    ]
    for definition in definitions:
        lines += ["", f"## {definition.label.en} / {definition.label.ru} (`{definition.key}`)", ""]
        if definition.permissions:
            lines += ["| role | in English | по-русски |", "|---|---|---|"]
            for role, label in definition.roles.items():
                lines.append(f"| `{role}` | {label.en} | {label.ru} |")
            lines.append("")
        lines += [permission_table(definition, "en"), "", permission_table(definition, "ru")]
    return "\n".join(lines) + "\n"
