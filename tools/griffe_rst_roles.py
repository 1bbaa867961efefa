"""A griffe extension for the API reference: the docstrings' Sphinx roles become links.

The docstrings are Google style with Sphinx cross-reference roles (``:class:`Engine```,
``:func:`~pedcommunity.workflows.fire```, ``:mod:`criteria <pedcommunity.matching.criteria>```),
which mkdocstrings would show as written. ``mkdocs.yml`` loads this extension; it rewrites each
role, once the package is loaded, as mkdocs-autorefs' optional reference to the object's full
path: a link where the object is rendered in the API reference, plain code elsewhere (an
optional reference that finds nothing is no warning, so ``mkdocs build --strict`` stays clean).
Names are resolved as Python would from the docstring's place (imports, members, parents); a
leading dot (``:func:`.workflows.start_workflow```) is looked up in the enclosing packages.
"""

from __future__ import annotations

import html
import re
from typing import Any

from griffe import (
    Alias,
    AliasResolutionError,
    CyclicAliasError,
    Extension,
    GriffeLoader,
    Module,
    NameResolutionError,
    Object,
)

ROLE = re.compile(
    r"(?<![\w`\"]):(?:py:)?(?:mod|class|func|meth|data|attr|exc|obj|const):`(?P<body>[^`]+)`"
)
LABELLED = re.compile(r"(?P<text>.*?)\s*<(?P<target>[^<>]+)>")


class SphinxRoles(Extension):
    """Rewrite ``:role:`target``` in every docstring of a loaded package."""

    def on_package(self, *, pkg: Module, loader: GriffeLoader, **kwargs: Any) -> None:
        """Rewrite the docstrings of the package and of everything in it."""
        seen: set[int] = set()
        stack: list[Object] = [pkg]
        while stack:
            obj = stack.pop()
            if id(obj) in seen:
                continue
            seen.add(id(obj))
            if obj.docstring is not None and ":`" in obj.docstring.value:
                obj.docstring.value = ROLE.sub(
                    lambda match, obj=obj: _reference(obj, match["body"], loader),
                    obj.docstring.value,
                )
            stack.extend(member for member in obj.members.values() if not isinstance(member, Alias))


def _reference(obj: Object, body: str, loader: GriffeLoader) -> str:
    labelled = LABELLED.fullmatch(body)
    if labelled:
        text, target = labelled["text"], labelled["target"].lstrip("~")
    else:
        target = body.lstrip("~")
        text = target.rsplit(".", 1)[-1] if body.startswith("~") else target.lstrip(".")
    path = _resolve(obj, target.removesuffix("()"), loader)
    code = f"<code>{html.escape(text)}</code>"
    if path is None:
        return code
    return f'<autoref identifier="{html.escape(path)}" optional>{code}</autoref>'


def _exists(path: str, loader: GriffeLoader) -> bool:
    try:
        loader.modules_collection[path]
    except (KeyError, ValueError, AliasResolutionError, CyclicAliasError):
        return False
    return True


def _resolve(obj: Object, target: str, loader: GriffeLoader) -> str | None:
    if target.startswith("."):
        relative = target.lstrip(".")
        scope: Object | None = obj
        while scope is not None:
            if _exists(f"{scope.path}.{relative}", loader):
                return f"{scope.path}.{relative}"
            scope = scope.parent
        return None
    if _exists(target, loader):
        return target
    first, _, rest = target.partition(".")
    try:
        resolved = obj.resolve(first)
    except NameResolutionError:
        return None
    path = f"{resolved}.{rest}" if rest else resolved
    return path if _exists(path, loader) else None
