"""The header checks of the CSV reader: the columns a file must, may and may not have.

:func:`_header_problem` says what is wrong with a header row, in English and Russian, with a
"did you mean" for a misspelt column and a hint when the cells seem separated by another
delimiter than the comma. The row reader raises it as a
:class:`~pedcommunity.adapters.csv_io.CsvError` naming the line; the column reader only asks
whether there is one.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence

from pedcommunity.adapters._csv_cells import shown


def _expected(required: Sequence[str], optional: Sequence[str]) -> str:
    return ", ".join([f"{c} (required)" for c in required] + list(optional))


def _expected_ru(required: Sequence[str], optional: Sequence[str]) -> str:
    return ", ".join([f"{c} (обязательный)" for c in required] + list(optional))


def _header_problem(
    header: list[str],
    *,
    required: Sequence[str],
    optional: Sequence[str],
    extra: bool,
    kind: str,
) -> tuple[str, str, str | None] | None:
    """What is wrong with ``header``, as ``(English, Russian, the column at fault)``, or ``None``.

    A column named twice, an unknown column (unless ``extra``) with a "did you mean", a missing
    one, and a header that is one name holding ``;``, a tab or ``|``: the cells of a file
    separated by another delimiter than the comma.
    """
    known = (*required, *optional)
    expected, expected_ru = _expected(required, optional), _expected_ru(required, optional)
    twice = sorted({h for h in header if header.count(h) > 1 and h in known})
    if twice:
        return (
            f"column {twice[0]} appears twice in the header; each column once: {expected}",
            f"столбец {twice[0]} повторяется в заголовке; каждый столбец один раз: {expected_ru}",
            twice[0],
        )
    # A column with no name is the spreadsheet's trailing empty column: allowed while empty.
    unknown = [] if extra else [h for h in header if h and h not in known]
    missing = [c for c in required if c not in header]
    if not unknown and not missing:
        return None
    en, ru = [], []
    if unknown:
        names = ", ".join(shown(h) for h in unknown[:5]) + (" ..." if len(unknown) > 5 else "")
        guesses = [g for h in unknown for g in difflib.get_close_matches(h, known, n=1)]
        if len(header) == 1 and any(d in header[0] for d in ";\t|"):
            guesses = []  # one name holding a delimiter: the hint below says more
        hint = f" (did you mean {', '.join(guesses)}?)" if guesses else ""
        hint_ru = f" (может быть, {', '.join(guesses)}?)" if guesses else ""
        plural = "s" if len(unknown) > 1 else ""
        en.append(f"unknown column{plural} {names}{hint}")
        ru.append(
            f"неизвестны{'е' if plural else 'й'} столб{'цы' if plural else 'ец'} {names}{hint_ru}"
        )
    if missing:
        others = [h for h in header if h not in known]
        near = [h for m in missing for h in difflib.get_close_matches(m, others, n=1)]
        hint = f" (is {', '.join(shown(h) for h in near)} misspelt?)" if extra and near else ""
        hint_ru = f" (может быть, опечатка в {', '.join(shown(h) for h in near)}?)" if hint else ""
        en.append(f"missing column(s) {', '.join(missing)}{hint}")
        ru.append(f"нет столбца {', '.join(missing)}{hint_ru}")
    delimiter = next((d for d in ";\t|" if len(header) == 1 and d in header[0]), None)
    if delimiter is not None:
        en.append(f"the cells seem separated by {delimiter!r}: a CSV file separates them by commas")
        ru.append(f"ячейки, похоже, разделены {delimiter!r}: в CSV их разделяют запятые")
    return (
        f"{'; '.join(en)}; {kind} has the columns {expected}",
        f"{'; '.join(ru)}; столбцы файла: {expected_ru}",
        (unknown or missing)[0] if len(unknown) + len(missing) == 1 else None,
    )
