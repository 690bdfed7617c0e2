"""Reading pages as a browser would: start tags and their attributes, the form's hidden
fields, the answers checked, the step shown."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from advisor_web.quiz.content import Step


class _StartTags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def text_of(body: bytes | str) -> str:
    return body.decode() if isinstance(body, bytes) else body


def tags(body: bytes | str, tag: str | None = None, **wanted: str
         ) -> list[dict[str, str | None]]:
    """The attributes of each start tag in `body` named `tag` whose attributes include
    `wanted` (underscores in a keyword stand for dashes: data_verdict=...)."""
    parser = _StartTags()
    parser.feed(text_of(body))
    wanted = {name.replace("_", "-"): value for name, value in wanted.items()}
    return [
        attrs for name, attrs in parser.found
        if (tag is None or name == tag)
        and all(attrs.get(key) == value for key, value in wanted.items())
    ]


def inputs(body: bytes | str) -> list[dict[str, str | None]]:
    return tags(body, "input")


def hidden_value(body: bytes | str, name: str) -> str | None:
    found = tags(body, "input", name=name)
    return found[0]["value"] if found else None


def csrf_token_in(body: bytes | str) -> str | None:
    return hidden_value(body, "csrf_token")


def checked_answers(body: bytes | str) -> dict[str, str]:
    """The radio buttons the page shows checked, as {question id: choice id}."""
    return {i["name"]: i["value"] for i in tags(body, "input", type="radio") if "checked" in i}


def radio_names(body: bytes | str) -> list[str]:
    """The question ids the page asks, in order."""
    return list(dict.fromkeys(i["name"] for i in tags(body, "input", type="radio")))


def progress(body: bytes) -> str:
    match = re.search(rb'<span id="step-progress">([^<]*)</span>', body)
    assert match, body
    return match.group(1).decode()


def heading(body: bytes) -> str:
    match = re.search(rb'<h1 id="step-heading"[^>]*>([^<]*)</h1>', body)
    assert match, body
    return html.unescape(match.group(1).decode())


def shows_step(body: bytes, step: Step) -> bool:
    """Whether `body` is `step`'s form: its heading, its hidden step and its questions."""
    hidden = tags(body, "input", name="step")
    return (heading(body) == step.title and len(hidden) == 1 and hidden[0]["value"] == step.id
            and set(radio_names(body)) <= set(step.question_ids))


def error_ids(body: bytes) -> set[str]:
    """The question ids with a field error shown next to them."""
    return {p["id"].removesuffix("-error") for p in tags(body, "p", **{"class": "field-error"})}
