"""Sending statements to an LRS, and draining a store's outbox into it.

:class:`LrsClient` POSTs batches of statements to ``<endpoint>/statements`` with Basic auth
and ``X-Experience-API-Version: 1.0.3``; it retries connection errors, 5xx and 429 with
exponential backoff (a bounded number of attempts, through an injectable ``sleep``), and
raises :class:`~pedcommunity.errors.DeliveryFailed` for the rest: a 409 (a statement id
reused with other content: a data bug, never retried) with the ids, any other 4xx with the
LRS's reply. :class:`OutboxSender` reads the store's outbox, builds the statements, sends
them and acknowledges only the events whose statements the LRS accepted.

Examples:
    >>> import httpx
    >>> seen = []
    >>> def lrs(request):
    ...     seen.append(request.headers["X-Experience-API-Version"])
    ...     return httpx.Response(200, json=["id-1"])
    >>> client = LrsClient("https://lrs.example/xAPI", username="u", password="p",
    ...                    transport=httpx.MockTransport(lrs))
    >>> client.send([{"id": "id-1"}]), seen
    (['id-1'], ['1.0.3'])
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import urljoin

import attrs

from pedcommunity.errors import DeliveryFailed, InvalidData
from pedcommunity.model.domain_events import DomainEvent
from pedcommunity.services.ports import EventStore, check_consumer

from ._history import History
from ._statements import StatementBuilder

if TYPE_CHECKING:  # httpx is the xapi extra's: the builder and the sender's types work without it
    import httpx


def _httpx() -> Any:
    try:
        import httpx  # noqa: PLC0415 (the xapi extra, loaded by LrsClient only)
    except ImportError:  # pragma: no cover - the test extra installs it
        raise ImportError(
            "LrsClient needs httpx: pip install 'pedcommunity[xapi]' "
            "(StatementBuilder and OutboxSender with another sink do not)"
        ) from None
    return httpx


__all__ = ["DrainReport", "LrsClient", "OutboxSender", "StatementSink"]

#: Answers worth another attempt: the LRS is overloaded or failed, not the statements.
RETRIED = frozenset({429, 500, 502, 503, 504})


class LrsClient:
    """A small xAPI 1.0.3 client over httpx: send statements, read them back.

    Args:
        endpoint: the LRS's xAPI endpoint (``http://127.0.0.1:8100/xAPI``).
        username: its Basic auth user.
        password: its Basic auth password.
        batch: how many statements one POST carries (1-1000).
        attempts: how many times one POST is tried before giving up (1-20).
        backoff: the first wait in seconds after a failed attempt; it doubles each time,
            up to ``max_backoff`` (a 429's ``Retry-After`` in seconds is honoured).
        sleep: how to wait (``time.sleep``; a test passes a recorder).
        transport: an httpx transport (a test's ``httpx.MockTransport``).
        timeout: seconds for each request.

    Raises:
        InvalidData: ``endpoint`` is not an http(s) URL, or a number is out of range.
    """

    def __init__(
        self,
        endpoint: str,
        *,
        username: str,
        password: str,
        batch: int = 100,
        attempts: int = 5,
        backoff: float = 0.5,
        max_backoff: float = 30.0,
        sleep: Callable[[float], None] = time.sleep,
        transport: httpx.BaseTransport | None = None,
        timeout: float = 30.0,
    ) -> None:
        if not isinstance(endpoint, str) or not endpoint.startswith(("http://", "https://")):
            raise InvalidData(f"endpoint is an http(s) URL, got {endpoint!r}", path="$.endpoint")
        for name, value, low, high in (("batch", batch, 1, 1000), ("attempts", attempts, 1, 20)):
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                raise InvalidData(
                    f"{name} is a whole number from {low} to {high}, got {value!r}",
                    path=f"$.{name}",
                )
        self.endpoint = endpoint.rstrip("/")
        self.batch = batch
        self.attempts = attempts
        self.backoff = backoff
        self.max_backoff = max_backoff
        self._sleep = sleep
        self._httpx = _httpx()
        self._http: httpx.Client = self._httpx.Client(
            auth=(username, password),
            headers={"X-Experience-API-Version": "1.0.3"},
            transport=transport,
            timeout=timeout,
        )

    def __enter__(self) -> LrsClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connections."""
        self._http.close()

    def send(self, statements: Sequence[Mapping[str, Any]]) -> list[str]:
        """POST ``statements`` in batches; the ids of those sent (all of them, or it raises).

        Raises:
            DeliveryFailed: a batch was refused (409: ``ids`` are the batch's, the reply
                names the one reused) or kept failing; the batches before it were accepted.
        """
        sent: list[str] = []
        for start in range(0, len(statements), self.batch):
            chunk = list(statements[start : start + self.batch])
            self._post(chunk)
            sent.extend(str(s.get("id")) for s in chunk)
        return sent

    def _post(self, chunk: list[Mapping[str, Any]]) -> None:
        ids = [str(s.get("id")) for s in chunk]
        url = f"{self.endpoint}/statements"
        wait = self.backoff
        for attempt in range(1, self.attempts + 1):
            last = attempt == self.attempts
            try:
                reply = self._http.post(url, json=chunk)
            except self._httpx.HTTPError as exc:
                if last:
                    raise DeliveryFailed(
                        f"the LRS could not be reached after {attempt} attempts",
                        target=self.endpoint,
                        reply=f"{type(exc).__name__}: {exc}",
                        ids=ids,
                    ) from None
            else:
                if reply.status_code in (200, 204):
                    return
                if reply.status_code == 409:
                    raise DeliveryFailed(
                        "the LRS holds other statements under these ids (409): a statement "
                        "id was reused with other content, a data bug; nothing was retried",
                        target=self.endpoint,
                        status=409,
                        reply=reply.text,
                        ids=ids,
                    )
                if reply.status_code not in RETRIED or last:
                    tried = f" after {attempt} attempts" if reply.status_code in RETRIED else ""
                    raise DeliveryFailed(
                        f"the LRS refused the statements{tried}",
                        target=self.endpoint,
                        status=reply.status_code,
                        reply=reply.text,
                        ids=ids,
                    )
                wait = max(wait, _retry_after(reply))
            self._sleep(min(wait, self.max_backoff))
            wait *= 2

    def statements(self, **params: str) -> Iterator[dict[str, Any]]:
        """GET the statements matching ``params`` (``registration=...``), following ``more``.

        Raises:
            DeliveryFailed: the LRS did not answer 200.
        """
        url: str | None = f"{self.endpoint}/statements"
        query: dict[str, str] | None = dict(params)
        while url:
            reply = self._http.get(url, params=query)
            if reply.status_code != 200:
                raise DeliveryFailed(
                    "the LRS did not return the statements",
                    target=self.endpoint,
                    status=reply.status_code,
                    reply=reply.text,
                )
            page = reply.json()
            yield from page.get("statements", [])
            more = page.get("more") or ""
            # ``more`` is relative to the LRS's root, and carries its own query.
            url, query = (urljoin(self.endpoint + "/", more), None) if more else (None, None)


def _retry_after(reply: httpx.Response) -> float:
    try:
        return max(0.0, float(reply.headers.get("Retry-After", "0")))
    except ValueError:
        return 0.0


class StatementSink(Protocol):
    """Where an :class:`OutboxSender` sends: an :class:`LrsClient`, or a test's collector."""

    def send(self, statements: Sequence[Mapping[str, Any]]) -> list[str]:
        """Send ``statements``; the ids sent (all of them, or it raises)."""
        ...


@attrs.frozen
class DrainReport:
    """What one :meth:`OutboxSender.drain` did.

    Attributes:
        events: the outbox events read and acknowledged.
        statements: the statements sent (events that map to nothing send none).
        position: the consumer's checkpoint afterwards.
    """

    events: int
    statements: int
    position: int


class OutboxSender:
    """Drains a store's outbox into an LRS, at least once, acknowledging what was accepted.

    The statements of an event need the workflow's data just before it (members,
    facilitator, mentor): the sender rebuilds each workflow once from the store (a
    read-only unit of work of the event's tenant, its log up to the event) and then follows
    it event by event, keeping the last ``cache`` workflows. A crash before an
    acknowledgement sends the same statements again, which is safe: their ids derive from
    the events.

    Args:
        store: the event store.
        client: where the statements go (an :class:`LrsClient`, or anything with ``send``).
        builder: makes the statements.
        tenant: drain one tenant's outbox (``None``: every tenant's).
        consumer: the outbox consumer's name (its checkpoint).
        page: how many events are read at a time.
        cache: how many rebuilt workflows are kept between events.

    Raises:
        InvalidData: ``consumer`` is not an id, or ``page``/``cache`` is out of range.
    """

    def __init__(
        self,
        store: EventStore,
        client: StatementSink,
        builder: StatementBuilder,
        *,
        tenant: str | None = None,
        consumer: str = "xapi",
        page: int = 100,
        cache: int = 1000,
    ) -> None:
        self.consumer = check_consumer(consumer)
        for name, value in (("page", page), ("cache", cache)):
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise InvalidData(
                    f"{name} is a whole number from 1, got {value!r}", path=f"$.{name}"
                )
        self.store = store
        self.client = client
        self.builder = builder
        self.page = page
        self._outbox = store.outbox(tenant)
        self._cache = cache
        self._histories: OrderedDict[tuple[str, str], History] = OrderedDict()

    def drain(self) -> DrainReport:
        """Send every event past the checkpoint; stop at the first failure (it raises).

        Raises:
            DeliveryFailed: the LRS refused or kept failing; what it accepted before is
                acknowledged, the rest is sent on the next drain.
        """
        events = sent = 0
        while True:
            stored = self._outbox.read(self.consumer, limit=self.page)
            if not stored:
                return DrainReport(events, sent, self._outbox.checkpoint(self.consumer))
            pending: list[dict[str, Any]] = []
            for item in stored:
                pending.extend(self._statements(item.tenant, item.event))
            self.client.send(pending)
            self._outbox.acknowledge(self.consumer, stored[-1].position)
            events += len(stored)
            sent += len(pending)

    def _statements(self, tenant: str, event: DomainEvent) -> list[dict[str, Any]]:
        history = self._history(tenant, event)
        if history is None:  # the start event: nothing happened before it
            return []
        made = self.builder.build(event, history.before(event), tenant=tenant)
        history.advance(event)
        return made

    def _history(self, tenant: str, event: DomainEvent) -> History | None:
        key = (tenant, event.workflow_id)
        found = self._histories.get(key)
        if found is not None and found.version == event.sequence - 1:
            self._histories.move_to_end(key)
            return found
        definitions = self.builder.definitions
        if event.sequence == 1:
            found = History(event, definitions)
        else:
            with self.store.unit_of_work(tenant) as uow:
                log = uow.workflows.events(event.workflow_id, limit=event.sequence - 1)
            found = History(log[0], definitions)
            for earlier in log[1:]:
                found.advance(earlier)
        self._histories[key] = found
        while len(self._histories) > self._cache:
            self._histories.popitem(last=False)
        return None if event.sequence == 1 else found
