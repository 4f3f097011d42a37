"""Whatever happens to the files of an indexed folder, ``index`` (with or without ``--prune``) leaves
an index that ``verify`` finds healthy and that answers as a fresh build over the same files does."""

import json
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strength import examples

from parlzoek.index.build import update_index
from parlzoek.index.store import IndexHome
from parlzoek.index.verify import verify_index
from parlzoek.search.service import SearchEngine

WORDS = ["maatwerkbedrijven", "tabak", "accijnzen", "economie", "sociale", "vervoer", "fraude", "onderwijs"]
QUERIES = [*WORDS, "sociale economie", '"sociale economie"', "tabak -accijnzen", "jaar:2016", "jaar:2017"]

texts = st.lists(st.sampled_from(WORDS), min_size=1, max_size=4).map(" ".join)
documents = st.lists(st.tuples(texts, texts, st.sampled_from(["2016-05-10", "2017-03-01"])), min_size=1, max_size=3)
operations = st.one_of(
    st.tuples(st.just("add"), documents),
    st.tuples(st.just("change"), st.integers(0, 9), documents),
    st.tuples(st.just("append"), st.integers(0, 9), documents),
    st.tuples(st.just("touch"), st.integers(0, 9)),
    st.tuples(st.just("delete"), st.integers(0, 9)),
    st.tuples(st.just("rename"), st.integers(0, 9)),
)


class Folder:
    """A folder of JSONL files whose documents all have ids of their own."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.next_id = 0
        self.next_name = 0
        path.mkdir()

    def files(self) -> list[Path]:
        return sorted(self.path.iterdir())

    def _records(self, docs) -> str:
        lines = []
        for question, answer, date in docs:
            lines.append(json.dumps({"id": f"d{self.next_id}", "date": date, "title": question, "question": question,
                                     "answer": answer}))  # fmt: skip
            self.next_id += 1
        return "".join(line + "\n" for line in lines)

    def _name(self) -> Path:
        self.next_name += 1
        return self.path / f"f{self.next_name}.jsonl"

    def apply(self, operation) -> None:
        kind, *args = operation
        if kind == "add":
            self._name().write_text(self._records(args[0]), encoding="utf-8")
            return
        files = self.files()
        if not files:
            return
        file = files[args[0] % len(files)]
        if kind == "change":
            file.write_text(self._records(args[1]), encoding="utf-8")
        elif kind == "append":
            with file.open("a", encoding="utf-8") as handle:
                handle.write(self._records(args[1]))
        elif kind == "touch":
            stat = file.stat()
            os.utime(file, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
        elif kind == "delete":
            file.unlink()
        else:
            file.rename(self._name())


def answers(home: IndexHome) -> dict[str, list[str]]:
    with SearchEngine(home) as engine:
        return {query: [(hit.document.id, round(hit.score, 4)) for hit in engine.search(query, limit=100).hits]
                for query in QUERIES}  # fmt: skip


@settings(max_examples=examples(12), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    first=documents,
    steps=st.lists(st.tuples(operations, st.booleans()), min_size=1, max_size=5),
)
def test_any_sequence_of_file_changes_then_index_ends_healthy_and_as_a_fresh_build(first, steps):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Folder(Path(tmp) / "src")
        folder.apply(("add", first))
        home = IndexHome(Path(tmp) / "ix")
        update_index(home, [folder.path])
        for operation, prune in steps:
            folder.apply(operation)
            update_index(home, [], prune=prune)
        report = verify_index(home)
        assert report.findings == []
        assert report.sources == len(folder.files())
        if not folder.files():  # a fresh build of nothing is refused
            assert answers(home) == {query: [] for query in QUERIES}
            return
        fresh = IndexHome(Path(tmp) / "fresh")
        update_index(fresh, [folder.path])
        assert answers(home) == answers(fresh)
