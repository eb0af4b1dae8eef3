"""Provides merging a step's ideas: several items become one that keeps every author's credit and every dot.

After a reveal the list of a step (or its FAQ) often says the same thing
several times. Merging items (`MergeItems`, made by `merge_op`):

- **List steps** (the items are lines of a list answer): the first chosen
  line takes the merged text and the others leave the list. Every idea
  behind a merged line now carries the merged text, so each author stays
  credited (`LiveSession.items` lists them all); the step's votes put the
  dots of the merged options on one option.
- **FAQ steps** (the items are questions): the first chosen question takes
  the merged text; the answers of the others are kept below its own; the
  others leave the FAQ. Their authors are credited by an idea pointing at
  the kept question (ideas already pointing at them follow it), and their
  dots in every vote move to the kept question's option.

Exact duplicates (same words, ignoring case and spacing) are found by
`duplicates`, so the app can offer them for merging instead of dropping one
silently. The inverse of a merge puts back the list or the questions and the
live state exactly as they were (one undo step).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .facilitation import Facilitation, Idea
from .session import FaqItem, Session
from .text import normalise

if TYPE_CHECKING:
    from .live import LiveSession
    from .operation_kinds import MergeItems, Operation


def same_words(text: str) -> str:
    """What two items must share to be exact duplicates: their words, ignoring case and spacing."""
    return " ".join(normalise(text).split()).casefold()


def _lines(session: Session, step_id: str, field_id: str) -> list[str]:
    value = session.get_answer(step_id, field_id, [])
    return list(value) if isinstance(value, list) else normalise(value).split("\n")


def item_keys(live: "LiveSession", step_id: str) -> list[tuple[str, str]]:
    """The step's items as `(key, text)`: FAQ questions keyed by id, list lines by position."""
    target = live.collect_field(step_id)
    if target is None:
        return []
    if target.faq_kind:
        return [(item.id, item.question) for item in live.session.faq_items(target.faq_kind)]
    return [(str(index), line) for index, line in enumerate(_lines(live.session, step_id, target.id))
            if line.strip()]


def duplicates(live: "LiveSession", step_id: str) -> list[list[str]]:
    """Groups of item keys (see `item_keys`) whose items are exact duplicates, in list order."""
    groups: dict[str, list[str]] = {}
    for key, text in item_keys(live, step_id):
        if same_words(text):
            groups.setdefault(same_words(text), []).append(key)
    return [keys for keys in groups.values() if len(keys) > 1]


def merge_op(live: "LiveSession", step_id: str, keys: list[str], text: str = "", *, actor: str = "") -> "MergeItems":
    """The operation that merges the items `keys` of `step_id` into one with `text`.

    `text` defaults to the first item's text.

    Raises:
        ValueError: fewer than two items, an unknown item, or a step that collects none.
    """
    from .operation_kinds import MergeItems

    target = live.collect_field(step_id)
    if target is None:
        raise ValueError("this step has no list of ideas to merge")
    texts = dict(item_keys(live, step_id))
    chosen = list(dict.fromkeys(keys))
    if len(chosen) < 2:
        raise ValueError("choose at least two items to merge")
    unknown = [key for key in chosen if key not in texts]
    if unknown:
        raise ValueError(f"no item {unknown[0]!r} on this step")
    merged = " ".join(normalise(text or texts[chosen[0]]).split())
    if not merged:
        raise ValueError("the merged item needs some text")
    return MergeItems(step_id, target.id, target.faq_kind, chosen, merged, actor=actor)


