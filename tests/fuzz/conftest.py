from tests.channels.test_sms import sms  # noqa: F401  (the SMS channel fixture)
from tests.channels.test_telegram import fake, tg  # noqa: F401  (the Telegram channel fixtures)
from tests.handoff.conftest import desk  # noqa: F401  (the Slack desk fixture, for the fuzz tests)
