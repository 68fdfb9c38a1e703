"""Per-request figures for the benchmark (demo only, with BENCH on).

Each response carries the SQL statements the request ran (`X-Bench-Queries`)
and the table rows PostgreSQL read for it (`X-Bench-Rows`: sequential and
index tuple reads of pg_stat_xact_user_tables). Those statistics count per
transaction, so the request runs inside one, as ATOMIC_REQUESTS would; a
streamed response reports what ran before its body.
"""

from collections.abc import Callable
from typing import Any

from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse

ROWS_READ = (
    "SELECT COALESCE(SUM(COALESCE(seq_tup_read, 0) + COALESCE(idx_tup_fetch, 0)), 0) "
    "FROM pg_stat_xact_user_tables"
)


class BenchMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        count = [0]

        def counting(execute: Callable[..., Any], *args: Any) -> Any:
            count[0] += 1
            return execute(*args)

        with transaction.atomic():
            with connection.execute_wrapper(counting):
                response = self.get_response(request)
            with connection.cursor() as cursor:
                cursor.execute(ROWS_READ)
                rows = int(cursor.fetchone()[0])
        response["X-Bench-Queries"] = str(count[0])
        response["X-Bench-Rows"] = str(rows)
        return response
