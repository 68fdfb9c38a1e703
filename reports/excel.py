"""The annual report as an Excel workbook: one sheet per table, Japanese headers,
A4 print setup, values only (no formula reaches Excel: core.exports)."""

from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from core.dates import fiscal_year_label
from core.exports import safe_cell
from reports.statistics import Figure
from reports.suppression import COUNT

HIDDEN = "＊"


def _shown(value: int | None) -> object:
    return HIDDEN if value is None else value


def annual_workbook(
    year: int, figures: list[Figure], median_days: int | None, council: str
) -> bytes:
    book = Workbook()
    cover = book.active
    assert cover is not None  # noqa: S101 - a new workbook has its first sheet
    cover.title = _("Summary")[:31]
    cover.append([safe_cell(council)])
    cover.append([_("Annual report"), fiscal_year_label(year)])
    cover.append([_("Median days from opening to closing"), _shown(median_days)])
    cover.append(
        [
            HIDDEN,
            _(
                "Hidden so that no young person can be recognised: fewer than 3, "
                "or a figure that a total would give away."
            ),
        ]
    )
    cover["A1"].font = Font(bold=True, size=14)
    for figure in figures:
        sheet = book.create_sheet(title=figure.title[:31])
        table = figure.table
        wide = table.columns != [COUNT]
        header = [figure.title, *(figure.column_labels.get(c, c) for c in table.columns)]
        if wide and table.row_totals:
            header.append(_("Total"))
        sheet.append([safe_cell(h) for h in header])
        for row in table.rows:
            line = [safe_cell(figure.label_of_row(row)), *(_shown(v) for v in table.row(row))]
            if wide and table.row_totals:
                line.append(_shown(table.row_totals[row]))
            sheet.append(line)
        if table.column_totals:
            totals = [_("Total"), *(_shown(table.column_totals[c]) for c in table.columns)]
            if wide and table.row_totals:
                totals.append(_shown(table.total))
            sheet.append(totals)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="DDEBF7")
        sheet.freeze_panes = "B2"
        sheet.column_dimensions["A"].width = 28
        for index in range(2, len(header) + 1):
            sheet.column_dimensions[get_column_letter(index)].width = 14
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.orientation = "landscape" if wide else "portrait"
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.oddHeader.center.text = f"{council} {fiscal_year_label(year)}"
        if figure.note:
            sheet.append([])
            sheet.append([safe_cell(figure.note)])
    out = BytesIO()
    book.save(out)
    return out.getvalue()
