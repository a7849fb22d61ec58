"""The network conversation (netwerkgesprek): the method's four questions in order.

A coach and a job seeker walk through them at the desk: who is there for you, who knows you
are looking, whom could you ask, who would think along. Each question records one answer on
the contact record (DOMAIN.md §3), so nothing about the conversation is stored apart from the
contacts themselves: where the conversation stands, and its summary, are read back from them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from kring.network.models import Approachable, Function, Influence, KnowsSearching
from kring.network.prompts import PROMPTS_BY_KEY, SUPPORT, Prompt

# The four answers, by the name the forms and services use for them.
SUPPORTIVE = "supportive"
KNOWS = "knows_searching"
APPROACHABLE = "approachable"
THINKS_ALONG = "thinks_along"


@dataclass(frozen=True)
class Answer:
    key: str
    heading: str | Promise  # a table column and a checkbox on the paper entry form
    sign: str  # what one writes next to a name on a paper circle (the question card)


ANSWERS: tuple[Answer, ...] = (
    Answer(SUPPORTIVE, gettext_lazy("There for you"), "+"),
    Answer(KNOWS, gettext_lazy("Knows you are looking"), "✓"),
    Answer(APPROACHABLE, gettext_lazy("You could ask"), "?"),
    Answer(THINKS_ALONG, gettext_lazy("Would think along"), "★"),
)
ANSWER_KEYS = tuple(answer.key for answer in ANSWERS)
ANSWERS_BY_KEY = {answer.key: answer for answer in ANSWERS}


def has_answer(contact: Any, answer: str) -> bool:
    """Return whether the contact (a Contact or a row with its fields) already gives `answer`."""
    if answer == SUPPORTIVE:
        return int(_get(contact, "influence") or 0) >= Influence.SUPPORTIVE
    if answer == KNOWS:
        return bool(_get(contact, "knows_searching") == KnowsSearching.YES)
    if answer == APPROACHABLE:
        return bool(_get(contact, "approachable") == Approachable.YES)
    if answer == THINKS_ALONG:
        given = [*(_get(contact, "functions") or []), *(_get(contact, "potential_functions") or [])]
        return Function.ADVICE in given
    raise ValueError(answer)


def answer_fields(answer: str, contact: Any = None) -> dict[str, Any]:
    """Return the contact fields that record `answer`, for a new contact (None) or `contact`.

    Only ever adds to what is known: a very supportive person stays very supportive, and
    thinking along is added to the functions they could give, next to the others.
    """
    if answer == SUPPORTIVE:
        current = int(_get(contact, "influence") or 0) if contact is not None else 0
        return {"influence": max(current, int(Influence.SUPPORTIVE))}
    if answer == KNOWS:
        return {"knows_searching": KnowsSearching.YES.value}
    if answer == APPROACHABLE:
        return {"approachable": Approachable.YES.value}
    if answer == THINKS_ALONG:
        current_functions = list(_get(contact, "potential_functions") or []) if contact else []
        if Function.ADVICE not in current_functions:
            current_functions.append(Function.ADVICE.value)
        return {"potential_functions": current_functions}
    raise ValueError(answer)


def _get(contact: Any, name: str) -> Any:
    return contact.get(name) if isinstance(contact, Mapping) else getattr(contact, name)


@dataclass(frozen=True)
class Step:
    """One question of the conversation: the guided prompt, and the answer it records."""

    prompt: Prompt
    answer: str

    @property
    def key(self) -> str:
        return self.prompt.key


# The prompts are the ones the job seeker's own guided questions use (prompts.py), in the
# order of the method; only "who is there for you" is asked here alone.
STEPS: tuple[Step, ...] = (
    Step(SUPPORT, SUPPORTIVE),
    Step(PROMPTS_BY_KEY["knows"], KNOWS),
    Step(PROMPTS_BY_KEY["approach"], APPROACHABLE),
    Step(PROMPTS_BY_KEY["think_along"], THINKS_ALONG),
)
STEPS_BY_KEY = {step.key: step for step in STEPS}


def neighbours(step: Step) -> tuple[Step | None, Step | None]:
    """Return the step before and the step after `step` (None at either end)."""
    index = STEPS.index(step)
    return (
        STEPS[index - 1] if index > 0 else None,
        STEPS[index + 1] if index + 1 < len(STEPS) else None,
    )


@dataclass(frozen=True)
class Line:
    """One question in the summary: how many people give its answer, and who."""

    number: int
    question: str
    names: list[str]


def summary_lines(contacts: Iterable[Any]) -> list[Line]:
    """Return per question the names (sorted as people read them) of those who give its answer."""
    people = sorted(contacts, key=lambda c: (str(_get(c, "label")).casefold(), _get(c, "id")))
    return [
        Line(
            number,
            str(step.prompt.question),
            [str(_get(c, "label")) for c in people if has_answer(c, step.answer)],
        )
        for number, step in enumerate(STEPS, start=1)
    ]


def summary_text(
    *,
    name: str,
    on: date,
    contacts: Sequence[Any],
    with_names: bool = True,
) -> str:
    """Return the plain-text summary a coach copies into the client file.

    Counts per question, the names unless left out, and the size of the circle; no other
    detail about anyone, so the client file holds no more about contacts than it needs.
    """
    in_circle = sum(1 for c in contacts if int(_get(c, "ring")) >= 1)
    lines = [
        _("Network conversation with %(name)s, %(date)s")
        % {"name": name, "date": date_format(on, "j F Y")}
    ]
    for line in summary_lines(contacts):
        count = ngettext("%(count)d person", "%(count)d people", len(line.names)) % {
            "count": len(line.names)
        }
        text = f"{line.number}. {line.question} {count}"
        if with_names and line.names:
            text += ": " + ", ".join(line.names)
        lines.append(text)
    lines.append(
        _("In the circle: %(circle)s. To approach: %(potential)s.")
        % {
            "circle": ngettext("%(count)d person", "%(count)d people", in_circle)
            % {"count": in_circle},
            "potential": ngettext("%(count)d person", "%(count)d people", len(contacts) - in_circle)
            % {"count": len(contacts) - in_circle},
        }
    )
    return "\n".join(lines)
