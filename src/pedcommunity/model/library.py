"""The library of a network community (seed 004, 29).

Seed 004: «библиотека содержит методические материалы, нормативные документы, цифровые
образовательные ресурсы, а также ссылки на внешние источники информации», and the
administrator is responsible for «размещение (удаление) материалов». A :class:`LibraryItem`
sits in one :class:`LibrarySection` from the day it was added until the day it is removed (the
record stays, with the reason). A digital resource or an external link has a ``link``; a
methodical material may point at one of the community's published materials; ``author`` may be
an outsider (a ministry's regulation); ``language`` is a BCP 47 tag (``"tt"`` for the seed's
mathematics problems in Tatar).

Examples:
    >>> from datetime import date
    >>> item = LibraryItem(id="lib1", title="Задачи по математике на татарском языке",
    ...                    section=LibrarySection.METHODICAL_MATERIALS,
    ...                    added_on=date(2025, 9, 1), added_by="admin", language="tt")
    >>> item.section.label.ru, item.held_on(date(2025, 9, 1))
    ('Методические материалы', True)
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import attrs

from pedcommunity._repr import shown
from pedcommunity.i18n import LabelledEnum
from pedcommunity.model._dates import check_date
from pedcommunity.model._fields import check_id, check_text

__all__ = ["LibraryItem", "LibrarySection"]

_optional_id = attrs.validators.optional(check_id)
_optional_text = attrs.validators.optional(check_text)


class LibrarySection(LabelledEnum):
    """The four sections of the library seed 004 lists.

    Examples:
        >>> [s.value for s in LibrarySection if s.needs_link]
        ['digital_resources', 'external_links']
    """

    METHODICAL_MATERIALS = "methodical_materials", "Методические материалы", "Methodical materials"
    REGULATIONS = "regulations", "Нормативные документы", "Regulations"
    DIGITAL_RESOURCES = (
        "digital_resources",
        "Цифровые образовательные ресурсы",
        "Digital educational resources",
    )
    EXTERNAL_LINKS = (
        "external_links",
        "Ссылки на внешние источники",
        "Links to external sources",
    )

    @property
    def needs_link(self) -> bool:
        """Whether an item of this section must say where it is (a resource, a link)."""
        return self in {LibrarySection.DIGITAL_RESOURCES, LibrarySection.EXTERNAL_LINKS}


# BCP 47 in the shape applications meet: a 2-3 letter language and optional subtags
# ("tt", "ru-RU", "tt-Cyrl"); the registry of subtags is not checked.
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")


def _language(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    if not isinstance(value, str) or not _LANGUAGE_TAG.fullmatch(value):
        raise ValueError(
            f"{attribute.name} must be a BCP 47 language tag such as 'ru', 'tt' or 'ru-RU', "
            f"got {shown(value)}"
        )


@attrs.frozen
class LibraryItem:
    """One item of the library: what, in which section, added when and by whom; removed when.

    ``link`` is required in the sections of digital resources and external links.
    ``material_id`` points at one of the community's methodical materials. ``removed_on`` and
    ``removal_reason`` are set together, and an item is not removed before it was added.

    Examples:
        >>> from datetime import date
        >>> LibraryItem(id="lib2", title="Российская электронная школа",
        ...             section=LibrarySection.DIGITAL_RESOURCES, added_on=date(2025, 9, 1),
        ...             added_by="admin")
        Traceback (most recent call last):
        ...
        ValueError: an item in digital_resources needs a link
    """

    id: str = attrs.field(validator=check_id)
    title: str = attrs.field(validator=check_text)
    section: LibrarySection = attrs.field(validator=attrs.validators.instance_of(LibrarySection))
    added_on: date = attrs.field(validator=check_date)
    added_by: str = attrs.field(validator=check_id)
    link: str | None = attrs.field(default=None, validator=_optional_text)
    material_id: str | None = attrs.field(default=None, validator=_optional_id)
    author: str | None = attrs.field(default=None, validator=_optional_text)
    language: str | None = attrs.field(default=None, validator=_language)
    removed_on: date | None = attrs.field(
        default=None, validator=attrs.validators.optional(check_date)
    )
    removal_reason: str | None = attrs.field(default=None, validator=_optional_text)

    def __attrs_post_init__(self) -> None:
        if self.section.needs_link and self.link is None:
            raise ValueError(f"an item in {self.section.value} needs a link")
        if (self.removed_on is None) != (self.removal_reason is None):
            raise ValueError("removed_on and removal_reason are set together, or neither")
        if self.removed_on is not None and self.removed_on < self.added_on:
            raise ValueError(
                f"removed_on ({self.removed_on.isoformat()}) must not be before added_on "
                f"({self.added_on.isoformat()})"
            )

    @property
    def is_held(self) -> bool:
        """Whether the item is in the library now (not removed)."""
        return self.removed_on is None

    def held_on(self, day: date) -> bool:
        """Whether the item was in the library at the end of ``day``.

        Examples:
            >>> item = LibraryItem(id="l", title="Приказ", section=LibrarySection.REGULATIONS,
            ...                    added_on=date(2025, 9, 1), added_by="admin",
            ...                    removed_on=date(2025, 10, 1), removal_reason="Утратил силу")
            >>> item.held_on(date(2025, 9, 30)), item.held_on(date(2025, 10, 1))
            (True, False)
        """
        return self.added_on <= day and (self.removed_on is None or day < self.removed_on)
