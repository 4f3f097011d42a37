"""Rich rendering for the terminal: tables of documents, problems, errors. All text escaped first."""

from __future__ import annotations

from collections import Counter

from rich.console import Console
from rich.table import Table

from parlzoek.corpus.loader import LoadResult
from parlzoek.corpus.models import Problem
from parlzoek.errors import ParlzoekError
from parlzoek.textsafety import for_rich, strip_controls

stdout = Console(highlight=False, emoji=False)  # ":warning:" in a document is text
stderr = Console(stderr=True, highlight=False, emoji=False)


def print_error(exc: ParlzoekError) -> None:
    stderr.print(f"[bold red]Error:[/] {for_rich(str(exc))}")
    if exc.hint:
        stderr.print(f"[yellow]Hint:[/] {for_rich(exc.hint)}")


def _print_notices(label: str, style: str, notices: list[Problem]) -> None:
    for notice in notices:
        stderr.print(f"[{style}]{label}:[/] {for_rich(str(notice))}")


def _notes_per_source(result: LoadResult) -> Counter[tuple[str, int | None]]:
    return Counter((notice.source, notice.line) for notice in result.warnings)


def print_load_result(result: LoadResult) -> None:
    """Per document what was parsed; then every warning and problem, naming source and line."""
    notes = _notes_per_source(result)
    table = Table(title=f"{len(result.documents)} documents", title_justify="left")
    for column in ("id", "nr", "date", "minister", "title", "passages", "warnings"):
        numeric = column in ("nr", "passages", "warnings")
        table.add_column(column, overflow="fold", justify="right" if numeric else "left")
    for doc in result.documents:
        source = doc.source or ""
        warnings = notes[(source, None)] + (notes[(source, doc.source_line)] if doc.source_line else 0)
        table.add_row(
            for_rich(doc.id),
            str(doc.number) if doc.number is not None else "",
            doc.date or "",
            for_rich(doc.minister),
            for_rich(doc.title),
            str(len(doc.passages)),
            str(warnings) if warnings else "",
        )
    stdout.print(table)
    _print_notices("warning", "yellow", result.warnings)
    _print_notices("problem", "bold red", result.problems)
    stderr.print(f"{len(result.documents)} documents, {len(result.problems)} problems, {len(result.warnings)} warnings")


# --- search results -----------------------------------------------------------------------

EXCERPT_CHARS = 360
HIT_STYLE = "bold black on yellow"


