"""The evaluation's suggestions for the next cycle's policy, through the plans app's registry
(``mutasi.plans.policy_defaults``): each unit flagged "perlu penyesuaian" after the last cycle
gets ``flags.FLAG_UNIT_WEIGHT`` in ``unit_weights``, with its reasons and recommended actions."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from mutasi.core.numbers import number
from mutasi.participation.models import Cycle
from mutasi.people.models import Unit
from mutasi.plans.policy_defaults import PolicySuggestion

from . import recommendations, selectors, services
from .flags import FLAG_UNIT_WEIGHT, FlagReason, UnitEvaluation
from .models import FlagDecision

KEY_PREFIX = "evaluasi"


def _number(value: float | None) -> str:
    """Two decimals in the active language's format (84,01 in Indonesian)."""
    return "—" if value is None else number(value, 2)


def reason_text(evaluation: UnitEvaluation) -> str:
    parts = []
    for reason in evaluation.reasons:
        if reason == FlagReason.FELL and evaluation.difference is not None:
            d = evaluation.difference
            parts.append(
                _(
                    "IKM turun dari %(before)s ke %(after)s (selisih %(diff)s, interval 95%% "
                    "%(low)s sampai %(high)s)"
                )
                % {
                    "before": _number(d.before),
                    "after": _number(d.after),
                    "diff": _number(d.difference),
                    "low": _number(d.low),
                    "high": _number(d.high),
                }
            )
        elif reason == FlagReason.LOW_GRADE and evaluation.after is not None:
            parts.append(
                _("mutu pelayanan masih %(grade)s pada %(period)s")
                % {"grade": evaluation.after.grade, "period": evaluation.after_period}
            )
        elif reason == FlagReason.UNHAPPY and evaluation.employee_mean is not None:
            parts.append(
                _("pegawai yang dipindahkan kurang puas (rata-rata %(mean)s dari 5, %(n)d jawaban)")
                % {"mean": _number(evaluation.employee_mean), "n": evaluation.employee_answers}
            )
    return "; ".join(parts)


def key_for(source: Cycle, unit: Unit) -> str:
    return f"{KEY_PREFIX}-{source.pk}-{unit.code}"


class EvaluationContributor:
    """Registered with ``mutasi.plans.policy_defaults`` in ``EvaluationConfig.ready``."""

    def suggestions(self, cycle: Cycle | None) -> list[PolicySuggestion]:
        source = selectors.last_evaluated_cycle(exclude=cycle)
        if source is None:
            return []
        decisions: dict[int, bool] = {}
        if cycle is not None:
            decisions = dict(
                FlagDecision.objects.filter(source_cycle=source, target_cycle=cycle).values_list(
                    "unit_id", "accepted"
                )
            )
        out = []
        for outcome in selectors.cycle_outcomes(source):
            if not outcome.evaluation.flagged:
                continue
            unit = outcome.unit
            out.append(
                PolicySuggestion(
                    key=key_for(source, unit),
                    title=f"{unit.code} {unit.name}",
                    reason=_("Perlu penyesuaian setelah %(cycle)s: %(why)s. Bobot unit ×%(w)g.")
                    % {
                        "cycle": source.name,
                        "why": reason_text(outcome.evaluation),
                        "w": FLAG_UNIT_WEIGHT,
                    },
                    changes={"unit_weights": {unit.code: FLAG_UNIT_WEIGHT}},
                    actions=tuple(recommendations.actions_for(unit)),
                    decision=decisions.get(unit.pk),
                    url=reverse("evaluation:cycle", args=[source.pk]),
                )
            )
        return out

    def decide(
        self, cycle: Cycle, suggestion: PolicySuggestion, accepted: bool, *, acting_user: Any
    ) -> None:
        _prefix, source_id, unit_code = suggestion.key.split("-", 2)
        services.do_decide_flag(
            source_cycle=Cycle.objects.get(pk=int(source_id)),
            target_cycle=cycle,
            unit=Unit.objects.get(code=unit_code),
            accepted=accepted,
            reason=suggestion.reason,
            acting_user=acting_user,
        )


CONTRIBUTOR = EvaluationContributor()
