"""File positions of coach findings: the scanner reads every string a session file can hold."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workshop import content, store
from workshop.coach.filepos import scan

ROOT = Path(__file__).resolve().parents[1]

TEXT = st.lists(
    st.sampled_from(list("ab \"'\\\n\t\r#=[]{}é€") + ["'''", '"""', "\x1b", "\u2028"]),
    max_size=30,
).map("".join)
"""Text full of what TOML strings must escape: quotes, backslashes, line breaks, controls."""


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(problem=TEXT, needs=st.lists(TEXT, max_size=3), answer=TEXT)
def test_decoded_values_are_the_saved_text(tmp_path: Path, problem: str, needs: list[str], answer: str) -> None:
    """Whatever a session holds, the scanner decodes each value to exactly what was saved."""
    session = store.load(ROOT / "sessions" / "worked-example.toml")
    template = content.resolve(session.template_id)
    session.set_answer("pr-problem", "problem", problem)
    session.set_answer("customer-who", "needs", needs)
    item = session.add_faq("Why?", kind="internal", answer=answer)
    path = tmp_path / "values.toml"
    store.save(session, path, template)
    saved = store.load(path)
    positions = scan(path.read_text(encoding="utf-8"))
    if saved.get_text("pr-problem", "problem"):
        (value,) = positions.values[("answers", "pr-problem", "problem")]
        assert value.text == saved.get_answer("pr-problem", "problem")
    listed = saved.get_answer("customer-who", "needs")
    if listed:
        assert [v.text for v in positions.values[("answers", "customer-who", "needs")]] == listed
    if saved.find_faq(item.id).answer:
        (value,) = positions.values[("faq", item.id, "answer")]
        assert value.text == saved.find_faq(item.id).answer


def test_hand_written_toml_strings() -> None:
    source = (
        'title = \'Literal "title"\'\n'
        "[answers.pr-problem]\n"
        "problem = '''\n"
        "raw \\n stays'''\n"
        "# a comment with \"quotes\"\n"
        "[answers.pr-summary]\n"
        'summary = """\\\n'
        "    joined \\u00e9\\\n"
        '    here"""\n'
        'city = "A\\tB"  # trailing comment\n'
        "[[faq]]\n"
        'id = "q-1"\n'
        "votes = { a = 1 }\n"
        'answer = "x"\n'
        "[faq.votes]\n"
        '"Name with = sign" = 1\n'
        "[[faq]]\n"
        'id = "q-2"\n'
        'question = "Two?"\n'
    )
    positions = scan(source)
    assert positions.values[("title",)][0].text == 'Literal "title"'
    assert positions.values[("answers", "pr-problem", "problem")][0].text == "raw \\n stays"
    summary = positions.values[("answers", "pr-summary", "summary")][0]
    assert summary.text == "joined éhere"
    assert positions.at(summary.offsets[summary.text.index("h")]) == (9, 5)
    assert positions.values[("answers", "pr-summary", "city")][0].text == "A\tB"
    assert positions.values[("faq", "q-1", "answer")][0].text == "x"
    assert positions.values[("faq", "q-2", "question")][0].text == "Two?"
    assert positions.tables[("faq", "q-2")] == source.index('[[faq]]\nid = "q-2"')


def test_crlf_files_count_lines_as_editors_do() -> None:
    source = '[answers.pr-problem]\r\nproblem = """\r\nOne\r\nvery long"""\r\n'
    positions = scan(source)
    (value,) = positions.values[("answers", "pr-problem", "problem")]
    assert value.text == "One\nvery long"
    assert positions.at(value.offsets[value.text.index("very")]) == (4, 1)
