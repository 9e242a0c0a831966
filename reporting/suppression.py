"""Small-count suppression with secondary suppression, as a pure function.

A viewer sees some cells and knows linear relations between cells (a quarter is its
months, a year its quarters, a total its parts). A hidden cell is *recomputable*
when those relations and the shown cells fix its value, i.e. when the unit vector
of that cell lies in the row space of the relations restricted to hidden cells.
`suppress` hides the primary cells, then keeps hiding the smallest shown neighbour
of any recomputable hidden cell until none is left. Exact rational arithmetic.
"""
from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

Key = Hashable


@dataclass(frozen=True)
class Relation:
    """`total` equals the sum of `parts` (on the published values)."""

    total: Key
    parts: tuple[Key, ...]

    @property
    def members(self) -> tuple[Key, ...]:
        return (self.total, *self.parts)


def _coefficients(relation: Relation) -> dict[Key, int]:
    coefficients: dict[Key, int] = {relation.total: -1}
    for part in relation.parts:
        coefficients[part] = coefficients.get(part, 0) + 1
    return coefficients


def recomputable(*, hidden: set[Key], relations: Sequence[Relation]) -> set[Key]:
    """The hidden cells whose value the relations fix, whatever the shown cells hold."""
    columns = sorted({k for r in relations for k in r.members if k in hidden}, key=repr)
    index = {k: i for i, k in enumerate(columns)}
    rows = []
    for relation in relations:
        row = [Fraction(0)] * len(columns)
        for key, coefficient in _coefficients(relation).items():
            if key in index:
                row[index[key]] += coefficient
        if any(row):
            rows.append(row)
    # Reduced row echelon form: a cell is fixed iff a pivot row is exactly its unit vector.
    pivot_rows: list[tuple[int, list[Fraction]]] = []
    for column in range(len(columns)):
        pivot = next((r for r in rows if r[column] != 0), None)
        if pivot is None:
            continue
        rows.remove(pivot)
        scale = pivot[column]
        pivot = [x / scale for x in pivot]
        for other in [*rows, *(p for _, p in pivot_rows)]:
            factor = other[column]
            if factor:
                for j in range(len(columns)):
                    other[j] -= factor * pivot[j]
        pivot_rows.append((column, pivot))
    return {
        columns[column] for column, row in pivot_rows
        if all(x == 0 for j, x in enumerate(row) if j != column)
    }


def suppress(
    *, values: Mapping[Key, object], primary: Iterable[Key], relations: Sequence[Relation]
) -> frozenset[Key]:
    """The cells of `values` to hide: `primary` plus what protects them.

    Keys named in `relations` but absent from `values` are unpublished: unknown to the
    viewer, so treated as hidden. The returned set never includes them.
    """
    order = {key: i for i, key in enumerate(values)}
    unknown = {k for r in relations for k in r.members if k not in values}
    hidden = set(primary) | unknown
    by_member: dict[Key, list[Relation]] = {}
    for relation in relations:
        for key in relation.members:
            by_member.setdefault(key, []).append(relation)

    while True:
        exposed = sorted((recomputable(hidden=hidden, relations=relations) - unknown), key=order.__getitem__)
        if not exposed:
            break
        neighbours = {k for r in by_member.get(exposed[0], ()) for k in r.members if k not in hidden}
        if not neighbours:
            # Every neighbour is hidden already: widen to any shown cell sharing a relation with a hidden one.
            neighbours = {k for h in hidden for r in by_member.get(h, ()) for k in r.members if k not in hidden}
        if not neighbours:
            break
        # A cell without a value (None, shown « – ») is the cheapest to hide.
        hidden.add(min(neighbours, key=lambda k: (abs(values[k] or 0), order[k])))
    return frozenset(k for k in hidden if k in values)
