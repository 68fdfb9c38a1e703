"""The page benchmark (manage.py bench), issue 12.

1. Start gunicorn (3 sync workers, DEBUG off, BENCH on so that each response
   reports its SQL statements and rows read: demo.bench_middleware).
2. Sign the personas of seed_scale in (sessions made directly, with the
   coordinator's second factor verified).
3. For each page: a warm-up, then N requests one after another; the median,
   p95, the ratio of the median to the floor view's (a login-required page
   from one query) requested after each of the page's requests (the machine's
   speed drifts within a run), statements and rows read.
4. The ledger export: time to the first byte and to the last, the bytes, and
   the growth of the web workers' peak memory (VmHWM).
"""

import http.client
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from cases.models import Case, CaseNote
from meetings.models import Meeting
from referrals.models import Referral


@dataclass
class Page:
    title: str
    persona: str
    path: str
    runs: int | None = None  # None: the run's default
    export: bool = False


@dataclass
class Result:
    page: Page
    times_ms: list[float]
    status: int
    queries: str
    rows: str
    first_byte_ms: float = 0.0
    size: int = 0
    # The floor view's median, one request after each of this page's: the machine's
    # speed drifts within a run, and a page reads against the floor of its moments.
    floor_ms: float = 0.0

    @property
    def median(self) -> float:
        return statistics.median(self.times_ms)

    @property
    def p95(self) -> float:
        ordered = sorted(self.times_ms)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


PERSONAS = {
    "coordinator": "scale-coordinator",
    "designated": "scale-designated",
    "practitioner": "scale-practitioner",
    "representative": "scale-representative",
}
SORTS = ["next_review", "-next_review", "number", "-number", "overdue", "risk"]


def pages(deep_page: int) -> list[Page]:
    """Every main page, as the persona that uses it."""
    busy = Case.objects.filter(number__isnull=False).order_by("pk").first()
    assert busy is not None  # noqa: S101 - seed_scale made the cases
    listed = [Page("floor view", "coordinator", "/demo/floor/")]
    listed += [Page(f"home ({p})", p, "/") for p in PERSONAS]
    listed += [
        Page("case list, open", "coordinator", "/cases/?status=open"),
        Page("case list, active", "practitioner", "/cases/?status=active"),
        Page("search 佐藤 (name)", "coordinator", "/cases/?" + urlencode({"q": "佐藤"})),
        Page("search さとう (kana)", "coordinator", "/cases/?" + urlencode({"q": "さとう"})),
        Page("search さとう (kana)", "practitioner", "/cases/?" + urlencode({"q": "さとう"})),
        Page("search 2024-0042 (number)", "coordinator", "/cases/?q=2024-0042&status="),
        Page("case page, 50 notes", "coordinator", f"/cases/{busy.pk}/"),
        Page("notes page 3", "coordinator", f"/cases/{busy.pk}/?notes=3"),
        Page("who viewed or changed", "coordinator", f"/cases/{busy.pk}/history/"),
    ]
    for sort in SORTS:
        listed.append(Page(f"ledger p.1 sort={sort}", "coordinator", f"/cases/ledger/?sort={sort}"))
    for sort in SORTS:
        listed.append(
            Page(
                f"ledger p.{deep_page} sort={sort}",
                "coordinator",
                f"/cases/ledger/?sort={sort}&page={deep_page}",
            )
        )
    listed += [
        Page("ledger p.1", "practitioner", "/cases/ledger/"),
        Page("ledger p.1", "designated", "/cases/ledger/"),
        Page(
            "ledger, agency filter", "coordinator", f"/cases/ledger/?agency={busy.lead_agency_id}"
        ),
        Page("referral inbox", "designated", "/referrals/"),
        Page("referral inbox", "practitioner", "/referrals/"),
        Page("statistics", "coordinator", "/reports/"),
        Page("directory", "practitioner", "/agencies/"),
        Page("directory search さくら", "practitioner", "/agencies/?" + urlencode({"q": "さくら"})),
        Page("notifications", "practitioner", "/notifications/"),
        Page("my tasks", "practitioner", "/cases/tasks/"),
    ]
    listed += meeting_pages()
    listed += [
        Page("ledger export CSV, names", "coordinator", "/cases/ledger/export.csv", 3, True),
        Page("ledger export CSV", "designated", "/cases/ledger/export.csv", 3, True),
        Page("ledger export Excel", "coordinator", "/cases/ledger/export.xlsx", 3, True),
    ]
    return listed


def meeting_pages() -> list[Page]:
    """The latest held practitioners' meeting: 30 cases on its agenda (seed_scale)."""
    meeting = (
        Meeting.objects.filter(kind__tier="practitioners", status="held")
        .order_by("-starts_at")
        .first()
    )
    if meeting is None:
        return []
    return [
        Page("meeting page, 30 case items", "coordinator", meeting.get_absolute_url()),
        Page(
            "meeting minutes, 30 case items", "coordinator", f"{meeting.get_absolute_url()}minutes/"
        ),
        Page(
            "agenda builder, 30 case items", "coordinator", f"{meeting.get_absolute_url()}agenda/"
        ),
    ]


def sessions() -> dict[str, str]:
    """A session cookie per persona, made as a sign-in would leave it."""
    cookies = {}
    for persona, username in PERSONAS.items():
        user = User.objects.get(username=username)
        client = Client()
        client.force_login(user, backend=settings.AUTHENTICATION_BACKENDS[-1])
        if user.is_coordinator:
            device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
            assert device is not None  # noqa: S101 - seed_scale gave one
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()
        cookies[persona] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return cookies


