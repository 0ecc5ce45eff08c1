"""Benchmark corpus: the same seeded articles as pipeline files and as plain Pelican.

See :mod:`bench` for what is measured.  Every run with the same seed writes
byte-identical sites; the pipeline's encoding is the one test-support module's
(``tests/support/pipeline.py``), so tests and benchmarks write the same files.
"""

from __future__ import annotations

import random
import shutil
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.support.pipeline import encode_body, pipeline_file  # noqa: E402

SEED = 20250516
PLUGIN = "plugin"
PLAIN = "plain"
VARIANTS = (PLUGIN, PLAIN)


# (domain, host used in URLs, URL section). About 30 real news outlets, so the
# plugin's per-source pages have many sources of different sizes.
OUTLETS = (
    ("ibtimes.com", "www.ibtimes.com", ""),
    ("reuters.com", "www.reuters.com", "world/europe"),
    ("apnews.com", "apnews.com", "article"),
    ("bbc.co.uk", "www.bbc.co.uk", "news/world"),
    ("bbc.com", "www.bbc.com", "news/articles"),
    ("theguardian.com", "www.theguardian.com", "world/2025/may/16"),
    ("nytimes.com", "www.nytimes.com", "2025/05/16/world"),
    ("washingtonpost.com", "www.washingtonpost.com", "world/2025/05/16"),
    ("cnn.com", "edition.cnn.com", "2025/05/16/europe"),
    ("aljazeera.com", "www.aljazeera.com", "news/2025/5/16"),
    ("france24.com", "www.france24.com", "en/europe"),
    ("dw.com", "www.dw.com", "en"),
    ("npr.org", "www.npr.org", "2025/05/16"),
    ("foxnews.com", "www.foxnews.com", "world"),
    ("nbcnews.com", "www.nbcnews.com", "news/world"),
    ("cbsnews.com", "www.cbsnews.com", "news"),
    ("abcnews.go.com", "abcnews.go.com", "International"),
    ("usatoday.com", "www.usatoday.com", "story/news/world"),
    ("politico.com", "www.politico.com", "news/2025/05/16"),
    ("bloomberg.com", "www.bloomberg.com", "news/articles"),
    ("independent.co.uk", "www.independent.co.uk", "news/world/europe"),
    ("telegraph.co.uk", "www.telegraph.co.uk", "world-news/2025/05/16"),
    ("sky.com", "news.sky.com", "story"),
    ("axios.com", "www.axios.com", "2025/05/16"),
    ("thehill.com", "thehill.com", "policy/international"),
    ("euronews.com", "www.euronews.com", "my-europe/2025/05/16"),
    ("dailysabah.com", "www.dailysabah.com", "politics/diplomacy"),
    ("hurriyetdailynews.com", "www.hurriyetdailynews.com", ""),
    ("yahoo.com", "news.yahoo.com", ""),
    ("newsweek.com", "www.newsweek.com", ""),
    ("theverge.com", "www.theverge.com", "news"),
)

