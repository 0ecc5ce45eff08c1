"""A language's most frequent words from wordfreq, read only as far as needed.

The repair asks for the hundred most frequent words of each language it knows
(language detection, and the abbreviations that are really words).
``wordfreq.top_n_list`` unpacks a whole word list, tens of thousands of words,
to return its first hundred: about 6 ms a language, once per build, which is
most of what the plugin adds to a small site's build.  wordfreq's lists are
"cBpack" files (see ``wordfreq.read_cBpack``): one gzipped msgpack array of a
header and then lists of words, most frequent first, so a streaming unpacker
can stop after the words asked for.  The words are the same (a test compares
every language); when the file is not what this module expects, it asks
``top_n_list`` instead.

Pure module: no Pelican import.
"""

from __future__ import annotations

import functools
import gzip

import msgpack
import wordfreq
from wordfreq.numbers import has_digit_sequence

_HEADER = {"format": "cB", "version": 1}


@functools.cache
def _files(wordlist: str) -> dict[str, str]:
    return wordfreq.available_languages(wordlist)


def top_words(lang: str, count: int, wordlist: str = "small") -> list[str]:
    """``wordfreq.top_n_list(lang, count, wordlist)``, without reading the whole list.

    >>> top_words("en", 5)
    ['the', 'to', 'and', 'of', 'a']
    """
    path = _files(wordlist).get(lang)
    if path is not None:
        try:
            return _first_words(path, count)
        except (OSError, ValueError, msgpack.UnpackException):
            pass
    return wordfreq.top_n_list(lang, count, wordlist)


def _first_words(path: str, count: int) -> list[str]:
    words: list[str] = []
    with gzip.open(path, "rb") as handle:
        # Small reads: the words asked for are in the first few kilobytes.
        unpacker = msgpack.Unpacker(handle, raw=False, read_size=4096)
        size = unpacker.read_array_header()
        if size < 1 or unpacker.unpack() != _HEADER:
            raise ValueError(f"{path} is not a cBpack word list")
        for _ in range(size - 1):
            for word in unpacker.unpack():
                # top_n_list leaves out multi-digit sequences, and so does this.
                if not has_digit_sequence(word):
                    words.append(word)
                    if len(words) >= count:
                        return words
    return words
