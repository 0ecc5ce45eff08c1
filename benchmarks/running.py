"""Benchmark runs: every build or reader pass in a fresh interpreter, one at a time.

Children are started through ``bench.py --child``; the phases collect their
results for :mod:`reporting`.  A breakdown row that records no call (a timed
function renamed or no longer called) stops the run with :class:`ChildError`
instead of disappearing from the table.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from corpus import (
    PLAIN,
    PLUGIN,
    ROOT,
    SEED,
    VARIANTS,
    NewsArticle,
    _paragraph,
    generate_articles,
    site_settings,
)

from tests.support.pipeline import encode_body

PROFILE_TOP = 30
BENCH = Path(__file__).resolve().with_name("bench.py")


def _count_reads(variant: str) -> dict[str, int]:
    """Wrap the readers' ``read`` methods and count calls, per reader class."""
    from pelican.readers import MarkdownReader

    counts: dict[str, int] = {}
    classes: list[type] = [MarkdownReader]
    if variant == PLUGIN:
        from pelican_newsimport.reader import NewsImportReader

        classes.append(NewsImportReader)
    for cls in classes:
        original = cls.__dict__["read"]
        name = cls.__name__
        counts[name] = 0

        def read(self: Any, path: str, _orig: Any = original, _name: str = name) -> Any:
            counts[_name] += 1
            return _orig(self, path)

        cls.read = read  # type: ignore[method-assign]
    return counts


