"""Provides generated sessions for the benchmarks: one very large session, or many typical ones.

The large session is what a long day of workshops can leave behind: every
step answered at length, 2,000 FAQ items and 200,000 words of user text in
total (counted like `workshop.model.text.word_count`, over every answer, list
item, FAQ question and FAQ answer). The "many" mode writes a folder of
ordinary sessions (from half-finished to complete) for `workshop list`.

Everything is deterministic for a given seed, and the text is made up here
from a small word list (no data is downloaded).

Usage (from the repository root, with the dev install):

    python benchmarks/generate_large_session.py -o /tmp/large.toml
    python benchmarks/generate_large_session.py --faq 2000 --words 200000 -o big.toml
    python benchmarks/generate_large_session.py --many 500 -o /tmp/sessions/
"""

from __future__ import annotations

import argparse
import random
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

from workshop import content, store
from workshop.model.session import FaqItem, Session, iter_text
from workshop.model.template import FieldType, Template
from workshop.model.text import word_count
from workshop.storage import listing

LARGE_FAQ = 2000
"""FAQ items in the large session (both kinds)."""
LARGE_WORDS = 200_000
"""Words of user text in the large session."""
LARGE_CURRENT_STEP = "faq-customer"
"""Where the large session resumes: the step with the longest list."""
CUSTOMER_SHARE = 0.6
"""Share of FAQ items that are customer questions (the rest are internal)."""
START = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
"""Fixed creation time, so the output only depends on the seed."""

_NOUNS = (
    "renter deposit landlord inspection photo report checklist apartment lease move "
    "team customer nurse shift ward kitchen meal order price budget launch pilot "
    "feature screen button account message reminder receipt invoice dispute claim "
    "partner city campus store warehouse driver route parcel locker week month "
    "survey interview metric target cost margin revenue subscription plan trial "
    "problem benefit experience storyboard question answer decision experiment risk "
    "evidence estimate forecast contract policy rule team engineer designer manager"
).split()
_VERBS = (
    "saves proves shows tracks sends checks books pays finds shares records compares "
    "reduces cuts returns opens closes builds tests measures learns asks answers "
    "replaces improves removes explains reviews approves signs uploads downloads"
).split()
_ADJECTIVES = (
    "new simple clear quick cheap fair local hot late busy small large first second "
    "weekly monthly shared private written signed timestamped detailed honest useful "
    "very really quite significantly many several various robust seamless innovative"
).split()
_GLUE = "the a their our every each this that one most".split()
_ADVERBS = "today usually often rarely always never nearly already only".split()
_QUESTION_OPENERS = (
    "How does", "Why would", "What happens when", "Who pays for", "How much does",
    "Can I", "What if", "When will", "How do we know", "Is it possible that",
)


