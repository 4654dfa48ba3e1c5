"""Reads of the planning cycle for the pages: lists, filters, summaries, charts, comparisons."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db.models import F, Q, QuerySet
from django.db.models.fields.json import KT
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mutasi.core.bounds import MAX_QUERY_LENGTH, parse_id
from mutasi.core.cache import cached_for_data
from mutasi.core.numbers import number
from mutasi.people.models import Employee, Position, Unit

from .models import Move, Pin, Plan, PlanStatus


def plan_list(plans: QuerySet[Plan]) -> QuerySet[Plan]:
    """Plans for a list: the move count read inside the database, not the whole metrics JSON
    (which holds a figure per unit: thousands of entries in a province)."""
    return (
        plans.defer("metrics", "policy")
        .annotate(move_count=KT("metrics__moves"))
        .order_by("-created_at", "-id")
    )


def _chart(labels: list[str], sets: list[tuple[str, list[Any]]], **extra: Any) -> dict[str, Any]:
    return {
        "type": "bar",
        "labels": labels,
        "datasets": [{"label": label, "data": data} for label, data in sets],
        **extra,
    }


def display(value: Any) -> str:
    """A figure for a metrics table: grouped integers, three decimals for fractions."""
    if value is None:
        return "—"
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if isinstance(value, float) and not value.is_integer():
        return number(value, 3, grouping=True)
    return number(int(value), grouping=True)


def summary(plan: Plan) -> list[tuple[str, str, str]]:
    """The plan's metrics as (plain name, formatted value, one line on what it means for the
    office and which way is better)."""
    m = plan.metrics or {}
    rows = [*_movement_rows(m), *_preference_rows(m), *_staffing_rows(m), *_solver_rows(plan, m)]
    return [(str(label), display(value), str(help_text)) for label, value, help_text in rows]


_Row = tuple[Any, Any, Any]


def _movement_rows(m: dict[str, Any]) -> list[_Row]:
    """Who moves, and why."""
    return [
        (_("Pegawai dalam data"), m.get("employees"), ""),
        (_("Mutasi"), m.get("moves"), _("Pegawai yang berpindah jabatan dalam rencana ini.")),
        (
            _("Mutasi karena aturan atau kunci"),
            m.get("forced_moves"),
            _("Pindah karena masa jabatan lewat batas atau karena dikunci perencana."),
        ),
        (
            _("Rantai / pertukaran melingkar"),
            f"{m.get('chains', 0)} / {m.get('cycles', 0)}",
            _("Kelompok mutasi yang saling bergantung: satu orang mengisi jabatan yang lain."),
        ),
        (
            _("Wajib pindah (lebih dari masa maksimal)"),
            m.get("must_move"),
            _("Pegawai yang menurut aturan harus pindah pada siklus ini."),
        ),
        (
            _("Wajib pindah tetapi tetap"),
            m.get("must_move_stayed"),
            _("Tidak ada jabatan yang sesuai dan berruang; makin kecil makin baik."),
        ),
    ]


def _preference_rows(m: dict[str, Any]) -> list[_Row]:
    """How the employees who stated preferences fared."""
    return [
        (_("Pegawai yang mengisi preferensi"), m.get("participants"), ""),
        (
            _("Pengisi preferensi yang mendapat hasil lebih buruk daripada tetap"),
            m.get("worse_off"),
            _("Makin kecil makin baik."),
        ),
        (
            _("— di antaranya karena aturan"),
            m.get("worse_off_forced"),
            _("Yang harus pindah menurut aturan walau lebih suka tetap."),
        ),
        (
            _("Pasangan iri beralasan"),
            m.get("justified_envy"),
            _(
                "Pasangan pegawai di mana yang satu menginginkan jabatan yang lain dan lebih "
                "berhak atasnya menurut urutan prioritas; makin kecil makin adil (0 = tidak ada)."
            ),
        ),
    ]


def _staffing_rows(m: dict[str, Any]) -> list[_Row]:
    """What the plan does to the posts: surplus, chain lengths, priority sectors, rules."""
    return [
        (
            _("Jabatan kelebihan pegawai (yang tetap)"),
            m.get("overstaffed_posts"),
            _("Makin kecil makin baik."),
        ),
        (
            _("Panjang rantai tukar"),
            _lengths(m.get("chain_lengths")),
            _(
                "Banyaknya mutasi dalam satu rantai : banyaknya rantai. Rantai panjang berarti "
                "banyak orang harus pindah bersamaan agar satu jabatan terisi."
            ),
        ),
        (
            _("Jabatan sektor prioritas di bawah formasi, sebelum"),
            m.get("priority_posts_below_before"),
            "",
        ),
        (
            _("Jabatan sektor prioritas di bawah formasi, sesudah"),
            m.get("priority_posts_below_after"),
            _("Lebih kecil dari angka sebelum berarti rencana mengisi kekurangan layanan utama."),
        ),
        (
            _("Pelanggaran aturan wajib"),
            m.get("violations"),
            _("Harus 0 sebelum rencana dapat diajukan."),
        ),
    ]


def _solver_rows(plan: Plan, m: dict[str, Any]) -> list[_Row]:
    """How good the plan is against the best possible one, and how long it took."""
    gap = plan.gap
    return [
        (
            _("Nilai tujuan"),
            plan.objective,
            _("Skor gabungan rencana menurut bobot kebijakan; makin besar makin baik."),
        ),
        (
            _("Batas atas"),
            plan.bound,
            _("Nilai tujuan tertinggi yang mungkin dicapai; tidak ada rencana yang melebihinya."),
        ),
        (
            _("Celah dari yang terbaik (%)"),
            gap,
            _(
                "Seberapa jauh rencana ini dari batas atas; makin kecil makin baik (0 = terbaik "
                "yang mungkin)."
            ),
        ),
        (_("Waktu hitung (detik)"), plan.solve_seconds, ""),
        (_("Mutasi diubah manual"), m.get("edited_moves", 0), ""),
    ]


def _lengths(counts: Any) -> str | None:
    """{"1": 120, "2": 30} -> "1: 120 · 2: 30" (None for plans computed before the figure)."""
    if not counts:
        return None
    items = sorted(((int(k), v) for k, v in dict(counts).items()))
    return " · ".join(f"{k}: {display(v)}" for k, v in items)


SORTS = {
    "nip": "employee__nip",
    "-nip": "-employee__nip",
    "nama": "employee__name",
    "-nama": "-employee__name",
    "asal": "from_position__code",
    "-asal": "-from_position__code",
    "tujuan": "to_position__code",
    "-tujuan": "-to_position__code",
    "rantai": "chain",
    "-rantai": "-chain",
}
# Terms of the objective stored on each move (keys of mutasi.planner's Move.terms).
TERM_LABELS = {
    "shortage": gettext_lazy("kekurangan formasi"),
    "fit": gettext_lazy("kesesuaian"),
    "preference": gettext_lazy("preferensi"),
    "career": gettext_lazy("karier"),
    "move": gettext_lazy("biaya mutasi"),
    "distance": gettext_lazy("jarak"),
    "worse_off": gettext_lazy("lebih buruk dari tetap"),
    "must_move": gettext_lazy("wajib pindah"),
    "training_gap": gettext_lazy("kebutuhan pelatihan"),
}


def move_terms(move: Move) -> list[tuple[Any, float]]:
    return [
        (TERM_LABELS[key], value)
        for key, value in (move.terms or {}).items()
        if key in TERM_LABELS and isinstance(value, int | float) and value
    ]


REASONS = {
    "wajib": (gettext_lazy("Wajib (aturan/kunci)"), Q(forced=True)),
    "preferensi": (gettext_lazy("Sesuai preferensi"), Q(terms__has_key="preference_rank")),
    "manual": (gettext_lazy("Diubah manual"), Q(edited=True)),
    "rantai": (gettext_lazy("Bagian rantai/siklus"), Q(chain__isnull=False)),
}


def filtered_moves(plan: Plan, params: Any, unit_ids: set[int] | None = None) -> QuerySet[Move]:
    moves = Move.objects.filter(plan=plan).select_related(
        "employee", "from_position__unit", "to_position__unit"
    )
    if params.get("stays") == "1":
        moves = moves.filter(to_position_id=F("from_position_id"))
    else:
        moves = moves.exclude(to_position_id=F("from_position_id"))
    if unit_ids is not None:
        moves = moves.filter(
            Q(from_position__unit_id__in=unit_ids) | Q(to_position__unit_id__in=unit_ids)
        )
    unit = params.get("unit")
    if unit:
        moves = moves.filter(Q(from_position__unit__code=unit) | Q(to_position__unit__code=unit))
    sector = params.get("sector")
    if sector:
        moves = moves.filter(
            Q(from_position__unit__sector=sector) | Q(to_position__unit__sector=sector)
        )
    rank = params.get("golongan")
    if rank:
        moves = moves.filter(employee__golongan=rank)
    reason = params.get("reason")
    if reason in REASONS:
        moves = moves.filter(REASONS[reason][1])
    chain = parse_id(params.get("chain"))
    if chain is not None:
        moves = moves.filter(chain=chain)
    q = (params.get("q") or "").strip()[:MAX_QUERY_LENGTH]
    if q:
        moves = moves.filter(Q(employee__nip__startswith=q) | Q(employee__name__icontains=q))
    sort = params.get("sort") or "nip"
    return moves.order_by(SORTS.get(sort, "employee__nip"), "id")


def compare_plans(first: Plan, second: Plan, limit: int = 200) -> dict[str, Any]:
    """Metrics side by side and the employees whose outcome differs (the first ``limit``)."""
    moves_a = _destinations(first)
    moves_b = _destinations(second)
    differing = sorted(
        e for e in moves_a.keys() | moves_b.keys() if moves_a.get(e) != moves_b.get(e)
    )
    shown = differing[:limit]
    employees = Employee.objects.in_bulk(shown)
    positions = Position.objects.select_related("unit").in_bulk(
        {p for e in shown for p in (moves_a.get(e), moves_b.get(e), employees[e].position_id) if p}
    )
    rows = [
        {
            "employee": employees[e],
            "current": positions.get(employees[e].position_id),
            "a": positions.get(moves_a[e]) if e in moves_a else None,
            "b": positions.get(moves_b[e]) if e in moves_b else None,
        }
        for e in shown
    ]
    return {
        "metrics": [
            (label, va, vb)
            for (label, va, _h), (_l, vb, _h2) in zip(summary(first), summary(second), strict=True)
        ],
        "rows": rows,
        "differing": len(differing),
        "only_a": len(moves_a.keys() - moves_b.keys()),
        "only_b": len(moves_b.keys() - moves_a.keys()),
    }


def _destinations(plan: Plan) -> dict[int, int]:
    return dict(
        Move.objects.filter(plan=plan)
        .exclude(to_position_id=F("from_position_id"))
        .values_list("employee_id", "to_position_id")
    )


def before_after_charts(metrics: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Chart.js specs: formation filled per sector, and staff of the 20 most changed units."""
    sectors = metrics.get("sectors") or []
    units = metrics.get("units") or []
    changed = sorted(
        units,
        key=lambda u: (-abs(u["filled_after"] - u["filled_before"]), u["code"]),
    )[:20]
    sector_chart = _chart(
        [s["sector"] for s in sectors],
        [
            (_("Formasi"), [s["formation"] for s in sectors]),
            (_("Terisi sebelum"), [s["filled_before"] for s in sectors]),
            (_("Terisi sesudah"), [s["filled_after"] for s in sectors]),
        ],
    )
    unit_chart = _chart(
        [u["code"] for u in changed],
        [
            (_("Formasi"), [u["formation"] for u in changed]),
            (_("Pegawai sebelum"), [u["staff_before"] for u in changed]),
            (_("Pegawai sesudah"), [u["staff_after"] for u in changed]),
        ],
        horizontal=True,
    )
    return sector_chart, unit_chart


