"""What made the classifier cheaper changes none of its results: a gated pattern finds what
its pattern finds, the model's packed sums are the sums of its weights over `grams`, the
weights read back as written, and nothing reads CPython's private `re` modules."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from flows.classify import (
    denials,
    destinations,
    faults,
    features,
    impact,
    menus,
    model_weights,
    numbers,
    scope,
    service,
    sitewide,
    structure,
)
from flows.classify.classifier import model_text
from flows.classify.cues import Gated, word_keys
from flows.classify.learned import MODEL, parse
from flows.classify.text import normalise
from tests.flows.corpus import DATA, load_corpus

ROOT = Path(__file__).parents[2]
GATED: dict[str, Gated] = {
    f"{module.__name__.rsplit('.', 1)[1]}.{name}": value
    for module in (
        faults,
        menus,
        numbers,
        denials,
        features,
        destinations,
        sitewide,
        impact,
        scope,
        service,
        structure,
    )
    for name, value in vars(module).items()
    if isinstance(value, Gated)
} | {f"scope._NEGATED[{i}]": gate for i, (gate, _) in enumerate(scope._NEGATED)}
RAW = [
    str(row["text"])
    for path in sorted(DATA.glob("classify_*.jsonl"))
    for row in load_corpus(path.stem)
]
TEXTS = sorted({t for raw in RAW for t in (normalise(model_text(raw), None), raw)})


def test_the_classifier_reads_no_private_re_module() -> None:
    private = {"sre_parse", "sre_compile", "sre_constants"}
    for path in sorted((ROOT / "flows" / "classify").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                assert not {a.name for a in node.names} & private, path.name
            elif isinstance(node, ast.ImportFrom):
                assert node.module not in private, path.name
                if node.module == "re":
                    assert not [a.name for a in node.names if a.name.startswith("_")], path.name
            elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
                assert not (node.value.id == "re" and node.attr.startswith("_")), path.name
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, flows.classify.classifier; print(sorted(sys.modules))"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert not [m for m in private if f"'{m}'" in loaded]


def test_most_fault_and_scope_patterns_are_gated_by_words() -> None:
    assert len(GATED) >= 30
    assert sum(gate.keys is not None for gate in GATED.values()) >= len(GATED) - 2


@pytest.mark.parametrize("name", sorted(GATED))
def test_a_gated_pattern_finds_on_the_corpora_what_its_pattern_finds(name: str) -> None:
    gate = GATED[name]
    for text in TEXTS:
        assert (gate.search(text) is None) == (gate.compiled.search(text) is None), text
        assert gate.findall(text) == gate.compiled.findall(text)
        assert gate.sub(" ", text) == gate.compiled.sub(" ", text)


@settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow],
)
@given(data=st.data())
def test_a_text_a_gated_pattern_matches_always_holds_one_of_its_words(
    data: st.DataObject,
) -> None:
    gate = GATED[data.draw(st.sampled_from(sorted(GATED)))]
    text = data.draw(st.from_regex(gate.compiled))
    assume(gate.compiled.search(text))
    assert gate.keys is None or not gate.keys.isdisjoint(word_keys(text)), text
    assert gate.search(text) is not None


def _reference_sums(text: str) -> tuple[list[int], int]:
    """The model's column sums in thousandths, weight by weight over the features of `grams`."""
    assert MODEL is not None
    weights = MODEL.weights
    kinds = {"c": weights.chars, "w": weights.words, "b": weights.pairs}
    features = MODEL.grams(text)
    sums = [0] * weights.columns
    for feature in features:
        if feature[1:] in kinds[feature[0]]:
            for k in range(weights.columns):
                sums[k] += round(weights.column(feature, k) * 1000)
    return sums, len(features)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(text=st.one_of(st.sampled_from(RAW), st.text(alphabet="ab c?déN'.,\n", max_size=40)))
def test_the_packed_sums_are_the_sums_of_the_weights_of_the_texts_features(text: str) -> None:
    assert MODEL is not None
    sums, count = MODEL._sums(text)
    assert ([round(s * 1000) for s in sums], count) == _reference_sums(text)


def test_the_weights_read_back_as_the_generated_module_writes_them() -> None:
    weights = parse(model_weights.WEIGHTS)
    for line in model_weights.WEIGHTS.strip("\n").split("\n")[::7]:  # every 7th feature
        feature, numbers = line.split("\t")
        written = [int(n) for n in numbers.split()]
        assert [round(weights.column(feature, k) * 1000) for k in range(len(written))] == written


def test_weights_of_every_sign_and_any_feature_order_read_back_as_written() -> None:
    blob = "wb\t-3 5 0\ncab\t1 -2 -16383\nwa\t16383 -16383 -1\nbx y\t-1 -1 7\ncaa\t0 0 -9\n"
    weights = parse(blob)
    for line in blob.strip("\n").split("\n"):
        feature, numbers = line.split("\t")
        written = [int(n) for n in numbers.split()]
        assert [round(weights.column(feature, k) * 1000) for k in range(3)] == written
    assert sorted(weights.chars) == ["aa", "ab"] and sorted(weights.words) == ["a", "b"]
    with pytest.raises(ValueError):
        parse("wa\t16384 0 0\n")


def test_each_part_of_a_several_part_message_is_normalised_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`assess_rules` normalises a part once and hands it to every test that reads it: the
    whole's partial wording looked for in the parts, then each part's own reading."""
    from collections import Counter

    from flows.classify import classifier

    calls: Counter[str] = Counter()
    normalise_once = classifier.normalise

    def counted(text: str, lang: str | None) -> str:
        calls[text] += 1
        return normalise_once(text, lang)

    monkeypatch.setattr(classifier, "normalise", counted)
    text = "- Nadie puede marcar afuera, todo da ocupado\n- Consulta por tarifa de llamadas a Chile"
    assessed = classifier.assess_rules(text, lang="es", extra_keywords=None, trace=None)
    assert assessed.parts  # read part by part, the whole's partial wording looked for in them
    assert calls["Nadie puede marcar afuera, todo da ocupado"] == 1
    assert calls["Consulta por tarifa de llamadas a Chile"] == 1