class Words:
    """A deterministic source of made-up sentences and paragraphs."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def sentence(self, length: int | None = None) -> str:
        """Return one sentence of about `length` words (8-20 when None)."""
        rng = self.rng
        length = length or rng.randint(8, 20)
        words: list[str] = []
        while len(words) < length:
            words += [rng.choice(_GLUE), rng.choice(_ADJECTIVES), rng.choice(_NOUNS),
                      rng.choice(_VERBS)]
            if rng.random() < 0.3:
                words.append(str(rng.randint(2, 950)))
            if rng.random() < 0.3:
                words.append(rng.choice(_ADVERBS))
        words = words[:length]
        words[0] = words[0].capitalize()
        return " ".join(words) + "."

    def text(self, words: int) -> str:
        """Return about `words` words as paragraphs (sometimes with a bullet list)."""
        rng = self.rng
        paragraphs: list[str] = []
        left = max(words, 1)
        while left > 0:
            if rng.random() < 0.15 and left > 30:
                bullets = [f"- {self.sentence(rng.randint(5, 9))}" for _ in range(3)]
                paragraphs.append("\n".join(bullets))
                left -= sum(word_count(b) - 1 for b in bullets) + 3
                continue
            sentences: list[str] = []
            budget = min(left, rng.randint(40, 120))
            while budget > 0:
                n = min(budget, rng.randint(8, 20))
                sentences.append(self.sentence(max(n, 1)))
                budget -= max(n, 1)
                left -= max(n, 1)
            paragraphs.append(" ".join(sentences))
        return "\n\n".join(paragraphs)

    def line(self, words: int) -> str:
        """Return one line of about `words` words (for text and list fields)."""
        return self.sentence(max(words, 1)).rstrip(".")

    def question(self) -> str:
        """Return an FAQ question."""
        rng = self.rng
        opener = rng.choice(_QUESTION_OPENERS)
        rest = self.sentence(rng.randint(5, 12)).rstrip(".")
        return f"{opener} {rest[0].lower()}{rest[1:]}?"


def total_words(session: Session) -> int:
    """Words of user text in `session` (answers, list items, FAQ questions and answers)."""
    return sum(word_count(text) for _, text in iter_text(session))


def _fill_steps(session: Session, template: Template, words: Words, scale: float,
                fraction: float = 1.0) -> None:
    """Answer the first `fraction` of the template's non-FAQ steps; long text ~ `scale`."""
    rng = words.rng
    steps = [s for s in template.steps if any(f.type is not FieldType.FAQ for f in s.fields)]
    for step in steps[: round(len(steps) * fraction)]:
        for item in step.fields:
            if item.type is FieldType.TEXT:
                session.set_answer(step.id, item.id, words.line(rng.randint(6, 14)))
            elif item.type is FieldType.LONG_TEXT:
                session.set_answer(step.id, item.id, words.text(int(rng.randint(150, 450) * scale)))
            elif item.type is FieldType.LIST:
                count = max(2, int(rng.randint(4, 10) * min(scale, 3)))
                session.set_answer(
                    step.id, item.id, [words.line(rng.randint(6, 16)) for _ in range(count)]
                )


def _faq(words: Words, kind: str, answer_words: int, status_roll: float, moment: datetime) -> FaqItem:
    item = FaqItem(question=words.question(), kind=kind, id=f"q-{words.rng.getrandbits(40):010x}")
    if status_roll < 0.05:  # unanswered
        return item
    item.answer = words.text(answer_words)
    item.status = "open" if status_roll < 0.10 else "answered"
    if words.rng.random() < 0.2:
        item.author = words.rng.choice(["Priya", "Tom", "Grace", "Ben", "Ana", "Kofi"])
    if words.rng.random() < 0.1:
        item.votes = {"Priya": words.rng.randint(1, 3), "Tom": words.rng.randint(0, 2)}
    return item


def build_large_session(
    faq: int = LARGE_FAQ, words: int = LARGE_WORDS, seed: int = 7,
    template: Template | None = None,
) -> tuple[Session, Template]:
    """Return a session with `faq` FAQ items and exactly `words` words of user text.

    About a sixth of the words go to the worksheet and press-release answers,
    the rest to FAQ questions and answers; 5% of items are unanswered and 5%
    have a draft answer not yet marked answered.

    Raises:
        ValueError: when `words` is too small for that many items.
    """
    template = template or content.resolve(None)
    gen = Words(seed)
    rng = gen.rng
    session = Session(
        title="Night Pantry: a full day of workshops (generated)",
        template_id=template.id,
        template_version=template.version,
        facilitator="Priya Nair",
        participants=["Tom Walsh", "Grace Obi", "Ben Carter", "Ana Silva", "Kofi Mensah"],
        created=START,
        updated=START + timedelta(hours=8),
        id="bench00001",
    )
    step_budget = words // 6
    long_fields = sum(
        1 for s in template.steps for f in s.fields if f.type is FieldType.LONG_TEXT
    )
    scale = max(step_budget / max(long_fields * 300, 1), 0.2)
    _fill_steps(session, template, gen, scale)
    used = total_words(session)
    customer = round(faq * CUSTOMER_SHARE)
    kinds = ["customer"] * customer + ["internal"] * (faq - customer)
    rolls = [rng.random() for _ in kinds]
    answered = sum(1 for r in rolls if r >= 0.05)
    questions_guess = faq * 11
    per_answer = (words - used - questions_guess) / max(answered, 1)
    if per_answer < 5:
        raise ValueError(f"{words} words is too few for {faq} FAQ items")
    for index, (kind, roll) in enumerate(zip(kinds, rolls)):
        length = max(5, int(rng.uniform(0.3, 1.7) * per_answer))
        item = _faq(gen, kind, length, roll, START + timedelta(seconds=index))
        session.faq.append(item)
    _top_up(session, gen, words)
    session.current_step = LARGE_CURRENT_STEP if template.step(LARGE_CURRENT_STEP) else ""
    session.notes = "Generated for the benchmarks: see benchmarks/README.md."
    session.updated = START + timedelta(hours=8)  # set_answer stamped the real time
    session.revision = 0
    return session, template


