"""The ledger as a spreadsheet (Excel or CSV), streamed and bounded in memory.

Columns are anonymised for everyone; coordinators also get the young
person's name, reading and date of birth. No value runs as a formula
(core.exports). The caller audits the export (cases.audit.log_export_of).

Rows come from `.values()` over a server-side cursor (`.iterator()`), never
as model objects: a prefecture's 60,000 open cases go out in a few MB of
memory. CSV is streamed as it is read; Excel is written with openpyxl's
write-only mode into a temporary file, then sent (or, when large, built by a
Celery task: cases.tasks).
"""

import csv
from collections.abc import Iterable, Iterator
from datetime import date
from typing import IO, Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from cases.ledger import ledger_counts
from cases.models import Case, Gender, age_on, anonymised_label
from core.exports import csv_cell, safe_row

CHUNK_ROWS = 2000  # rows fetched per round trip of the server-side cursor
WIDTHS = [26, 6, 8, 12, 8, 30, 14, 12, 12, 10, 10, 16, 20, 12]

_FIELDS = [
    "number",
    "status",
    "risk_level",
    "last_reviewed_on",
    "next_review_on",
    "lead_agency__name",
    "key_worker__family_name",
    "key_worker__given_name",
    "young_person__date_of_birth",
    "young_person__gender",
]
_NAME_FIELDS = [
    "young_person__family_name",
    "young_person__given_name",
    "young_person__family_name_kana",
    "young_person__given_name_kana",
]


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


def ledger_values(cases: QuerySet[Case], *, with_names: bool) -> Iterator[dict[str, Any]]:
    """The export's columns of annotated ledger cases, read in chunks."""
    fields = _FIELDS + [c.key for c in ledger_counts()] + (_NAME_FIELDS if with_names else [])
    return cases.values(*fields).iterator(chunk_size=CHUNK_ROWS)


def ledger_rows(values: Iterable[dict[str, Any]], *, with_names: bool) -> Iterator[list[Any]]:
    """One safe spreadsheet row per case (no cell runs as a formula)."""
    status = {k: str(v) for k, v in Case.Status.choices}
    risk = {k: str(v) for k, v in Case.Risk.choices}
    gender = {k: str(v) for k, v in Gender.choices}
    keys = [c.key for c in ledger_counts()]
    today = timezone.localdate()
    for v in values:
        born = v["young_person__date_of_birth"]
        key_worker = f"{v['key_worker__family_name'] or ''} {v['key_worker__given_name'] or ''}"
        row: list[Any] = [
            anonymised_label(v["number"], born, v["young_person__gender"]),
            age_on(born, today),
            gender[v["young_person__gender"]],
            status[v["status"]],
            risk[v["risk_level"]],
            v["lead_agency__name"],
            key_worker.strip(),
            v["last_reviewed_on"],
            v["next_review_on"],
            *(v[key] for key in keys),
        ]
        if with_names:
            row += [
                f"{v['young_person__family_name']} {v['young_person__given_name']}",
                f"{v['young_person__family_name_kana']} {v['young_person__given_name_kana']}",
                born,
            ]
        yield safe_row(row)


class _Line:
    """A file-like that hands back what csv.writer writes (one line at a time)."""

    def write(self, text: str) -> str:
        return text


def ledger_csv_stream(rows: Iterable[list[Any]], *, with_names: bool) -> Iterator[str]:
    """CSV lines, with a BOM so that Excel opens the Japanese text correctly."""
    writer = csv.writer(_Line())
    yield "\ufeff" + writer.writerow(ledger_header(with_names=with_names))
    batch: list[str] = []
    for row in rows:
        batch.append(writer.writerow([csv_cell(v) for v in row]))
        if len(batch) >= 500:  # fewer, larger chunks for the socket
            yield "".join(batch)
            batch = []
    if batch:
        yield "".join(batch)


def ledger_xlsx_write(rows: Iterable[list[Any]], *, with_names: bool, target: IO[bytes]) -> int:
    """Write the workbook to `target` in write-only mode (rows never all in memory)."""
    workbook = Workbook(write_only=True)
    sheet: WriteOnlyWorksheet = workbook.create_sheet(_("Progress ledger"))
    for index, width in enumerate(WIDTHS, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for title in ledger_header(with_names=with_names):
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    n = 0
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
        n += 1
    workbook.save(target)
    return n


def _xlsx_cell(sheet: WriteOnlyWorksheet, value: Any) -> Any:
    if isinstance(value, date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "yyyy/mm/dd"
        return cell
    return value
