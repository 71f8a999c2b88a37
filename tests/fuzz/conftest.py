from tests.handoff.conftest import desk  # noqa: F401  (the Slack desk fixture, for the fuzz tests)
