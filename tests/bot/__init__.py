import pytest

# The store contract suite is imported into each backend's test module; keep
# pytest's assertion introspection for it.
pytest.register_assert_rewrite("tests.bot.store.contract")
