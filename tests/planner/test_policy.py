from __future__ import annotations

import datetime
import json

import pytest

from mutasi.planner import Policy


def test_a_policy_survives_a_json_round_trip():
    policy = Policy(
        unit_departure_cap=0.3,
        interchangeable_families=(("administrasi", "keuangan"),),
        plan_date=datetime.date(2027, 1, 2),
        sector_weights={"kesehatan": 3.0},
    )
    assert Policy.from_dict(json.loads(json.dumps(policy.to_dict()))) == policy


def test_an_empty_dict_gives_the_defaults():
    assert Policy.from_dict({}) == Policy()
    assert Policy().min_years_in_post == 2.0 and Policy().unit_departure_cap == 0.25


def test_it_rejects_an_unknown_key_in_indonesian():
    with pytest.raises(ValueError, match="Kunci kebijakan tidak dikenal: bogus"):
        Policy.from_dict({"bogus": 1})


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"unit_departure_cap": "banyak"}, "unit_departure_cap"),
        ({"unit_departure_cap": 1.5}, "antara 0 dan 1"),
        ({"enforce_must_move": 1}, "enforce_must_move"),
        ({"plan_date": "kemarin"}, "plan_date"),
        ({"priority_keys": ["gaji"]}, "gaji"),
    ],
)
def test_it_rejects_a_wrong_value_naming_the_key(data, message):
    with pytest.raises(ValueError, match=message):
        Policy.from_dict(data)
