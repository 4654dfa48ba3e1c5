"""Recommended actions for a flagged unit, from data the other stages already hold.

``ACTION_SOURCES`` is the extension point: each source is a function of a unit returning
sentences. Two sources are built in, from the people data: posts still below their formation, and
competency gaps of the people holding the unit's posts (the training still open). When the
training stage records courses taken, a source that reads its gaps belongs in this list.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from django.utils.translation import gettext as _

from mutasi.people.models import Unit

from . import selectors

SHOWN_PER_SOURCE: Final = 3


def shortage_actions(unit: Unit) -> list[str]:
    out = []
    for position, formation, holders in selectors.unit_shortages(unit)[:SHOWN_PER_SOURCE]:
        out.append(
            _("Isi jabatan %(post)s: formasi %(f)d, terisi %(h)d.")
            % {"post": position.name, "f": formation, "h": holders}
        )
    return out


def training_gap_actions(unit: Unit) -> list[str]:
    gaps = selectors.competency_gaps(unit)
    if not gaps:
        return []
    people = len({employee.pk for employee, *_rest in gaps})
    by_competency: dict[str, int] = {}
    for _employee, name, _have, _need in gaps:
        by_competency[name] = by_competency.get(name, 0) + 1
    top = sorted(by_competency.items(), key=lambda i: (-i[1], i[0]))[:SHOWN_PER_SOURCE]
    return [
        _("Pelatihan: %(people)d pegawai masih di bawah level kompetensi jabatannya (%(names)s).")
        % {"people": people, "names": ", ".join(f"{n} ({c})" for n, c in top)}
    ]


ACTION_SOURCES: list[Callable[[Unit], list[str]]] = [shortage_actions, training_gap_actions]


def actions_for(unit: Unit) -> list[str]:
    out: list[str] = []
    for source in ACTION_SOURCES:
        out.extend(source(unit))
    return out