# Functions timed (inclusive wall time, no profiler) by the breakdown:
# (module, attribute path, label, indent, sites that must record calls).
# Module-level functions are patched in the module their callers look them up
# in.  A row that records no call on a site it names stops the run
# (:func:`check_breakdown`): it would otherwise silently measure nothing.
BOTH = (PLUGIN, PLAIN)
BREAKDOWN = (
    (
        "pelican.generators",
        "ArticlesGenerator.generate_context",
        "articles: read",
        0,
        BOTH,
    ),
    ("pelican.readers", "Readers.read_file", "Readers.read_file", 1, BOTH),
    ("pelican.readers", "MarkdownReader.read", "MarkdownReader.read", 2, (PLAIN,)),
    ("markdown.core", "Markdown.convert", "Markdown.convert", 3, (PLAIN,)),
    (
        "pelican_newsimport.reader",
        "NewsImportReader.read",
        "NewsImportReader.read",
        2,
        (PLUGIN,),
    ),
    (
        "pelican_newsimport.interpret",
        "load",
        "load (read, decode, split)",
        3,
        (PLUGIN,),
    ),
    ("pelican_newsimport.interpret", "decode", "decode", 4, (PLUGIN,)),
    ("pelican_newsimport.front_matter", "split", "front_matter.split", 4, (PLUGIN,)),
    ("pelican_newsimport.front_matter", "_load", "YAML load", 5, (PLUGIN,)),
    ("pelican_newsimport.interpret", "interpret", "interpret", 3, (PLUGIN,)),
    (
        "pelican_newsimport.front_matter",
        "hugo_to_pelican",
        "hugo_to_pelican",
        4,
        (PLUGIN,),
    ),
    ("pelican_newsimport.interpret", "render_body", "render_body", 4, (PLUGIN,)),
    (
        "pelican_newsimport.repair",
        "looks_like_markdown",
        "looks_like_markdown",
        5,
        (PLUGIN,),
    ),
    ("pelican_newsimport.repair", "repair_body", "repair_body", 5, (PLUGIN,)),
    (
        "pelican_newsimport.repair",
        "render_plain_text",
        "render_plain_text",
        5,
        (PLUGIN,),
    ),
    ("pelican_newsimport.interpret", "resolve_dates", "resolve_dates", 4, (PLUGIN,)),
    ("pelican_newsimport.interpret", "_source", "source", 4, (PLUGIN,)),
    ("pelican_newsimport.attribution", "derive_source", "derive_source", 5, (PLUGIN,)),
    (
        "pelican_newsimport.interpret",
        "checked_url",
        "checked_url (image, source_url)",
        4,
        (PLUGIN,),
    ),
    (
        "pelican_newsimport.reader",
        "pelican_metadata",
        "pelican_metadata (Pelican types)",
        3,
        (PLUGIN,),
    ),
    ("pelican_newsimport.reader", "text_to_html", "text_to_html", 4, (PLUGIN,)),
    ("pelican_newsimport.reader", "slug_for", "slug_for", 4, (PLUGIN,)),
    ("pelican_newsimport.reader", "credit_html", "credit_html", 3, (PLUGIN,)),
    (
        "pelican.generators",
        "process_translations",
        "process_translations (N^2)",
        1,
        BOTH,
    ),
    (
        "pelican_newsimport.plan",
        "drop_duplicate_sources",
        "settle: duplicates",
        1,
        (PLUGIN,),
    ),
    (
        "pelican_newsimport.plan",
        "separate_same_slugs",
        "settle: same paths",
        1,
        (PLUGIN,),
    ),
    (
        "pelican_newsimport",
        "plan_outputs",
        "plan_outputs (every output path)",
        0,
        (PLUGIN,),
    ),
    (
        "pelican.generators",
        "ArticlesGenerator.generate_output",
        "articles: write",
        0,
        BOTH,
    ),
    ("pelican.writers", "Writer.write_feed", "Writer.write_feed", 1, BOTH),
    # Pelican's own tag/category/author pages filter ``self.dates`` with a list
    # membership test per article, which is quadratic (the same on both sites).
    (
        "pelican.generators",
        "ArticlesGenerator.generate_tags",
        "tag pages (N^2)",
        1,
        BOTH,
    ),
    (
        "pelican.generators",
        "ArticlesGenerator.generate_categories",
        "category pages (N^2)",
        1,
        BOTH,
    ),
    (
        "pelican.generators",
        "ArticlesGenerator.generate_authors",
        "author pages (N^2)",
        1,
        BOTH,
    ),
    (
        "pelican.contents",
        "truncate_html_words",
        "summaries (truncate_html_words)",
        1,
        (PLAIN,),
    ),
    ("pelican.generators", "PagesGenerator.generate_context", "pages: read", 0, BOTH),
    ("pelican.generators", "PagesGenerator.generate_output", "pages: write", 0, BOTH),
    (
        "pelican.generators",
        "StaticGenerator.generate_context",
        "static: context",
        0,
        BOTH,
    ),
    ("pelican.generators", "StaticGenerator.generate_output", "static: copy", 0, BOTH),
    (
        "pelican_newsimport.sources",
        "SourcesGenerator.generate_context",
        "sources: context",
        0,
        (PLUGIN,),
    ),
    (
        "pelican_newsimport.sources",
        "SourcesGenerator.generate_output",
        "sources: write",
        0,
        (PLUGIN,),
    ),
    ("pelican.writers", "Writer.write_file", "Writer.write_file (all pages)", 0, BOTH),
)


def check_breakdown(variant: str, timings: dict[str, list[float]]) -> None:
    """Fail loudly when a row that must record calls on ``variant`` recorded none."""
    silent = [
        label
        for _module, _attr, label, _indent, sites in BREAKDOWN
        if variant in sites and not timings.get(label, (0.0, 0))[1]
    ]
    if silent:
        raise ChildError(
            f"breakdown rows recorded no call on the {variant} site: "
            + ", ".join(silent)
            + " (renamed or no longer called? update BREAKDOWN in running.py)"
        )


def _time_calls(variant: str) -> dict[str, list[float]]:
    """Wrap the :data:`BREAKDOWN` functions; return label -> [seconds, calls]."""
    import functools
    import importlib

    totals: dict[str, list[float]] = {}
    for module_name, attribute, label, _indent, _sites in BREAKDOWN:
        if variant != PLUGIN and module_name.startswith("pelican_newsimport"):
            continue
        owner: Any = importlib.import_module(module_name)
        *path, name = attribute.split(".")
        for part in path:
            owner = getattr(owner, part)
        original = owner.__dict__[name] if isinstance(owner, type) else None
        original = original or getattr(owner, name)
        slot = totals.setdefault(label, [0.0, 0])

        def timed(
            *args: Any, _orig: Any = original, _slot: list[float] = slot, **kw: Any
        ) -> Any:
            started = time.perf_counter()
            try:
                return _orig(*args, **kw)
            finally:
                _slot[0] += time.perf_counter() - started
                _slot[1] += 1

        setattr(owner, name, functools.wraps(original)(timed))
    return totals


