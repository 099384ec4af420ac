"""The one CSV writer: every CSV the platform writes goes through here (as every PDF goes through pdf.py).

Cells are escaped against CSV (formula) injection, OWASP's rule: a text cell that starts with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return gets a leading ``'``, so a spreadsheet shows it as text
instead of running it (a company named ``=HYPERLINK("...")`` stays a name). Numbers given as numbers
(``int``, ``float``, ``Decimal``) are written as they are and stay numbers, a negative one included:
``-2.50`` written from a ``Decimal`` is a number, the text ``"-2+3"`` is escaped. A boolean is text
(``True``/``False``), ``None`` an empty cell. Lines end with ``\n``.
"""

import csv
import io
from collections.abc import Iterable
from decimal import Decimal

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value) -> str | int | float | Decimal:
    """One cell as it is written: numbers as numbers, text escaped when a spreadsheet would run it."""
    if value is None:
        return ""
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return value
    text = str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def csv_write(stream, *, header: Iterable, rows: Iterable[Iterable]) -> None:
    """Write the header and the rows to a text stream (a file, a StringIO, an HttpResponse), every cell escaped."""
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow([csv_cell(value) for value in header])
    writer.writerows([csv_cell(value) for value in row] for row in rows)


def csv_bytes(*, header: Iterable, rows: Iterable[Iterable], byte_order_mark: bool = False) -> bytes:
    """The whole CSV as UTF-8 bytes; with ``byte_order_mark`` spreadsheet programs read it as UTF-8."""
    buffer = io.StringIO()
    if byte_order_mark:
        buffer.write("\ufeff")
    csv_write(buffer, header=header, rows=rows)
    return buffer.getvalue().encode("utf-8")
