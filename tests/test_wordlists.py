"""The frequent-word lists read from the start of wordfreq's files are wordfreq's."""

from __future__ import annotations

import pytest
import wordfreq

from pelican_newsimport import wordlists
from pelican_newsimport.repair import abbreviation_languages


@pytest.mark.parametrize("lang", abbreviation_languages())
@pytest.mark.parametrize("count", [1, 100, 2000])
def test_top_words_are_wordfreqs_top_n_list(lang: str, count: int) -> None:
    expected = wordfreq.top_n_list(lang, count, wordlist="small")
    assert wordlists.top_words(lang, count) == expected
    assert len(expected) == count


def test_a_language_without_a_list_file_asks_wordfreq() -> None:
    # "en-GB" has no file of its own; wordfreq matches it to English.
    assert wordlists.top_words("en-GB", 10) == wordfreq.top_n_list("en-GB", 10, "small")
    assert wordlists.top_words("en-GB", 10)[:3] == ["the", "to", "and"]


def test_a_file_that_is_not_a_word_list_falls_back(tmp_path, monkeypatch) -> None:
    broken = tmp_path / "small_en.msgpack.gz"
    broken.write_bytes(b"not gzip at all")
    monkeypatch.setitem(wordlists._files("small"), "en", str(broken))
    assert wordlists.top_words("en", 5) == wordfreq.top_n_list("en", 5, "small")
