"""`id__any_of=[...]` or `id__any_of=<queryset>`: ids as one array (issue 12).

A list: `pk__in=ids` writes one placeholder per id, and Django prepares
each; a practitioner's tasks are filtered by their agency's few hundred
open cases (or their plans), which cost more to compile than to run. On
PostgreSQL `any_of` sends the list as one array (`id = ANY(%s)`).

A queryset: `id = ANY(ARRAY(subquery))` makes PostgreSQL read the few
hundred ids first (an InitPlan) and then fetch those rows by index, where
`id IN (subquery)` let it join the subquery against all 61,000 open cases.

Elsewhere (the demo's SQLite) both are IN.

Hand a long list over as `IdArray(ids)`: the ORM walks and hashes a plain
list element by element each time a filter is built or compared, and the
driver quotes each element; an IdArray is one value to both, sent as one
array literal.
"""

from collections.abc import Iterable, Iterator
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import ForeignObject, IntegerField
from django.db.models.lookups import Lookup
from django.db.models.sql.compiler import SQLCompiler
from django.db.models.sql.query import Query


class IdArray:
    """Ids for `any_of`, as one hashable value (see above)."""

    __slots__ = ("_hash", "ids")
    ids: tuple[int, ...]

    def __init__(self, ids: Iterable[int]) -> None:
        self.ids = ids.ids if isinstance(ids, IdArray) else tuple(int(pk) for pk in ids)
        self._hash = hash(self.ids)

    def __iter__(self) -> Iterator[int]:
        return iter(self.ids)

    def __len__(self) -> int:
        return len(self.ids)

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other: object) -> bool:
        return isinstance(other, IdArray) and other.ids == self.ids

    def literal(self) -> str:
        """PostgreSQL's text form of the array, `{1,2,3}` (integers only: nothing to quote)."""
        return "{" + ",".join(map(str, self.ids)) + "}"


class AnyOf(Lookup):  # type: ignore[type-arg]
    lookup_name = "any_of"
    prepare_rhs = False

    def _ids(self) -> IdArray:
        return self.rhs if isinstance(self.rhs, IdArray) else IdArray(self.rhs)

    def _subquery(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper) -> Any:
        """The queryset's SQL in parentheses (Django resolved it into a Query)."""
        return compiler.compile(self.rhs)

    def as_sql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper) -> Any:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        if isinstance(self.rhs, Query):
            sql, params = self._subquery(compiler, connection)
            return f"{lhs} IN {sql}", [*lhs_params, *params]
        ids = self._ids()
        if not ids:
            return "1 = 0", []
        placeholders = ", ".join(["%s"] * len(ids))
        return f"{lhs} IN ({placeholders})", [*lhs_params, *ids.ids]

    def as_postgresql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper) -> Any:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        if isinstance(self.rhs, Query):
            sql, params = self._subquery(compiler, connection)
            return f"{lhs} = ANY(ARRAY{sql})", [*lhs_params, *params]
        return f"{lhs} = ANY(%s::bigint[])", [*lhs_params, self._ids().literal()]


IntegerField.register_lookup(AnyOf)
ForeignObject.register_lookup(AnyOf)  # case_id__any_of: the foreign key's own column
