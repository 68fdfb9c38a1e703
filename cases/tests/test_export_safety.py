"""The ledger's exports never carry a live formula, even from names typed as one."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from cases.tests.factories import YoungPersonFactory, open_case


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_names_that_look_like_formulas_stay_text(client, personas, fmt):
    person = YoungPersonFactory.create(family_name="=cmd|' /C calc'!A0", given_name="@x")
    open_case(lead_agency=personas.agency_a, by=personas.coordinator, person=person)
    personas.agency_a.name = "-2+3"
    personas.agency_a.save(update_fields=["name"])
    client.force_login(personas.coordinator)  # the export with names
    response = client.get(reverse("cases:ledger-export", args=[fmt]))
    if fmt == "csv":
        rows = list(
            csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")))
        )
        cells = [c for row in rows for c in row]
    else:
        sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
        cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert "'-2+3" in cells
    assert any(c.startswith("'=cmd") for c in cells)
    assert not any(c.startswith(("=", "+", "-", "@")) for c in cells)
