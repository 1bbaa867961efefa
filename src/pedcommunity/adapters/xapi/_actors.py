"""Who a statement is about: the host's mapping from teacher ids to xAPI accounts.

An LRS identifies a person by an inverse functional identifier. This adapter uses accounts
only (``{"homePage": ..., "name": ...}``), never e-mail addresses: by default every teacher is
an account on the host's one ``homePage`` with the teacher id as its name; a host whose LMS
knows its users otherwise passes a mapping or a function from teacher id to account.

Examples:
    >>> actors = Actors("https://lms.school95.example")
    >>> actors.agent("anna")
    {'objectType': 'Agent', 'account': {'homePage': 'https://lms.school95.example', 'name': 'anna'}}
    >>> Actors("https://lms.example", {"anna": {"homePage": "https://moodle.example",
    ...                                         "name": "1042"}}).agent("anna")["account"]["name"]
    '1042'
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from pedcommunity._repr import shown
from pedcommunity.errors import InvalidData

if TYPE_CHECKING:
    from pedcommunity.services.directory import Roster

__all__ = ["AccountMap", "Actors"]

#: The host's mapping: a teacher id to an account ``{"homePage": IRL, "name": str}``.
AccountMap = Mapping[str, Mapping[str, str]] | Callable[[str], Mapping[str, str]]


def _check_home_page(value: object, path: str) -> str:
    # An IRL with a scheme and a host (ralph's model takes "https://" alone; an LRS need not).
    ok = isinstance(value, str) and value.isprintable() and " " not in value
    if ok:
        parts = urlsplit(str(value))
        ok = parts.scheme in ("http", "https") and bool(parts.hostname)
    if not ok:
        raise InvalidData(
            f"an account's homePage is an http(s) URL with a host, got {shown(value)}", path=path
        )
    return str(value)


def _check_name(value: object, path: str) -> str:
    if not isinstance(value, str) or not value.strip() or not value.isprintable():
        raise InvalidData(
            f"an account's name is a printable text, not blank, got {shown(value)}", path=path
        )
    return value


class Actors:
    """Turns teacher ids into xAPI agents and workflows into xAPI groups.

    Args:
        home_page: the host's system (``https://lms.school.example``): the ``homePage`` of
            the default accounts and of the groups (a PLC is a group named by its id).
        accounts: the host's own mapping from teacher id to account, a mapping or a
            function; ``None`` uses ``home_page`` and the teacher id. A mapping that lacks a
            teacher falls back to the default account.

    Raises:
        InvalidData: ``home_page`` is not an http(s) URL (at ``$.home_page``), or an account
            the mapping gives is not ``{"homePage": URL, "name": text}`` (at
            ``$.accounts['<teacher id>']``, when the statement is built).

    Examples:
        >>> Actors("mailto:head@school.example")
        Traceback (most recent call last):
        ...
        pedcommunity.errors.InvalidData: $.home_page: an account's homePage is an http(s) URL \
with a host, got 'mailto:head@school.example'
    """

    def __init__(self, home_page: str, accounts: AccountMap | None = None) -> None:
        self.home_page = _check_home_page(home_page, "$.home_page")
        if accounts is not None and not (callable(accounts) or isinstance(accounts, Mapping)):
            raise InvalidData(
                f"accounts is a mapping or a function of a teacher id, got {shown(accounts)}",
                path="$.accounts",
            )
        self._accounts = accounts

    def account(self, teacher_id: str) -> dict[str, str]:
        """The account of ``teacher_id``: the host's, or ``home_page`` and the id.

        Examples:
            >>> Actors("https://lms.example", lambda t: {"homePage": "https://sso.example",
            ...                                          "name": t.upper()}).account("anna")
            {'homePage': 'https://sso.example', 'name': 'ANNA'}
        """
        path = f"$.accounts[{teacher_id!r}]"
        given: Any
        try:
            if self._accounts is None:
                given = None
            elif isinstance(self._accounts, Mapping):
                given = self._accounts.get(teacher_id)
            else:
                given = self._accounts(teacher_id)
        except Exception as exc:  # the host's code: its failure is a refusal, not a crash
            raise InvalidData(
                f"the host's account mapping failed for {teacher_id!r}: "
                f"{type(exc).__name__}: {exc}",
                path=path,
            ) from exc
        if given is None:
            return {"homePage": self.home_page, "name": teacher_id}
        if not isinstance(given, Mapping) or set(given) != {"homePage", "name"}:
            raise InvalidData(
                f"an account is {{'homePage': URL, 'name': text}}, got {shown(given)}", path=path
            )
        name = _check_name(given["name"], path)
        return {"homePage": _check_home_page(given["homePage"], path), "name": name}

    def agent(self, teacher_id: str) -> dict[str, Any]:
        """The xAPI Agent of ``teacher_id`` (an account, no e-mail address)."""
        return {"objectType": "Agent", "account": self.account(teacher_id)}

    @classmethod
    def from_roster(cls, roster: Roster, home_page: str) -> Actors:
        """Accounts from a tenant's directory: each person's ``username`` on ``home_page``.

        The LMS the roster came from (OneRoster's ``username`` is the login there) is the
        ``homePage``; a person without a username, or a teacher the directory does not hold,
        keeps the default account (the teacher id). E-mail addresses are never used.

        Examples:
            >>> from pedcommunity.model import Teacher
            >>> from pedcommunity.services.directory import DirectoryPerson, Roster
            >>> roster = Roster(people=(
            ...     DirectoryPerson(Teacher(id="t1", name="Анна Петрова", organisation_id="s95"),
            ...                     username="apetrova", email="a@s95.example"),
            ...     DirectoryPerson(Teacher(id="t2", name="Борис", organisation_id="s95")),))
            >>> actors = Actors.from_roster(roster, "https://moodle.s95.example")
            >>> actors.account("t1"), actors.account("t2")["name"], actors.account("t9")["name"]
            ({'homePage': 'https://moodle.s95.example', 'name': 'apetrova'}, 't2', 't9')
        """
        from pedcommunity.services.directory import Roster  # noqa: PLC0415 (type check only)

        if not isinstance(roster, Roster):
            raise InvalidData(
                f"from_roster takes a directory's Roster, got {type(roster).__name__}",
                path="$.roster",
            )
        usernames = {
            p.id: {"homePage": home_page, "name": p.username}
            for p in roster.people
            if p.username.strip()
        }
        return cls(home_page, usernames)

    @property
    def groups_home(self) -> str:
        """The ``homePage`` of the groups' accounts: ``<home_page>/pedcommunity/groups``.

        Not ``home_page`` itself: there a PLC's id could be a teacher's account name, and
        xAPI says an Identified Group "SHOULD NOT use Inverse Functional Identifiers that are
        also used as Agent identifiers".
        """
        return f"{self.home_page.rstrip('/')}/pedcommunity/groups"

    def team(self, workflow_id: str, name: str, tenant: str) -> dict[str, Any]:
        """A PLC as an identified xAPI Group: an account ``<tenant>/<workflow id>``.

        The group carries no member list: who belongs changes, and a statement sent again
        must be the same statement (an LRS refuses the same id with other content).

        Examples:
            >>> Actors("https://lms.example").team("plc-95", "ПОС", "s95")["account"]
            {'homePage': 'https://lms.example/pedcommunity/groups', 'name': 's95/plc-95'}
        """
        return {
            "objectType": "Group",
            "name": name,
            "account": {"homePage": self.groups_home, "name": f"{tenant}/{workflow_id}"},
        }
