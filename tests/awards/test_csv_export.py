import io
from decimal import Decimal

import pytest

from awards.csv_export import csv_bytes, csv_cell, csv_write


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ('=HYPERLINK("x")', '\'=HYPERLINK("x")'),
        ("+1", "'+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("PT Nusantara", "PT Nusantara"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
        (True, "True"),
    ],
)
def test_text_cells_that_a_spreadsheet_would_run_get_a_leading_quote(value, written):
    assert csv_cell(value) == written


@pytest.mark.parametrize("number", [3, -2, 0, Decimal("87.50"), Decimal("-2.50"), -0.5])
def test_numbers_written_as_numbers_stay_numbers(number):
    assert csv_cell(number) == number


def test_the_whole_file_is_escaped_and_ends_lines_with_newline():
    data = csv_bytes(header=["company", "score"], rows=[["=1+1", Decimal("-2.50")], ["PT A, B", 7]])
    assert data == b"company,score\n'=1+1,-2.50\n\"PT A, B\",7\n"
    assert csv_bytes(header=["a"], rows=[], byte_order_mark=True) == "\ufeffa\n".encode()


def test_csv_write_writes_to_any_text_stream():
    stream = io.StringIO()
    csv_write(stream, header=["@head"], rows=[["-x"]])
    assert stream.getvalue() == "'@head\n'-x\n"
