"""The cheap tests the extractors run before an expensive pattern: each holds for every
text the pattern can match, so a text that fails one cannot match, and skipping the
pattern there changes nothing.

Two checks. The proof: reading the parsed pattern, every match holds a run of fixed text
(a literal, a choice of literals, ...) that contains one of the precheck's words. The
sample: texts generated from the pattern itself pass the precheck."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from flows.classify import reading as classify
from flows.classify import text as classify_text
from flows.dialogue import intents
from flows.extract import error as extract_error
from flows.extract import ids as extract_ids
from flows.extract import name as extract_name
from flows.extract import signoff
from flows.extract import text as text_mod
from flows.extract.text import caseless, has_any

# name -> (pattern, words as written, words in any case): a match holds one of them
WORDS: dict[str, tuple[re.Pattern[str], Iterable[str], Iterable[str]]] = {
    "ticket": (extract_ids._TICKET, ("#", "INC"), extract_ids._TICKET_WORDS),
    "account": (extract_ids._ACCOUNT, (), extract_ids._ACCOUNT_WORDS),
    "call id cue": (extract_ids._CALLID_CONTEXT, (), ("call", "llamada")),
    "call id @": (extract_ids._CALLID_AT_SHAPE, ("@",), ()),
    "uuid": (extract_ids._UUID, ("-",), ()),
    "error:": (extract_error._ERROR_COLON, (":",), ()),
    "says:": (extract_error._SAYS_COLON, (":",), ()),
    "quoted": (extract_error._QUOTED, extract_error._QUOTES, ()),
    "sip status": (extract_error._SIP_STATUS, extract_error._SIP_CLASS_DIGITS, ()),
    "says Capital": (extract_error._SAYS_CAPITAL, extract_error._SAYS_CAPITAL_WORDS, ()),
    "message says": (extract_error._MESSAGE_SAYS, (), extract_error._MESSAGE_SAYS_WORDS),
    "sign-off block": (signoff._SIGNOFF_BLOCK, ("\n",), ()),
    "sign-off inline, punctuation": (signoff._SIGNOFF_INLINE, signoff._SIGNOFF_PUNCT, ()),
    "sign-off inline, word": (signoff._SIGNOFF_INLINE, (), signoff._SIGNOFF_WORDS),
    "sign-off lower, punctuation": (signoff._SIGNOFF_INLINE_LOWER, signoff._SIGNOFF_PUNCT, ()),
    "sign-off lower, word": (signoff._SIGNOFF_INLINE_LOWER, (), signoff._SIGNOFF_WORDS),
    "dash": (signoff._DASH, ("-", "~"), ()),
    "dash lower": (signoff._DASH_LOWER, ("-", "~"), ()),
    "contact": (signoff._CONTACT, (":",), ()),
    "call name": (signoff._CALL_NAME, (), signoff._CALL_WORDS),
    "number then name": (signoff._NUMBER_THEN_NAME, ("(",), ()),
    "from header": (signoff._FROM_HEADER, ("@",), ()),
    "strong cue": (extract_name._STRONG_CUE, (), extract_name._STRONG_WORDS),
    "weak cue": (extract_name._WEAK_CUE, (), extract_name._WEAK_WORDS),
    "aquí cue": (extract_name._CAP_CUE, (), ("aqu",)),
    "here name": (extract_name._HERE_NAME, ("here", "aqu"), ()),
    "leading name": (extract_name._LEADING_NAME, ("(", ","), ()),
    "status of ticket": (intents._STATUS_OF_TICKET, (), intents._STATUS_OF_WORDS),
    "human phrase": (intents._HUMAN_PHRASES, (), intents._HUMAN_PHRASE_WORDS),
    "space run": (text_mod._SPACE_RUN, ("  ", "\t"), ()),
    "possessive 's": (classify_text._POSSESSIVE_S, ("'",), ()),
    "inner apostrophe": (classify_text._INNER_APOSTROPHE, ("'",), ()),
    "Bill's": (classify._BILL_NAME, ("Bill",), ()),
}

# prechecks that are not about words
OTHER: dict[str, tuple[re.Pattern[str], Callable[[str], bool]]] = {
    "blank lines": (text_mod._BLANK_LINES, lambda t: t.count("\n") >= 3),
    "nbsp": (text_mod._NBSP, lambda t: not t.isascii()),
    "dashes": (text_mod._DASHES, lambda t: not t.isascii()),
    "control": (
        text_mod._CONTROL,
        lambda t: not (t.isascii() and t.replace("\n", "").replace("\t", "").isprintable()),
    ),
}


def _passes(name: str, text: str) -> bool:
    if name in OTHER:
        return OTHER[name][1](text)
    _, written, any_case = WORDS[name]
    return has_any(text, written) or has_any(caseless(text), any_case)


# -- the proof ------------------------------------------------------------------------------

_CAP = 4096
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)


def _chars(av: Any) -> set[str] | None:
    out: set[str] = set()
    for kind, value in av:
        if kind is sre.LITERAL:
            out.add(chr(value))
        elif kind is sre.RANGE and value[1] - value[0] < 64:
            out.update(map(chr, range(value[0], value[1] + 1)))
        else:
            return None  # a category, a negation, a wide range
    return out


def _exact(op: Any, av: Any) -> set[str] | None:
    """Every text one parsed item can match, when that is a short list; else None."""
    if op is sre.LITERAL:
        return {chr(av)}
    if op is sre.IN:
        return _chars(av)
    if op is sre.SUBPATTERN:
        return _exact_run(av[3])
    if op is sre.BRANCH:
        out: set[str] = set()
        for alt in av[1]:
            found = _exact_run(alt)
            if found is None:
                return None
            out |= found
        return out
    if op in _REPEATS and av[0] == av[1]:
        return _power(_exact_run(av[2]), av[0])
    return None


def _power(texts: set[str] | None, count: int) -> set[str] | None:
    out: set[str] | None = {""}
    for _ in range(count):
        if texts is None or out is None or len(out) * len(texts) > _CAP:
            return None
        out = {a + b for a in out for b in texts}
    return out


def _exact_run(items: Sequence[Any]) -> set[str] | None:
    texts: set[str] | None = {""}
    for op, av in items:
        if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
            continue
        found = _exact(op, av)
        if texts is None or found is None or len(texts) * len(found) > _CAP:
            return None
        texts = {t + f for t in texts for f in found}
    return texts


class _Words:
    """The precheck's words; `written` count where the text is matched case as written."""

    def __init__(self, written: tuple[str, ...], any_case: tuple[str, ...], exact_case: bool):
        self.all_written, self.any_case, self.exact_case = written, any_case, exact_case

    def scoped(self, add_flags: int, del_flags: int) -> _Words:
        if del_flags & re.IGNORECASE:
            return _Words(self.all_written, self.any_case, True)
        if add_flags & re.IGNORECASE:
            return _Words(self.all_written, self.any_case, False)
        return self

    def hold(self, texts: set[str]) -> bool:
        written = [w for w in self.all_written if self.exact_case or w.lower() == w.upper()]
        return all(has_any(t, written) or has_any(t.lower(), self.any_case) for t in texts)