def rerun_changes(plan: Plan) -> dict[str, Any] | None:
    """How a re-run differs from the plan it was re-run from: how many people's outcome changed,
    and why. The planner's own account (``metrics["reference_changes"]``: pinned, a rule, changed
    data, a knock-on of another change) when the run recorded it; otherwise a comparison of the
    two plans' moves (pinned; lost their post to a pinned person; anything else). None for a plan
    that is not a finished re-run."""
    if plan.based_on_id is None or plan.status in (
        PlanStatus.QUEUED,
        PlanStatus.RUNNING,
        PlanStatus.FAILED,
    ):
        return None
    recorded = (plan.metrics or {}).get("reference_changes")
    if isinstance(recorded, list):
        from .solving import CHANGE_CAUSES

        counts = Counter(row.get("cause", "") for row in recorded)
        causes = [
            (str(label), counts[str(cause)])
            for cause, label in CHANGE_CAUSES.items()
            if counts.get(str(cause))
        ]
        return {"previous": plan.based_on, "changed": len(recorded), "causes": causes}
    before = _destinations(plan.based_on)
    after = _destinations(plan)
    changed = {e for e in before.keys() | after.keys() if before.get(e) != after.get(e)}
    pinned = set(Pin.objects.filter(cycle_id=plan.cycle_id).values_list("employee_id", flat=True))
    by_pin = changed & pinned
    taken_by_pins = {after[e] for e in by_pin if e in after}
    displaced = {e for e in changed - by_pin if before.get(e) in taken_by_pins}
    other = len(changed) - len(by_pin) - len(displaced)
    causes = [
        (str(_("Dikunci oleh perencana")), len(by_pin)),
        (str(_("Jabatan tujuannya kini diambil pegawai yang dikunci")), len(displaced)),
        (str(_("Sebab lain (data, preferensi, atau pilihan pemecah)")), other),
    ]
    return {
        "previous": plan.based_on,
        "changed": len(changed),
        "causes": [(label, n) for label, n in causes if n],
    }


def unit_filter_options(selected: str) -> SafeString:
    """The ``<option>`` list of every unit for the moves filter, ``selected`` marked.

    2,000 units rendered through the template language cost a moves page most of its time; the
    options change only with the data, so they are built once per data version."""

    def build() -> tuple[tuple[str, str], ...]:
        return tuple(
            (
                code,
                format_html(
                    '<option value="{}">{} {}</option>', code, code, Truncator(name).chars(40)
                ),
            )
            for code, name in Unit.objects.order_by("code").values_list("code", "name")
        )

    marked = format_html('<option value="{}" selected>', selected)
    plain = format_html('<option value="{}">', selected)
    return mark_safe(  # noqa: S308 - every part was escaped by format_html
        "".join(
            html.replace(plain, marked, 1) if code == selected else html
            for code, html in cached_for_data("plans:unit-options", build)
        )
    )
