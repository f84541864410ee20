"""Finnish words compared by their base form, with Voikko's morphology (pyvoikko, pure Python).

A word's keys are the base forms Voikko gives for it ("aikuiskoulutuksen" -> aikuinenkoulutus);
two words match when they share a key. Derivations that Voikko reports as forms of another
word keep a mark, so they stay different words: the -minen noun ("oppimisen" is oppia+minen,
not the verb "oppia") and the -sti adverb ("jatkuvasti" is jatkuva+sti, not "jatkuva").
A compound also has the keys of its runs of two or more parts, so a compound search word is
found inside a longer compound ("aikuiskoulutuskeskuksen" holds aikuinen+koulutus), while a single
part never counts alone ("koulutusvienti" is not "koulutus").
A word Voikko does not know (a name, a code) is its own key, lower-cased.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

WORD = re.compile(r"\w+(?:[-:]\w+)*")


@lru_cache(maxsize=1)
def _voikko():
    import pyvoikko   # loads the transducer (about a second): only when text is analysed

    return pyvoikko


@lru_cache(maxsize=1 << 16)
def word_keys(word: str) -> frozenset[str]:
    lowered = word.casefold()
    keys = set()
    for a in _voikko().analyse(lowered):
        key = a.BASEFORM.casefold()
        if a.MOOD == "MINEN-infinitive":
            key += "+minen"
        if a.SIJAMUOTO == "kerrontosti":
            key += "+sti"
        keys.add(key)
        parts = [p.BASEFORM.casefold() for p in (a.COMPOUND_PARTS or [])]
        for i in range(len(parts)):
            for j in range(i + 2, len(parts) + 1):
                keys.add("".join(parts[i:j]))
    return frozenset(keys or {lowered})


def words(text: str) -> list[str]:
    return WORD.findall(text or "")


@dataclass(frozen=True)
class Phrase:
    """A search phrase in base forms: each word's keys."""
    text: str
    keys: tuple[frozenset[str], ...]


def phrase(text: str) -> Phrase:
    return Phrase(text, tuple(word_keys(w) for w in words(text)))


@lru_cache(maxsize=4096)
def _analysed(text: str) -> tuple[list[str], list[frozenset[str]], frozenset[str]]:
    """A text's words, each word's keys and all its keys: once per text, whatever is searched in it."""
    ws = words(text)
    keys = [word_keys(w) for w in ws]
    return ws, keys, frozenset().union(*keys)


def find(p: Phrase, text: str) -> list[str]:
    """The places of `text` where the phrase occurs in any inflected form, as written there."""
    ws, keys, every = _analysed(text or "")
    n = len(p.keys)
    found = []
    if n == 0 or any(not (k & every) for k in p.keys):
        return found
    for i in range(len(ws) - n + 1):
        if all(keys[i + j] & p.keys[j] for j in range(n)):
            found.append(" ".join(ws[i:i + n]))
    return found
