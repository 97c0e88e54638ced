"""The indicators workbook: same tables, text never becomes a formula."""

import pandas as pd
from openpyxl import load_workbook

from analysis.indicators import write_excel


def test_text_that_looks_like_a_formula_stays_text(tmp_path):
    frame = pd.DataFrame(
        {
            "division": ['=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)", "kanslia"],
            "measures": [1, 2, 3, 4, 5],
            "completion_rate": [0.5, None, 1.0, 0.0, 0.25],
        }
    )
    path = write_excel({"completion_by_division": frame}, tmp_path / "indicators.xlsx")
    sheet = load_workbook(path)["completion_by_division"]
    assert [c.value for c in sheet[1]] == ["division", "measures", "completion_rate"]
    for row, expected in zip(sheet.iter_rows(min_row=2), frame["division"], strict=True):
        assert row[0].value == expected and row[0].data_type == "s"
    assert sheet["C2"].number_format == "0.0%" and sheet["C2"].value == 0.5
    assert sheet["C3"].value is None
    assert sheet.freeze_panes == "A2"
