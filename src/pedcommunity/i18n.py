"""Bilingual text: every user-facing label exists in Russian and English.

Identifiers stay English; what a person reads is a :class:`Label` with both languages.

Examples:
    >>> from pedcommunity.i18n import Label
    >>> stage = Label(ru="Выбор темы", en="Choice of topic")
    >>> stage.get("ru")
    'Выбор темы'
    >>> stage.get("en")
    'Choice of topic'
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Any, Literal, Self, get_args

import attrs

from pedcommunity._repr import shown
from pedcommunity.errors import InvalidData

__all__ = [
    "LANGS",
    "Label",
    "LabelledEnum",
    "LabelledIntEnum",
    "Lang",
    "check_lang",
    "counted",
    "ru_plural",
]

Lang = Literal["ru", "en"]
LANGS: tuple[Lang, ...] = get_args(Lang)


def check_lang(lang: str) -> Lang:
    """Return ``lang`` if it is a supported language, else raise :class:`InvalidData`.

    Examples:
        >>> check_lang("en")
        'en'
    """
    if lang not in LANGS:
        raise InvalidData(f"unsupported language {shown(lang)}; use one of {', '.join(LANGS)}")
    return "ru" if lang == "ru" else "en"


def _non_empty(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not value.strip():
        raise ValueError(f"{attribute.name} text must not be empty")


@attrs.frozen
class Label:
    """A piece of user-facing text in Russian and English.

    Examples:
        >>> Label(ru="Наставник", en="Mentor").get("en")
        'Mentor'
    """

    ru: str = attrs.field(validator=[attrs.validators.instance_of(str), _non_empty])
    en: str = attrs.field(validator=[attrs.validators.instance_of(str), _non_empty])

    def get(self, lang: str) -> str:
        """Return the text in ``lang`` (``"ru"`` or ``"en"``)."""
        return self.ru if check_lang(lang) == "ru" else self.en

    def __str__(self) -> str:
        return self.en


class LabelledEnum(enum.Enum):
    """An enum whose members each carry a Russian and English :class:`Label`.

    A member is declared as ``NAME = value, "по-русски", "In English"``: its value stays
    ``value`` (what the JSON contract writes), and ``member.label`` is the label. One base
    instead of a ``label`` property and a labels dict repeated in every enum.

    Examples:
        >>> class Colour(LabelledEnum):
        ...     RED = "red", "Красный", "Red"
        >>> Colour("red").label.ru, Colour.RED.value
        ('Красный', 'red')
        >>> Colour.labels()[Colour.RED].en
        'Red'
    """

    _label: Label

    if TYPE_CHECKING:  # ``Kind(value)`` looks a member up; the labels are for declarations

        def __new__(cls, value: Any, *label: str) -> Self: ...  # noqa: D102

    else:

        def __new__(cls, value: Any, ru: str, en: str) -> LabelledEnum:  # noqa: D102
            member = object.__new__(cls)
            member._value_ = value
            member._label = Label(ru=ru, en=en)
            return member

    @property
    def label(self) -> Label:
        """The member's Russian and English name."""
        return self._label

    @classmethod
    def labels(cls) -> dict[Any, Label]:
        """Every member's label, in declaration order."""
        return {m: m._label for m in cls}


class LabelledIntEnum(enum.IntEnum):
    """An :class:`enum.IntEnum` whose members carry a :class:`Label`, as :class:`LabelledEnum`.

    Examples:
        >>> class Size(LabelledIntEnum):
        ...     SMALL = 1, "Малый", "Small"
        >>> Size(1).label.en, Size.SMALL + 1
        ('Small', 2)
    """

    _label: Label

    if TYPE_CHECKING:  # ``Kind(value)`` looks a member up; the labels are for declarations

        def __new__(cls, value: int, *label: str) -> Self: ...  # noqa: D102

    else:

        def __new__(cls, value: int, ru: str, en: str) -> LabelledIntEnum:  # noqa: D102
            member = int.__new__(cls, value)
            member._value_ = value
            member._label = Label(ru=ru, en=en)
            return member

    @property
    def label(self) -> Label:
        """The member's Russian and English name."""
        return self._label

    @classmethod
    def labels(cls) -> dict[Any, Label]:
        """Every member's label, in declaration order."""
        return {m: m._label for m in cls}


def ru_plural(n: int, one: str, few: str, many: str) -> str:
    """The Russian form of a noun after the whole number ``n``: наставник, наставника, наставников.

    Examples:
        >>> [ru_plural(n, "вид", "вида", "видов") for n in (1, 2, 5, 11, 21, 104)]
        ['вид', 'вида', 'видов', 'видов', 'вид', 'вида']
    """
    n = abs(n)
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def counted(n: int, one: str, many: str | None = None) -> str:
    """``n`` and an English noun that agrees with it: ``1 mentee``, ``2 mentees``.

    Examples:
        >>> counted(1, "mentee"), counted(3, "mentee"), counted(0, "entry", "entries")
        ('1 mentee', '3 mentees', '0 entries')
    """
    return f"{n} {one if n == 1 else (many or one + 's')}"
