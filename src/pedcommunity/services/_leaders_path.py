"""The leaders' path of seed 003 as methods of :class:`~pedcommunity.services.Services`.

Bank -> navigators school -> the office's initiatives; a pair's track -> the festival. Each
method binds one use case of :mod:`pedcommunity.services.leaders` to the deployment's store,
clock and policy, as every method of ``Services`` does; they live here so that
``bootstrap.py`` holds the composition root and the workflows' own use cases.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, TypeVar

from pedcommunity.model.domain_events import DomainEvent
from pedcommunity.model.festival import FestivalEntry
from pedcommunity.workflows.engine import Workflow
from pedcommunity.workflows.navigators import NavigatorsSchoolData

from . import leaders
from .ports import DEFAULT_TENANT

if TYPE_CHECKING:
    from pedcommunity.clock import Clock
    from pedcommunity.workflows.permissions import AccessPolicy

    from .ports import EventStore

__all__ = ["LeadersPath"]

T = TypeVar("T")


class LeadersPath:
    """The leaders' path's use cases, bound to the store, clock and policy of ``Services``."""

    __slots__ = ()

    store: EventStore
    clock: Clock
    policy: AccessPolicy | None

    if TYPE_CHECKING:
        # Services defines it (a call retried on a concurrent update); declared for mypy.
        def _retrying(self, call: Callable[[], T], *, expected_version: int | None) -> T: ...

    def open_navigators_school(
        self,
        programme_id: str,
        school_id: str,
        data: NavigatorsSchoolData,
        *,
        actor: str,
        tenant: str = DEFAULT_TENANT,
        command_id: str | None = None,
    ) -> Workflow:
        """Open the programme's navigators school (see :func:`.leaders.open_navigators_school`)."""
        return self._retrying(
            lambda: leaders.open_navigators_school(
                self.store.unit_of_work(tenant),
                programme_id,
                school_id,
                data,
                actor=actor,
                at=self.clock.now(),
                command_id=command_id,
            ),
            expected_version=None,
        )

    def offer_training(
        self,
        school_id: str,
        *,
        actor: str,
        tenant: str = DEFAULT_TENANT,
        command_id: str | None = None,
    ) -> tuple[str, ...]:
        """Offer training to the bank leaders not offered it (:func:`.leaders.offer_training`)."""
        return self._retrying(
            lambda: leaders.offer_training(
                self.store.unit_of_work(tenant),
                school_id,
                actor=actor,
                at=self.clock.now(),
                policy=self.policy,
                command_id=command_id,
            ),
            expected_version=None,
        )

    def enrol_from_bank(
        self,
        school_id: str,
        leader_id: str,
        *,
        actor: str,
        tenant: str = DEFAULT_TENANT,
        command_id: str | None = None,
    ) -> DomainEvent:
        """Enrol a bank leader in the navigators school (see :func:`.leaders.enrol_from_bank`)."""
        return self._retrying(
            lambda: leaders.enrol_from_bank(
                self.store.unit_of_work(tenant),
                school_id,
                leader_id,
                actor=actor,
                at=self.clock.now(),
                policy=self.policy,
                command_id=command_id,
            ),
            expected_version=None,
        )

    def finish_navigators_school(
        self,
        school_id: str,
        *,
        actor: str,
        tenant: str = DEFAULT_TENANT,
        command_id: str | None = None,
    ) -> DomainEvent:
        """Finish the school; its navigators are recorded in the bank.

        See :func:`.leaders.finish_navigators_school`.
        """
        return self._retrying(
            lambda: leaders.finish_navigators_school(
                self.store.unit_of_work(tenant),
                school_id,
                actor=actor,
                at=self.clock.now(),
                policy=self.policy,
                command_id=command_id,
            ),
            expected_version=None,
        )

    def propose_initiative(
        self,
        programme_id: str,
        initiative_id: str,
        *,
        proposer_id: str,
        title: str,
        description: str,
        office_ids: Iterable[str],
        actor: str,
        partners: Iterable[str] = (),
        expected_result: str | None = None,
        tenant: str = DEFAULT_TENANT,
        command_id: str | None = None,
    ) -> Workflow:
        """Bring a navigator's initiative to the office (:func:`.leaders.propose_initiative`)."""
        return self._retrying(
            lambda: leaders.propose_initiative(
                self.store.unit_of_work(tenant),
                programme_id,
                initiative_id,
                proposer_id=proposer_id,
                title=title,
                description=description,
                office_ids=office_ids,
                actor=actor,
                at=self.clock.now(),
                partners=partners,
                expected_result=expected_result,
                command_id=command_id,
            ),
            expected_version=None,
        )

    def enter_festival(
        self,
        programme_id: str,
        track_id: str,
        festival_id: str,
        entry: FestivalEntry,
        *,
        actor: str,
        tenant: str = DEFAULT_TENANT,
        command_id: str | None = None,
    ) -> DomainEvent:
        """Enter a pair of the programme in the festival (see :func:`.leaders.enter_festival`)."""
        return self._retrying(
            lambda: leaders.enter_festival(
                self.store.unit_of_work(tenant),
                programme_id,
                track_id,
                festival_id,
                entry,
                actor=actor,
                at=self.clock.now(),
                policy=self.policy,
                command_id=command_id,
            ),
            expected_version=None,
        )
