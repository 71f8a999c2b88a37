"""Text crossing into and out of Slack: customer text made inert, agent mrkdwn made plain."""

from __future__ import annotations

import pytest

from handoff.slack_text import escape, mentioned_users, to_plain


@pytest.mark.parametrize(
    ("raw", "safe"),
    [
        ("<!channel> help", "&lt;!channel&gt; help"),
        ("<!here|here>", "&lt;!here|here&gt;"),
        ("ping <@U123ABC>", "ping &lt;@U123ABC&gt;"),
        ("<https://evil.example|click>", "&lt;https://evil.example|click&gt;"),
        ("AT&T lines < 5 > 2", "AT&amp;T lines &lt; 5 &gt; 2"),
        ("plain text", "plain text"),
    ],
)
def test_customer_text_cannot_mention_or_link(raw: str, safe: str) -> None:
    assert escape(raw) == safe


@pytest.mark.parametrize(
    ("mrkdwn", "plain"),
    [
        ("see <https://kb.example.com/a|the guide>", "see the guide (https://kb.example.com/a)"),
        ("see <https://kb.example.com/a>", "see https://kb.example.com/a"),
        ("mail <mailto:help@example.com|help@example.com>", "mail help@example.com"),
        ("*restart* the _phone_ ~now~", "restart the phone now"),
        ("run `reboot` then\n```show sip\n```", "run reboot then\nshow sip"),
        ("ask <@UJOE> about it", "ask Joe Smith about it"),
        ("ask <@UNKNOWN> now", "ask now"),
        ("<!here> fixed", "fixed"),
        ("in <#C123|voip-team>", "in #voip-team"),
        ("AT&amp;T &lt;3 &gt; 2", "AT&T <3 > 2"),
        ("&gt; quoted line\nanswer", "quoted line\nanswer"),
        ("2*3*4 stays", "2*3*4 stays"),
        ("snake_case_name stays", "snake_case_name stays"),
    ],
)
def test_agent_mrkdwn_becomes_plain_text(mrkdwn: str, plain: str) -> None:
    assert to_plain(mrkdwn, {"UJOE": "Joe Smith"}) == plain


def test_mentioned_users_are_found_for_name_lookup() -> None:
    assert mentioned_users("hi <@UJOE> and <@W42|ann>") == ["UJOE", "W42"]
