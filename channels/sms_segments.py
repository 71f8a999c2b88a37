"""SMS text arithmetic for the SMS channel; it lives in `domain.sms` so that the dialogue
can fit its own SMS wordings (a confirmation summary) into the segments it may use."""

from domain.sms import (
    GSM7_ALL,
    GSM7_BASIC,
    GSM7_EXTENDED,
    GSM7_MULTI,
    GSM7_SINGLE,
    UCS2_MULTI,
    UCS2_SINGLE,
    encoding,
    is_gsm7,
    segment_count,
    split_message,
    units,
)

__all__ = [
    "GSM7_ALL",
    "GSM7_BASIC",
    "GSM7_EXTENDED",
    "GSM7_MULTI",
    "GSM7_SINGLE",
    "UCS2_MULTI",
    "UCS2_SINGLE",
    "encoding",
    "is_gsm7",
    "segment_count",
    "split_message",
    "units",
]
