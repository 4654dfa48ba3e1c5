"""What the optimal solver and a re-run say to the user (a pin it could not honour, why a re-run
differs, a run out of time) are keyed messages: Indonesian as text, with a key and parameters the
web renders in the page's language."""

from __future__ import annotations

import dataclasses

import highspy
import pytest

from mutasi.planner import ChangeCause, Mechanism, Pin, PinKind, Policy, SolveError, solve
from mutasi.planner.messages import Message
from tests.planner.test_check import _problem


def _pin_notice(
    problem, policy: Policy, employee_id: str, mechanism: Mechanism = Mechanism.OPTIMAL
) -> Message:
    plan = solve(problem, policy, mechanism=mechanism)
    (notice,) = [n for n in plan.pin_notices if n.employee_id == employee_id]
    assert isinstance(notice.message, Message)
    return notice.message


def _goto(problem, employee_id: str, position_id: str):
    return dataclasses.replace(
        problem, pins=(Pin(PinKind.GOTO, employee_id, position_id=position_id),)
    )


def test_a_pin_of_someone_who_may_not_move_yet_names_the_rule_with_its_setting():
    problem = _goto(_problem(E2={"years_in_post": 1.5}), "E2", "P1")
    message = _pin_notice(problem, Policy(min_years_in_post=2.5), "E2")
    assert message.key == "pin_immobile"
    assert message.params["code"] == "J1"
    reason = message.params["problem"]
    assert isinstance(reason, Message)
    assert (reason.key, reason.params) == ("immobile_min_years", {"min_years": 2.5})
    assert str(message) == (
        "Penguncian ke jabatan J1 tidak dapat dipenuhi: belum 2,5 tahun di jabatan "
        "(PP 11/2017 Pasal 190)."
    )


def test_a_pin_to_a_post_the_person_does_not_qualify_for_lists_the_rules_as_keys():
    message = _pin_notice(_goto(_problem(), "E2", "P3"), Policy(), "E2")  # P3 takes law only
    assert message.key == "pin_refused"
    assert message.params["code"] == "J3"
    assert [m.key for m in message.params["problems"]] == ["major"]
    assert str(message).startswith("Penguncian ke jabatan J3 tidak dapat dipenuhi: jurusan")


def test_a_pin_that_breaks_the_departure_cap_names_the_cycles_cap():
    # Setda has 3 staff; a cap of 25% lets none of them leave, so the pin to J1 gives way
    message = _pin_notice(_goto(_problem(), "E2", "P1"), Policy(unit_departure_cap=0.25), "E2")
    assert message.key == "pin_with_other_rules"
    assert message.params == {"code": "J1", "cap_share": 0.25}
    assert "batas keberangkatan unit 25%" in message


def test_the_fair_mechanism_says_a_pin_gave_way_to_the_cap_as_a_keyed_message():
    problem = _goto(_problem(), "E2", "P1")
    message = _pin_notice(problem, Policy(unit_departure_cap=0.25), "E2", Mechanism.FAIR)
    assert (message.key, message.params) == ("pin_full_or_cap", {"code": "J1"})
    assert str(message).startswith("Penguncian ke jabatan J1 tidak dapat dipenuhi: ")


def test_why_a_rerun_differs_is_a_keyed_message_with_the_particulars():
    problem = dataclasses.replace(_problem(), pins=(Pin(PinKind.STAY, "E4"),))
    again = solve(problem, Policy(), reference={"E2": "P3", "E3": "gone", "E4": "P1"})
    changes = {ch.employee_id: ch for ch in again.changes}
    assert isinstance(changes["E2"].message, Message)
    assert changes["E2"].cause == ChangeCause.RULE
    assert changes["E2"].message.key == "change_not_qualified"
    assert changes["E2"].message.params["code"] == "J3"
    assert [m.key for m in changes["E2"].message.params["problems"]] == ["major"]
    assert changes["E3"].cause == ChangeCause.DATA
    assert (changes["E3"].message.key, changes["E3"].message.params) == (
        "change_post_gone",
        {"post": "gone"},
    )
    assert (
        str(changes["E3"].message) == "Jabatan gone pada rencana acuan tidak ada lagi dalam data."
    )
    assert changes["E4"].message.key == "change_pinned"


def test_a_run_out_of_time_says_so_in_words_not_with_the_settings_code(monkeypatch):
    from mutasi.planner import optimal

    monkeypatch.setattr(optimal, "_run", lambda model: highspy.HighsModelStatus.kTimeLimit)
    with pytest.raises(SolveError) as raised:
        solve(_problem(), Policy(time_limit_seconds=90))
    message = raised.value.message
    assert isinstance(raised.value, RuntimeError)  # what callers caught before
    assert message.key == "time_limit"
    assert message.params["seconds"] == 90
    assert "time_limit_seconds" not in str(raised.value)
    assert str(message).startswith("Perencanaan tidak selesai dalam batas waktu 90 detik.")
    assert "“Batas waktu hitung (detik)”" in message


@pytest.mark.parametrize("share", [0.15, 100.0])
def test_a_pin_that_breaks_the_departure_cap_gives_way_with_the_bound_begun_beside_the_lp(
    monkeypatch, share
):
    """The Lagrangian bound begun beside the full LP's first solve (forced here on a tiny
    region) meets the LP the pin makes infeasible, its copy stopped before it finds out or
    after: the pin gives way as without it."""
    from mutasi.planner import optimal as optimal_module

    monkeypatch.setattr(optimal_module, "_EARLY_ROWS", 0)
    monkeypatch.setattr(optimal_module, "_EARLY_SHARE", share)
    monkeypatch.setattr(optimal_module, "solver_threads", lambda: 2)
    message = _pin_notice(_goto(_problem(), "E2", "P1"), Policy(unit_departure_cap=0.25), "E2")
    assert message.key == "pin_with_other_rules"
