"""domain.incident's matching words (the matching itself: tests/flows/test_incident_intake.py)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from domain.incident import _WORD, IncidentMatch, _words
from domain.text import fold

TEXT = st.text(alphabet=st.sampled_from(list("aZ9_ -,.¡¿ñÁé²½\u0301\t") + ["٣", "🙂"]), max_size=40)


@given(TEXT)
def test_the_matching_words_are_the_folded_letter_and_digit_runs_spaced_once(text: str) -> None:
    spaced = "".join(c if c.isalnum() else " " for c in fold(text))
    assert _words(text) == f" {' '.join(spaced.split())} "


@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=60))
def test_an_ascii_texts_words_are_the_patterns_words(text: str) -> None:
    # the ASCII shortcut (domain.text.ascii_runs) against the pattern it stands in for
    assert _words(text) == f" {' '.join(_WORD.findall(fold(text)))} "


def test_a_keyword_matches_its_plural_and_singular_in_english_and_spanish() -> None:
    match = IncidentMatch(keywords=("SIP trunk", "troncal SIP", "company portal", "AC-77"))
    for text in (
        "Our SIP trunks are down",
        "las troncales SIP no registran",
        "the companies portal is blank",
        "Every company portals page fails",
        "account AC-77 cannot call",
    ):
        assert match.matches(text, service=None, accounts=()), text
    for text in ("sip trunking question", "la troncal de SIP", "account AC-777", "a port"):
        assert not match.matches(text, service=None, accounts=()), text


# An outage scoped to where it is: the Dallas trunks, by place name or by the customer's number.
DALLAS_CALLS = IncidentMatch(
    keywords=("calls", "llamadas"), regions=("Dallas", "Fort Worth", "+1214", "+1 469")
)


def test_a_regional_incident_matches_its_fault_only_in_one_of_its_regions() -> None:
    assert DALLAS_CALLS.matches("calls failing at our Dallas office", service=None, accounts=())
    assert DALLAS_CALLS.matches(
        "no entran llamadas en la oficina de fort worth", service=None, accounts=()
    )
    assert DALLAS_CALLS.matches(
        "our calls keep failing", service=None, accounts=(), phones=("+12145550100",)
    )
    assert DALLAS_CALLS.matches(
        "our calls keep failing", service=None, accounts=(), phones=("+14695550100 ext. 12",)
    )
    # the fault elsewhere, or something else in Dallas, is not this outage
    assert not DALLAS_CALLS.matches(
        "our calls keep failing", service=None, accounts=(), phones=("+34912345678",)
    )
    assert not DALLAS_CALLS.matches("our calls keep failing", service=None, accounts=())
    assert not DALLAS_CALLS.matches(
        "my voicemail PIN in Dallas", service=None, accounts=(), phones=("+12145550100",)
    )


def test_a_region_alone_matches_every_message_from_it_and_a_listed_account_anywhere() -> None:
    site = IncidentMatch(regions=("Monterrey", "+5281"), accounts=("AC-9",))
    assert site.matches("no tenemos nada en Monterrey", service=None, accounts=())
    assert site.matches("hola", service=None, accounts=(), phones=("+528112345678",))
    assert not site.matches("hola", service=None, accounts=(), phones=("+525512345678",))
    assert site.matches("hola", service=None, accounts=("ac-9",))
    # "+5281" is a number prefix, never read in the text; "Monterrey" is not a substring match
    assert not site.matches("llamen al +5281 1234 5678", service=None, accounts=())
    assert not site.matches("monterreyes", service=None, accounts=())


def test_a_match_with_regions_keeps_them_through_json() -> None:
    assert IncidentMatch.from_json(DALLAS_CALLS.to_json()) == DALLAS_CALLS
    assert IncidentMatch.from_json({"keywords": ["x"]}).regions == ()