def _top_up(session: Session, gen: Words, target: int) -> None:
    """Trim or extend FAQ answers so the session holds exactly `target` words."""
    answered = [item for item in session.faq if item.answer]
    diff = target - total_words(session)
    index = 0
    while diff != 0 and answered:
        item = answered[index % len(answered)]
        index += 1
        if diff > 0:
            extra = gen.text(min(diff, 80))
            item.answer += "\n\n" + extra
        else:
            parts = item.answer.split(" ")
            cut = min(-diff, len(parts) - 5)
            if cut <= 0:
                continue
            item.answer = " ".join(parts[:-cut])
        diff = target - total_words(session)


def write_large_session(path: Path, **kwargs: object) -> Session:
    """Build the large session (see `build_large_session`) and save it to `path`."""
    session, template = build_large_session(**kwargs)  # type: ignore[arg-type]
    store.save(session, path, template)
    return session


def write_many(folder: Path, count: int = 500, seed: int = 11) -> list[Path]:
    """Write `count` ordinary sessions into `folder` (from just started to complete).

    Sizes vary like real use: most hold a few hundred to a few thousand
    words and up to 40 FAQ items (the worked example has about 2,700 words
    and 20 items).
    """
    template = content.resolve(None)
    gen = Words(seed)
    rng = gen.rng
    folder.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    steps = template.steps
    for number in range(count):
        title = f"{gen.line(rng.randint(2, 6))} {number + 1}"
        created = START + timedelta(hours=number * 7)
        session = Session(
            title=title,
            template_id=template.id,
            template_version=template.version,
            facilitator=rng.choice(["Priya Nair", "Tom Walsh", ""]),
            participants=[rng.choice(["Ana", "Ben", "Kofi", "Grace"]) for _ in range(rng.randint(0, 5))],
            created=created,
            id=f"many{number:06d}",
        )
        fraction = rng.choice([0.1, 0.3, 0.5, 0.8, 1.0, 1.0])
        _fill_steps(session, template, gen, scale=rng.uniform(0.1, 0.6), fraction=fraction)
        if fraction >= 0.8:
            for index in range(rng.randint(0, 40)):
                session.faq.append(
                    _faq(gen, rng.choice(["customer", "internal"]), rng.randint(10, 80),
                         rng.random(), created)
                )
        session.current_step = steps[min(int(len(steps) * fraction), len(steps) - 1)].id
        session.updated = created + timedelta(minutes=rng.randint(5, 600))
        path = listing.unique_path(folder, title)
        store.save(session, path, template)
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    """Write the large session, or `--many` ordinary ones, and say what was written."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", required=True, metavar="PATH",
                        help="the session file to write (with --many: the folder)")
    parser.add_argument("--faq", type=int, default=LARGE_FAQ, help="FAQ items (default 2000)")
    parser.add_argument("--words", type=int, default=LARGE_WORDS, help="words in total (default 200000)")
    parser.add_argument("--seed", type=int, default=7, help="random seed (same seed, same file)")
    parser.add_argument("--many", type=int, metavar="N", help="write N ordinary sessions instead")
    args = parser.parse_args(argv)
    out = Path(args.output).expanduser()
    if args.many:
        paths = write_many(out, args.many, args.seed)
        size = sum(p.stat().st_size for p in paths)
        print(f"wrote {len(paths)} sessions to {out} ({size / 1e6:.1f} MB)")
        return 0
    session = write_large_session(out, faq=args.faq, words=args.words, seed=args.seed)
    print(
        f"wrote {out}: {len(session.faq)} FAQ items, {total_words(session)} words, "
        f"{out.stat().st_size / 1e6:.2f} MB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
