"""Sources (text, PDF, JSON/JSONL) into question/answer documents with passages."""

from parlzoek.corpus.loader import LoadReport, LoadResult, iter_documents, load
from parlzoek.corpus.models import Document, Passage, Problem
from parlzoek.corpus.sample import sample_corpus_dir

__all__ = [
    "Document", "LoadReport", "LoadResult", "Passage", "Problem",
    "iter_documents", "load", "sample_corpus_dir",
]  # fmt: skip
