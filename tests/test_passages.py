from hypothesis import given
from hypothesis import strategies as st

from parlzoek.corpus.markers import find_markers
from parlzoek.corpus.passages import split_passages


def pairs(question, answer):
    return [(p.n, p.question, p.answer) for p in split_passages("d", question, answer)]


def test_numbered_question_and_answer_pair_by_number_with_preamble_in_passage_1():
    assert pairs("Inleiding.\n\n1. Wie?\n\n2. Wat?", "1. Ik.\n\n2. Idem.") == [
        (1, "Inleiding.\n\n1. Wie?", "Ik."),
        (2, "Wat?", "Idem."),
    ]


def test_numbers_glued_to_the_previous_sentence_as_in_chamber_records():
    assert pairs("Context. 1. Hoeveel?2. Waarom?3. Wanneer?", "1. Tien.2. Omdat.3. Nu.") == [
        (1, "Context. 1. Hoeveel?", "Tien."),
        (2, "Waarom?", "Omdat."),
        (3, "Wanneer?", "Nu."),
    ]


def test_combined_answer_serves_each_sub_question():
    result = pairs("1. A?\n2. B?\n3. C?", "1., 2. en 3. Samen beantwoord.")
    assert [(n, a) for n, _, a in result] == [
        (1, "Samen beantwoord."),
        (2, "Samen beantwoord."),
        (3, "Samen beantwoord."),
    ]
    assert [a for _, _, a in pairs("1. A?2. B?3. C?4. D?", "1 en 3 a 4. Samen.")] == ["Samen.", "", "Samen.", "Samen."]
    assert [a for _, _, a in pairs("1. A?\n2. B?\n3. C?\n4. D?", "1 tot 3. Samen.\n4. Apart.")] == [
        "Samen.", "Samen.", "Samen.", "Apart.",
    ]  # fmt: skip


def test_combined_marker_with_sub_letters_and_numbers_glued_after_a_parenthesis():
    answer = "1., 2., 3. b), 3. c) en 4. Zie vraag nr. 1861. 3. a) Geen circulaire.5. Een (9ter)6. Twee."
    result = pairs("1. A?2. B?3. a) C? b) D?4. E?5. F?6. G?", answer)
    assert [a for _, _, a in result][:4] == ["Zie vraag nr. 1861. 3. a) Geen circulaire."] * 4
    assert [a for _, _, a in result][4:] == ["Een (9ter)", "Twee."]


def test_answer_introduction_joins_passage_1_and_sub_letters_stay():
    result = pairs("1. A?\n2. B?", "Hierbij mijn antwoord.\n1. a) een b) twee\n2. Zie antwoord op vraag 1.")
    assert result[0][2] == "Hierbij mijn antwoord.\n1. a) een b) twee"
    assert result[1][2] == "Zie antwoord op vraag 1."


def test_numbers_in_prose_are_not_markers():
    text = "In nr. 97, blz. 201) staat 66,6 %. In 2015-2017. Zie 1.5 en 10:30."
    assert find_markers(text) == []
    assert pairs(text, "Ja.") == [(1, text, "Ja.")]


def test_unnumbered_falls_back_to_paragraphs_without_losing_text():
    result = pairs("Een vraag.\n\nNog context.", "Eerste alinea.\n\nTweede alinea.Derde alinea.")
    assert result == [
        (1, "Een vraag.\n\nNog context.", "Eerste alinea."),
        (2, "", "Tweede alinea."),
        (3, "", "Derde alinea."),
    ]


def test_unanswered_numbered_question_still_splits():
    assert pairs("1. Eerste?\n2. Tweede?", None) == [(1, "Eerste?", ""), (2, "Tweede?", "")]


def test_offsets_slice_back_to_the_document_text():
    question, answer = "Intro. 1. A?2. B?", "1. X.2. Y."
    for p in split_passages("d", question, answer):
        assert question[p.question_start : p.question_end] == p.question
        assert answer[p.answer_start : p.answer_end] == p.answer


_pieces = st.sampled_from(
    ["1. ", "2. ", "3.", "1 en 2. ", "4) ", "Vraag? ", "zin. ", "\n\n", "\n", " ", "en ", "x", "Y"]
)
_texts = st.lists(st.one_of(_pieces, st.text(max_size=5)), max_size=25).map("".join)


def _uncovered(text, spans):
    """Non-whitespace characters of ``text`` that are in no passage and in no number marker."""
    covered = [False] * len(text)
    for start, end in spans + [(m.start, m.end) for m in find_markers(text)]:
        covered[start:end] = [True] * (end - start)
    return [ch for ch, c in zip(text, covered, strict=True) if not c and not ch.isspace()]


@given(_texts, st.one_of(st.none(), _texts))
def test_no_text_is_lost_from_the_passages(question, answer):
    passages = split_passages("d", question, answer)
    assert passages
    assert _uncovered(question, [(p.question_start, p.question_end) for p in passages]) == []
    assert _uncovered(answer or "", [(p.answer_start, p.answer_end) for p in passages]) == []
    for p in passages:
        assert question[p.question_start : p.question_end] == p.question
        assert (answer or "")[p.answer_start : p.answer_end] == p.answer
