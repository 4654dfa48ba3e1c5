"""The planner's rule messages (violations, why a person may not take a post) are said in the
page's language: Indonesian by default, English when switched; plans stored before the messages
had keys still show their text."""

from __future__ import annotations

import json

import pytest
from django.conf import settings
from django.utils import translation

from mutasi.planner import Policy, check
from mutasi.planner.messages import TEXT, Message
from mutasi.plans.reasons import message_text, stored_message
from tests.planner.test_check import _plan, _problem


def _early_move_violation() -> Message:
    problem = _problem(E2={"years_in_post": 1.5})
    (violation,) = check(problem, _plan(problem, Policy(unit_departure_cap=1.0), E2="P1"))
    assert isinstance(violation.message, Message)
    return violation.message


def test_a_violation_reads_indonesian_by_default_and_english_when_switched():
    message = _early_move_violation()
    with translation.override("id"):
        indonesian = message_text(message)
    with translation.override("en"):
        english = message_text(message)
    assert indonesian == (
        "Budi (198001012005011002) dipindah padahal baru 1,5 tahun di jabatan, minimal 2 tahun "
        "(PP 11/2017 Pasal 190)"
    )
    assert str(message) == indonesian  # the planner's own text (exports, the command line)
    assert english == (
        "Budi (198001012005011002) is moved although only 1.5 years in the post, at least 2 "
        "years required (PP 11/2017 Article 190)"
    )


def test_a_stored_violation_keeps_its_key_and_an_old_plain_text_is_shown_as_it_was():
    stored = json.loads(json.dumps(stored_message(_early_move_violation())))
    with translation.override("en"):
        assert message_text(stored).startswith("Budi (198001012005011002) is moved although")
        old = "Budi dipindah padahal baru 1.5 tahun di jabatan"  # a plan stored earlier
        assert message_text(old) == old
        assert message_text({"text": "teks lama"}) == "teks lama"


def test_a_departure_cap_violation_formats_its_share_and_counts_per_language():
    problem = _problem()
    plan = _plan(problem, Policy(unit_departure_cap=0.2), E2="P1", E3="P1")
    message = next(v.message for v in check(problem, plan) if "kehilangan" in v.message)
    with translation.override("en"):
        assert message_text(message) == (
            "unit Sekretariat Daerah loses 2 of 3 people, the limit is 0 (20%)"
        )


def test_every_rule_message_has_an_english_translation():
    with translation.override("en"):
        missing = [key for key, text in TEXT.items() if translation.gettext(text) == text]
    assert missing == []


@pytest.mark.django_db
def test_the_plan_page_lists_the_violations_in_english_when_switched(client, people, stored_plan):
    message = _early_move_violation()
    stored_plan.error = "Hasil perhitungan melanggar 1 aturan wajib"
    stored_plan.metrics = {
        **stored_plan.metrics,
        "check_violations": [stored_message(message), "teks lama tanpa kunci"],
        "check_violation_count": 2,
    }
    stored_plan.save()
    client.force_login(people["planner"])
    page = client.get(f"/rencana/{stored_plan.pk}/").content.decode()
    assert "baru 1,5 tahun di jabatan, minimal 2 tahun" in page
    assert "Hasil perhitungan melanggar 2 aturan wajib" in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(f"/rencana/{stored_plan.pk}/").content.decode()
    assert "only 1.5 years in the post, at least 2 years required" in page
    assert "teks lama tanpa kunci" in page
    assert "baru 1,5 tahun" not in page


def test_audit_sentences_and_policy_labels_are_english_when_switched():
    from mutasi.plans.audit_text import ACTIONS
    from mutasi.plans.policy_form import POLICY_TEXT

    def untranslated(texts) -> list[str]:  # type: ignore[no-untyped-def]
        out = []
        for text in texts:
            with translation.override("id"):
                indonesian = str(text)
            with translation.override("en"):
                if str(text) == indonesian:
                    out.append(indonesian)
        return out

    assert untranslated(ACTIONS.values()) == []
    assert untranslated(label for label, _source in POLICY_TEXT.values()) == []
    # Sources that are only a regulation's name read the same in both languages.
    sources = [source for _label, source in POLICY_TEXT.values() if source]
    assert untranslated(sources) == ["PermenPANRB 3/2020 (9-box)", "PermenPANRB 3/2020"]


def test_a_pin_that_cannot_be_honoured_is_explained_in_the_pages_language(
    stored_plan, people, region
):
    from mutasi.plans import services
    from mutasi.plans.models import Move, PinKind, PlanStatus
    from mutasi.plans.reasons import PIN_MESSAGES_KEY, move_reason

    clerk = region["clerks"][0]
    services.do_pin(
        stored_plan.cycle,
        clerk,
        kind=PinKind.GOTO,
        position=region["clinic_nurse"],  # a nurse's post: not for an administrator
        acting_user=people["planner"],
    )
    plan = services.do_queue_plan(
        stored_plan.cycle, mechanism="optimal", acting_user=people["planner"]
    )
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT, plan.error
    stay = Move.objects.get(plan=plan, employee=clerk)
    assert stay.to_position_id == stay.from_position_id
    assert stay.terms[PIN_MESSAGES_KEY]
    with translation.override("id"):
        indonesian = move_reason(stay)
    with translation.override("en"):
        english = move_reason(stay)
    assert indonesian == stay.reason  # the solver's own sentence, word for word
    assert indonesian.startswith("Penguncian ke jabatan PKM-PRW tidak dapat dipenuhi: ")
    assert english.startswith("The pin to post PKM-PRW cannot be honoured: ")
    assert "rumpun jabatan" in indonesian and "job family" in english


def test_a_rule_message_survives_pickling_with_its_key_and_parameters():
    """Violations travel between processes and through the cache as pickles."""
    import pickle

    from mutasi.planner.messages import Message

    inner = Message("functional")
    message = Message("not_qualified", who="Ani (1990)", code="IT.01", problem=inner)
    back = pickle.loads(pickle.dumps(message))
    assert back == message and back.key == "not_qualified"
    assert back.params["problem"].key == "functional"