def apply_merge(session: Session, op: "MergeItems") -> "Operation":
    """Merge the items of `op` (see the module docstring); return the operation that undoes it.

    Raises:
        KeyError: an item of `op` is not there.
        ValueError: fewer than two items.
    """
    from .live_operations import live_state, live_state_undo
    from .operation_kinds import AddFaq, Batch, DeleteFaq, SetAnswer

    if len(set(op.keys)) < 2 or len(set(op.keys)) != len(op.keys):
        raise ValueError("a merge needs at least two different items")
    if not " ".join(normalise(op.text).split()):
        raise ValueError("the merged item needs some text")
    before = live_state(session)
    undo: list[Any] = []
    if op.faq_kind:
        positions = {item.id: index for index, item in enumerate(session.faq)}
        missing = [key for key in op.keys if key not in positions]
        if missing:
            raise KeyError(missing[0])
        items = [session.faq[positions[key]] for key in op.keys]
        if any(item.kind != op.faq_kind for item in items):
            raise ValueError(f"only questions of the {op.faq_kind} FAQ can be merged here")
        undo.append(DeleteFaq(items[0].id, actor=op.actor, at=op.at))
        for key in sorted(op.keys, key=positions.__getitem__):
            undo.append(AddFaq(session.faq[positions[key]].to_dict(), positions[key], actor=op.actor, at=op.at))
        _merge_questions(session, op, items)
    else:
        lines = _lines(session, op.step_id, op.field_id)
        if not all(key.isdigit() for key in op.keys):
            raise ValueError("list items are merged by their position (0, 1, 2…)")
        indices = [int(key) for key in op.keys]
        if any(not 0 <= index < len(lines) for index in indices):
            raise KeyError(next(k for k in op.keys if not 0 <= int(k) < len(lines)))
        old = session.get_answer(op.step_id, op.field_id)
        undo.append(SetAnswer(op.step_id, op.field_id, list(old) if isinstance(old, list) else old,
                              actor=op.actor, at=op.at))
        _merge_lines(session, op, lines, indices)
    state_undo = live_state_undo(session, op, before)  # only the parts the merge changed
    if state_undo is not None:
        undo.insert(0, state_undo)
    session.touch()
    return Batch(steps=tuple(undo), actor=op.actor, at=op.at)


def _merge_lines(session: Session, op: "MergeItems", lines: list[str], indices: list[int]) -> None:
    text = " ".join(normalise(op.text).split())
    olds = {" ".join(lines[index].split()) for index in indices}
    keep = indices[0]
    lines[keep] = text
    for index in sorted(indices[1:], reverse=True):
        del lines[index]
    session.set_answer(op.step_id, op.field_id, lines)
    state: Facilitation = session.facilitation
    for idea in state.ideas:
        if idea.step == op.step_id and idea.field == op.field_id and not idea.faq_kind \
                and " ".join(idea.text.split()) in olds:
            idea.text = text
    for vote in state.votes:
        if vote.step != op.step_id or vote.field != op.field_id:
            continue
        merged = [o for o in vote.options if not o.ref and " ".join(o.text.split()) in olds]
        _pool(vote, merged, text)


def _merge_questions(session: Session, op: "MergeItems", items: list[FaqItem]) -> None:
    keep, others = items[0], items[1:]
    answers = [a for a in dict.fromkeys(i.answer.strip() for i in items) if a]
    text = " ".join(normalise(op.text).split())
    keep.question = text
    keep.answer = "\n\n".join(answers)
    if any(i.status == "answered" for i in items) and keep.answer:
        keep.status = "answered"
    for other in others:
        for voter, dots in other.votes.items():
            keep.votes[voter] = keep.votes.get(voter, 0) + dots
    gone = {other.id for other in others}
    session.faq[:] = [item for item in session.faq if item.id not in gone]
    state: Facilitation = session.facilitation
    credited = {idea.author for idea in state.ideas if idea.ref in gone | {keep.id}}
    for idea in state.ideas:
        if idea.ref in gone:
            idea.ref = keep.id
    for other in others:  # the author of a question typed straight into the FAQ keeps the credit
        if other.author and other.author != keep.author and other.author not in credited:
            state.ideas.append(Idea(text=other.question, step=op.step_id, field=op.field_id,
                                    author=other.author, faq_kind=op.faq_kind, ref=keep.id,
                                    created=op.at))
            credited.add(other.author)
    for vote in state.votes:
        merged = [o for o in vote.options if o.ref in gone | {keep.id}]
        if merged:
            merged.sort(key=lambda o: o.ref != keep.id)
            merged[0].ref = keep.id
            _pool(vote, merged, text)


def _pool(vote: Any, options: list[Any], text: str) -> None:
    """Put the dots of `options` on the first of them (with `text`); drop the others."""
    if not options:
        return
    first, rest = options[0], options[1:]
    first.text = text
    gone = {o.id for o in rest}
    for voter, ids in vote.ballots.items():
        vote.ballots[voter] = [first.id if i in gone else i for i in ids]
    vote.options = [o for o in vote.options if o.id not in gone]