class Server:
    """gunicorn on a free port, as production runs it (DEBUG off)."""

    def __init__(self, *, port: int, workers: int) -> None:
        self.port = port
        env = {
            **os.environ,
            "DEBUG": "false",
            "DEMO": "true",
            "BENCH": "true",
            "HTTPS": "false",
            "STATIC_MANIFEST": "false",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECRET_KEY": settings.SECRET_KEY,
            "LOG_LEVEL": "WARNING",
        }
        gunicorn = str(Path(sys.executable).with_name("gunicorn"))
        self.process = subprocess.Popen(  # noqa: S603 - our own server
            [
                gunicorn,
                "council.wsgi:application",
                "--workers",
                str(workers),
                "--bind",
                f"127.0.0.1:{port}",
                "--timeout",
                "300",
                "--log-level",
                "warning",
            ],
            env=env,
        )
        for _n in range(100):
            try:
                status, _h, _b, _f = self.get("/health/", "")
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError("gunicorn did not start")

    def get(self, path: str, cookie: str) -> tuple[int, dict[str, str], int, float]:
        """One request: status, headers, body size, ms to the first body byte."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)
        started = time.perf_counter()
        headers = {"Cookie": f"{settings.SESSION_COOKIE_NAME}={cookie}"} if cookie else {}
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        first = response.read(1)
        first_ms = (time.perf_counter() - started) * 1000
        size = len(first)
        while chunk := response.read(65536):
            size += len(chunk)
        connection.close()
        return response.status, dict(response.getheaders()), size, first_ms

    def peak_memory_kb(self) -> dict[int, int]:
        """Each worker's peak resident memory (VmHWM)."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        peaks = {}
        for pid in children.read_text().split():
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peaks[int(pid)] = int(line.split()[1])
        return peaks

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def _timed(server: Server, path: str, cookie: str) -> tuple[float, int, dict[str, str], int, float]:
    started = time.perf_counter()
    status, headers, size, first = server.get(path, cookie)
    return (time.perf_counter() - started) * 1000, status, headers, size, first


def measure(
    server: Server,
    page: Page,
    cookie: str,
    *,
    runs: int,
    warmup: int,
    floor: tuple[Page, str] | None = None,
) -> Result:
    """The page's timings; with `floor` (the floor view and its cookie), each timed
    request of the page is followed by one of the floor, whose median is the
    page's `floor_ms`: the two are measured in the same moments of the run."""
    for _n in range(warmup):
        server.get(page.path, cookie)
    times, firsts, floors = [], [], []
    status, size = 0, 0
    headers: dict[str, str] = {}
    for _n in range(page.runs or runs):
        took, status, headers, size, first = _timed(server, page.path, cookie)
        times.append(took)
        firsts.append(first)
        if floor is not None:
            floors.append(_timed(server, floor[0].path, floor[1])[0])
    return Result(
        page,
        times,
        status,
        headers.get("X-Bench-Queries", "?"),
        headers.get("X-Bench-Rows", "?"),
        first_byte_ms=statistics.median(firsts),
        size=size,
        floor_ms=statistics.median(floors) if floors else 0.0,
    )


def run(*, runs: int, warmup: int, workers: int, port: int, only: str, out: Any) -> list[Result]:
    open_cases = Case.objects.exclude(status=Case.Status.CLOSED).count()
    deep = max(1, min(500, -(-open_cases // settings.LEDGER_PAGE_SIZE)))
    listed = [p for p in pages(deep) if only in p.title or p.title == "floor view"]
    cookies = sessions()
    totals = {
        "cases": Case.objects.count(),
        "open": open_cases,
        "notes": CaseNote.objects.count(),
        "referrals": Referral.objects.count(),
    }
    out.write(
        f"{totals['cases']:,} cases ({totals['open']:,} open), {totals['notes']:,} notes, "
        f"{totals['referrals']:,} referrals; {runs} runs after {warmup} warm-up, "
        f"gunicorn {workers} workers\n"
    )
    server = Server(port=port, workers=workers)
    results: list[Result] = []
    try:
        memory_before: dict[int, int] = {}
        for page in listed:
            if page.export and not memory_before:
                memory_before = server.peak_memory_kb()
            beside = (listed[0], cookies[listed[0].persona]) if results else None
            result = measure(
                server,
                page,
                cookies[page.persona],
                runs=runs,
                warmup=0 if page.export else warmup,
                floor=beside,
            )
            results.append(result)
        memory_after = server.peak_memory_kb()
    finally:
        server.stop()
    floor = results[0].median
    out.write(report(results, floor))
    if memory_before:
        growth = max(
            (memory_after.get(pid, 0) - before for pid, before in memory_before.items()),
            default=0,
        )
        out.write(f"\nexports: web workers' peak memory grew by at most {growth / 1024:.1f} MB\n")
    return results


def report(results: list[Result], floor: float) -> str:
    """One row a page; "× floor" against the floor measured beside the page."""
    lines = [
        "| page | as | median ms | p95 ms | floor beside, ms | × floor | queries | rows read "
        "| status |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        extra = ""
        if r.page.export:
            extra = f" (first byte {r.first_byte_ms:.0f} ms, {r.size / 1e6:.1f} MB)"
        beside = r.floor_ms or floor
        lines.append(
            f"| {r.page.title}{extra} | {r.page.persona} | {r.median:.1f} | {r.p95:.1f} | "
            f"{beside:.1f} | {r.median / beside:.1f} | {r.queries} | {r.rows} | {r.status} |"
        )
    return "\n".join(lines) + "\n"