PEOPLE = (
    "President Donald Trump",
    "Secretary of State Marco Rubio",
    "Ukrainian President Volodymyr Zelensky",
    "Russian President Vladimir Putin",
    "Turkish President Recep Tayyip Erdogan",
    "Prime Minister Keir Starmer",
    "German Chancellor Friedrich Merz",
    "French President Emmanuel Macron",
    "Dr. Anna Keller, an economist at the Kiel Institute,",
    "Sen. Maria Lopez",
    "Gov. Gavin Newsom",
    "Rep. James Carter",
    "Mr. Lavrov",
    "Dr. Tedros Adhanom Ghebreyesus",
    "NATO Secretary General Mark Rutte",
    "Federal Reserve Chair Jerome Powell",
    "the mayor of Istanbul",
    "a senior U.S. official",
    "an EU diplomat who asked not to be named",
    "Prof. Helen Ward of Imperial College",
)
SHORT_NAMES = (
    "Trump",
    "Rubio",
    "Zelensky",
    "Putin",
    "Erdogan",
    "Starmer",
    "Merz",
    "Macron",
    "Keller",
    "Lopez",
    "Newsom",
    "Carter",
    "Powell",
    "Rutte",
)
VERBS = (
    "said",
    "told reporters",
    "warned",
    "said in a statement",
    "wrote on social media",
    "told the BBC",
    "said on Thursday",
    "added",
    "insisted",
    "argued",
)
CLAIMS = (
    "talks would resume in Istanbul next week",
    "the deal was worth about $3.5 billion",
    "inflation rose 2.4% in April, the fastest pace since January",
    "at least 17 people were injured in the attack",
    "the U.S. would not lift sanctions before a ceasefire",
    "the government had approved a budget of 1.2 trillion euros",
    "the vote was scheduled for 10.30 a.m. local time",
    "the company's shares fell 8% in early trading",
    "AT&T and Verizon had both asked for more time",
    "there was no evidence of foul play",
    "the measures would cost households $1,200 a year",
    "both sides had agreed to exchange 1,000 prisoners each",
    "the central bank held its key rate at 4.25%",
    "the U.N. Security Council would meet on Friday",
    "the storm had knocked out power to 250,000 homes",
    "negotiators were still far apart on the key issues",
    "the plan was dead on arrival in Congress",
    "the outbreak was under control",
    "exports to the E.U. fell by a third last year",
    "No. 10 had not been consulted",
)
TIMES = (
    "On Thursday",
    "Earlier this week",
    "Last year",
    "In a rare move",
    "By late afternoon",
    "According to officials",
    "Meanwhile",
    "Late on Monday",
    "On Friday",
    "Since 2022",
)
QUOTES = (
    "We don't have high expectations of what will happen tomorrow",
    "I don't believe anything's going to happen until he and I get together",
    "This is not a serious proposal",
    "We will not back down",
    "It's a good day for our country",
    "Nobody wants a war, but we are ready",
    "The numbers speak for themselves",
    "We're doing everything we can to get people home",
    "That's simply not true",
    "We need a ceasefire now, not next month",
    "Our door remains open",
    "It is too early to say",
)
QUESTIONS = (
    "Will the ceasefire hold?",
    "What happens next?",
    "Can the coalition survive the summer?",
    "Who will pay for the reconstruction?",
    "Is a deal still possible?",
)
PLACES = (
    "Istanbul",
    "Kyiv",
    "Moscow",
    "Washington",
    "Brussels",
    "Ankara",
    "Gaza",
    "Beijing",
    "Paris",
    "Berlin",
    "London",
    "Tehran",
)
TITLE_SUBJECTS = (
    "Russia And Ukraine",
    "Trump",
    "EU Leaders",
    "Fed",
    "NATO Allies",
    "Turkey",
    "UK Ministers",
    "Stock Markets",
    "Oil Prices",
    "Tech Giants",
    "Health Officials",
    "Israel And Hamas",
)
TITLE_ACTIONS = (
    "To Meet In {place}",
    "Agree On Prisoner Swap In {place}",
    "Warn Of New Sanctions After {place} Talks",
    "Hold Rates Steady",
    "Say Deal Is Close",
    "Face Pressure Over Tariffs",
    "Reject Ceasefire Proposal",
    "Plan Emergency Summit In {place}",
    "Rally As Inflation Cools",
    "Slide On Trade Fears",
)
TITLE_TAILS = (
    "",
    "",
    ", But Expectations Low",
    " As Talks Stall",
    ": What We Know",
    ' After "Frank" Talks',
    " Amid Protests",
    " For First Time Since 2022",
)
AUTHORS = (
    "Jane Doe",
    "Ahmet Yilmaz",
    "Maria Garcia",
    "John O'Neill",
    "Li Wei",
    "Sarah Brown",
    "Mehmet Demir",
    "Anna Nowak",
)
TAG_POOL = ("politics", "europe", "economy", "war", "diplomacy", "markets", "health")