class _LogCounter:
    """A logging handler that counts records by level and keeps the first few."""

    def __init__(self) -> None:
        import logging

        self.levels: dict[str, int] = {}
        self.first: list[str] = []
        counter = self

        class Handler(logging.Handler):
            def emit(self, record: logging.LogRecord) -> None:
                counter.levels[record.levelname] = (
                    counter.levels.get(record.levelname, 0) + 1
                )
                if len(counter.first) < 5:
                    counter.first.append(f"{record.levelname}: {record.getMessage()}")

        root = logging.getLogger()
        root.setLevel(logging.WARNING)
        root.addHandler(Handler(logging.WARNING))


def _pelican(spec: dict[str, Any]) -> Any:
    from pelican import Pelican
    from pelican.settings import read_settings

    settings = read_settings(None, override=spec["settings"])
    return Pelican(settings)


def _child_build(spec: dict[str, Any]) -> dict[str, Any]:
    import contextlib
    import io

    logs = _LogCounter()
    from pelican import signals

    reads = _count_reads(spec["variant"]) if spec.get("count_reads") else {}
    timings = _time_calls(spec["variant"]) if spec.get("breakdown") else {}
    seen: dict[str, int] = {}

    def finalized(generator: Any) -> None:
        seen["articles"] = len(generator.articles)

    signals.article_generator_finalized.connect(finalized)
    t0 = time.perf_counter()
    pelican = _pelican(spec)
    t1 = time.perf_counter()
    profiler = None
    if spec.get("profile"):
        from pyinstrument import Profiler

        profiler = Profiler(interval=spec.get("interval", 0.001))
        profiler.start()
    with contextlib.redirect_stdout(io.StringIO()):
        t2, c2 = time.perf_counter(), time.process_time()
        pelican.run()
        t3, c3 = time.perf_counter(), time.process_time()
    result: dict[str, Any] = {
        "init": t1 - t0,
        "build": t3 - t2,
        "build_cpu": c3 - c2,
        "articles": seen.get("articles", -1),
        "reads": reads,
        "breakdown": timings,
        "logs": logs.levels,
        "first_logs": logs.first,
    }
    if profiler is not None:
        profiler.stop()
        result["profile"] = _profile_report(profiler, spec.get("top", PROFILE_TOP))
    return result


def _child_readers(spec: dict[str, Any]) -> dict[str, Any]:
    logs = _LogCounter()
    pelican = _pelican(spec)  # initializes plugins, so readers_init installs ours
    from pelican.contents import Article
    from pelican.readers import Readers

    base = pelican.settings["PATH"]
    files = sorted(
        os.path.relpath(os.path.join(folder, name), base)
        for folder, _, names in os.walk(base)
        for name in names
        if name.endswith(".md")
    )
    readers = Readers(pelican.settings)
    profiler = None
    if spec.get("profile"):
        from pyinstrument import Profiler

        profiler = Profiler(interval=spec.get("interval", 0.0005))
        profiler.start()
    t0, c0 = time.perf_counter(), time.process_time()
    for path in files:
        readers.read_file(base_path=base, path=path, content_class=Article)
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    result: dict[str, Any] = {
        "read": elapsed,
        "read_cpu": cpu,
        "files": len(files),
        "logs": logs.levels,
        "first_logs": logs.first,
    }
    if profiler is not None:
        profiler.stop()
        result["profile"] = _profile_report(profiler, spec.get("top", PROFILE_TOP))
    return result


