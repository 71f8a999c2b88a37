import pytest

# The store contract modules are imported into each backend's test module; keep
# pytest's assertion introspection for them.
pytest.register_assert_rewrite("tests.bot.store")
