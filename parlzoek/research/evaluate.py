"""Measure a run against relevance judgements (TREC formats), and compare two runs query by query.

The measures are computed by ir-measures (pytrec_eval underneath), the implementation other IR
tools use, so our figures can be compared with theirs. It is the optional extra ``parlzoek[eval]``
(searching does not need it, and its pytrec_eval has no wheels for some platforms), and its measures
are built as objects (``nDCG @ 10``), never parsed from strings: its string parser needs ``ast.Num``,
which Python 3.14 removed. Every judged query counts: one the run
has no line for scores 0, as a user who got nothing would judge it. Two runs are compared with
a paired randomization test (Smucker, Allan & Carterette 2007: the test IR evaluation
recommends), two-sided, on the per-query differences.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from parlzoek.errors import MissingExtraError, UsageError, os_reason
from parlzoek.wording import counted

MEASURES = ("nDCG@10", "AP", "R@100", "RR@10", "P@10")
PERMUTATIONS = 10_000
Run = dict[str, dict[str, float]]


@dataclass(frozen=True, slots=True)
class Evaluation:
    queries: int
    measures: dict[str, float]
    per_query: dict[str, dict[str, float]]  # qid -> measure -> value

    def to_dict(self, per_query: bool = False) -> dict:
        data: dict = {"queries": self.queries, "measures": self.measures}
        if per_query:
            data["per_query"] = self.per_query
        return data


@dataclass(frozen=True, slots=True)
class Comparison:
    measure: str
    wins: int
    ties: int
    losses: int
    mean_difference: float
    p_value: float


def _text(path: Path, what: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot read {what} {path}: {os_reason(exc)}") from exc
    except UnicodeDecodeError as exc:
        raise UsageError(f"cannot read {what} {path}: {exc}") from exc


def _lines(text: str) -> list[tuple[int, list[str]]]:
    return [(n, line.split()) for n, line in enumerate(text.splitlines(), start=1) if line.strip()]


def read_run(path: Path) -> Run:
    """A TREC run: ``qid Q0 docid rank score tag`` per line."""
    return read_run_text(_text(path, "run"), str(path))


def read_run_text(text: str, path: str) -> Run:
    """A run holds each (query, document) pair and each (query, rank) once: a repeated one means
    two rankings were mixed for a query (a duplicate query id, two runs concatenated), and any
    figure measured over it would be wrong, so it is refused."""
    run: Run = {}
    doc_lines: dict[tuple[str, object], int] = {}
    rank_lines: dict[tuple[str, object], int] = {}
    for number, cols in _lines(text):
        if len(cols) != 6:
            raise UsageError(f"{path}:{number}: a TREC run line has 6 columns (qid Q0 docid rank score tag)")
        qid, docid = cols[0], cols[2]
        rank = _rank(cols[3], path, number)
        for key, first_lines, what in ((docid, doc_lines, "document"), (rank, rank_lines, "rank")):
            if (qid, key) in first_lines:
                first = first_lines[qid, key]
                raise UsageError(f"{path}:{number}: {what} {key} repeats for query {qid} (first on line {first})")
            first_lines[qid, key] = number
        try:
            run.setdefault(qid, {})[docid] = float(cols[4])
        except ValueError as exc:
            raise UsageError(f"{path}:{number}: score {cols[4]!r} is not a number") from exc
    return run


def _rank(text: str, path: str, number: int) -> int:
    if not text.isdecimal():
        raise UsageError(f"{path}:{number}: rank {text!r} is not a whole number")
    return int(text)


def read_qrels(path: Path) -> dict[str, dict[str, int]]:
    """TREC qrels: ``qid iteration docid relevance`` per line."""
    qrels: dict[str, dict[str, int]] = {}
    for number, cols in _lines(_text(path, "qrels")):
        if len(cols) != 4 or not cols[3].lstrip("-").isdecimal():
            raise UsageError(f"{path}:{number}: a qrels line is 'qid 0 docid relevance' (relevance an integer)")
        qrels.setdefault(cols[0], {})[cols[2]] = int(cols[3])
    if not qrels:
        raise UsageError(f"{path}: no judgements")
    return qrels


def measure_objects() -> dict[str, object]:
    """ir-measures' objects for :data:`MEASURES`, by name; a :class:`MissingExtraError` without the extra."""
    try:
        from ir_measures import AP, RR, P, R, nDCG
    except ImportError as exc:
        raise MissingExtraError("evaluate needs ir-measures: pip install 'parlzoek[eval]'") from exc
    return {"nDCG@10": nDCG @ 10, "AP": AP, "R@100": R @ 100, "RR@10": RR @ 10, "P@10": P @ 10}


def evaluate(qrels: dict[str, dict[str, int]], run: Run) -> Evaluation:
    """The measures over every judged query; a run none of whose queries is judged is a
    ``UsageError`` (the qrels of other queries: every measure would be a silent 0)."""
    if run and not run.keys() & qrels.keys():
        first = next(iter(run))
        raise UsageError(
            f"none of the run's {counted(len(run), 'query', 'queries')} is judged in the qrels (the run's first "
            f"is {first!r}, the qrels' first {next(iter(qrels))!r}): are they qrels for this run?"
        )
    measures = list(measure_objects().values())
    import ir_measures

    judged = [ir_measures.Qrel(q, d, r) for q, docs in qrels.items() for d, r in docs.items()]
    scored = [ir_measures.ScoredDoc(q, d, s) for q, docs in run.items() if q in qrels for d, s in docs.items()]
    per_query = {qid: dict.fromkeys(MEASURES, 0.0) for qid in qrels}
    for metric in ir_measures.iter_calc(measures, judged, scored):
        per_query[metric.query_id][str(metric.measure)] = metric.value
    means = {m: sum(values[m] for values in per_query.values()) / len(per_query) for m in MEASURES}
    return Evaluation(len(per_query), means, per_query)


def randomization_p(differences: list[float], permutations: int = PERMUTATIONS, seed: int = 0) -> float:
    """Two-sided p-value that the mean difference is this far from 0 by chance (signs flipped at random).

    >>> randomization_p([0.0, 0.0, 0.0])
    1.0
    """
    import numpy as np

    diffs = np.asarray(differences, dtype=float)
    observed = abs(diffs.sum())
    if observed == 0:
        return 1.0
    rng = np.random.default_rng(seed)
    extreme = 0
    for start in range(0, permutations, 1000):
        signs = rng.choice((-1.0, 1.0), size=(min(1000, permutations - start), len(diffs)))
        extreme += int((np.abs(signs @ diffs) >= observed - 1e-12).sum())
    return (extreme + 1) / (permutations + 1)


def compare(run: Evaluation, baseline: Evaluation, measure: str) -> Comparison:
    diffs = [run.per_query[q][measure] - baseline.per_query.get(q, {}).get(measure, 0.0) for q in run.per_query]
    return Comparison(
        measure=measure,
        wins=sum(d > 1e-12 for d in diffs),
        ties=sum(abs(d) <= 1e-12 for d in diffs),
        losses=sum(d < -1e-12 for d in diffs),
        mean_difference=sum(diffs) / len(diffs),
        p_value=randomization_p(diffs),
    )