def _component(path: str) -> str:
    """Name the package a source file belongs to, for the profile summary."""
    norm = path.replace("\\", "/")
    if "/pelican_newsimport/" in norm:
        return "pelican_newsimport." + Path(norm).stem
    if "site-packages/" in norm:
        top = norm.split("site-packages/", 1)[1].split("/", 1)[0]
        return top.removesuffix(".py")
    if "<frozen" in norm or "/lib/python3" in norm:
        parts = norm.rsplit("/lib/python3", 1)[-1].split("/")
        module = parts[1] if len(parts) > 1 else norm
        return f"stdlib:{module.removesuffix('.py')}"
    return Path(norm).name or norm


def _profile_report(profiler: Any, top: int) -> dict[str, Any]:
    """Self time by package and by function, plus pyinstrument's own tree."""
    session = profiler.last_session
    root = session.root_frame()
    by_component: dict[str, float] = {}
    by_function: dict[str, float] = {}
    stack = [root] if root is not None else []
    while stack:
        frame = stack.pop()
        stack.extend(frame.children)
        if frame.is_synthetic:  # "[self]" leaves: counted by their parent below
            continue
        own = frame.total_self_time
        if not own:
            continue
        path = frame.file_path or "<unknown>"
        comp = _component(path)
        by_component[comp] = by_component.get(comp, 0.0) + own
        key = f"{frame.function} ({comp}:{frame.line_no})"
        by_function[key] = by_function.get(key, 0.0) + own
    total = session.duration or 1.0
    tree = profiler.output_text(
        unicode=False,
        color=False,
        show_all=False,
        short_mode=False,
        processor_options={"filter_threshold": 0.02},
    )
    return {
        "total": total,
        "components": sorted(by_component.items(), key=lambda kv: -kv[1])[:top],
        "functions": sorted(by_function.items(), key=lambda kv: -kv[1])[:top],
        "tree": tree,
    }


def _child_main(spec_text: str, result_path: str) -> int:
    spec = json.loads(spec_text)
    task = {"build": _child_build, "readers": _child_readers}[spec["task"]]
    result = task(spec)
    Path(result_path).write_text(json.dumps(result), encoding="utf-8")
    return 0


LOADS: list[float] = []  # 1-minute load average after each child, to flag noise


class ChildError(RuntimeError):
    pass


def run_child(spec: dict[str, Any], scratch: Path) -> dict[str, Any]:
    """Run one task in a fresh interpreter; return its JSON result plus wall time."""
    result_path = scratch / f"result-{os.getpid()}-{time.monotonic_ns()}.json"
    env = dict(os.environ, PYTHONHASHSEED="0")
    started = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            str(BENCH),
            "--child",
            json.dumps(spec),
            "--child-result",
            str(result_path),
        ],
        capture_output=True,
        text=True,
        check=False,
        env=env,
        cwd=str(ROOT),
    )
    wall = time.perf_counter() - started
    if done.returncode != 0 or not result_path.exists():
        raise ChildError(
            f"child {spec['task']} ({spec.get('variant')}) failed with status "
            f"{done.returncode}:\n{done.stderr[-4000:]}"
        )
    result = json.loads(result_path.read_text(encoding="utf-8"))
    result_path.unlink()
    result["wall"] = wall
    LOADS.append(os.getloadavg()[0])
    return result


def _say(message: str) -> None:
    print(message, flush=True)


def _median(values: Iterable[float]) -> float:
    return statistics.median(list(values))


def _warn_logs(label: str, result: dict[str, Any]) -> None:
    if result.get("logs"):
        _say(f"    note: {label} logged {result['logs']}: {result['first_logs'][:3]}")


