"""``pedcommunity definitions list|show``: the workflow definitions and their diagrams.

``definitions list`` prints the name, the versions and the label of every definition this
installation knows: the standard ones and those the installed plugins add (marked so).
``definitions show NAME`` prints one definition, its latest version unless ``--version``
names another (``NAME@VERSION`` works too), as a Mermaid state diagram (``--format
mermaid``, the default), a Markdown page with the diagram and a table of the triggers
(``markdown``) or a JSON document (``json``), in Russian or English (``--lang``). A plugin's
definition, a school's own extension of the PLC cycle say, is drawn the same way as the
standard ones (:mod:`pedcommunity.workflows.diagram`). An unknown name or version prints one
line that lists the known ones, and exits with 2.

Examples:
    >>> from pedcommunity.cli import main
    >>> main(["definitions", "show", "initiative", "--lang", "en"])  # doctest: +ELLIPSIS
    stateDiagram-v2
        state "Proposed" as proposed
    ...
    0
    >>> main(["definitions", "show", "no_such_thing", "--lang", "en"])
    2
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from pedcommunity.cli._common import Usage, add_lang, in_lang

if TYPE_CHECKING:
    from pedcommunity.i18n import Label
    from pedcommunity.workflows import DefinitionRegistry, WorkflowDefinition

__all__ = ["FORMATS", "add_commands", "definition_document", "find_definition", "run_definitions"]

#: What ``definitions show`` prints.
FORMATS = ("mermaid", "markdown", "json")

_TEXT = {
    "header": (("определение", "версии", "название"), ("definition", "versions", "label")),
    "plugin": ("(плагин)", "(plugin)"),
}


def _t(key: str, lang: str) -> Any:
    return in_lang(_TEXT, key, lang)


def add_commands(sub: Any) -> None:
    """Register ``definitions`` with its two actions, ``list`` and ``show``."""
    definitions = sub.add_parser(
        "definitions",
        help="list the workflow definitions or draw one as a diagram / определения процессов: "
        "список, диаграмма",
        description="The workflow definitions this installation knows (the standard ones and "
        "the installed plugins'), and each one's stages and triggers as a Mermaid diagram.",
    )
    actions = definitions.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser(
        "list", help="names, versions and labels of the definitions / список определений"
    )
    add_lang(listing)
    show = actions.add_parser(
        "show",
        help="print a definition as a Mermaid diagram, a Markdown page or JSON / "
        "показать определение: диаграмма, страница, JSON",
    )
    show.add_argument(
        "name", metavar="NAME", help="the definition's name (plc_cycle), or NAME@VERSION"
    )
    show.add_argument(
        "--version",
        dest="definition_version",
        metavar="V",
        help="the version to show (default: the latest) / версия (по умолчанию последняя)",
    )
    show.add_argument(
        "--format",
        choices=FORMATS,
        default="mermaid",
        help="mermaid (default): a stateDiagram-v2; markdown: a page with the diagram and the "
        "triggers' table; json: the definition as data",
    )
    add_lang(show)
    definitions.set_defaults(run=run_definitions)


def _registry() -> tuple[DefinitionRegistry, set[str]]:
    """Every known definition (the standard ones and the plugins'), and the plugins' keys."""
    from pedcommunity.services.plugins import load_plugins  # noqa: PLC0415 (loads workflows)
    from pedcommunity.workflows import standard_definitions  # noqa: PLC0415

    registry = load_plugins().registry()
    standard = {d.key for d in standard_definitions()}
    return registry, {d.key for d in registry} - standard


def _versions(registry: DefinitionRegistry) -> dict[str, list[str]]:
    """Each definition name and its versions, oldest first."""
    from pedcommunity.workflows.registry import _version_key  # noqa: PLC0415

    found: dict[str, list[str]] = {}
    for definition in registry:
        found.setdefault(definition.name, []).append(definition.version)
    return {name: sorted(found[name], key=_version_key) for name in sorted(found)}


def find_definition(
    registry: DefinitionRegistry, name: str, version: str | None = None
) -> WorkflowDefinition:
    """The definition ``name`` (``NAME@VERSION`` too) at ``version``, else its latest.

    Raises:
        Usage: no definition of that name or version; the message lists the known ones.
    """
    from pedcommunity.errors import UnknownDefinition  # noqa: PLC0415

    if version is None and "@" in name:
        name, _, version = name.rpartition("@")
    try:
        return registry.latest(name) if version is None else registry.get(name, version)
    except UnknownDefinition as exc:
        versions = _versions(registry)
        ru_head, en_head = exc.summary("ru"), exc.summary("en")
        if name in versions:
            known = ", ".join(versions[name])
            raise Usage(
                en=f"{en_head}: '{name}' has no version '{version}'; versions: {known}",
                ru=f"{ru_head}: у «{name}» нет версии «{version}»; есть версии: {known}",
            ) from None
        names = ", ".join(versions)
        raise Usage(
            en=f"{en_head}: '{name}'; known: {names} (pedcommunity definitions list)",
            ru=f"{ru_head}: «{name}»; известные: {names} (pedcommunity definitions list)",
        ) from None


def _label(label: Label) -> dict[str, str]:
    return {"ru": label.ru, "en": label.en}


def definition_document(definition: WorkflowDefinition) -> dict[str, Any]:
    """``definition`` as JSON-ready data: states, roles, triggers (who fires them), transitions.

    Examples:
        >>> from pedcommunity.workflows import INITIATIVE
        >>> doc = definition_document(INITIATIVE)
        >>> doc["key"], doc["initial"], doc["transitions"][0]
        ('initiative@1', 'proposed', {'trigger': 'start_review', 'source': ['proposed'], \
'dest': 'under_review', 'guards': ['not_proposer']})
    """
    triggers = []
    for spec in definition.triggers:
        permission = definition.permissions.get(spec.name)
        triggers.append(
            {
                "name": spec.name,
                "label": _label(spec.label),
                "roles": ["anyone"] if permission is None else sorted(permission.roles),
                "subject": None if permission is None else permission.subject,
                "for_others": [] if permission is None else sorted(permission.for_others),
                "who": {
                    lang: "anyone"
                    if permission is None
                    else permission.describe(definition.roles, lang)
                    for lang in ("ru", "en")
                },
            }
        )
    return {
        "key": definition.key,
        "name": definition.name,
        "version": definition.version,
        "label": _label(definition.label),
        "based_on": definition.based_on,
        "initial": definition.initial,
        "states": [
            {"name": s.name, "label": _label(s.label), "final": s.final} for s in definition.states
        ],
        "roles": [
            {"name": role, "label": _label(definition.role_label(role))}
            for role in definition.roles
        ],
        "triggers": triggers,
        "transitions": [
            {
                "trigger": t.trigger,
                "source": list(t.source),
                "dest": t.dest,
                "guards": list(t.guards),
            }
            for t in definition.transitions
        ],
    }


def run_definitions(args: argparse.Namespace) -> int:
    """``pedcommunity definitions list`` or ``definitions show NAME``."""
    registry, from_plugins = _registry()
    lang = args.lang
    if args.action == "list":
        versions = _versions(registry)
        rows = [_t("header", lang)]
        for name, found in versions.items():
            latest = registry.get(name, found[-1])
            label = latest.label.get(lang)
            if any(f"{name}@{v}" in from_plugins for v in found):
                label += " " + _t("plugin", lang)
            rows.append((name, ", ".join(found), label))
        widths = [max(len(row[i]) for row in rows) for i in range(2)]
        for row in rows:
            print(f"{row[0]:<{widths[0]}}  {row[1]:<{widths[1]}}  {row[2]}")
        return 0
    definition = find_definition(registry, args.name, args.definition_version)
    from pedcommunity.workflows.diagram import definition_page, mermaid_diagram  # noqa: PLC0415

    if args.format == "mermaid":
        print(mermaid_diagram(definition, lang=lang))
    elif args.format == "markdown":
        sys.stdout.write(definition_page(definition, lang))
    else:
        print(json.dumps(definition_document(definition), ensure_ascii=False, indent=2))
    return 0
