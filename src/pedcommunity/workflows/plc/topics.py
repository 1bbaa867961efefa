"""The problem list, the vote and the choice of topic, each trigger with its guards and effect.

``propose_topic``, ``withdraw_topic``, ``open_vote``, ``vote`` and ``choose_topic``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

import attrs

from pedcommunity.i18n import counted
from pedcommunity.model._fields import FrozenMap, check_id, evolve_checked, evolve_trusted
from pedcommunity.model.topics import Topic
from pedcommunity.workflows.plc.data import C, PlcData

# -- the topic list ---------------------------------------------------------------------------


@attrs.frozen
class ProposeTopic:
    """Payload of ``propose_topic``: a topic-problem for the list."""

    topic: Topic = attrs.field(validator=attrs.validators.instance_of(Topic))


def _g_new_topic(ctx: C) -> str | None:
    topic: Topic = ctx.payload.topic
    if ctx.data.topic(topic.id) is not None:
        return f"topic '{topic.id}' is listed already"
    if topic.id in ctx.data.studied_topic_ids:
        return f"topic '{topic.id}' was studied in an earlier cycle; propose a new one"
    return None


def _e_propose(ctx: C) -> PlcData:
    topic = ctx.payload.topic
    if topic.proposed_by is None:
        topic = evolve_checked(topic, proposed_by=ctx.actor)
    return evolve_trusted(ctx.data, topics=(*ctx.data.topics, topic))


@attrs.frozen
class WithdrawTopic:
    """Payload of ``withdraw_topic``: the id of a listed topic to remove."""

    topic_id: str = attrs.field(validator=check_id)


def _g_topic_listed(ctx: C) -> str | None:
    tid = ctx.payload.topic_id
    if ctx.data.topic(tid) is None:
        listed = ", ".join(t.id for t in ctx.data.topics) or "none"
        return f"topic '{tid}' is not listed; listed: {listed}"
    return None


def _e_withdraw(ctx: C) -> PlcData:
    tid = ctx.payload.topic_id
    return evolve_trusted(ctx.data, topics=tuple(t for t in ctx.data.topics if t.id != tid))


def _g_has_topics(ctx: C) -> str | None:
    if not ctx.data.topics:
        return "the topic list is empty; propose at least one topic"
    return None


# -- voting -----------------------------------------------------------------------------------


@attrs.frozen
class Vote:
    """Payload of ``vote``: a member's vote for one listed topic."""

    teacher_id: str = attrs.field(validator=check_id)
    topic_id: str = attrs.field(validator=check_id)


def _g_voter_is_member(ctx: C) -> str | None:
    tid = ctx.payload.teacher_id
    if tid not in ctx.data.members:
        return f"only members vote; '{tid}' is not a member"
    return None


def _g_topic_not_studied(ctx: C) -> str | None:
    tid = ctx.payload.topic_id
    if tid in ctx.data.studied_topic_ids:
        return f"topic '{tid}' was studied in an earlier cycle; vote for a new one"
    return None


def _e_vote(ctx: C) -> PlcData:
    votes = FrozenMap({**ctx.data.votes, ctx.payload.teacher_id: ctx.payload.topic_id})
    return evolve_trusted(ctx.data, votes=votes)


# -- the choice -------------------------------------------------------------------------------


def tally(votes: Mapping[str, str], topics: tuple[Topic, ...] = ()) -> list[tuple[str, int]]:
    """Count votes per topic, most votes first; ties keep the topics' listed order.

    Examples:
        >>> tally({"t1": "a", "t2": "b", "t3": "b"})
        [('b', 2), ('a', 1)]
    """
    counts = Counter(votes.values())
    order = {t.id: i for i, t in enumerate(topics)}
    return sorted(counts.items(), key=lambda kv: (-kv[1], order.get(kv[0], len(order)), kv[0]))


def _leaders(data: PlcData) -> list[str]:
    ranked = tally(data.votes, data.topics)
    if not ranked:
        return []
    best = ranked[0][1]
    return [tid for tid, n in ranked if n == best]


@attrs.frozen
class ChooseTopic:
    """Payload of ``choose_topic``: the facilitator's casting choice, needed only on a tie."""

    topic_id: str | None = attrs.field(default=None, validator=attrs.validators.optional(check_id))


def _g_vote_quorum(ctx: C) -> str | None:
    d = ctx.data
    need = d.rules.quorum(d.rules.vote_quorum, len(d.members))
    have = sum(1 for m in d.members if m in d.votes)
    if have < need:
        return (
            f"{have} of {counted(len(d.members), 'member')} {'has' if have == 1 else 'have'} "
            f"voted; the quorum is {need}"
        )
    return None


def _g_choice_rule(ctx: C) -> str | None:
    leaders = _leaders(ctx.data)
    casting = ctx.payload.topic_id
    if len(leaders) > 1 and casting is None:
        return (
            f"a tie between {', '.join(leaders)}; give the facilitator's casting choice "
            "with topic_id= one of them"
        )
    if casting is not None and casting not in leaders:
        return f"'{casting}' did not get the most votes; the choice is among: {', '.join(leaders)}"
    return None


def _e_choose(ctx: C) -> PlcData:
    leaders = _leaders(ctx.data)
    chosen = ctx.payload.topic_id or leaders[0]
    return evolve_trusted(ctx.data, chosen_topic_id=chosen)