def _rounds(
    task: str,
    sites_by_size: dict[int, dict[str, Path]],
    repeat: int,
    scratch: Path,
) -> dict[int, dict[str, list[dict[str, Any]]]]:
    """Run ``task`` for every size and variant, ``repeat`` rounds.

    Each round visits every size, and each size builds both sites back to back,
    in alternating order; so a machine that slows down or speeds up during the run
    affects every size and both variants alike.
    """
    runs: dict[int, dict[str, list[dict[str, Any]]]] = {
        n: {v: [] for v in VARIANTS} for n in sites_by_size
    }
    for round_ in range(repeat):
        for index, (n, sites) in enumerate(sites_by_size.items()):
            # Each size swaps its order every round (and neighbouring sizes
            # start opposite), so neither variant of a size always runs right
            # after the other's build of the same size.
            order = VARIANTS if (round_ + index) % 2 == 0 else VARIANTS[::-1]
            for variant in order:
                spec = {
                    "task": task,
                    "variant": variant,
                    "settings": site_settings(sites[variant], variant),
                }
                result = run_child(spec, scratch)
                runs[n][variant].append(result)
                if task == "build":
                    detail = (
                        f"{result['build']:7.2f} s (wall {result['wall']:.2f} s, "
                        f"{result['articles']} articles)"
                    )
                else:
                    detail = f"{result['read']:7.2f} s ({result['files']} files)"
                _say(f"    {task:6s} N={n:<6,} {variant:6s} #{round_ + 1}: {detail}")
                _warn_logs(f"{variant} {task}", result)
    return runs


def bench_builds(
    sites_by_size: dict[int, dict[str, Path]], repeat: int, scratch: Path
) -> dict[int, dict[str, dict[str, Any]]]:
    """Median full-build times per size and variant (and every single timing)."""
    runs = _rounds("build", sites_by_size, repeat, scratch)
    return {
        n: {
            variant: {
                "build": _median(r["build"] for r in results),
                "build_cpu": _median(r["build_cpu"] for r in results),
                "wall": _median(r["wall"] for r in results),
                "init": _median(r["init"] for r in results),
                "articles": results[0]["articles"],
                "all": [r["build"] for r in results],
                "outputs": _count_outputs(sites_by_size[n][variant] / "output"),
            }
            for variant, results in by_variant.items()
        }
        for n, by_variant in runs.items()
    }


def _count_outputs(output: Path) -> int:
    return sum(len(names) for _, _, names in os.walk(output))


def bench_readers(
    sites_by_size: dict[int, dict[str, Path]], repeat: int, scratch: Path
) -> dict[int, dict[str, dict[str, Any]]]:
    """Median reader-stage times per size and variant."""
    runs = _rounds("readers", sites_by_size, repeat, scratch)
    return {
        n: {
            variant: {
                "read": _median(r["read"] for r in results),
                "read_cpu": _median(r["read_cpu"] for r in results),
                "files": results[0]["files"],
                "all": [r["read"] for r in results],
            }
            for variant, results in by_variant.items()
        }
        for n, by_variant in runs.items()
    }


def bench_breakdown(
    sites_by_size: dict[int, dict[str, Path]], scratch: Path
) -> dict[int, dict[str, dict[str, Any]]]:
    """One instrumented build per size and variant (see :data:`BREAKDOWN`)."""
    out: dict[int, dict[str, dict[str, Any]]] = {}
    for n, sites in sites_by_size.items():
        out[n] = {}
        for variant in VARIANTS:
            spec = {
                "task": "build",
                "variant": variant,
                "breakdown": True,
                "settings": site_settings(sites[variant], variant),
            }
            out[n][variant] = result = run_child(spec, scratch)
            check_breakdown(variant, result["breakdown"])
            _say(
                f"    breakdown N={n:<6,} {variant:6s}: {result['build']:7.2f} s "
                "(instrumented)"
            )
    return out


