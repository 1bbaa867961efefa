"""xAPI 1.0.3: statements from domain events, and a sender that drains the outbox to an LRS.

Needs the ``xapi`` extra (httpx) for the sender. See docs/standards.md for the mapping.

Examples:
    >>> from pedcommunity.adapters.xapi import Actors, StatementBuilder
    >>> StatementBuilder(Actors("https://lms.example")).activity_base
    'https://lms.example/pedcommunity/xapi/'
"""

from ._actors import AccountMap, Actors
from ._rules import RULES, STAGES
from ._sender import DrainReport, LrsClient, OutboxSender, StatementSink
from ._statements import StatementBuilder, registration, statement_id
from ._vocabulary import ACTIVITY_TYPES, NAMESPACE, VERBS, WORKFLOW_EXTENSION, Verb

__all__ = [
    "ACTIVITY_TYPES",
    "NAMESPACE",
    "RULES",
    "STAGES",
    "VERBS",
    "WORKFLOW_EXTENSION",
    "AccountMap",
    "Actors",
    "DrainReport",
    "LrsClient",
    "OutboxSender",
    "StatementBuilder",
    "StatementSink",
    "Verb",
    "registration",
    "statement_id",
]