# Typography used in about 40% of the articles: curly apostrophes, dashes and
# accented names, as scraped text often has. Non-ASCII bodies take the repair's
# mojibake path (ftfy), so they are part of the mix on purpose.
FANCY = {"'": "\u2019", " - ": " \u2014 ", "Erdogan": "Erdo\u011fan"}


@dataclass(frozen=True)
class NewsArticle:
    """One generated article, before it is written in either format."""

    news_id: int
    title: str
    date: str  # "YYYY-MM-DDTHH:MM:SS"
    tags: tuple[str, ...]
    image: str
    author: str
    description: str
    source_url: str
    paragraphs: tuple[str, ...]
    glue: str  # "none", "newline" or "mixed"

    @property
    def stem(self) -> str:
        """``{slug}-{news_id}`` as the pipeline names the file."""
        kept = "".join(c for c in self.title.lower() if c.isalnum() or c == " ")
        return f"{kept.replace(' ', '-')}-{self.news_id}"

    @property
    def body(self) -> str:
        """The API's text: paragraphs glued with nothing or with single newlines."""
        if self.glue == "none":
            return "".join(self.paragraphs)
        if self.glue == "newline":
            return "\n".join(self.paragraphs)
        return "".join(
            p + ("\n" if i % 3 == 2 else "") for i, p in enumerate(self.paragraphs)
        ).rstrip("\n")