def bench_cache(
    sites: dict[str, Path], articles: Sequence[NewsArticle], scratch: Path
) -> dict[str, dict[str, Any]]:
    """Cold build, unchanged rebuild, one-file-changed rebuild, with the cache on."""
    results: dict[str, dict[str, Any]] = {}
    victim = articles[len(articles) // 2]
    for variant in VARIANTS:
        site = sites[variant]
        spec = {
            "task": "build",
            "variant": variant,
            "count_reads": True,
            "settings": site_settings(site, variant, cache=True),
        }
        cache_dir = site / "cache"
        if cache_dir.exists():
            for path in sorted(cache_dir.rglob("*"), reverse=True):
                path.unlink() if path.is_file() else path.rmdir()
        cold = run_child(spec, scratch)
        warm = run_child(spec, scratch)
        path = site / "content" / "posts" / f"{victim.stem}.md"
        original = path.read_bytes()
        try:
            text = original.decode("utf-8").rstrip("\n")
            path.write_text(
                text + " This sentence was added after the first build.\n",
                encoding="utf-8",
            )
            later = time.time() + 5  # an mtime that certainly differs
            os.utime(path, (later, later))
            changed = run_child(spec, scratch)
        finally:
            path.write_bytes(original)
        results[variant] = {
            "cold": cold,
            "warm": warm,
            "changed": changed,
            "cache_bytes": sum(
                p.stat().st_size for p in cache_dir.rglob("*") if p.is_file()
            ),
        }
        for label, result in (("cold", cold), ("warm", warm), ("changed", changed)):
            _say(
                f"    cache {variant:6s} {label:8s}: {result['build']:7.2f} s, "
                f"reader calls {_reads(result)}"
            )
            _warn_logs(f"{variant} {label} cached build", result)
    return results


def _reads(result: dict[str, Any]) -> int:
    """Outermost reader calls: the plugin's, or Markdown's on the plain site."""
    reads = result.get("reads", {})
    if reads.get("NewsImportReader"):
        return reads["NewsImportReader"]
    return reads.get("MarkdownReader", 0)


def bench_repair(seed: int = SEED, target_mb: float = 8.0) -> dict[str, Any]:
    """Throughput of ``repair_body`` on pipeline bodies, and one 5 MB body."""
    from pelican_newsimport.repair import repair_body

    rng = random.Random(seed + 1)  # noqa: S311 - reproducible test data
    pools: dict[str, list[str]] = {"ascii": [], "non-ascii": []}
    sizes = dict.fromkeys(pools, 0)
    count = 0
    while min(sizes.values()) < target_mb * 1e6 / 2:
        for article in generate_articles(500, seed + count):
            body = encode_body(article.body)
            kind = "ascii" if body.isascii() else "non-ascii"
            pools[kind].append(body)
            sizes[kind] += len(body.encode("utf-8"))
        count += 1
    out: dict[str, Any] = {}

    def clock(bodies: Sequence[str], repeat: int) -> float:
        times = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            for body in bodies:
                repair_body(body)
            times.append(time.perf_counter() - t0)
        return _median(times)

    repair_body(pools["ascii"][0])  # import-time and first-call costs out
    repair_body(pools["non-ascii"][0])
    total_bytes, total_time = 0, 0.0
    for kind, bodies in pools.items():
        seconds = clock(bodies, 3)
        out[kind] = {
            "bodies": len(bodies),
            "mb": sizes[kind] / 1e6,
            "seconds": seconds,
            "mb_s": sizes[kind] / 1e6 / seconds,
        }
        total_bytes += sizes[kind]
        total_time += seconds
    out["all"] = {
        "bodies": sum(len(b) for b in pools.values()),
        "mb": total_bytes / 1e6,
        "seconds": total_time,
        "mb_s": total_bytes / 1e6 / total_time,
    }
    for kind in ("ascii", "non-ascii"):
        big = _big_body(rng, fancy=kind == "non-ascii", size=5_000_000)
        size = len(big.encode("utf-8"))
        seconds = clock([big], 3)
        fixed = repair_body(big)
        out[f"5MB {kind}"] = {
            "mb": size / 1e6,
            "seconds": seconds,
            "mb_s": size / 1e6 / seconds,
            "paragraphs": len(fixed.paragraphs),
        }
    return out


def _big_body(rng: random.Random, fancy: bool, size: int) -> str:
    parts: list[str] = []
    length = 0
    while length < size:
        paragraph = _paragraph(rng, fancy)
        parts.append(paragraph)
        length += len(paragraph.encode("utf-8")) + paragraph.count('"') * 2
    return encode_body("".join(parts))
