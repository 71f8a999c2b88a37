"""What the whole message says of its calls, read once per text: the failure is partial (one
class, destination, option or share of the calls), calling is said to work, or a non-critical
feature is the fault. Moved out of `settle.py` in round 22 (no behaviour change)."""

from __future__ import annotations

from functools import lru_cache

from flows.classify.destinations import DESTINATION, DESTINATION_ANYWHERE, OTHER_NUMBER
from flows.classify.faults import (
    CALLS_FAIL,
    CALLS_WORK,
    SHARE_FAILS,
    audio_lost,
    connected_calls_fail,
)
from flows.classify.faults import class_works as one_class_works
from flows.classify.features import FEATURE_FAILS
from flows.classify.gate import may
from flows.classify.menus import IVR_FAULT, menu_fault_told, one_option
from flows.classify.service import CALL_FAULT, CALLS_FINE, HOWTO_LEAD


def feature_is_the_fault(norm: str, calls_work: bool) -> bool:
    """A non-critical feature named as failing and no fault of calling named (calls said to
    fail count, unless calling is said to work: "calls are fine but the fax fails")."""
    return (
        FEATURE_FAILS.search(norm) is not None
        and CALL_FAULT.search(norm) is None
        and (calls_work or CALLS_FAIL.search(norm) is None)
        and not audio_lost(norm)  # Round 15: "every call ... has no audio": calling's fault
    )


@lru_cache(maxsize=16)
def one_destination(norm: str) -> bool:
    """One destination, carrier, country or call class fails (not "anywhere", "in or out"):
    read once per text (the whole message, its parts check and the settling signals)."""
    return (
        DESTINATION.search(norm) is not None
        or (may(norm, "org") and OTHER_NUMBER.search(norm) is not None)
    ) and DESTINATION_ANYWHERE.search(norm) is None


@lru_cache(maxsize=16)
def whole_says(norm: str) -> tuple[bool, bool]:
    """Whether the whole (normalised) message says the failure is partial, and that calling
    works (read once per text: the rules' parts check and the settling signals ask it)."""
    class_works = one_class_works(norm)
    partial = (
        (may(norm, "share") and SHARE_FAILS.search(norm) is not None)
        or class_works
        or one_destination(norm)
        or (
            may(norm, "ivr")
            and (
                (IVR_FAULT.search(norm) is not None and HOWTO_LEAD.search(norm) is None)
                or menu_fault_told(norm)
            )
            and one_option(norm)
        )
    )
    calls_work = (
        not class_works
        and may(norm, "fine")
        and (CALLS_FINE.search(norm) is not None or CALLS_WORK.search(norm) is not None)
        and not audio_lost(norm)
        and not connected_calls_fail(norm)
    )
    return partial, calls_work
