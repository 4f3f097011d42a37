"""Rendering for people and scripts: rich in a terminal, plain and never wrapped in a pipe or a file.

Tables of documents, results, problems and errors; all document text is escaped first.
"""

from __future__ import annotations

import re
from collections import Counter

from rich import box
from rich.cells import cell_len
from rich.console import Console, Group
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from parlzoek.corpus.loader import LoadResult
from parlzoek.corpus.models import Problem
from parlzoek.errors import ParlzoekError
from parlzoek.search.excerpts import Excerpt, excerpt, passage_excerpts
from parlzoek.textsafety import for_rich, strip_controls
from parlzoek.wording import counted


class _MessageConsole(Console):
    """A console for one-line messages: it wraps them for a terminal only. Redirected to a pipe or a
    file, a message stays on its line, so a log keeps a path or a URL whole for grep."""

    def print(self, *objects, soft_wrap: bool | None = None, **options) -> None:
        super().print(*objects, soft_wrap=not self.is_terminal if soft_wrap is None else soft_wrap, **options)


stdout = Console(highlight=False, emoji=False)  # ":warning:" in a document is text
stderr = _MessageConsole(stderr=True, highlight=False, emoji=False)


def rich_by_default() -> bool:
    """Rich output where stdout is a terminal; plain output (with its «marks») into a pipe or a file."""
    return stdout.is_terminal


def _plain_console() -> Console:
    """Plain output: no markup, no colour, and no line ever wrapped, whatever the width."""
    return Console(highlight=False, no_color=True, markup=False, emoji=False, soft_wrap=True)


_NATURAL_WIDTH = 1_000_000  # wider than any table: it takes the width its cells need


def _print_table(table: Table, rows: list[tuple[str, ...]], rich: bool | None = None) -> None:
    """``rows`` (plain text, never markup) under ``table``'s columns: in rich, the table fitted to the
    terminal; plain (by default into a pipe or a file), tab-separated lines, the header first, one row
    a line, no box, no padding, so ``cut -f`` and ``awk -F'\\t'`` read them. Tabs and line breaks
    inside a cell become one space."""
    if stdout.is_terminal if rich is None else rich:
        for row in rows:
            table.add_row(*(for_rich(cell) for cell in row))
        needed = Measurement.get(stdout, stdout.options.update(max_width=_NATURAL_WIDTH), table).minimum
        if needed <= stdout.width:
            stdout.print(table)
        else:  # a column that never folds (an id) is wider than the terminal: the lines overflow, the cells stay whole
            Console(file=stdout.file, width=needed, color_system=stdout.color_system, force_terminal=stdout.is_terminal,
                    highlight=False, emoji=False).print(table)  # fmt: skip
        return
    lines = [[column.header for column in table.columns]] if table.show_header else []
    out = _plain_console().file  # written as is: a console would expand the tabs into spaces
    for cells in [*lines, *rows]:
        out.write("\t".join(_one_line(str(cell)) for cell in cells) + "\n")


def _print_line(markup: str) -> None:
    """One line of rich markup on stdout: wrapped in a terminal, whole into a pipe (for grep)."""
    stdout.print(markup, soft_wrap=not stdout.is_terminal)


def print_error(exc: ParlzoekError) -> None:
    stderr.print(f"[bold red]Error:[/] {for_rich(str(exc))}")
    if exc.hint:
        stderr.print(f"[yellow]Hint:[/] {for_rich(exc.hint)}")


def _print_notices(label: str, style: str, notices: list[Problem]) -> None:
    for notice in notices:
        stderr.print(f"[{style}]{label}:[/] {for_rich(str(notice))}")


def _notes_per_source(result: LoadResult) -> Counter[tuple[str, int | None]]:
    return Counter((notice.source, notice.line) for notice in result.warnings)


MIN_TITLE = 12
MINISTER_FROM = 48  # a terminal table shows the minister where title and minister have this much room together


