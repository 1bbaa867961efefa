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
from typing import Any

from pedcommunity._repr import shown
from pedcommunity.errors import InvalidData

__all__ = ["AccountMap", "Actors"]

#: The host's mapping: a teacher id to an account ``{"homePage": IRL, "name": str}``.
AccountMap = Mapping[str, Mapping[str, str]] | Callable[[str], Mapping[str, str]]


def _check_home_page(value: object, path: str) -> str:
    if not isinstance(value, str) or not value.startswith(("http://", "https://")) or " " in value:
        raise InvalidData(f"an account's homePage is an http(s) URL, got {shown(value)}", path=path)
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
        >>> Actors("https://lms.example").team("plc-95", "ПОС")["account"]
        {'homePage': 'https://lms.example', 'name': 'plc-95'}
        >>> Actors("mailto:head@school.example")
        Traceback (most recent call last):
        ...
        pedcommunity.errors.InvalidData: $.home_page: an account's homePage is an http(s) URL, \
got 'mailto:head@school.example'
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
        if self._accounts is None:
            given = None
        elif isinstance(self._accounts, Mapping):
            given = self._accounts.get(teacher_id)
        else:
            given = self._accounts(teacher_id)
        if given is None:
            return {"homePage": self.home_page, "name": teacher_id}
        if not isinstance(given, Mapping) or set(given) != {"homePage", "name"}:
            raise InvalidData(
                f"an account is {{'homePage': URL, 'name': text}}, got {shown(given)}", path=path
            )
        name = given["name"]
        if not isinstance(name, str) or not name.strip():
            raise InvalidData(f"an account's name is a text, got {shown(name)}", path=path)
        return {"homePage": _check_home_page(given["homePage"], path), "name": name}

    def agent(self, teacher_id: str) -> dict[str, Any]:
        """The xAPI Agent of ``teacher_id`` (an account, no e-mail address)."""
        return {"objectType": "Agent", "account": self.account(teacher_id)}

    def team(self, workflow_id: str, name: str) -> dict[str, Any]:
        """A PLC as an identified xAPI Group: an account on ``home_page`` named by its id.

        The group carries no member list: who belongs changes, and a statement sent again
        must be the same statement (an LRS refuses the same id with other content).
        """
        return {
            "objectType": "Group",
            "name": name,
            "account": {"homePage": self.home_page, "name": workflow_id},
        }
