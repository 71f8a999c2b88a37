"""Who is affected, in a plan's own terms (profile round 3): the scope kinds a plan's levels
are written in, read from the groups the message names.

A plan whose customers are not one office's users (Somos: Resp Orgs; ConnexCS: wholesalers
and their own customers) names, in `classification.audience`, its scope kinds and the nouns
for the groups each kind is about. The grammar that turns a noun into "several of them",
"all of ours", "one of ours", "a part of them" or "one of them" is shared and written here
once, in both languages; the plan's table rows name the kinds (`flows.classify.decide`).
Pure, stdlib `re` only.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Final

from domain.dimensions import AudienceKind
from flows.classify.denials import NO_PROBLEM
from flows.classify.gate import may
from flows.classify.text import basic

# A group said to be fine is not affected ("other Resp Orgs we asked are fine").
_FINE_AFTER: Final = (
    r"(?!(?: \w+){0,4} (?:are|is|r|seem|seems|look|looks|report|reported|say|said|were|work|works|estan|esta|siguen|parecen|funciona|funcionan|van)"
    r" (?:all |completely |totally |perfectly |still |working |\w+ing )?"
    r"(?:fine|ok|okay|good|normal|normally|unaffected|not affected|working|bien|normales?|sin problemas?)\b)"
)
# A noun that modifies the next one names no group: "customer records", "carrier rates".
_NOT_COMPOUND: Final = r"(?! (?:records?|data|service|support|care|portal|number|numbers|rates?|ids?|name|names|list|base|registros?)\b)"
# Up to two words between a quantifier and its noun ("all the sister carriers"), none of them a
# preposition or pronoun ("all as a company" names no companies).
_BETWEEN: Final = (
    r"(?:(?!(?:as|of|in|at|for|to|on|by|with|our|my|we|us|it|de|en|con|a)\b)\w+ ){0,2}?"
)
_NOT_OURS: Final = r"(?!(?:of |de )?(?:our|my|nuestr[oa]s?|mis|its|their|us|ours)\b)"
_FAMILIES: Final[Mapping[str, tuple[str, ...]]] = {
    # several or all of the plan's customers: "other Resp Orgs", "every carrier", "several
    # aggregators", "the customers we talked to", "across all resp orgs", "otras Resp Org"
    "others": (
        r"(?<!our )(?<!my )(?<!of the )(?<!nuestros )(?<!nuestras )(?<!mis )(?:other|all|every|several|multiple|many|most|numerous|various|a few|a number"
        r"|a bunch|some other|(?:about |around |roughly |over |more than )?(?:half|a third|a quarter)"
        r"|otr[oa]s|tod[oa]s(?: l[oa]s)?|vari[oa]s|much[oa]s|divers[oa]s|distint[oa]s|dem[a]s|la mitad)"
        # profile round 4: "half of the Resp Orgs", "most of the carriers", "la mitad de las"
        r"(?: of(?: the)?| de(?: l[oa]s)?)?"
        rf" {_NOT_OURS}{_BETWEEN}(?:{{nouns}})",
        # profile round 4: one other said to see it too: "another carrier on connexcs says theirs
        # is down", "otra Resp Org dice lo mismo" (not "we transfer to another Resp Org")
        r"(?:another|one other|otr[oa]) (?:\w+ )?(?:{nouns})(?: \w+){0,4}? (?:say|says|said|report|reports|reported"
        r"|see|sees|saw|confirm|confirms|confirmed|tell us|tells us|told us|is seeing|are seeing|has the same|have the same"
        r"|dice|dicen|reporta|reportan|confirma|confirman|tiene lo mismo|tienen lo mismo)",
        # several of them telling the writer: "SCP owners are telling us", "carriers report the same"
        # (profile round 5: not "customers are telling us": who tells a writer of a problem is
        # the writer's own customers, not several of the plan's)
        r"(?<!our )(?<!my )(?<!your )(?<!nuestros )(?<!nuestras )(?<!mis )\b(?!(?:customer|client|subscriber|caller|end user|cliente)s )"
        r"(?:{nouns})s (?:are |have (?:been )?|keep )?"
        r"(?:telling|reporting|saying|confirming|complaining|tell us|report the same|say the same|nos dicen|reportan lo mismo)",
        # a count right before the noun: "three Resp Orgs", "2 other carriers", "dos agregadores"
        r"(?<!our )(?<!my )(?:\d{1,3}|two|three|four|five|six|seven|eight|nine|ten|dos|tres|cuatro|cinco)"
        r" (?:other |more |different |separate |distinct |otr[oa]s |mas |diferentes |distint[oa]s )?(?:{nouns})",
        # sister companies are others, "ours" or not: "our sister resp orgs", "partner carriers"
        r"(?:sister|partner|fellow|peer|affiliated|subsidiary) (?:\w+ )?(?:{nouns})",
        # nobody of them: "no Resp Org can", "none of the carriers" (never "fine" after)
        r"!(?:no other|not a single|not one|none of the|ningun[ao]?|ni una? sol[ao])"
        rf" {_NOT_OURS}{_BETWEEN}(?:{{nouns}})",
        # "no Resp Org (on the call) can ...": a bare "no" only before what they cannot do
        r"!no (?:{nouns})(?:e?s)?(?: \w+){0,6}? (?:cannot|can|could|is able|are able|puede|pueden|podia|podian)",
        r"(?:{nouns})(?:e?s)?(?: (?:that|who))? (?:we|i|weve|ive)(?: ve| have| had)? (?:talked|spoke|spoken|checked|asked|contacted|reached)"
        r"(?: to| with)?",
        r"(?:{nouns})(?:e?s)? con (?:l[oa]s )?que (?:hemos )?(?:hablamos|hablado|consultamos|consultado)",
        r"(?:{nouns}) ?wide",
        # nobody there is the same: "no one on the Resp Org call could reserve" (profile round 4)
        r"(?:everyone|everybody|anyone|anybody|no one|nobody|noone|todo el mundo|nadie) (?:else )?(?:on|in|at|using|en|de) (?:the |el |la )?(?:\w+ ){0,2}?(?:{nouns})",
    ),
    # all of the writer's own: "all our customers", "every one of our clients", "our customers"
    "ours_all": (
        r"(?:all|every one|everyone|each|any|every single one)(?: of)? (?:our|my) (?:\w+ )?(?:{nouns})s",
        r"!(?:none|not one|not a single one|ninguno|ninguna)(?: of| de)? (?:our|my|nuestr[oa]s|mis) (?:\w+ )?(?:{nouns})s",
        r"(?<!of )(?:our|my) (?!other )(?:\w+ )?(?:{nouns})s",
        r"(?:our|my) (?:whole|entire|complete) (?:\w+ )?(?:{nouns})",
        r"(?:tod[oa]s|cada uno de) (?:l[oa]s )?(?:nuestr[oa]s|mis) (?:{nouns})",
    ),
    # one of the writer's own: "one of our customers", "our customer Acme", "a client of ours"
    "ours_one": (
        r"(?<!every )(?<!each )(?:one|just one|only one) of (?:our|my) (?:\w+ )?(?:{nouns})s",
        r"(?:a|an|one) (?:\w+ )?(?:{nouns}) of (?:ours|mine)",
        r"(?:our|my) (?:\w+ )?(?:{nouns})(?!s\b)",
        r"(?:uno|una) de (?:nuestr[oa]s|mis) (?:{nouns})",
        r"(?:un|una) (?:{nouns}) nuestr[oa]",
        r"(?:nuestr[oa]|mi) (?:{nouns})(?!s\b)",
    ),
    # a part of them: "some calls", "30 of calls" (the % is gone), "half the traffic"
    "some": (
        # "it's not just some calls", "not a few calls" deny the part (profile round 4)
        r"(?<!not just )(?<!not only )(?<!isnt just )(?<!not )(?<!no solo )(?<!no son solo )(?<!no son )"
        r"(?:some|certain|a few|a handful of|a subset of|a small number of|a couple of|part of|half(?: of)?|a portion of|a percentage of|(?!100 )\d+ (?:percent )?of"
        r"|most|many|about a third of|a third of|a quarter of"
        r"|alguna?s?|ciertas?|parte de|la mitad de)(?: of)?(?: (?:the|our|my|las|los|nuestras?|de))? (?:\w+ )?(?:{nouns})",
    ),
    # one of them: "one carrier", "a single destination", "only one route", "un solo proveedor"
    "one": (
        # "it isn't just one carrier" denies the part
        r"(?<!isnt )(?<!not )(?<!ni )(?<!is not )(?<!no es )(?<!isnt just )(?<!not just )(?<!isnt only )(?<!not only )"
        r"(?:one|a single|only one|just one|one specific|a specific"
        r"|un solo|una sola|un|una|solo un|solo una)"
        r"(?: of (?:our|the|my))? (?:\w+ )?(?:{nouns})",
    ),
}


def _noun_alternation(nouns: Sequence[str]) -> str:
    # "resp org" also reads "resporg", "resp-org"; a plural is the family's business
    out = sorted({re.escape(basic(n)).replace(r"\ ", " ?") for n in nouns if basic(n)}, key=len)
    return "|".join(reversed(out))


@lru_cache(maxsize=32)
def compile_audience(kinds: tuple[AudienceKind, ...]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Each kind's one pattern: its words and its families' patterns over its nouns."""
    compiled = []
    for kind in kinds:
        # a word of the kind said as denied names nobody ("not just us" is not "just us")
        alternatives = [
            rf"(?<!not )(?<!no )(?<!isnt ){re.escape(basic(w))}(?!\w)"
            for w in kind.words
            if basic(w)
        ]
        for family, nouns in kind.groups:
            if family not in _FAMILIES:
                raise ValueError(f"audience {kind.id!r}: unknown family {family!r}")
            alternation = _noun_alternation(nouns)
            if alternation:
                # a pattern marked "!" names nobody fine: "none of our calls are working"
                alternatives += [
                    p.removeprefix("!").replace("{nouns}", alternation)
                    + r"(?:e?s)?\b"
                    + _NOT_COMPOUND
                    + ("" if p.startswith("!") else _FINE_AFTER)
                    for p in _FAMILIES[family]
                ]
        if alternatives:
            compiled.append((kind.id, re.compile(rf"\b(?:{'|'.join(alternatives)})")))
    return tuple(compiled)


def who_of(text: str, kinds: tuple[AudienceKind, ...]) -> tuple[str, str] | None:
    """The first of a plan's scope kinds (in the plan's order) the text names, and the words
    that named it; None when it names none. `text` is the live message, not normalised."""
    if not kinds:
        return None
    folded = basic(text)
    if may(folded, "noprob") and NO_PROBLEM.search(folded):
        folded = NO_PROBLEM.sub(" ", folded)  # a denied clause names nobody affected
    for kind, pattern in compile_audience(kinds):
        match = pattern.search(folded)
        if match:
            return kind, match.group(0)
    return None
