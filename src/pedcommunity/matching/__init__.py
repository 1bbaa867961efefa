"""Who learns from whom: graph- and flow-based matching.

Today: peer-learning plans inside a PLC (:func:`plan_peer_learning`).
"""

from pedcommunity.matching.peer_learning import plan_peer_learning

__all__ = ["plan_peer_learning"]
