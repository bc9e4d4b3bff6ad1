"""Memoisation for the small string functions (stemmers) that run on every word of every article."""

from __future__ import annotations

import functools
from collections.abc import Callable


def string_memo(maxsize: int) -> Callable[[Callable[[str], str]], Callable[[str], str]]:
    """Memoise a ``str -> str`` function in a plain dict, emptied when it reaches ``maxsize`` entries.

    Not ``functools.lru_cache``: its entries are linked lists that the garbage collector has to walk,
    and a full 200,000-entry cache (what ingesting a large corpus leaves behind) made every full
    collection slow: source lookups at 100k articles ran 3x slower in such a process. A dict that holds
    only strings is not tracked by the collector at all.
    """

    def decorate(function: Callable[[str], str]) -> Callable[[str], str]:
        cache: dict[str, str] = {}

        @functools.wraps(function)
        def memoised(word: str) -> str:
            found = cache.get(word)
            if found is None:
                found = function(word)
                if len(cache) >= maxsize:
                    cache.clear()
                cache[word] = found
            return found

        return memoised

    return decorate
