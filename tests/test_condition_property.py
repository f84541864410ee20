"""Property: for generated attribute forms (order, quoting, spacing, extra classes and identifiers,
`when-meta` / `unless-meta`, `.content-visible` / `.content-hidden`), nestings of sentences and
blocks, fenced code holding `:::`, and required claims among them, the own engine publishes a word
exactly when an evaluation of Pandoc's JSON AST by Quarto's rules shows it, and the claim check
finds exactly the published false claims."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from joppi.claims import stale_claims
from joppi.conditional import pandoc_json
from joppi.render.qmd import preprocess
from test_quarto_order import project

TRUTH = {"vaitteet.kylla": True, "vaitteet.ei": False}
VALUES = {"vaitteet": {"kylla": True, "ei": False}}


@dataclass
class Cond:
    classes: list[str]
    pairs: list[tuple[str, str]]

    def holds(self) -> bool:
        """Quarto's rule (content-hidden.lua, propertiesMatch), written here independently."""
        match = all(TRUTH[v] for k, v in self.pairs if k == "when-meta") and not any(
            TRUTH[v] for k, v in self.pairs if k == "unless-meta")
        return match if "content-visible" in self.classes else not match


counter = iter(range(10**9))


def word() -> str:
    return f"S{next(counter):05d}Q"


@st.composite
def attr_text(draw, classes: list[str], pairs: list[tuple[str, str]], *, block: bool) -> str:
    tokens = [f".{c}" for c in classes]
    if draw(st.booleans()):
        tokens.append(".tarkea")
    if draw(st.booleans()):
        tokens.append(f"#id-{next(counter)}")
    for key, value in pairs:
        quote = draw(st.sampled_from(['"', "'", ""]))
        tokens.append(f"{key}={quote}{value}{quote}")
    tokens = draw(st.permutations(tokens))
    seps = [draw(st.sampled_from([" ", "  "] if block else [" ", "  ", "\n"])) for _ in tokens[1:]]
    inner = tokens[0] + "".join(s + t for s, t in zip(seps, tokens[1:]))
    lead = draw(st.sampled_from(["", " "]))
    return "{" + lead + inner + lead + "}"


@st.composite
def condition(draw) -> Cond:
    cls = draw(st.sampled_from(["content-visible", "content-hidden"]))
    keys = draw(st.sampled_from([["when-meta"], ["unless-meta"], ["when-meta", "unless-meta"]]))
    return Cond([cls], [(k, draw(st.sampled_from(sorted(TRUTH)))) for k in keys])


@dataclass
class Doc:
    text: str
    words: dict[str, bool]                        # word -> published
    claims: dict[str, tuple[str, bool]]           # claim word -> (key, published)


@st.composite
def inlines(draw, shown: bool, depth: int, doc: Doc) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["word", "span", "claim"] if depth < 2 else ["word"]))
        w = word()
        if kind == "word":
            doc.words[w] = shown
            parts.append(w)
        elif kind == "span":
            cond = draw(condition())
            doc.words[w] = shown and cond.holds()
            inner = draw(inlines(shown and cond.holds(), depth + 1, doc))
            attrs = draw(attr_text(cond.classes, cond.pairs, block=False))
            parts.append(f"[{w} {inner}]{attrs}")
        else:
            key = draw(st.sampled_from(sorted(TRUTH)))
            doc.words[w] = shown
            doc.claims[w] = (key, shown)
            attrs = draw(attr_text(["vaite"], [("ehto", key)], block=False))
            parts.append(f"[{w}]{attrs}")
    seps = [draw(st.sampled_from([" ", "\n"])) for _ in parts[1:]]
    return parts[0] + "".join(s + p for s, p in zip(seps, parts[1:]))


@st.composite
def blocks(draw, shown: bool, depth: int, doc: Doc) -> str:
    out = []
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["para", "div", "code"] if depth < 3 else ["para", "code"]))
        if kind == "para":
            out.append(draw(inlines(shown, 0, doc)))
        elif kind == "code":
            w = word()
            doc.words[w] = shown
            fence = draw(st.sampled_from(["```", "~~~~"]))
            out.append(f"{fence}\n:::\n{w}\n:::: {{.content-visible when-meta=\"vaitteet.ei\"}}\n{fence}")
        else:
            cond = draw(condition())
            colons = ":" * draw(st.integers(3, 5))
            attrs = draw(attr_text(cond.classes, cond.pairs, block=True))
            inner = draw(blocks(shown and cond.holds(), depth + 1, doc))
            out.append(f"{colons} {attrs}\n{inner}\n{colons}")
    return "\n\n".join(out)


@st.composite
def documents(draw) -> Doc:
    doc = Doc("", {}, {})
    doc.text = draw(blocks(True, 0, doc)) + "\n"
    return doc


def ast_words(ast) -> dict[str, bool]:
    """Each marker word in Pandoc's AST, shown or not by Quarto's rules on that AST."""
    found: dict[str, bool] = {}

    def walk(node, shown: bool) -> None:
        if isinstance(node, list):
            for n in node:
                walk(n, shown)
            return
        if not isinstance(node, dict):
            return
        kind, content = node.get("t"), node.get("c")
        if kind in ("Span", "Div"):
            _ident, classes, pairs = content[0]
            if "content-visible" in classes or "content-hidden" in classes:
                shown = shown and Cond(classes, [tuple(p) for p in pairs]).holds()
            walk(content[1], shown)
            return
        if kind == "Str":
            found[content] = shown
        elif kind == "CodeBlock":
            for token in content[1].split():
                if token.startswith("S") and token.endswith("Q"):
                    found[token] = shown
        walk(content, shown)

    walk(ast["blocks"], True)
    return found


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_the_engine_and_the_claim_check_agree_with_pandocs_parse(doc):
    expected = ast_words(pandoc_json(doc.text))
    # The generator writes what Pandoc reads as meant: the AST's evaluation is the model's.
    assert expected == doc.words, doc.text
    with tempfile.TemporaryDirectory() as tmp:
        root = project(Path(tmp), doc.text)
        markdown = preprocess(root).markdown
        published = {w for w in doc.words if w in markdown}
        assert published == {w for w, shown in expected.items() if shown}, doc.text
        stale = {c.text.split()[0] for c in stale_claims(root, VALUES)}
        assert stale == {w for w, (key, shown) in doc.claims.items() if shown and not TRUTH[key]}, doc.text
