"""Stable UIDs: the same item of the same workflow of the same tenant always has the same UID.

A UID is ``<uuid5>@pedcommunity``: the uuid5, in :data:`UID_NAMESPACE`, of
``"<tenant>/<workflow id>/<item key>"``. The item key names the item inside its workflow
(``event/e1``, ``meeting/3``, ``series/club-meeting``), so exporting twice, or after
rebuilding the workflow from its events, gives the same UIDs, and a calendar client updates
an item in place instead of adding a copy.

Examples:
    >>> item_uid("school-95", "club", "event/e1")
    '1e51c875-c4b7-5e58-a80b-b6211cc224d4@pedcommunity'
    >>> item_uid("school-95", "club", "event/e1") == item_uid("school-95", "club", "event/e1")
    True
"""

from __future__ import annotations

import uuid

__all__ = ["UID_NAMESPACE", "UID_SUFFIX", "item_uid"]

#: The namespace of our UIDs: uuid5 of the URL ``https://pedcommunity.org/ical`` (fixed for
#: ever: changing it would change every UID a calendar client has stored).
UID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://pedcommunity.org/ical")

#: What follows the uuid in a UID (RFC 5545 recommends a domain-like right-hand side).
UID_SUFFIX = "@pedcommunity"


def item_uid(tenant: str, workflow_id: str, key: str) -> str:
    """The UID of the item ``key`` of workflow ``workflow_id`` of ``tenant``.

    Examples:
        >>> item_uid("", "plc-95", "meeting/1").endswith("@pedcommunity")
        True
        >>> item_uid("a", "plc-95", "meeting/1") != item_uid("b", "plc-95", "meeting/1")
        True
    """
    return f"{uuid.uuid5(UID_NAMESPACE, f'{tenant}/{workflow_id}/{key}')}{UID_SUFFIX}"
