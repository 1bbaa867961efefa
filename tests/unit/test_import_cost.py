"""What importing pedcommunity loads: numpy, scipy and networkx only once matching runs.

Each check runs in a fresh interpreter, since in this one other tests have long imported
everything. Nothing here measures time: only which modules are loaded.
"""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

import pedcommunity

HEAVY = ("numpy", "scipy", "networkx")
#: The directory holding the pedcommunity under test, so the child imports the same code.
SRC = str(Path(pedcommunity.__file__).resolve().parents[1])
#: Run first in every child: ``heavy()`` lists the heavy packages loaded so far.
PRELUDE = f"""
import json, sys

def heavy():
    return [m for m in {HEAVY!r} if m in sys.modules]
"""


def run_fresh(code: str) -> Any:
    """Run ``code`` in a new interpreter; it ends by printing JSON, which is returned."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (SRC, env.get("PYTHONPATH")) if p)
    done = subprocess.run(
        [sys.executable, "-c", PRELUDE + textwrap.dedent(code)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,  # generous: a busy machine is slow, but a hang must not stall CI
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_import_pedcommunity_loads_neither_numpy_nor_scipy_nor_networkx():
    loaded = run_fresh(
        """
        import pedcommunity

        pedcommunity.PLC_CYCLE, pedcommunity.Engine, pedcommunity.MentoringProgramme
        print(json.dumps(heavy()))
        """
    )
    assert loaded == []


def test_every_matching_module_and_the_json_contract_import_without_them():
    # adapters.json reads every name of pedcommunity.matching when it is imported (to list
    # the JSON types), so each matching module must import without numpy, scipy or networkx.
    loaded = run_fresh(
        """
        import importlib, pkgutil
        import pedcommunity.matching as matching

        for info in pkgutil.iter_modules(matching.__path__):
            importlib.import_module(f"pedcommunity.matching.{info.name}")
        for name in matching.__all__:
            getattr(matching, name)
        import pedcommunity.adapters.json
        import pedcommunity.datasets

        print(json.dumps(heavy()))
        """
    )
    assert loaded == []


def test_a_plc_with_the_sample_data_and_its_learning_plan_needs_no_numpy_or_scipy():
    # The demo's path: School 95's sample data (through the JSON converter) and the PLC's
    # peer-learning plan, a networkx min-cost flow: networkx loads, numpy and scipy do not.
    loaded = run_fresh(
        """
        from pedcommunity.datasets import load_school95
        from pedcommunity.matching import plan_peer_learning
        from pedcommunity.model import AuditAnswer, AuditStatus

        school = load_school95()
        answers = [a for t in school.teachers for a in school.audit_answers(t.id, ["nvc"])]
        answers.append(
            AuditAnswer(teacher_id="x", competency_id="nvc", status=AuditStatus.CAN_TEACH)
        )
        assert plan_peer_learning(answers).assignments
        print(json.dumps(heavy()))
        """
    )
    assert not {"numpy", "scipy"} & set(loaded)


def test_using_a_matching_name_loads_numpy_and_scipy_and_matches():
    result = run_fresh(
        """
        import pedcommunity
        from pedcommunity import MenteeProfile, MentorProfile, candidate_problem
        from pedcommunity.matching import optimal

        before = heavy()
        problem = candidate_problem(
            [MentorProfile(id="olga", teaches={"digital": 4}, capacity=1)],
            [MenteeProfile(id="ivan", needs={"digital": 3})],
        )
        print(json.dumps({
            "before": before,
            "after": heavy(),
            "pairs": optimal(problem).mentor_of(),
            "same_class": pedcommunity.MatchingProblem is type(problem),
        }))
        """
    )
    assert result["before"] == []
    assert {"numpy", "scipy"} <= set(result["after"])
    assert result["pairs"] == {"ivan": "olga"}
    assert result["same_class"]


@pytest.mark.parametrize("module", ["pedcommunity", "pedcommunity.matching"])
def test_every_public_name_resolves_in_a_fresh_interpreter_and_dir_lists_it(module):
    result = run_fresh(
        f"""
        import importlib

        m = importlib.import_module({module!r})
        listed = dir(m)  # before any name is used, and so kept in the module
        print(json.dumps({{
            "all": list(m.__all__),
            "not_in_dir": sorted(set(m.__all__) - set(listed)),
            "unresolved": [n for n in m.__all__ if not hasattr(m, n)],
        }}))
        """
    )
    assert result["all"]
    assert result["unresolved"] == []
    assert result["not_in_dir"] == []


def test_the_lazy_names_are_the_objects_the_matching_modules_define():
    from pedcommunity import matching
    from pedcommunity.matching import problem, solvers

    assert pedcommunity.MatchingProblem is problem.MatchingProblem
    assert pedcommunity.candidate_problem is problem.candidate_problem
    assert matching.optimal is solvers.optimal


@pytest.mark.parametrize("module", ["pedcommunity", "pedcommunity.matching"])
def test_an_unknown_name_is_still_an_attribute_error(module):
    m = importlib.import_module(module)
    with pytest.raises(AttributeError, match=f"module '{module}' has no attribute 'nope'"):
        getattr(m, "nope")  # noqa: B009 (the name is the point)
    with pytest.raises(ImportError, match="cannot import name 'nope'"):
        exec(f"from {module} import nope")
