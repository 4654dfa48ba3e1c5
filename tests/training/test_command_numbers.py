"""``mutasi training --plan N`` writes its summary's numbers as Indonesian does: a point between
thousands and a comma before decimals (1.234,6), like the rest of the command line."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from mutasi.plans.models import Plan, PlanStatus
from mutasi.training.models import TrainingPlan, TrainingStatus

pytestmark = pytest.mark.django_db


def test_the_training_summary_groups_thousands_with_a_point_and_decimals_with_a_comma():
    plan = Plan.objects.create(name="Rencana uji", mechanism="optimal", status=PlanStatus.APPROVED)
    TrainingPlan.objects.create(
        plan=plan,
        budget=Decimal(150_000_000),
        status=TrainingStatus.DONE,
        cost=Decimal(149_250_000),
        closed=1234.56,
        total_gap=2345.6,
        gap=0.0123,
        unfunded=[{"nip": "1", "competency": "arsip", "levels": 1, "reason": "budget"}] * 1200,
    )
    out = io.StringIO()
    call_command("training", "--plan", str(plan.pk), stdout=out)
    summary = out.getvalue().splitlines()[-1]
    assert summary == (
        "Anggaran 150.000.000, terpakai 149.250.000; celah tertutup 1.234,6 dari 2.345,6 "
        "(terbobot); celah optimalitas 1,23%; 1.200 celah tidak terdanai."
    )
