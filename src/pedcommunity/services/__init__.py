"""The use cases over a store: start, fire, match and publish, tick, review, the leaders' path.

See :mod:`pedcommunity.services.ports` for the ports (repository, unit of work, outbox) and
:mod:`pedcommunity.services.memory` for the in-memory store.
"""

from pedcommunity.services import leaders, programmes, workflows
from pedcommunity.services.bootstrap import Services, bootstrap
from pedcommunity.services.directory import (
    Directory,
    DirectoryOrg,
    DirectoryPerson,
    Roster,
    RosterChange,
    export_roster,
    import_roster,
)
from pedcommunity.services.keys import (
    ApiKey,
    KeyStore,
    NewKey,
    authenticate,
    create_key,
    list_keys,
    revoke_key,
)
from pedcommunity.services.memory import InMemoryStore, InMemoryUnitOfWork
from pedcommunity.services.mentoring import MentoringProgramme
from pedcommunity.services.plugins import Plugins, load_plugins
from pedcommunity.services.ports import (
    DEFAULT_TENANT,
    EventStore,
    Outbox,
    StoredEvent,
    UnitOfWork,
    WorkflowRepository,
    check_tenant,
)

__all__ = [
    "DEFAULT_TENANT",
    "ApiKey",
    "Directory",
    "DirectoryOrg",
    "DirectoryPerson",
    "EventStore",
    "InMemoryStore",
    "InMemoryUnitOfWork",
    "KeyStore",
    "MentoringProgramme",
    "NewKey",
    "Outbox",
    "Plugins",
    "Roster",
    "RosterChange",
    "Services",
    "StoredEvent",
    "UnitOfWork",
    "WorkflowRepository",
    "authenticate",
    "bootstrap",
    "check_tenant",
    "create_key",
    "export_roster",
    "import_roster",
    "leaders",
    "list_keys",
    "load_plugins",
    "programmes",
    "revoke_key",
    "workflows",
]