def excerpt(text: str, spans: tuple[tuple[int, int], ...], max_chars: int = EXCERPT_CHARS):
    """A window of ``text`` around its first hit, with the spans moved into it."""
    if len(text) <= max_chars:
        return text, spans, False, False
    first = spans[0][0] if spans else 0
    start = max(0, min(first - max_chars // 4, len(text) - max_chars))
    start = text.rfind(" ", 0, start) + 1 if start else 0
    end = min(len(text), start + max_chars)
    end = text.rfind(" ", start, end) if end < len(text) and " " in text[start:end] else end
    moved = tuple((s - start, e - start) for s, e in spans if s >= start and e <= end)
    return text[start:end], moved, start > 0, end < len(text)


def marked(text: str, spans: tuple[tuple[int, int], ...], rich: bool, shorten: bool = True) -> str:
    """Text with its hits marked: rich markup (everything else escaped) or «plain» marks."""
    fragment, spans, cut_before, cut_after = excerpt(text, spans) if shorten else (text, spans, False, False)
    escape = for_rich if rich else strip_controls
    parts, position = [], 0
    for start, end in sorted(spans):
        if start < position:
            continue
        hit = escape(fragment[start:end])
        parts += [escape(fragment[position:start]), f"[{HIT_STYLE}]{hit}[/]" if rich else f"«{hit}»"]
        position = end
    parts.append(escape(fragment[position:]))
    return ("… " if cut_before else "") + "".join(parts) + (" …" if cut_after else "")


def _meta_line(doc) -> str:
    bits = [f"nr. {doc.number}" if doc.number is not None else None, doc.date, doc.minister, doc.id]
    return " · ".join(strip_controls(b) for b in bits if b)


def _passage_lines(passage, rich: bool, shorten: bool = True) -> list[str]:
    lines = []
    if passage.question:
        lines.append(f"{passage.n}. V: " + marked(passage.question, passage.question_hits, rich, shorten))
    if passage.answer:
        lines.append(
            " " * (len(str(passage.n)) + 2) + "A: " + marked(passage.answer, passage.answer_hits, rich, shorten)
        )
    return lines


def print_results(results, rich: bool) -> None:
    console = stdout if rich else Console(highlight=False, no_color=True, markup=False, emoji=False)
    header = f"{results.total} document{'' if results.total == 1 else 's'} for {results.query!r}"
    if results.total > results.limit:
        header += f" (page {results.page}, {results.limit} per page)"
    console.print(for_rich(header) if rich else strip_controls(header))
    for hit in results.hits:
        title = hit.document.title or "(no title)"
        title_line = f"{hit.rank}. {title}  [score {hit.score:.2f}]"
        console.print()
        console.print(f"[bold]{for_rich(title_line)}[/]" if rich else strip_controls(title_line))
        console.print(f"   [dim]{for_rich(_meta_line(hit.document))}[/]" if rich else "   " + _meta_line(hit.document))
        for passage in hit.passages:
            for line in _passage_lines(passage, rich):
                console.print("   " + line, soft_wrap=not rich)
    if results.suggestion:
        message = f"Did you mean: {results.suggestion}"
        stderr.print(f"[yellow]{for_rich(message)}[/]")
    if results.facets:
        _print_facets(results.facets, console, rich)


def _print_facets(facets: dict[str, dict[str, int]], console: Console, rich: bool) -> None:
    for name, counts in facets.items():
        console.print()
        console.print(f"[bold]{name}[/]" if rich else name)
        for key, count in list(counts.items())[:15]:
            console.print(f"  {count:>6}  {for_rich(key) if rich else strip_controls(key)}")


def print_document(document, passages, rich: bool) -> None:
    console = stdout if rich else Console(highlight=False, no_color=True, markup=False, emoji=False)
    title = document.title or "(no title)"
    console.print(f"[bold]{for_rich(title)}[/]" if rich else strip_controls(title))
    console.print(f"[dim]{for_rich(_meta_line(document))}[/]" if rich else _meta_line(document))
    for label, value in (("vraagsteller", document.asker), ("functie", document.minister_function),
                         ("thema's", ", ".join(document.themes)), ("bron", document.source)):  # fmt: skip
        if value:
            console.print(f"{label}: {for_rich(value) if rich else strip_controls(value)}")
    if document.answer is None:
        console.print("[italic](not answered yet)[/]" if rich else "(not answered yet)")
    for passage in passages:
        console.print()
        for line in _passage_lines(passage, rich, shorten=False):
            console.print(line, soft_wrap=not rich)


def print_index_summary(summary) -> None:
    kind = "built" if summary.full_build else "updated"
    stderr.print(
        f"Index {kind} at {for_rich(str(summary.index))}: {summary.documents_added} documents "
        f"({summary.passages_added} passages) added, {summary.documents_removed} removed, "
        f"{summary.sources_read} sources read, {summary.sources_unchanged} unchanged, "
        f"{summary.sources_pruned} pruned; {summary.documents_total} documents in the index; "
        f"{len(summary.problems)} problems, {len(summary.warnings)} warnings; {summary.seconds:.1f} s"
    )
    _print_notices("warning", "yellow", summary.warnings)
    _print_notices("problem", "bold red", summary.problems)


def print_stats(stats) -> None:
    table = Table(show_header=False, title=for_rich(str(stats.path)), title_justify="left")
    rows = [
        ("documents", f"{stats.documents:,}"),
        ("passages", f"{stats.passages:,}"),
        ("distinct terms", ", ".join(f"{k} {v:,}" for k, v in stats.terms.items())),
        ("size on disk", f"{stats.size_bytes / 1_048_576:.1f} MiB"),
        ("analyzer", f"Dutch, snowball {stats.stemmer}"),
        ("created", stats.created or ""),
        ("last update", stats.updated or ""),
        ("sources", f"{stats.sources:,}"),
    ]
    for key, value in rows:
        table.add_row(key, for_rich(value))
    stdout.print(table)


def print_batch_summary(summary) -> None:
    stderr.print(
        f"{summary.queries} queries: {summary.answered} answered ({summary.without_hits} without hits), "
        f"{len(summary.problems)} problems"
    )
    _print_notices("problem", "bold red", summary.problems)


def print_fetch_summary(summary) -> None:
    stderr.print(
        f"Fetched into {for_rich(str(summary.corpus))}: {summary.new} new, {summary.updated} updated, "
        f"{summary.unchanged} unchanged, {len(summary.failed)} failed; {summary.requests} requests, "
        f"{summary.bytes / 1e6:,.1f} MB, {summary.seconds:.1f} s"
    )
    for schv_id, reason in summary.failed:
        stderr.print(f"[bold red]failed:[/] question {for_rich(schv_id)}: {for_rich(reason)}")
    for schv_id, reason in summary.unreadable:
        stderr.print(f"[yellow]not indexable yet:[/] question {for_rich(schv_id)}: {for_rich(reason)}")
    if summary.new or summary.updated:
        stderr.print(f"Index it with: parlzoek index {for_rich(str(summary.corpus))}")


def print_evaluation(evaluation, comparisons, per_query: bool) -> None:
    table = Table(title=f"{evaluation.queries} judged queries (a query without results counts 0)")
    table.add_column("measure")
    table.add_column("mean", justify="right")
    if comparisons:
        for name in ("Δ vs baseline", "wins", "ties", "losses", "p (randomization)"):
            table.add_column(name, justify="right")
    by_measure = {c.measure: c for c in comparisons}
    for measure, value in evaluation.measures.items():
        row = [measure, f"{value:.4f}"]
        if measure in by_measure:
            c = by_measure[measure]
            row += [f"{c.mean_difference:+.4f}", str(c.wins), str(c.ties), str(c.losses), f"{c.p_value:.4f}"]
        table.add_row(*row)
    stdout.print(table)
    if per_query:
        detail = Table("query", *evaluation.measures)
        for qid, values in sorted(evaluation.per_query.items()):
            detail.add_row(for_rich(qid), *(f"{v:.4f}" for v in values.values()))
        stdout.print(detail)


def print_verification(report) -> None:
    if report.healthy:
        stdout.print(f"[green]healthy:[/] {for_rich(str(report.index))}: {report.documents:,} documents read back, "
                     f"{report.sources:,} sources as indexed")  # fmt: skip
        return
    stdout.print(f"[bold red]{len(report.findings)} finding(s)[/] in {for_rich(str(report.index))}:")
    for finding in report.findings:
        stdout.print(f"  - {for_rich(finding)}")


def print_similar(results, rich: bool) -> None:
    """``similar``: each result with its similarity to the best, the key terms it shares, its twins."""
    console = stdout if rich else Console(highlight=False, no_color=True, markup=False, emoji=False)
    escape = for_rich if rich else strip_controls
    source = f"document {results.source}" if results.source else "the draft"
    header = f"{results.total} document{'' if results.total == 1 else 's'} like {source}: {results.query!r}"
    if results.where:
        header += f" (where {results.where})"
    console.print(escape(header))
    key = ", ".join(t.word for t in results.key_terms[:12])
    console.print(f"[dim]key terms: {escape(key)}[/]" if rich else f"key terms: {key}")
    for hit in results.hits:
        title_line = f"{hit.rank}. {hit.document.title or '(no title)'}  [{hit.similarity:.0%}]"
        console.print()
        console.print(f"[bold]{escape(title_line)}[/]" if rich else escape(title_line))
        console.print(f"   [dim]{escape(_meta_line(hit.document))}[/]" if rich else "   " + _meta_line(hit.document))
        shares = "shares: " + ", ".join(hit.terms[:8]) + (" …" if len(hit.terms) > 8 else "")
        console.print(f"   [cyan]{escape(shares)}[/]" if rich else "   " + escape(shares))
        if hit.twins:
            also = "same question also to: " + "; ".join(_meta_line(twin) for twin in hit.twins)
            console.print(f"   [dim]{escape(also)}[/]" if rich else "   " + escape(also))
        for passage in hit.passages:
            for line in _passage_lines(passage, rich):
                console.print("   " + line, soft_wrap=not rich)
