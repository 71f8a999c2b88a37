"""What any store role may raise."""

from __future__ import annotations


class StoreError(Exception):
    """The store could not do what was asked; the caller should retry later (503/451)."""


class VersionConflict(StoreError):
    """Someone committed this conversation after we loaded it: our turn is stale."""


class DuplicateTurn(StoreError):
    """The dedup key was committed by another turn: this message was already handled."""
