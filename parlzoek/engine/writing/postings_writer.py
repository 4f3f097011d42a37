"""Writing a new segment's postings a term at a time instead of a posting at a time.

Whoosh's commit feeds every posting through four Python calls, with type assertions, and reads
the document's field length back from the lengths column for each one, most of a build's
time. Here the postings come from a ``TermPool`` already grouped by term, the field
lengths from a table read once per field, and each block's buffers are filled at once and written
by Whoosh's block writer, whose pickles are made compact (``CompactBlockPostingsWriter``). With
Whoosh's own pickle protocol the files are byte for byte what Whoosh writes, and with ours the
postings decode the same (``tests/test_postings.py`` compares indexes built both ways).

It reaches into Whoosh's W3 field and postings writers (``_postwriter``, the block buffers) and
puts the pool in place of the one Whoosh's segment writers make (``pool``, and in a child process
of the multiprocess writer, the writer class it makes).
Whoosh 2.7.4 is its last release, so those internals no longer move; the comparison test would
catch it if they did.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
import threading
import zlib
from array import array
from collections.abc import Iterable
from contextlib import contextmanager

from whoosh import multiproc
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3Codec, W3FieldWriter, W3PostingsWriter
from whoosh.multiproc import MpWriter, SubWriterTask
from whoosh.util.numeric import length_to_byte
from whoosh.writing import SegmentWriter

from parlzoek.engine.flat_postings import EXTENSION, FlatPostingsWriter
from parlzoek.engine.writing.term_pool import TermPool, TermPostings, TermStream, grouped_by_term
from parlzoek.errors import IndexWriteError
from parlzoek.processes import process_context


class FieldLengths:
    """Each field's length per document of the segment being written, read once per field."""

    def __init__(self, lengths) -> None:
        self._lengths = lengths
        self._tables: dict[str, list[int]] = {}

    def table(self, fieldname: str) -> list[int]:
        if fieldname not in self._tables:
            lengths, count = self._lengths, self._lengths.doc_count_all() if self._lengths else 0
            self._tables[fieldname] = [lengths.doc_field_length(docnum, fieldname) or 0 for docnum in range(count)]
        return self._tables[fieldname]


def write_postings(fieldwriter, schema, lengths, terms: Iterable[TermPostings], flat: FlatPostingsWriter | None = None):
    """What ``FieldWriter.add_postings`` does, for sorted postings, one term at a time; the terms of
    scored fields also go to ``flat``."""
    field_lengths = FieldLengths(lengths)
    current = None
    table: list[int] = []
    scored = False
    for term in terms:
        if term.fieldname != current:
            if current is not None:
                fieldwriter.finish_field()
            fieldwriter.start_field(term.fieldname, schema[term.fieldname])
            current, table = term.fieldname, field_lengths.table(term.fieldname) if lengths else []
            scored = flat is not None and schema[term.fieldname].scorable
        fieldwriter.start_term(term.term)
        if scored:
            flat.add(fieldwriter._postwriter._startoffset, term.docnums, term.weights)
        _fill_blocks(fieldwriter._postwriter, term, table)
        fieldwriter.finish_term()
    if current is not None:
        fieldwriter.finish_field()


def _fill_blocks(postwriter, term: TermPostings, table: list[int]) -> None:
    """The term's postings into the writer's block buffers, as ``add_posting`` would leave them:
    full blocks written as the next posting arrives, the last one by ``finish_postings``."""
    limit = postwriter._blocklimit
    for start in range(0, len(term.docnums), limit):
        if start:
            postwriter._write_block()
        ids = term.docnums[start : start + limit]
        weights = term.weights[start : start + limit]
        lengths = [table[docnum] for docnum in ids if table[docnum]] if table else []
        postwriter._ids = ids
        postwriter._weights = array("f", weights)
        postwriter._values = [value for value in term.values[start : start + limit] if value]
        postwriter._minlength = min(lengths) if lengths else None
        postwriter._maxlength = max(lengths, default=0)
        postwriter._maxweight = max(0, *weights)


class TermAtATimeFieldWriter(W3FieldWriter):
    """Whoosh's W3 field writer, taking a commit's postings a term at a time, and writing the
    segment's flat postings beside its own files."""

    def __init__(self, codec, storage, segment) -> None:
        super().__init__(codec, storage, segment)
        self._flat = FlatPostingsWriter(self._create_file(EXTENSION))

    def add_postings(self, schema, lengths, items) -> None:
        terms = items.terms if isinstance(items, TermStream) else grouped_by_term(items)
        write_postings(self, schema, lengths, terms, self._flat)

    def close(self) -> None:
        super().close()
        self._flat.close()


BLOCK_PICKLE_PROTOCOL = 4


