"""The string memo used by the stemmers."""

from __future__ import annotations

import gc

from newsproof.memo import string_memo


def test_memo_returns_the_function_result_and_stays_bounded() -> None:
    calls: list[str] = []

    @string_memo(maxsize=3)
    def upper(word: str) -> str:
        calls.append(word)
        return word.upper()

    assert [upper(w) for w in ("a", "b", "a", "c", "d", "a")] == ["A", "B", "A", "C", "D", "A"]
    assert calls == ["a", "b", "c", "d", "a"]  # "a" computed again after the memo was emptied at "d"


def test_memo_adds_nothing_for_the_garbage_collector_to_walk() -> None:
    @string_memo(maxsize=10_000)
    def reverse(word: str) -> str:
        return word[::-1]

    before = len(gc.get_objects())
    for i in range(5_000):
        reverse(f"word{i}")
    assert len(gc.get_objects()) - before < 50
