"""Conversation: turn a follow-up message into a standalone question using the previous turn.

Extractive mode carries over the previous question's key terms when the follow-up leans on it
(a pronoun, or too few content words of its own); LLM mode asks the model to rewrite it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from factbot.text.terms import query_terms

_PRONOUNS = {"he", "she", "they", "it", "him", "her", "them", "his", "their", "its", "this", "that", "those", "these"}
_REWRITE_PROMPT = (
    "Rewrite the follow-up message as one standalone question, using the previous question only to resolve "
    "what the follow-up refers to. Reply with the question only.\n\nPrevious question: {prev}\nFollow-up: {msg}"
)


def previous_question(history: Iterable[Any]) -> str:
    """The last user message in a history of (user, bot) pairs or {"role", "content"} dicts."""
    last = ""
    for turn in history:
        if isinstance(turn, dict):
            if turn.get("role") == "user" and isinstance(turn.get("content"), str):
                last = turn["content"]
        elif isinstance(turn, (list, tuple)) and turn and isinstance(turn[0], str):
            last = turn[0]
    return last


def _names(text: str) -> list[str]:
    words = re.findall(r"\b[A-Z][\w'-]+", text)
    first = re.match(r"\W*(\w+)", text)
    return [w for w in words if not (first and w == first.group(1))]


def standalone_question(message: str, previous: str, llm: Any = None) -> str:
    """The follow-up as a standalone question (unchanged when it stands on its own)."""
    if not previous.strip():
        return message
    words = set(re.findall(r"\w+", message.lower()))
    own = query_terms(message)
    # A short question leans on the previous one only when it names no one itself: "What did Stoltenberg
    # demand?" stands alone, "What was decided?" does not.
    short = len(own) <= 2 and not _names(message)
    leans = bool(words & _PRONOUNS) or short or message.lower().startswith(("and ", "what about", "how about"))
    if not leans:
        return message
    if llm is not None:
        try:
            reply = llm.invoke(_REWRITE_PROMPT.format(prev=previous, msg=message))
            text = str(getattr(reply, "content", reply)).strip()
            if text:
                return text
        except Exception:  # noqa: BLE001 - an unreachable LLM falls back to the keyword rewrite
            pass
    names_now = _names(message)
    prev_names = [n.lower() for n in _names(previous)]
    # A pronoun points back at the previous subject: carry everything. Otherwise a follow-up that names
    # its own subject ("And what did Blinken say?") keeps it, and only the previous topic words carry.
    keep_names = bool(words & _PRONOUNS) or not names_now
    carried = [t for t in query_terms(previous) if t not in own and (keep_names or t not in prev_names)]
    return f"{message.rstrip()} ({' '.join(carried)})" if carried else message


_QUESTION_WORDS = (
    "what",
    "who",
    "whom",
    "whose",
    "when",
    "where",
    "why",
    "how",
    "which",
    "is",
    "are",
    "was",
    "were",
    "do",
    "does",
    "did",
    "can",
    "could",
    "will",
    "would",
    "should",
    "has",
    "have",
    "had",
    "tell me",
    "explain",
    "list",
    "find",
    "show",
    "and what",
    "and who",
    "and how",
    "what about",
)


def route(message: str) -> tuple[str, str]:
    """Decide what a chat message asks for: ("verify", claim) for a statement or a `/verify` message,
    ("ask", question) for a question or an `/ask` message."""
    text = message.strip()
    low = text.lower()
    for prefix, kind in (("/verify", "verify"), ("/check", "verify"), ("/factcheck", "verify"), ("/ask", "ask")):
        if low == prefix or low.startswith(prefix + " "):
            return kind, text[len(prefix) :].strip()
    if text.endswith("?") or low.startswith(tuple(w + " " for w in _QUESTION_WORDS)):
        return "ask", text
    return "verify", text