class CompactBlockPostingsWriter(W3PostingsWriter):
    """Whoosh's W3 postings writer, pickling each block's data with protocol 4 instead of 2.

    Under protocol 2, Python 3 writes every ``bytes`` value (a posting's positions) as a call to
    ``codecs.encode`` on a latin-1 string. Protocol 4 writes bytes as bytes: a smaller postings
    file, faster to pickle, compress and read back (``docs/performance.md``). Whoosh reads blocks
    with ``pickle.loads``, which takes any protocol, so the index stays Whoosh's own. A block's
    weights are also told apart by the array's own ``count`` instead of two generator passes
    (same result)."""

    def _write_block(self, last: bool = False) -> None:
        if not self._blockcount:
            self._postfile.write(WHOOSH3_HEADER_MAGIC)
        self._terminfo.add_block(self)
        data = (self._mini_ids(), self._mini_weights(), self._mini_values())
        databytes = pickle.dumps(data, BLOCK_PICKLE_PROTOCOL)
        if self._compression:
            databytes = zlib.compress(databytes, self._compression)
        ids, minlength, maxlength = self._ids, length_to_byte(self._minlength), length_to_byte(self._maxlength)
        infobytes = pickle.dumps((len(ids), ids[-1], self._maxweight, self._compression, minlength, maxlength), 2)
        length = len(infobytes) + len(databytes)
        self._postfile.write_int(-length if last else length)  # negative: the term's last block
        self._postfile.write(infobytes)
        self._postfile.write(databytes)
        self._blockcount += 1
        self._new_block()

    def _mini_weights(self):
        weights = self._weights
        if weights.count(1.0) == len(weights):
            return None
        if weights.count(weights[0]) == len(weights):
            return weights[0]
        return tuple(weights)


class TermAtATimeCodec(W3Codec):
    """Whoosh's W3 codec, writing with ``TermAtATimeFieldWriter``. Given to a writer as its codec, it
    reaches the multiprocess writer's sub-writers too. Each segment keeps its codec and is pickled
    into the index's table of contents: it is stored as a plain ``W3Codec``, which reads the same
    files, so an index never depends on this class."""

    def field_writer(self, storage, segment):
        return TermAtATimeFieldWriter(self, storage, segment)

    def postings_writer(self, dbfile, byteids=False):
        return CompactBlockPostingsWriter(
            dbfile,
            blocklimit=self._blocklimit,
            byteids=byteids,
            compression=self._compression,
            inlinelimit=self._inlinelimit,
        )

    def __reduce__(self):
        return W3Codec, (self._blocklimit, self._compression, self._inlinelimit)


class PooledSegmentWriter(SegmentWriter):
    """Whoosh's segment writer, pooling postings in a ``TermPool``."""

    def __init__(self, ix, limitmb: float, **kwargs) -> None:
        super().__init__(ix, limitmb=limitmb, **kwargs)
        self.pool = TermPool(self._tempstorage, limitmb)
        self._vectors = any(field.vector for _, field in self.schema.items())

    def add_document(self, **fields) -> None:
        """Whoosh's ``add_document``, handing the pool each field's postings at once (see
        ``TermPool.add_field``). Boosts, stored values of their own and term vectors, which
        parlzoek does not use, go Whoosh's way."""
        if self._vectors or any(name.startswith("_") for name in fields):
            return super().add_document(**fields)
        self._check_state()
        names = sorted(fields)
        self._check_fields(self.schema, names)
        self.perdocwriter.start_doc(self.docnum)
        for name in names:
            if fields[name] is not None:
                self._add_field(name, self.schema[name], fields[name])
        self.perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1

    def _add_field(self, name: str, field, value) -> None:
        postings, length = [], 0
        if field.indexed:
            postings = field.index(value)
            postings = postings if isinstance(postings, list) else list(postings)
            length = self.pool.add_field(name, self.docnum, postings)
            length = length if field.scorable else 0  # Whoosh keeps lengths of scorable fields only
        if field.separate_spelling():
            last = postings[-1][3] if postings else None  # as Whoosh's loop leaves its variable
            words = [(word.encode(), 0, 1, last) for word in field.spellable_words(value)]
            self.pool.add_field(field.spelling_fieldname(name), 0, words, typecode="q")  # all as document 0
        self.perdocwriter.add_field(name, field, value if field.stored else None, length)
        if field.column_type:
            self.perdocwriter.add_column_value(name, field.column_type, field.to_column_value(value))


