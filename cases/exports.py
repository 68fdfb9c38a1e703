"""The ledger as a spreadsheet (Excel or CSV).

Columns are anonymised for everyone; coordinators also get the young
person's name, reading and date of birth. The caller audits the export. No
value runs as a formula (core.exports).
"""

import csv
import io
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from cases.ledger import ledger_counts
from cases.models import Case
from core.exports import csv_cell, safe_row


def ledger_header(*, with_names: bool) -> list[str]:
    header = [
        _("Case"),
        _("Age"),
        _("Gender"),
        _("Status"),
        _("Risk level"),
        _("Lead agency"),
        _("Key worker"),
        _("Last review"),
        _("Next review"),
        *(str(count.label) for count in ledger_counts()),
    ]
    if with_names:
        header += [_("Name"), _("Reading"), _("Date of birth")]
    return header


def ledger_row(case: Case, *, with_names: bool) -> list[Any]:
    person = case.young_person
    row: list[Any] = [
        case.anonymised_label,
        person.age,
        person.get_gender_display(),
        case.get_status_display(),
        case.get_risk_level_display(),
        case.lead_agency.name,
        case.key_worker.get_full_name() if case.key_worker else "",
        case.last_reviewed_on,
        case.next_review_on,
        *(getattr(case, count.key) for count in ledger_counts()),
    ]
    if with_names:
        row += [person.full_name, person.full_name_kana, person.date_of_birth]
    return row


def ledger_xlsx(cases: Iterable[Case], *, with_names: bool) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # noqa: S101 - a new workbook always has one sheet
    sheet.title = _("Progress ledger")
    sheet.append(ledger_header(with_names=with_names))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for case in cases:
        sheet.append(safe_row(ledger_row(case, with_names=with_names)))
    for column in sheet.iter_cols(min_row=2):
        for cell in column:
            if isinstance(cell.value, date):
                cell.number_format = "yyyy/mm/dd"
    for index, width in enumerate([26, 6, 8, 12, 8, 30, 14, 12, 12, 10, 10, 16, 20, 12], 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def ledger_csv(cases: Iterable[Case], *, with_names: bool) -> str:
    """CSV with a BOM so that Excel opens the Japanese text correctly."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(ledger_header(with_names=with_names))
    for case in cases:
        writer.writerow([csv_cell(v) for v in ledger_row(case, with_names=with_names)])
    return buffer.getvalue()