def _sentence(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.35:
        text = f"{rng.choice(PEOPLE)} {rng.choice(VERBS)} that {rng.choice(CLAIMS)}."
        return text[0].upper() + text[1:]
    if kind < 0.55:
        quote = rng.choice(QUOTES)
        return f'"{quote}," {rng.choice(SHORT_NAMES)} {rng.choice(VERBS)}.'
    if kind < 0.75:
        place, claim = rng.choice(PLACES), rng.choice(CLAIMS)
        return f"{rng.choice(TIMES)}, officials in {place} said {claim}."
    if kind < 0.82:
        return rng.choice(QUESTIONS)
    if kind < 0.90:
        return (
            f"The talks - the first in {rng.randint(2, 9)} years - ended without "
            f"agreement, and {rng.choice(SHORT_NAMES)} left for the U.S."
        )
    if kind < 0.95:
        return f'{rng.choice(SHORT_NAMES)} called the proposal "{rng.choice(QUOTES)}".'
    return (
        f"Shares of the company rose {rng.randint(1, 9)}.{rng.randint(0, 9)}% to "
        f"${rng.randint(10, 900)}.{rng.randint(10, 99)} after the news."
    )


def _paragraph(rng: random.Random, fancy: bool) -> str:
    text = " ".join(_sentence(rng) for _ in range(rng.randint(1, 4)))
    if fancy:
        for plain, typographic in FANCY.items():
            text = text.replace(plain, typographic)
    return text


def _title(rng: random.Random) -> str:
    action = rng.choice(TITLE_ACTIONS).format(place=rng.choice(PLACES))
    return f"{rng.choice(TITLE_SUBJECTS)} {action}{rng.choice(TITLE_TAILS)}"


def generate_articles(n: int, seed: int = SEED) -> list[NewsArticle]:
    """``n`` deterministic articles; about one in 100 shares its title with another."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data
    articles: list[NewsArticle] = []
    for i in range(n):
        fancy = rng.random() < 0.4
        if articles and rng.random() < 0.01:
            title = rng.choice(articles).title  # same story, another outlet
        else:
            title = _title(rng)
        news_id = 3_000_000 + i * 7 + rng.randint(0, 6)
        domain, host, section = rng.choice(OUTLETS)
        words = "-".join(title.lower().replace('"', "").replace(",", "").split()[:8])
        path = f"{section}/{words}-{news_id}" if section else f"{words}-{news_id}"
        day = 1 + (i * 37 + rng.randint(0, 30)) % 365
        date = time.strftime("%Y-%m-%d", time.gmtime(1_735_689_600 + day * 86_400))
        clock = "00:00:00" if rng.random() < 0.85 else f"{rng.randint(6, 22):02d}:15:00"
        articles.append(
            NewsArticle(
                news_id=news_id,
                title=title,
                date=f"{date}T{clock}",
                tags=tuple(rng.sample(TAG_POOL, 2)) if rng.random() < 0.15 else (),
                image=f"https://cdn.{domain}/img/{news_id}.jpg"
                if rng.random() < 0.7
                else "",
                author=rng.choice(AUTHORS) if rng.random() < 0.3 else "",
                description=_sentence(rng) if rng.random() < 0.1 else "",
                source_url=f"https://{host}/{path}",
                paragraphs=tuple(
                    _paragraph(rng, fancy) for _ in range(rng.randint(8, 25))
                ),
                glue=rng.choices(("none", "newline", "mixed"), (80, 15, 5))[0],
            )
        )
    return articles


def pipeline_text(article: NewsArticle) -> str:
    """The file exactly as the pipeline's template writes it."""
    return pipeline_file(
        article.title,
        encode_body(article.body),
        date=f'"{article.date}+03:00"',
        tags=article.tags,
        image=article.image,
        author=article.author,
        description=article.description,
        source_url=article.source_url,
    )


def native_text(article: NewsArticle, summary: bool = False) -> str:
    """The same article as a clean Pelican-native Markdown file."""
    date, clock = article.date.split("T")
    lines = [
        f"Title: {article.title}",
        f"Date: {date} {clock}+03:00",
        "Category: news",
    ]
    if article.tags:
        lines.append(f"Tags: {', '.join(article.tags)}")
    if article.author:
        lines.append(f"Author: {article.author}")
    lines.append(f"Slug: {article.stem}")
    if article.image:
        lines.append(f"Image: {article.image}")
    if summary:
        words = " ".join(article.paragraphs).split()
        lines.append(f"Summary: {' '.join(words[:50])}")
    return "\n".join(lines) + "\n\n" + "\n\n".join(article.paragraphs) + "\n"


def write_sites(
    base: Path, articles: Sequence[NewsArticle], native_summary: bool
) -> dict[str, Path]:
    """Write ``base/plugin`` and ``base/plain`` sites; return their directories."""
    sites = {variant: base / variant for variant in VARIANTS}
    for variant, site in sites.items():
        posts = site / "content" / "posts"
        if posts.exists():  # a kept --workdir: never mix in files of another run
            shutil.rmtree(posts)
        posts.mkdir(parents=True)
        for article in articles:
            text = (
                pipeline_text(article)
                if variant == PLUGIN
                else native_text(article, native_summary)
            )
            (posts / f"{article.stem}.md").write_text(text, encoding="utf-8")
    return sites


def site_settings(site: Path, variant: str, cache: bool = False) -> dict[str, Any]:
    """Pelican settings shared by both sites; only ``PLUGINS`` differs."""
    return {
        "PATH": str(site / "content"),
        "OUTPUT_PATH": str(site / "output"),
        "CACHE_PATH": str(site / "cache"),
        "SITENAME": "Benchmark News",
        "SITEURL": "",
        "FEED_DOMAIN": "https://news.example.org",
        "AUTHOR": "Newsroom",
        "TIMEZONE": "Europe/Istanbul",
        "DEFAULT_LANG": "en",
        "PLUGINS": ["pelican_newsimport"] if variant == PLUGIN else [],
        "ARTICLE_PATHS": ["posts"],
        "PAGE_PATHS": ["pages"],
        "STATIC_PATHS": [],
        "DEFAULT_PAGINATION": 10,
        "DELETE_OUTPUT_DIRECTORY": True,
        "FEED_ALL_ATOM": "feeds/all.atom.xml",
        "CATEGORY_FEED_ATOM": "feeds/{slug}.atom.xml",
        "CACHE_CONTENT": cache,
        "LOAD_CONTENT_CACHE": cache,
        "CHECK_MODIFIED_METHOD": "mtime",
        "RELATIVE_URLS": True,
    }