class _PooledSubWriterTask(SubWriterTask):
    """Whoosh's writer process, started by the writer's start method (see ``parlzoek.processes``)."""

    def __init__(self, start_method: str, *args) -> None:
        super().__init__(*args)
        self.start_method = start_method

    @staticmethod
    def _Popen(process_obj):  # multiprocessing.Process would start it by the default method
        return process_context(process_obj.start_method).Process._Popen(process_obj)

    def run(self) -> None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches every process: the parent stops this one
        threading.Thread(target=_exit_with_parent, daemon=True).start()
        multiproc.SegmentWriter = PooledSegmentWriter  # what this child process's task writes with
        # Unless forked, the codec came pickled, so as the plain W3Codec its __reduce__ names
        self.kwargs = {**self.kwargs, "codec": TermAtATimeCodec()}
        super().run()


def _exit_with_parent() -> None:
    """A writer process whose parent was killed would wait for work for ever.

    It waits on multiprocessing's sentinel of the parent, the end of a pipe the parent holds: its
    parent process id is no sign under forkserver, where it is the fork server's, which itself
    lives as long as its children do."""
    parent = multiprocessing.parent_process()
    if parent is not None:
        parent.join()  # returns once the parent is gone
    os._exit(1)


class PooledMpWriter(MpWriter):
    """Whoosh's multiprocess writer whose processes each write a segment of their own, pooling
    postings in a ``TermPool`` (so does the parent, for segments merged at commit)."""

    def __init__(self, ix, procs: int, limitmb: float, start_method: str | None = None, **kwargs) -> None:
        super().__init__(ix, procs=procs, multisegment=True, limitmb=limitmb, **kwargs)  # the children's too
        self.pool = TermPool(self._tempstorage, limitmb)
        context = process_context(start_method)
        self.start_method = context.get_start_method()
        # Whoosh made its queues in the default context; a process of another method cannot use them
        self.jobqueue, self.resultqueue = context.Queue(self.procs * 4), context.Queue()

    def cancel(self) -> None:
        """Stop the processes before the files they work on are removed: Whoosh's ``cancel`` only
        sets a flag in the parent's copy of each task, so they would go on and fail, each with a
        traceback."""
        for task in self.tasks:
            task.terminate()
        for task in self.tasks:
            task.join()
        for queue in (self.jobqueue, self.resultqueue):
            # Nobody reads them any more: joining their feeder thread at exit could wait for ever.
            queue.cancel_join_thread()
        super().cancel()

    def _commit_toc(self, segments) -> None:
        """Refuse to commit when a process died: Whoosh's commit would take the segments of the
        processes that had finished and leave out, silently, the documents of one that had not."""
        failed = [task.exitcode for task in self.tasks if task.exitcode != 0]
        if failed:
            raise IndexWriteError(
                f"a writer process failed (exit code {failed[0]}, its error is above); the index is unchanged",
                hint="fix what the error names, then run the same command again",
            )
        super()._commit_toc(segments)

    def _new_task(self) -> SubWriterTask:
        task = _PooledSubWriterTask(
            self.start_method,
            self.storage,
            self.indexname,
            self.jobqueue,
            self.resultqueue,
            self.subargs,
            self.multisegment,
        )
        with _ctrl_c_held():  # a process half started, or not yet in the list, would not be stopped by ``cancel``
            task.start()
            self.tasks.append(task)
        return task


@contextmanager
def _ctrl_c_held():
    """Ctrl-C (SIGINT) taken effect only once the block ends. Starting a process by forkserver or
    spawn takes a while, and Ctrl-C landed there: the process ran on, unknown to ``cancel``.

    Held back twice: blocked in this thread, so that processes started here ignore it until they
    run (when they ignore it for good); and deferred by a handler of its own, as Python runs
    handlers in the main thread whichever thread the signal reached (a progress bar's, say)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "pthread_sigmask"):
        yield
        return
    caught: list[int] = []
    previous_handler = signal.signal(signal.SIGINT, lambda signum, frame: caught.append(signum))
    previous_mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous_mask)  # one held back here is handled now
        signal.signal(signal.SIGINT, signal.SIG_DFL if previous_handler is None else previous_handler)
    if caught and callable(previous_handler):
        previous_handler(signal.SIGINT, None)


def open_writer(ix, procs: int, limitmb: int, start_method: str | None = None):
    """A writer for ``ix`` with the faster pool and commit.

    With several processes each keeps its own segment (Whoosh's ``multisegment``): merging them
    into one took longer than the indexing it had shared out (figures in docs/performance.md).
    They start by ``start_method``, by default
    ``parlzoek.processes.default_start_method()``."""
    if procs > 1:
        return PooledMpWriter(ix, procs, limitmb=limitmb, start_method=start_method, codec=TermAtATimeCodec())
    return PooledSegmentWriter(ix, limitmb=limitmb, codec=TermAtATimeCodec())
