"""GSM-7 / UCS-2 arithmetic and word-boundary splitting of SMS replies."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from channels.sms_segments import encoding, is_gsm7, segment_count, split_message, units


def test_plain_english_and_spanish_with_gsm_accents_stay_gsm7() -> None:
    assert is_gsm7("Ticket #10001 is open. ¿Qué pasa? Niño, é, ñ, ü, ¡hola!")
    assert encoding("Hello") == "GSM-7"


def test_one_acute_a_makes_the_whole_message_ucs2() -> None:
    assert encoding("Está abierto") == "UCS-2"
    assert segment_count("x" * 70) == 1 and segment_count("á" + "x" * 69) == 1
    assert segment_count("á" + "x" * 70) == 2


def test_extension_characters_cost_two_septets() -> None:
    assert units("{}[]€") == 10
    assert segment_count("€" * 80) == 1 and segment_count("€" * 81) == 2


def test_gsm7_segment_sizes_follow_concatenation_headers() -> None:
    assert segment_count("") == 0
    assert segment_count("a" * 160) == 1
    assert segment_count("a" * 161) == 2
    assert segment_count("a" * 306) == 2 and segment_count("a" * 307) == 3


def test_emoji_count_as_two_utf16_units() -> None:
    assert units("🙂") == 2 and encoding("🙂") == "UCS-2"


def test_a_short_reply_is_one_message() -> None:
    assert split_message("  Callback number?  ") == ["Callback number?"]


def test_long_text_is_split_at_spaces_into_single_segment_parts() -> None:
    text = " ".join(f"word{i}" for i in range(60))
    parts = split_message(text)
    assert len(parts) == 3
    assert all(units(p) <= 160 for p in parts)
    assert parts[0].split()[-1] + " " + parts[1].split()[0] in text  # no word was cut in two


def test_line_breaks_are_preferred_as_cut_points() -> None:
    lines = [f"- Field {i}: some value here" for i in range(8)]
    parts = split_message("\n".join(lines))
    assert all(p.startswith("- Field") for p in parts)


def test_text_beyond_three_segments_is_cut_with_an_ellipsis() -> None:
    parts = split_message("lorem ipsum " * 60)
    assert len(parts) == 3 and parts[-1].endswith("...") and units(parts[-1]) <= 160
    spanish = split_message("está " * 100)
    assert len(spanish) == 3 and spanish[-1].endswith("…") and all(len(p) <= 70 for p in spanish)


def test_an_overlong_word_is_cut_hard() -> None:
    parts = split_message("x" * 200)
    assert [len(p) for p in parts] == [160, 40]


@given(st.text(alphabet=st.sampled_from(list("abc áé€\n") + ["🙂"]), max_size=700))
def test_every_part_fits_one_segment_and_there_are_at_most_three(text: str) -> None:
    parts = split_message(text)
    gsm = is_gsm7(text.strip())
    assert len(parts) <= 3
    for part in parts:
        assert units(part, gsm=gsm) <= (160 if gsm else 70)
