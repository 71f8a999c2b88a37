"""Each shipped profile keeps the promises of its seed plan (docs/policies.md maps them)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.plan.policy import Policy, load_policy, profile_names
from flows.classify.classifier import classify, model_for

MT = ZoneInfo("America/Denver")
CT = ZoneInfo("America/Chicago")
UTC = ZoneInfo("UTC")


@pytest.fixture(scope="module")
def somos() -> Policy:
    return load_policy("somos")


@pytest.fixture(scope="module")
def connexcs() -> Policy:
    return load_policy("connexcs")


@pytest.fixture(scope="module")
def att() -> Policy:
    return load_policy("att-bvoip")


@pytest.fixture(scope="module")
def ringover() -> Policy:
    return load_policy("ringover")


def _priority(policy: Policy, text: str, **fields: str) -> str:
    d = classify(
        text,
        rules=policy.rules,
        default=policy.classification.default,
        extra_keywords=policy.classification.keywords,
        model=model_for(policy.classification.learned),
        audience=policy.audience,
    )
    a = d.assessment
    return policy.adjust_priority(
        d.priority, fields=fields, impact=a.impact, scope=a.scope, text=text
    )


def test_the_five_seed_plans_ship_as_profiles() -> None:
    assert profile_names() == ["att-bvoip", "calltower", "connexcs", "ringover", "somos"]


# -- CallTower (seed 001) ------------------------------------------------------------------


def test_calltower_p3_opened_friday_1630_is_due_monday_0830(calltower: Policy) -> None:
    opened = datetime(2026, 11, 20, 16, 30, tzinfo=MT)
    assert calltower.due("P3", "first_response", opened) == datetime(2026, 11, 23, 8, 30, tzinfo=MT)


def test_calltower_p4_opened_the_day_before_thanksgiving_is_due_the_friday_after(
    calltower: Policy,
) -> None:
    opened = datetime(2026, 11, 25, 10, 0, tzinfo=MT)
    assert calltower.due("P4", "first_response", opened) == datetime(2026, 11, 27, 10, 0, tzinfo=MT)


def test_calltower_p1_at_three_on_a_sunday_is_due_fifteen_minutes_later(calltower: Policy) -> None:
    opened = datetime(2026, 11, 22, 3, 0, tzinfo=MT)
    assert calltower.due("P1", "first_response", opened) == opened + timedelta(minutes=15)
    assert calltower.due("P2", "first_response", opened) == opened + timedelta(minutes=30)
    assert calltower.due("P1", "update_every", opened) == opened + timedelta(hours=1)


def test_a_holiday_pushes_a_business_deadline(calltower: Policy) -> None:
    # Wednesday 16:00 + 4 open hours: 2 h on Wednesday, Thanksgiving is closed, 2 h on Friday
    opened = datetime(2026, 11, 25, 16, 0, tzinfo=MT)
    assert calltower.due("P3", "first_response", opened) == datetime(2026, 11, 27, 8, 0, tzinfo=MT)
    # Independence Day 2026 is a Saturday, observed on Friday July 3
    thursday = datetime(2026, 7, 2, 16, 0, tzinfo=MT)
    assert calltower.due("P3", "first_response", thursday) == datetime(2026, 7, 6, 8, 0, tzinfo=MT)


def test_calltower_p3_update_runs_one_business_day_on_business_time(calltower: Policy) -> None:
    opened = datetime(2026, 11, 20, 16, 30, tzinfo=MT)
    # 1 business day = 12 open hours of 06:00-18:00: 1.5 h Friday, 10.5 h Monday
    assert calltower.due("P3", "update_every", opened) == datetime(2026, 11, 23, 16, 30, tzinfo=MT)


def test_calltower_chat_hours_weekdays_to_midnight_and_weekends_eight_to_five(
    calltower: Policy,
) -> None:
    assert calltower.humans_on_duty("webchat", datetime(2026, 11, 24, 5, 0, tzinfo=MT))
    assert calltower.humans_on_duty("webchat", datetime(2026, 11, 24, 23, 59, tzinfo=MT))
    assert not calltower.humans_on_duty("webchat", datetime(2026, 11, 25, 4, 59, tzinfo=MT))
    assert calltower.humans_on_duty("webchat", datetime(2026, 11, 21, 16, 59, tzinfo=MT))
    assert not calltower.humans_on_duty("webchat", datetime(2026, 11, 21, 17, 0, tzinfo=MT))
    assert calltower.humans_back_at(
        "webchat", datetime(2026, 11, 21, 17, 0, tzinfo=MT)
    ) == datetime(2026, 11, 22, 8, 0, tzinfo=MT)


def test_calltower_email_and_portal_cases_open_at_p4_until_reviewed(calltower: Policy) -> None:
    assert calltower.channel_rules("email").default_priority == "P4"
    assert calltower.channel_rules("portal").default_priority == "P4"
    assert calltower.channel_rules("webchat").default_priority is None


def test_calltower_lifecycle_reopen_seven_days_and_close_after_two_business_days(
    calltower: Policy,
) -> None:
    assert calltower.lifecycle.reopen_days == 7
    assert calltower.lifecycle.close_no_response_after == "2 business days"
    cal = calltower.calendar(calltower.lifecycle.close_no_response_clock)
    asked = datetime(2026, 11, 20, 12, 0, tzinfo=MT)  # Friday noon
    # two business days of 12 h: 6 h Friday, 12 h Monday, 6 h Tuesday
    assert cal.add(asked, timedelta(hours=24)) == datetime(2026, 11, 24, 12, 0, tzinfo=MT)


def test_calltower_status_list_is_the_plans(calltower: Policy) -> None:
    assert [s.id for s in calltower.statuses] == [
        "new",
        "in_progress",
        "duplicate",
        "on_hold",
        "shipping",
        "resolved_pending_confirmation",
        "customer_reopened",
        "closed_no_response",
        "closed",
    ]
    assert calltower.status_name("closed_no_response", "es") == "Cerrado sin respuesta"


def test_calltower_p1g_is_a_master_case_only_staff_can_set(calltower: Policy) -> None:
    p1g = calltower.priority("P1G")
    assert p1g.agent_only and p1g.update_every == "1h" and p1g.rank < calltower.rank("P1")
    assert "P1G" not in {r.priority for r in calltower.rules}


def test_calltower_macd_standard_and_expedited(calltower: Policy) -> None:
    # the case table reads a MACD text as P4; the intake answer puts it on the request clocks
    assert _priority(calltower, "Please add a new user and change the extension for Bob") == "P4"
    assert _priority(calltower, "Please add a new user", macd_speed="standard") == "MACD"
    assert _priority(calltower, "Please add a new user", macd_speed="expedited") == "MACD-X"
    friday = datetime(2026, 11, 20, 16, 30, tzinfo=MT)
    assert calltower.due("MACD", "first_response", friday) == datetime(
        2026, 11, 23, 16, 30, tzinfo=MT
    )
    # expedited: 4 hours, worked by the 24x7 team even after the extended hours
    assert calltower.due("MACD-X", "first_response", friday) == friday + timedelta(hours=4)
    assert calltower.clock_name("MACD-X", "resolution") == "business"


# -- Somos (seed 000) ----------------------------------------------------------------------


def test_somos_sms_on_tuesday_1800_is_outside_text_hours_and_back_wednesday_0900(
    somos: Policy,
) -> None:
    at = datetime(2026, 11, 24, 18, 0, tzinfo=CT)
    assert not somos.humans_on_duty("sms", at)
    assert somos.humans_back_at("sms", at) == datetime(2026, 11, 25, 9, 0, tzinfo=CT)
    assert somos.humans_on_duty("sms", datetime(2026, 11, 24, 9, 0, tzinfo=CT))


def test_somos_live_chat_is_24_hours_monday_to_friday(somos: Policy) -> None:
    assert somos.humans_on_duty("webchat", datetime(2026, 11, 24, 3, 0, tzinfo=CT))
    assert somos.humans_on_duty("webchat", datetime(2026, 11, 27, 23, 59, tzinfo=CT))
    saturday = datetime(2026, 11, 28, 0, 0, tzinfo=CT)
    assert not somos.humans_on_duty("webchat", saturday)
    assert somos.humans_back_at("webchat", saturday) == datetime(2026, 11, 30, 0, 0, tzinfo=CT)


def test_somos_business_hours_run_monday_0600_to_saturday_midnight(somos: Policy) -> None:
    cal = somos.calendar("business")
    assert not cal.is_open(datetime(2026, 11, 23, 5, 59, tzinfo=CT))
    assert cal.is_open(datetime(2026, 11, 23, 6, 0, tzinfo=CT))
    assert cal.is_open(datetime(2026, 11, 24, 3, 0, tzinfo=CT))  # overnight is business time
    assert cal.next_close(datetime(2026, 11, 30, 12, 0, tzinfo=CT)) == datetime(
        2026, 12, 5, 0, 0, tzinfo=CT
    )
    assert not cal.is_open(datetime(2026, 11, 26, 12, 0, tzinfo=CT))  # holidays are non-business


def test_somos_callback_within_24_hours(somos: Policy) -> None:
    now = datetime(2026, 11, 24, 18, 0, tzinfo=CT)
    promise = somos.callback_due(now)
    assert promise is not None and promise[1] == now + timedelta(hours=24)
    assert somos.due("P3", "first_response", now) == now + timedelta(hours=24)


def test_somos_priorities_urgent_high_normal_low_enhancement(somos: Policy) -> None:
    assert [p.name.en for p in somos.priorities] == [
        "Urgent (1)",
        "High (2)",
        "Normal (3)",
        "Low (4)",
        "Low (4): enhancement request",
    ]
    # several Somos customers ("nobody can": the intake reads the category from the words) is
    # P1; one Resp Org cut off is P2
    down = "The TFNRegistry is down, nobody can reserve toll-free numbers"
    assert _priority(somos, down, category="industry") == "P1"
    assert (
        _priority(
            somos, "Our Resp Org cannot reach the TFNRegistry at all, every request is refused"
        )
        == "P2"
    )
    assert _priority(somos, "The report is missing records since yesterday") == "P3"
    assert _priority(somos, "There is a typo on the search screen label") == "P4"
    assert _priority(somos, "Could you add a dark mode to the UI?") == "P4E"


def test_somos_intake_asks_the_plans_fields(somos: Policy) -> None:
    keys = [f.key for f in somos.intake.fields]
    assert keys == [
        "description",
        "name",
        "resp_org_id",
        "login_id",
        "phone",
        "email",
        "contact_method",
        "product",
        "environment",
        "error_text",
        "api_details",
        "process",
        "category",  # read from the description, never asked (ask = false)
    ]
    env = next(f for f in somos.intake.fields if f.key == "environment")
    assert [c.value for c in env.choices] == ["production", "sandbox", "beta"]
    api = next(f for f in somos.intake.fields if f.key == "api_details")
    assert api.holds(fields={"product": "api"}) is True
    assert api.holds(fields={"product": "ui"}) is False


# -- ConnexCS (seed 002) -------------------------------------------------------------------


def test_connexcs_critical_platform_issues_run_24x7_and_operational_in_business_hours(
    connexcs: Policy,
) -> None:
    assert connexcs.clock_name("P1", category="platform") == "always"
    assert connexcs.clock_name("P1", category="operational") == "business"
    assert connexcs.clock_name("P3", category="platform") == "business"
    cal = connexcs.calendar("business")
    assert cal.is_open(datetime(2026, 11, 24, 8, 0, tzinfo=UTC))
    assert not cal.is_open(datetime(2026, 11, 24, 20, 0, tzinfo=UTC))
    assert not connexcs.humans_on_duty("webchat", datetime(2026, 11, 24, 21, 0, tzinfo=UTC))


def test_connexcs_p0_to_p5_from_category_and_severity(connexcs: Policy) -> None:
    assert [p.id for p in connexcs.priorities] == ["P0", "P1", "P2", "P3", "P4", "P5"]
    down = "All our calls are failing, none of our customers can call"
    assert _priority(connexcs, down) == "P1"
    assert _priority(connexcs, down, category="platform") == "P0"
    assert _priority(connexcs, "Some calls have one way audio on carrier X") == "P3"
    assert _priority(connexcs, "Can you add a feature to export CDRs as parquet?") == "P5"


def test_connexcs_new_interconnects_and_changes_are_never_critical(connexcs: Policy) -> None:
    text = "Calls fail on the new interconnect we are turning up, everyone affected"
    assert _priority(connexcs, text) == "P3"


def test_connexcs_call_id_is_required_for_problems_with_calls(connexcs: Policy) -> None:
    call_id = next(f for f in connexcs.intake.fields if f.key == "call_id")
    assert call_id.required and call_id.when == "calls"


def test_connexcs_quotes_the_status_page_one_problem_per_ticket_and_human(connexcs: Policy) -> None:
    notice = connexcs.texts.intake_notice
    assert notice is not None
    assert "https://status.connexcs.com/" in notice.en and "One problem per ticket" in notice.en
    assert '"Human"' in notice.en
    assert connexcs.calendar("phone").is_open(datetime(2026, 11, 22, 9, 0, tzinfo=UTC))
    assert not connexcs.calendar("phone").is_open(datetime(2026, 11, 22, 23, 0, tzinfo=UTC))


# -- AT&T BVoIP (seed 003) -----------------------------------------------------------------


def test_att_escalation_ladder_intervals_per_severity(att: Policy) -> None:
    opened = datetime(2026, 11, 24, 9, 0, tzinfo=CT)
    sev1 = [(lv.level, due - opened) for lv, due in att.escalation_times("SEV1", opened)]
    sev2 = [(lv.level, due - opened) for lv, due in att.escalation_times("SEV2", opened)]
    hours = timedelta(hours=1)
    assert sev1 == [(1, 1 * hours), (2, 2 * hours), (3, 3 * hours), (4, 4 * hours)]
    assert sev2 == [(1, 2 * hours), (2, 4 * hours), (3, 6 * hours), (4, 8 * hours)]


def test_att_severity_1_is_a_multi_user_or_site_outage_or_one_way_audio(att: Policy) -> None:
    assert _priority(att, "Nobody at our Dallas site can receive calls") == "SEV1"
    assert _priority(att, "We have one way audio on a call") == "SEV1"
    assert _priority(att, "Calls are choppy at one location") == "SEV2"


def test_att_lists_what_a_customer_must_give_to_escalate(att: Policy) -> None:
    reqs = att.escalation.requirements.en
    assert len(reqs) == 6 and any("AOTS" in r for r in reqs)
    assert {f.key for f in att.intake.fields} >= {
        "business",
        "name",
        "phone",
        "since",
        "requested_action",
    }


# -- Ringover (seed 004) -------------------------------------------------------------------


def test_ringover_speaks_spanish_and_puts_multi_user_outages_first(ringover: Policy) -> None:
    assert ringover.plan.default_language == "es"
    assert _priority(ringover, "Nadie en la oficina puede hacer llamadas") == "P1"
    assert ringover.priority("P1").handoff and ringover.rank("P1") == 1


def test_ringover_communication_quality_goes_to_level_2(ringover: Policy) -> None:
    text = "Las llamadas se oyen entrecortadas para varios usuarios"
    assert _priority(ringover, text) == "P2"
    route = ringover.route_for(impact="degraded", service="voice", text=text)
    assert route is not None and route.level == 2


def test_ringover_tracks_tickets_by_call_id(ringover: Policy) -> None:
    call_id = next(f for f in ringover.intake.fields if f.key == "call_id")
    assert call_id.when == "calls" and call_id.kind == "text"
    assert (
        ringover.texts.opened_note is not None and "ID de llamada" in ringover.texts.opened_note.es
    )
