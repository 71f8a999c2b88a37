"""flows.dialogue.intake.assessment_of: a conversation's assessment, rebuilt once per dict
(a turn reads it several times) and never a stale one when the assessment changes."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from domain.types import Address, Conversation
from flows.classify.classifier import assess
from flows.dialogue.intake import assessment_of, note, with_assessment

NOW = datetime(2026, 12, 7, 3, 0, tzinfo=UTC)


def _conversation() -> Conversation:
    return Conversation(id="webchat:a", address=Address("webchat", "a"), created_at=NOW)


def test_a_new_assessment_is_read_back_not_the_one_read_before() -> None:
    outage = assess("The whole office lost inbound calls since 8am")
    cosmetic = assess("Voicemail light is stuck on for my phone only")
    assert outage != cosmetic
    first = with_assessment(_conversation(), outage)
    assert assessment_of(first) == outage
    second = with_assessment(first, cosmetic)
    assert assessment_of(second) == cosmetic
    assert assessment_of(first) == outage  # the older conversation keeps its own


def test_an_assessment_from_the_store_is_read_from_its_own_dict() -> None:
    outage = assess("The whole office lost inbound calls since 8am")
    conv = with_assessment(_conversation(), outage)
    assert assessment_of(conv) == outage
    stored = Conversation.from_json(json.loads(json.dumps(conv.to_json())))  # as a load gives
    read = assessment_of(stored)
    assert read is not None and read.impact == outage.impact and read.scope == outage.scope
    changed = note(stored, a={**stored.assessment["a"], "impact": "cosmetic"})
    again = assessment_of(changed)
    assert again is not None and again.impact == "cosmetic"


def test_a_conversation_without_an_assessment_reads_none() -> None:
    assert assessment_of(_conversation()) is None
    assert assessment_of(note(_conversation(), human=True)) is None
