"""Lookups the ORM lacks."""

from django.db.models.lookups import In


class InSubquery(In):
    """`field IN (subquery)`, written for PostgreSQL as `field = ANY(ARRAY(subquery))`.

    Both mean the same. The difference is for the planner: inside an OR (`responsible = 5 OR lead_unit = 7 OR
    id IN (...)`), PostgreSQL cannot answer `IN (subquery)` from an index and reads the whole table, while
    `= ANY(ARRAY(...))` is computed once and looked up in the index like the OR's other branches (a bitmap
    OR). Other databases get the plain `IN`. Use it as a filter expression:
    `Q(responsible=p) | Q(InSubquery(F("pk"), Link.objects.filter(unit=u).values("task_id")))`."""

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        if not rhs.startswith("("):
            rhs = f"({rhs})"
        return f"{lhs} = ANY(ARRAY{rhs})", (*lhs_params, *rhs_params)
