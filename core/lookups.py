"""`id__any_of=[...]`: a list of ids as one SQL parameter (issue 12).

`pk__in=ids` writes one placeholder per id, and Django prepares each: a
practitioner's home filters half a dozen lists by the same 450 case ids,
which cost more to compile than to run. On PostgreSQL `any_of` sends the
list as one array (`id = ANY(%s)`); elsewhere (the demo's SQLite) it is IN.
"""

from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import ForeignObject, IntegerField
from django.db.models.lookups import Lookup
from django.db.models.sql.compiler import SQLCompiler


class AnyOf(Lookup):  # type: ignore[type-arg]
    lookup_name = "any_of"
    prepare_rhs = False

    def _ids(self) -> list[int]:
        return [int(value) for value in self.rhs]

    def as_sql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper) -> Any:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        ids = self._ids()
        if not ids:
            return "1 = 0", []
        placeholders = ", ".join(["%s"] * len(ids))
        return f"{lhs} IN ({placeholders})", [*lhs_params, *ids]

    def as_postgresql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper) -> Any:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s::bigint[])", [*lhs_params, self._ids()]


IntegerField.register_lookup(AnyOf)
ForeignObject.register_lookup(AnyOf)  # case_id__any_of: the foreign key's own column
