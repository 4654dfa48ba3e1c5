"""The audit log of a plan as sentences ("Perencana X mengunci Y tetap di jabatannya")."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mutasi.core.models import AuditEntry
from mutasi.people.models import Employee, Position, Unit

# What each action did, as the end of a sentence that starts with who did it.
ACTIONS = {
    "cycle.create": gettext_lazy("membuat siklus"),
    "cycle.update": gettext_lazy("mengubah kebijakan siklus"),
    "plan.queue": gettext_lazy("meminta perhitungan rencana"),
    "plan.run": gettext_lazy("menyelesaikan perhitungan rencana"),
    "plan.fail": gettext_lazy("mencatat perhitungan yang gagal"),
    "plan.submit": gettext_lazy("mengajukan rencana untuk persetujuan"),
    "plan.approve": gettext_lazy("menyetujui rencana"),
    "plan.return": gettext_lazy("mengembalikan rencana kepada perencana"),
    "plan.publish": gettext_lazy("mengumumkan rencana kepada pegawai"),
    "plan.comment": gettext_lazy("memberi komentar"),
    "move.edit": gettext_lazy("mengubah mutasi secara manual"),
    "pin.remove": gettext_lazy("melepas kunci"),
}


def _who(entry: AuditEntry) -> str:
    if entry.actor is None:
        return _("Sistem")
    return entry.actor.get_full_name() or entry.actor.get_username()


def sentences(entries: list[AuditEntry]) -> list[tuple[AuditEntry, str]]:
    """Each entry with one sentence in the page's language (names looked up in three queries)."""
    states = [s for e in entries for s in (e.before, e.after) if isinstance(s, dict)]
    employees = Employee.objects.in_bulk({s["employee"] for s in states if s.get("employee")})
    positions = Position.objects.in_bulk(
        {s[k] for s in states for k in ("position", "to_position") if s.get(k)}
    )
    units = Unit.objects.in_bulk({s["unit"] for s in states if s.get("unit")})

    def person(state: dict[str, Any]) -> str:
        e = employees.get(state.get("employee"))
        return f"{e.name} ({e.nip})" if e else _("pegawai")

    def post(state: dict[str, Any], key: str) -> str:
        p = positions.get(state.get(key))
        return f"{p.name} ({p.code})" if p else ""

    out = []
    for entry in entries:
        state = entry.after if isinstance(entry.after, dict) else entry.before or {}
        who = _who(entry)
        if entry.action == "pin.add" and isinstance(state, dict):
            kind = state.get("kind")
            if kind == "goto":
                text = _("%(who)s mengunci %(person)s pindah ke jabatan %(post)s.") % {
                    "who": who,
                    "person": person(state),
                    "post": post(state, "position"),
                }
            elif kind == "never_unit":
                unit = units.get(state.get("unit"))
                text = _("%(who)s mengunci %(person)s agar tidak ditempatkan di %(unit)s.") % {
                    "who": who,
                    "person": person(state),
                    "unit": unit.name if unit else "",
                }
            else:
                text = _("%(who)s mengunci %(person)s tetap di jabatannya.") % {
                    "who": who,
                    "person": person(state),
                }
        elif entry.action == "pin.remove" and isinstance(state, dict):
            text = _("%(who)s melepas kunci %(person)s.") % {"who": who, "person": person(state)}
        elif entry.action == "move.edit" and isinstance(state, dict) and state.get("employee"):
            target = post(state, "to_position")
            text = (
                _("%(who)s memindahkan %(person)s secara manual ke %(post)s.")
                % {"who": who, "person": person(state), "post": target}
                if entry.after
                else _("%(who)s membatalkan mutasi %(person)s.")
                % {"who": who, "person": person(state)}
            )
        elif entry.action in ACTIONS:
            text = f"{who} {ACTIONS[entry.action]}."
            detail = entry.summary if entry.action in ("plan.comment", "plan.return") else ""
            if entry.action == "plan.run" and isinstance(entry.after, dict):
                detail = _("%(n)s mutasi") % {"n": entry.after.get("moves", 0)}
            if entry.action == "plan.fail":
                detail = entry.summary
            if detail:
                text = f"{who} {ACTIONS[entry.action]}: {detail}"
        else:
            text = f"{who}: {entry.summary}"
        out.append((entry, text))
    return out
