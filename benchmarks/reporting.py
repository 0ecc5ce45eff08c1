"""Benchmark report: the tables, targets and step breakdown, from the runs' results."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from corpus import PLAIN, PLUGIN, VARIANTS
from running import BREAKDOWN, _median, _reads, _say

TARGET_BUILD = 0.75
TARGET_READER = 0.5
TARGET_LINEAR = 0.15


def _ok(value: float, limit: float) -> str:
    return "MET" if value <= limit else "NOT MET"


def _table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], left_first: bool = False
) -> str:
    widths = [
        max(len(str(h)), *(len(str(r[i])) for r in rows)) if rows else len(str(h))
        for i, h in enumerate(headers)
    ]

    def fmt(cells: Sequence[str]) -> str:
        return "  ".join(
            str(c).ljust(w) if left_first and i == 0 else str(c).rjust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    out = [fmt(headers), "  ".join("-" * w for w in widths)]
    out.extend(fmt(row) for row in rows)
    return "\n".join(out)


def _paired(plugin: Sequence[float], plain: Sequence[float]) -> float:
    """Median of the per-round ratios (each round builds both sites back to back)."""
    return _median(a / b for a, b in zip(plugin, plain, strict=True))


def _spread(values: Sequence[float]) -> float:
    return max(values) / min(values) - 1 if values and min(values) > 0 else 0.0


def _build_row(n: int, builds: dict[str, Any]) -> tuple[str, ...]:
    plug, plain = builds[PLUGIN], builds[PLAIN]
    ratio = plug["build"] / plain["build"]
    return (
        f"{n:,}",
        f"{plug['build']:.2f}",
        f"{plain['build']:.2f}",
        f"{ratio:.2f}",
        _ok(ratio, TARGET_BUILD),
        f"{_paired(plug['all'], plain['all']):.2f}",
        f"{plug['build'] / n * 1e3:.2f}",
        f"{plain['build'] / n * 1e3:.2f}",
        f"{plug['wall']:.2f} / {plain['wall']:.2f}",
        f"{plug['articles']} / {plain['articles']}",
        f"{plug['outputs']} / {plain['outputs']}",
    )


def _builds_table(results: dict[int, dict[str, Any]]) -> list[str]:
    rows = [
        _build_row(n, results[n]["builds"])
        for n in sorted(results)
        if results[n].get("builds")
    ]
    if not rows:
        return []
    header = (
        "N",
        "plugin s",
        "plain s",
        "ratio",
        "target",
        "paired",
        "plugin ms/art",
        "plain ms/art",
        "wall plug/plain",
        "articles",
        "output files",
    )
    return [
        "",
        "Full build, median seconds of Pelican.run() "
        f"(target plugin/plain <= {TARGET_BUILD}; paired = median of per-round "
        "ratios)",
        _table(header, rows),
    ]


def _reader_row(n: int, readers: dict[str, Any]) -> tuple[str, ...]:
    plug, plain = readers[PLUGIN], readers[PLAIN]
    ratio = plug["read"] / plain["read"]
    return (
        f"{n:,}",
        f"{plug['read']:.3f}",
        f"{plain['read']:.3f}",
        f"{ratio:.2f}",
        _ok(ratio, TARGET_READER),
        f"{_paired(plug['all'], plain['all']):.2f}",
        f"{plug['read'] / n * 1e3:.3f}",
        f"{plain['read'] / n * 1e3:.3f}",
    )


def _readers_table(results: dict[int, dict[str, Any]]) -> list[str]:
    rows = [
        _reader_row(n, results[n]["readers"])
        for n in sorted(results)
        if results[n].get("readers")
    ]
    if not rows:
        return []
    header = (
        "N",
        "plugin s",
        "plain s",
        "ratio",
        "target",
        "paired",
        "plugin ms/art",
        "plain ms/art",
    )
    return [
        "",
        "Reader stage, median seconds of Readers.read_file over every file "
        f"(target plugin/plain <= {TARGET_READER})",
        _table(header, rows),
    ]


def _linearity_rows(results: dict[int, dict[str, Any]]) -> list[tuple[str, ...]]:
    sizes = sorted(results)
    first, last = sizes[0], sizes[-1]
    rows = []
    for stage, key, metric in (
        ("build", "builds", "build"),
        ("reader", "readers", "read"),
    ):
        for variant in VARIANTS:
            per = [
                results[n][key][variant][metric] / n
                for n in sizes
                if results[n].get(key)
            ]
            if len(per) < 2:
                continue
            spread = _spread(per)
            marginal = (
                results[last][key][variant][metric]
                - results[first][key][variant][metric]
            ) / (last - first)
            rows.append(
                (
                    f"{stage} {variant}",
                    " / ".join(f"{p * 1e3:.3f}" for p in per),
                    f"{spread:.1%}",
                    _ok(spread, TARGET_LINEAR),
                    f"{marginal * 1e3:.3f}",
                )
            )
    return rows


def _linearity_table(results: dict[int, dict[str, Any]]) -> list[str]:
    sizes = sorted(results)
    if len(sizes) < 2:
        return []
    lines = [
        "",
        "Linearity: per-article time, spread max/min - 1 "
        f"(target <= {TARGET_LINEAR:.0%})",
    ]
    rows = _linearity_rows(results)
    if rows:
        header = "ms/article at " + " / ".join(f"{n:,}" for n in sizes)
        marginal = f"marginal ms/art {sizes[0]:,}->{sizes[-1]:,}"
        lines.append(_table(("stage", header, "spread", "target", marginal), rows))
    return lines


def _cache_table(results: dict[int, dict[str, Any]]) -> list[str]:
    rows = []
    for n in sorted(results):
        cache = results[n].get("cache")
        for variant in VARIANTS if cache else ():
            c = cache[variant]
            reads = _reads(c["changed"])
            rows.append(
                (
                    f"{n:,}",
                    variant,
                    f"{c['cold']['build']:.2f} ({_reads(c['cold'])})",
                    f"{c['warm']['build']:.2f} ({_reads(c['warm'])})",
                    f"{c['changed']['build']:.2f} ({reads})",
                    "MET" if reads == 1 else "NOT MET",
                    f"{c['cache_bytes'] / 1e6:.1f}",
                )
            )
    if not rows:
        return []
    header = ("N", "site", "cold", "unchanged", "1 file changed", "target", "cache MB")
    return [
        "",
        "Content cache (CACHE_CONTENT, LOAD_CONTENT_CACHE, mtime): build seconds "
        "(reader calls); target: 1 read after changing 1 file",
        _table(header, rows),
    ]


def _repair_table(repair: dict[str, Any] | None) -> list[str]:
    if not repair:
        return []
    rows = [
        (
            kind,
            str(v.get("bodies", 1)),
            f"{v['mb']:.2f}",
            f"{v['seconds']:.3f}",
            f"{v['mb_s']:.2f}",
        )
        for kind, v in repair.items()
    ]
    return [
        "",
        "Body repair: pelican_newsimport.repair.repair_body (median of 3)",
        _table(("bodies", "count", "MB in", "seconds", "MB/s"), rows),
    ]


def report(results: dict[int, dict[str, Any]], repair: dict[str, Any] | None) -> str:
    """The final tables, as text."""
    return "\n".join(
        [
            *_builds_table(results),
            *_readers_table(results),
            *_linearity_table(results),
            *_cache_table(results),
            *_repair_table(repair),
        ]
    )


def print_profile(label: str, profile: dict[str, Any], tree: bool) -> None:
    total = profile["total"]
    _say(f"\n== Profile: {label} ({total:.2f} s sampled)")
    _say("-- self time by package/module")
    for name, seconds in profile["components"][:20]:
        _say(f"  {seconds / total:6.1%}  {seconds:7.2f} s  {name}")
    _say("-- self time by function")
    for name, seconds in profile["functions"]:
        _say(f"  {seconds / total:6.1%}  {seconds:7.2f} s  {name}")
    if tree:
        _say("-- call tree (pyinstrument, frames >= 2%)")
        _say(profile["tree"])


def print_breakdown(n: int, results: dict[str, dict[str, Any]]) -> None:
    """Inclusive time of the main build steps, measured without a profiler."""
    _say(
        f"\n== Where a build's time goes, N={n:,} (inclusive seconds, no profiler; "
        "% of Pelican.run())"
    )
    rows = []
    for _, _, label, indent, _sites in BREAKDOWN:
        cells = ["  " * indent + label]
        present = False
        for variant in VARIANTS:
            seconds, calls = results[variant]["breakdown"].get(label, (0.0, 0))
            build = results[variant]["build"]
            if calls:
                present = True
                cells.append(f"{seconds:.2f} s {seconds / build:6.1%} ({calls:,})")
            else:
                cells.append("-")
        if present:
            rows.append(cells)
    rows.append(
        ["Pelican.run() total"] + [f"{results[v]['build']:.2f} s" for v in VARIANTS]
    )
    _say(_table(("step", "plugin site", "plain site"), rows, left_first=True))


def print_breakdown_sizes(results: dict[int, dict[str, dict[str, Any]]]) -> None:
    """Per-article time of each build step at every size, and its growth."""
    sizes = sorted(results)
    largest = sizes[-1]
    print_breakdown(largest, results[largest])
    if len(sizes) < 2:
        return
    _say(
        "\nPer-article milliseconds of each step (instrumented builds, one per size; "
        f"growth = ms/art at {sizes[-1]:,} / ms/art at {sizes[0]:,} - 1)"
    )
    rows = []
    for _, _, label, indent, _sites in (
        *BREAKDOWN,
        (None, None, "Pelican.run() total", 0, ()),
    ):
        cells = ["  " * indent + label]
        present = False
        for variant in VARIANTS:
            per = []
            for n in sizes:
                result = results[n][variant]
                if label == "Pelican.run() total":
                    seconds, calls = result["build"], 1
                else:
                    seconds, calls = result["breakdown"].get(label, (0.0, 0))
                per.append(seconds / n * 1e3 if calls else None)
            if any(p is None for p in per) or per[-1] < 0.005:
                cells += ["-", "-"]
                continue
            present = True
            growth = per[-1] / per[0] - 1 if per[0] else 0.0
            cells += [" / ".join(f"{p:.3f}" for p in per), f"{growth:+.0%}"]
        if present:
            rows.append(cells)
    at = " / ".join(f"{n:,}" for n in sizes)
    _say(
        _table(
            (
                "step",
                f"plugin ms/art at {at}",
                "growth",
                f"plain ms/art at {at}",
                "growth",
            ),
            rows,
            left_first=True,
        )
    )