def _proved(items: Sequence[Any], words: _Words) -> bool:
    """Every match of `items` holds one of the words: some run of consecutive fixed items
    always does, or some item whose every match does."""
    run: set[str] = {""}
    for op, av in items:
        if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
            continue
        flagged = op is sre.SUBPATTERN and (av[1] or av[2])  # its own case rule: read apart
        found = None if flagged else _exact(op, av)
        if found is None and op in _REPEATS and av[0] >= 1:
            # at least av[0] copies of a fixed body: they start every match of the item
            head = _power(_exact_run(av[2]), av[0])
            if head is not None and len(run) * len(head) <= _CAP:
                if words.hold({t + h for t in run for h in head}):
                    return True
        if found is not None and len(run) * len(found) <= _CAP:
            run = {t + f for t in run for f in found}
            if words.hold(run):
                return True
            continue
        run = found if found is not None else {""}
        if _proved_item(op, av, words):
            return True
    return False


def _proved_item(op: Any, av: Any, words: _Words) -> bool:
    if op is sre.SUBPATTERN:
        return _proved(av[3], words.scoped(av[1], av[2]))
    if op is sre.BRANCH:
        return all(_proved(alt, words) for alt in av[1])
    if op in _REPEATS and av[0] >= 1:
        return _proved(av[2], words)
    return False


@pytest.mark.parametrize("name", sorted(WORDS))
def test_every_match_of_the_pattern_holds_a_word_of_its_precheck(name: str) -> None:
    pattern, written, any_case = WORDS[name]
    words = _Words(tuple(written), tuple(any_case), not pattern.flags & re.IGNORECASE)
    items = list(sre_parse.parse(pattern.pattern, pattern.flags))
    assert _proved(items, words), name


# -- the sample -----------------------------------------------------------------------------


@settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow],
)
@given(data=st.data())
def test_texts_generated_from_the_patterns_pass_their_prechecks(data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(sorted([*WORDS, *OTHER])))
    pattern = OTHER[name][0] if name in OTHER else WORDS[name][0]
    text = data.draw(st.from_regex(pattern))
    assume(pattern.search(text))
    assert _passes(name, text), (name, text)