def print_load_result(result: LoadResult, rich: bool | None = None) -> None:
    """Per document what was parsed; then every warning and problem, naming source and line.

    In a terminal the minister and the title share what the other columns leave, a long one ends
    in ``…``; where that is too little for both, the minister is left out, so what is shown reads
    whole. An id never folds. Plain output has every column, whole."""
    rich = stdout.is_terminal if rich is None else rich
    notes = _notes_per_source(result)
    headers = ["id", "nr", "date", "minister", "title", "passages", "warnings"]
    rows = []
    for doc in result.documents:
        source = doc.source or ""
        warnings = notes[(source, None)] + (notes[(source, doc.source_line)] if doc.source_line else 0)
        rows.append((doc.id, str(doc.number) if doc.number is not None else "", doc.date or "", doc.minister or "",
                     doc.title or "", str(len(doc.passages)), str(warnings) if warnings else ""))  # fmt: skip
    widths = dict(zip(headers, (max([len(h)] + [cell_len(_one_line(row[at])) for row in rows])
                                for at, h in enumerate(headers)), strict=True))  # fmt: skip
    # what the other columns and the padding (a space either side of each) leave goes to the title and the minister
    room = stdout.width - sum(w for h, w in widths.items() if h not in ("minister", "title")) - 2 * len(headers)
    if rich and room < MINISTER_FROM:
        rows = [row[:3] + row[4:] for row in rows]
        del headers[3]
        room += 2
    # no vertical rules: at 80 columns the width goes to the title
    table = Table(
        title=counted(len(result.documents), "document"),
        title_justify="left",
        box=box.SIMPLE_HEAD,
        collapse_padding=True,
        pad_edge=False,
    )
    minister = min(widths["minister"], max(room // 3, room - widths["title"])) if "minister" in headers else 0
    free = {"minister": minister, "title": max(MIN_TITLE, room - minister)}
    for header in headers:
        if header == "id":  # an id is looked up whole: it never folds
            table.add_column(header, no_wrap=True, min_width=widths[header])
        elif header in free:
            table.add_column(header, no_wrap=True, overflow="ellipsis", max_width=free[header])
        else:
            table.add_column(header, no_wrap=True, justify="left" if header == "date" else "right")
    _print_table(table, rows, rich)
    _print_notices("warning", "yellow", result.warnings)
    _print_notices("problem", "bold red", result.problems)
    stderr.print(
        f"{counted(len(result.documents), 'document')}, {counted(len(result.problems), 'problem')}, "
        f"{counted(len(result.warnings), 'warning')}"
    )


# --- search results -----------------------------------------------------------------------

HIT_STYLE = "bold black on yellow"


def marked(text: str, spans: tuple[tuple[int, int], ...], rich: bool, shorten: bool = True) -> str:
    """Text with its hits marked: rich markup (everything else escaped) or «plain» marks."""
    return marked_excerpt(Excerpt("", *excerpt(text, spans)) if shorten else Excerpt("", text, spans), rich)


def marked_excerpt(part: Excerpt, rich: bool) -> str:
    """An excerpt's text with its hits marked, "…" where it was cut."""
    fragment, spans, cut_before, cut_after = part.text, part.spans, part.cut_before, part.cut_after
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


def asker_with_party(doc) -> tuple[str, str] | None:
    """``("vraagsteller", "Jan Peeters (N-VA)")``: the asker with their party, labelled; the party
    alone (``("partij", "N-VA")``) where the asker is unknown; ``None`` where neither is known."""
    if doc.asker:
        return "vraagsteller", f"{doc.asker} ({doc.party})" if doc.party else doc.asker
    return ("partij", doc.party) if doc.party else None


def _meta_line(doc, with_asker: bool = False) -> str:
    asker = asker_with_party(doc) if with_asker else None
    bits = [f"nr. {doc.number}" if doc.number is not None else None, doc.date, doc.minister,
            " ".join(asker) if asker else None, doc.id]  # fmt: skip
    return " · ".join(strip_controls(b) for b in bits if b)


def _one_line(text: str) -> str:
    """A header field (title, metadata, a path) on one line: line breaks and runs of spaces as one space."""
    return " ".join(strip_controls(text).split())


def _block(text: str, indent: int) -> str:
    """Passage text as one block: blank lines dropped, tabs as spaces, every further line indented by
    ``indent`` spaces, so the block runs until the next line that starts further left."""
    lines = (line.strip() for line in text.replace("\t", " ").split("\n"))
    return ("\n" + " " * indent).join(line for line in lines if line)


def _passage_parts(passage, rich: bool, shorten: bool = True) -> list[tuple[str, str]]:
    """A passage's question and answer as (label, marked text). The first part shown carries the
    passage's number, so an answer without a question part still says which sub-question it is."""
    return [(part.label, marked_excerpt(part, rich)) for part in passage_excerpts(passage, shorten)]


def _plain_passage(passage, indent: int, shorten: bool = True) -> list[str]:
    """``1. V: text`` and ``   A: text``, labels right-aligned, continuation lines under the text."""
    parts = _passage_parts(passage, rich=False, shorten=shorten)
    width = max((len(label) for label, _ in parts), default=0)
    return [" " * indent + label.rjust(width) + " " + _block(text, indent + width + 1) for label, text in parts]


def _passages_grid(passages, shorten: bool = True, spaced: bool = False) -> Table:
    """Passages for the terminal: labels in a column of their own, so wrapped text stays under its text."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column()
    for at, passage in enumerate(passages):
        if spaced and at:
            grid.add_row()
        for label, text in _passage_parts(passage, rich=True, shorten=shorten):
            grid.add_row(label, Text.from_markup(_block(text, 0), overflow="fold"))  # a URL folds, never cut
    return grid


def _fields(document) -> list[tuple[str, str]]:
    asker = asker_with_party(document) or ("vraagsteller", None)
    return [(label, value) for label, value in (("onderwerp", document.topic), asker,
            ("functie", document.minister_function), ("thema's", ", ".join(document.themes)),
            ("bron", document.source)) if value]  # fmt: skip


def print_results(results, rich: bool) -> None:
    """Ranked documents with their passages. In a terminal, each result hangs under its rank, wrapped
    lines keep their indent, and a blank line sets results apart. Plain: one line per header field,
    never wrapped; results apart by a blank line, none inside a result (``awk -v RS=`` reads one).
    A result found without the query's own words carries its near-match label under its metadata."""
    notice = near_notice(results)
    header = results_header(results, notice)
    if results.total > results.limit:
        header += f" (page {results.page}, {results.limit} per page)"
    if rich:
        console = stdout
        for line in (*notice, header):
            console.print(Text(strip_controls(line)))
        _print_rich_hits(results.hits)
    else:
        console = _plain_console()
        for line in (*notice, header):
            console.print(_one_line(line))
        for hit in results.hits:
            console.print()
            for line in _plain_hit(hit):
                console.print(line)
    if results.suggestion and not (notice and results.near_only and results.total):  # else said in the notice
        message = f"Did you mean: {results.suggestion}"
        stderr.print(f"[yellow]{for_rich(message)}[/]")
    if results.facets:
        if results.facets_of == "hits":
            console.print()
            console.print(f"facets of the {counted(results.held, 'hit')} (near matches not counted)")
        _print_facets(results.facets, console, rich)


def _search_notes(hit) -> tuple[str, list[tuple[str, str]]]:
    """A search result's figure (its score) and notes under its metadata (its near-match label), each
    with its style in a terminal."""
    return f"score {hit.score:.2f}", [(near_label(hit.near), "italic yellow")] if hit.near is not None else []


def _marked_title(hit, rich: bool) -> str:
    """A result's title on one line, its hits marked as the passages' are (a title's hit was
    marked on the web page but not here, so a result could show no reason it was found)."""
    if not hit.document.title:
        return "(no title)"
    flat = re.sub(r"\s", " ", hit.document.title)  # one line, every offset kept
    return " ".join(marked(flat, getattr(hit, "title_hits", ()), rich, shorten=False).split())


def _plain_hit(hit, notes=_search_notes) -> list[str]:
    """A result in plain output: its title line, metadata, notes, then its passages."""
    figure, below = notes(hit)
    lines = [f"{hit.rank}. {_marked_title(hit, rich=False)}  [{figure}]",
             "   " + _one_line(_meta_line(hit.document, with_asker=True)),
             *("   " + _one_line(text) for text, _ in below)]  # fmt: skip
    return lines + [line for passage in hit.passages for line in _plain_passage(passage, indent=3)]


def _print_rich_hits(hits, notes=_search_notes) -> None:
    rank_width = max((len(f"{hit.rank}.") for hit in hits), default=0)
    for hit in hits:
        figure, below = notes(hit)
        title = Text.from_markup(_marked_title(hit, rich=True), style="bold", overflow="fold")
        title.append(f"  [{figure}]", style="dim")
        meta = Text(
            _one_line(_meta_line(hit.document, with_asker=True)), style="dim", overflow="fold"
        )  # an id is never cut
        lines = [Text(_one_line(text), style=style, overflow="fold") for text, style in below]
        grid = Table.grid(padding=(0, 1))
        grid.add_column(justify="right", no_wrap=True, style="bold cyan", min_width=rank_width)
        grid.add_column()
        grid.add_row(f"{hit.rank}.", Group(title, meta, *lines, _passages_grid(hit.passages)))
        stdout.print()
        stdout.print(grid)


def results_header(results, notice: tuple[str, ...]) -> str:
    """``12 documents hold 'x', and 1,091 near matches`` where some matches are hits and some
    not; ``N documents for 'x'`` where all are hits; ``N near matches for 'x'`` where no document
    holds any of the query's words."""
    if notice and results.near_only and results.total:
        return f"{counted(results.total, 'near match', 'near matches')} for {quoted(results.query)}"
    if results.near_total:
        verb = "holds" if results.held == 1 else "hold"
        near = counted(results.near_total, "near match", "near matches")
        return f"{counted(results.held, 'document')} {verb} {quoted(results.query)}, and {near}"
    return f"{counted(results.total, 'document')} for {quoted(results.query)}"


def quoted(query: str) -> str:
    """A query in a line of text, as typed, between curly quotes (Python's quoting,
    ``'... auto\\'s'``, read as another query).

    >>> print(quoted("sociale kmo's"))
    ‘sociale kmo's’
    """
    return f"‘{query}’"


def near_notice(results) -> tuple[str, ...]:
    """The first lines of results where a word of the query is held by no document: they say so,
    and where all its words are, offer a spelling before the near matches that follow."""
    if not results.nowhere:
        return ()
    words = ", ".join(results.nowhere)
    if not (results.near_only and results.total):  # a hit elsewhere, or nothing found at all
        return (f"No document holds {words}.",)
    lines = [f"No document holds {words}: what follows are near matches, not hits."]
    if results.suggestion:
        lines.append(f"Did you mean: {results.suggestion}")
    return tuple(lines)


def near_label(near) -> str:
    """``near match: compound part of 'belastingfraude': fraude; …`` for a result found without
    the query's own words (``search.marks.Near``)."""
    return "near match, " + "; ".join(reason.said() for reason in near)


FACET_VALUES_SHOWN = 15


def _print_facets(facets: dict[str, dict[str, int]], console: Console, rich: bool) -> None:
    """Each facet's most frequent values; where it has more, a last line says how many more (the
    JSON lists them all)."""
    for name, counts in facets.items():
        if not counts:  # no match has a value for it (a corpus without parties)
            continue
        console.print()
        shown = list(counts.items())[:FACET_VALUES_SHOWN]
        hidden = len(counts) - len(shown)
        more = f"… {counted(hidden, 'more value')} (--format json lists all {len(counts):,})" if hidden else None
        if not rich:
            console.print(name)
            for key, count in shown:
                console.print(f"  {count:>6}  {_one_line(key)}")
            if more:
                console.print(f"  {'':>6}  {more}")
            continue
        # a grid, as the passages: a long value wraps under itself, never back to column 0
        grid = Table.grid(padding=(0, 2))
        grid.add_column(justify="right", no_wrap=True, min_width=8)  # as plain: two spaces, then six
        grid.add_column()
        for key, count in shown:
            grid.add_row(str(count), Text(_one_line(key), overflow="fold"))
        if more:
            grid.add_row("", Text(more, style="dim"))
        console.print(Text(name, style="bold"))
        console.print(grid)


def attachment_lines(document) -> list[str]:
    """The answer's attachments (the open data's ``bijlage`` entries and further files of the
    question), one line each, ``bijlagen:`` before the first; control characters stripped (plain text, never markup)."""
    lines = []
    for attachment in document.metadata.get("attachments") or ():
        if not isinstance(attachment, dict):
            continue
        name = attachment.get("title") or attachment.get("file") or attachment.get("url") or ""
        url = attachment.get("url")
        lines.append(_one_line(f"{name} ({url})" if url and url != name else name))
    return [("bijlagen: " if i == 0 else "          ") + line for i, line in enumerate(lines)]


UNANSWERED = "(not answered yet)"


def _sibling_line(sibling, found: str | None) -> str:
    return f"{sibling.minister}, nr. {sibling.number}: " + (found or "niet in de index")


def _sibling_lines(siblings) -> list[str]:
    lines = [f"  {_one_line(_sibling_line(sibling, found))}" for sibling, found in siblings]
    return ["ook gesteld aan:", *lines] if lines else []


def print_document(document, passages, rich: bool, siblings=()) -> None:
    """One whole document: title, metadata, fields, the other ministers its question was put to
    (``siblings``: (sibling, id in the index or ``None``) pairs), then its passages apart by blank lines."""
    if rich:
        _print_rich_document(document, passages, siblings)
        return
    console = _plain_console()
    console.print(_one_line(document.title or "(no title)"))
    console.print(_one_line(_meta_line(document)))
    for label, value in _fields(document):
        console.print(f"{label}: {_one_line(value)}")
    for line in [*_sibling_lines(siblings), *attachment_lines(document)]:
        console.print(line)
    if document.answer is None:
        console.print(UNANSWERED)
    for passage in passages:
        console.print()
        for line in _plain_passage(passage, indent=0, shorten=False):
            console.print(line)


def _print_rich_document(document, passages, siblings) -> None:
    fields = Table.grid(padding=(0, 1))
    fields.add_column(style="dim", no_wrap=True)
    fields.add_column()
    for label, value in _fields(document):
        fields.add_row(f"{label}:", Text(_one_line(value)))
    title = Text(_one_line(document.title or "(no title)"), style="bold")
    stdout.print(title, Text(_one_line(_meta_line(document)), style="dim"), fields, sep="\n")
    for line in [*_sibling_lines(siblings), *attachment_lines(document)]:
        stdout.print(Text(line, overflow="fold"))  # a URL folds, never cut
    if document.answer is None:
        stdout.print(Text(UNANSWERED, style="italic"))
    if passages:
        stdout.print()
        stdout.print(_passages_grid(passages, shorten=False, spaced=True))


def print_index_summary(summary) -> None:
    index = for_rich(str(summary.index))
    if not summary.published:
        outcome = f"the index at {index} is unchanged" if summary.kept else f"no index created at {index}"
        stderr.print(f"[bold red]Nothing indexed:[/] no document could be read from "
                     f"{counted(summary.sources_read, 'source')}; {outcome}")  # fmt: skip
    else:
        if summary.replaced_sample:
            stderr.print(f"[cyan]The index at {index} held only the bundled sample: your sources replace it.[/]")
        stderr.print(_index_summary_line(summary, index))
    _print_notices("warning", "yellow", summary.warnings)
    _print_notices("problem", "bold red", summary.problems)


def _index_summary_line(summary, index: str) -> str:
    kind = "built" if summary.full_build else "updated"
    procs = f"{counted(summary.procs, 'process', 'processes')}; " if summary.sources_read else ""
    return (
        f"Index {kind} at {index}: {counted(summary.documents_added, 'document')} "
        f"({counted(summary.passages_added, 'passage')}) added, {summary.documents_removed:,} removed; "
        f"{counted(summary.sources_read, 'source')} read, {summary.sources_unchanged:,} unchanged, "
        f"{summary.sources_dropped:,} dropped; {counted(summary.documents_total, 'document')} in the index; "
        f"{counted(len(summary.problems), 'problem')}, {counted(len(summary.warnings), 'warning')}; "
        f"{procs}{summary.seconds:.1f} s"
    )


def print_stats(stats, rich: bool | None = None) -> None:
    """The index's figures as a two-column table; plain, ``name<TAB>value`` lines under a header,
    the index's path as the first row."""
    rich = stdout.is_terminal if rich is None else rich
    table = Table(show_header=False, title=for_rich(str(stats.path)), title_justify="left")
    table.add_column("name")
    table.add_column("value")
    rows = [
        ("documents", f"{stats.documents:,}"),
        ("passages", f"{stats.passages:,}"),
        ("distinct terms", ", ".join(f"{k} {v:,}" for k, v in stats.terms.items())),
        ("size on disk", f"{stats.size_bytes / 1_048_576:.1f} MiB"),
        ("analyzer", f"Dutch, snowball {stats.stemmer}, rules {stats.signature}"),
        ("created", stats.created or ""),
        ("last update", stats.updated or ""),
        ("sources", f"{stats.sources:,}"),
    ]
    if not rich:
        table.show_header = True
        rows.insert(0, ("index", str(stats.path)))
    _print_table(table, rows, rich)


def print_batch_summary(summary) -> None:
    stderr.print(
        f"{counted(summary.queries, 'query', 'queries')}: {summary.answered:,} answered "
        f"({summary.without_hits:,} without hits), {counted(len(summary.problems), 'problem')}"
    )
    _print_notices("problem", "bold red", summary.problems)


def print_fetch_summary(summary) -> None:
    stderr.print(
        f"Fetched into {for_rich(str(summary.corpus))}: {summary.new} new, {summary.updated} updated, "
        f"{summary.unchanged} unchanged, {len(summary.failed)} failed; {counted(summary.requests, 'request')}, "
        f"{summary.bytes / 1e6:,.1f} MB, {summary.seconds:.1f} s"
    )
    for schv_id, reason in summary.failed:
        stderr.print(f"[bold red]failed:[/] question {for_rich(schv_id)}: {for_rich(reason)}")
    for schv_id, reason in summary.unreadable:
        stderr.print(f"[yellow]no readable text:[/] question {for_rich(schv_id)}: {for_rich(reason)}")
    if summary.new or summary.updated:
        stderr.print(f"Index it with: parlzoek index {for_rich(str(summary.corpus))}")


def print_evaluation(evaluation, comparisons, per_query: bool, rich: bool | None = None) -> None:
    judged = counted(evaluation.queries, "judged query", "judged queries")
    _print_line(f"{judged} (a query without results counts 0)")  # above the table: its title would wrap to its width
    table = Table()
    table.add_column("measure")
    table.add_column("mean", justify="right")
    if comparisons:
        for name in ("Δ vs baseline", "wins", "ties", "losses", "p (randomization)"):
            table.add_column(name, justify="right")
    by_measure = {c.measure: c for c in comparisons}
    rows = []
    for measure, value in evaluation.measures.items():
        row = (measure, f"{value:.4f}")
        if measure in by_measure:
            c = by_measure[measure]
            row += (f"{c.mean_difference:+.4f}", str(c.wins), str(c.ties), str(c.losses), f"{c.p_value:.4f}")
        rows.append(row)
    _print_table(table, rows, rich)
    if per_query:
        detail = Table("query", *evaluation.measures)
        per_query_rows = sorted(evaluation.per_query.items())
        values = [(qid, *(f"{v:.4f}" for v in figures.values())) for qid, figures in per_query_rows]
        if not (stdout.is_terminal if rich is None else rich):
            _plain_console().print()  # plain: a blank line sets the second table apart
        _print_table(detail, values, rich)


def print_verification(report) -> None:
    if report.healthy:
        _print_line(f"[green]healthy:[/] {for_rich(str(report.index))}: {counted(report.documents, 'document')} "
                    f"read back, {counted(report.sources, 'source')} as indexed")  # fmt: skip
        return
    findings = counted(len(report.findings), "finding")
    _print_line(f"[bold red]{findings}[/] in {for_rich(str(report.index))}:")
    for finding in report.findings:
        _print_line(f"  - {for_rich(finding)}")


KEY_TERMS_SHOWN = 12  # of the (up to 60) key terms; JSON lists all


def print_similar(results, rich: bool) -> None:
    """``similar``: laid out as ``search``'s results, each with its similarity to the best result,
    the key terms it shares and its twins (the same question put to other ministers)."""
    source = f"document {results.source}" if results.source else "the draft"
    # the total counts every document sharing any key term: most are far from alike
    header = f"documents like {source}, most alike first (key terms found in {counted(results.total, 'document')}): "
    header += repr(results.query)
    if results.where:
        header += f" (where {results.where})"
    shown = results.key_terms[:KEY_TERMS_SHOWN]
    more = f" (the {len(shown)} strongest of {len(results.key_terms)})" if len(results.key_terms) > len(shown) else ""
    key = f"key terms{more}: " + ", ".join(t.word for t in shown)
    if rich:
        stdout.print(Text(_one_line(header)), Text(_one_line(key), style="dim"), sep="\n")
        _print_rich_hits(results.hits, _similar_notes)
        return
    console = _plain_console()
    console.print(_one_line(header))
    console.print(_one_line(key))
    for hit in results.hits:
        console.print()
        for line in _plain_hit(hit, _similar_notes):
            console.print(line)


def _similar_notes(hit) -> tuple[str, list[tuple[str, str]]]:
    shares = "shares: " + ", ".join(hit.terms[:8]) + (" …" if len(hit.terms) > 8 else "")
    notes = [(shares, "cyan")]
    if hit.twins:
        notes.append(("same question also to: " + "; ".join(_meta_line(twin) for twin in hit.twins), "dim"))
    return f"{hit.similarity:.0%}", notes
