"""Interface: feedback in the web UI: the chat's thumbs up / down under each answer or verdict, and a
"Correct a verdict" panel for the label the user thinks right and a note.

Contract: `FeedbackPanel(bot).build(chatbot)` (inside the open `gr.Blocks`) wires the chatbot's like event
and lays out the panel. A message's record id is the one `render.record_id` shows in it; feedback on a
message without one (a notice, an error) is ignored. Feedback goes to `bot.records` and is never raised.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import gradio as gr

from factbot.errors import FactbotError
from factbot.interfaces.web.render import RECORD_ID
from factbot.store.records import LABELS

if TYPE_CHECKING:
    from factbot.bot import FactBot


def _text(value: Any) -> str:
    """A liked message's content as text (Gradio gives a string, or a list of typed parts)."""
    if isinstance(value, list):
        return " ".join(p.get("value", p.get("text", "")) if isinstance(p, dict) else str(p) for p in value)
    if isinstance(value, dict):
        return str(value.get("value", value.get("text", "")))
    return str(value or "")


class FeedbackPanel:
    """Feedback controls over one bot."""

    def __init__(self, bot: FactBot) -> None:
        self.bot = bot

    def on_like(self, data: gr.LikeData) -> str:
        """Record 👍 as "correct" and 👎 as "wrong" for the liked message's answer or verdict; the status line."""
        found = RECORD_ID.search(_text(data.value))
        if not found or data.liked is None:
            return ""
        return self.send(found.group(1), "correct" if data.liked else "wrong", "", "")

    def send(self, record_id: str, rating: str, label: str, note: str) -> str:
        """Store feedback; the status line says what was stored or why not."""
        try:
            stored = self.bot.records.add_feedback(record_id.strip(), rating, label or "", note or "")
        except FactbotError as e:
            return f"⚠ {e}"
        should = f", should be {stored['label']}" if stored["label"] else ""
        return f"Thanks: {stored['id']} marked {stored['rating']}{should}."

    def build(self, chatbot: gr.Chatbot) -> None:
        """The like event and the correction panel."""
        status = gr.Markdown(elem_id="fb-feedback-status")
        chatbot.like(self.on_like, None, status)
        with gr.Accordion("Correct a verdict", open=False, elem_id="fb-correct"):
            with gr.Row():
                rid = gr.Textbox(label="factbot id (under the verdict)", elem_id="fb-feedback-id", scale=2)
                label = gr.Dropdown(["", *LABELS], value="", label="The right label", elem_id="fb-feedback-label")
                rating = gr.Radio(["wrong", "correct"], value="wrong", label="The verdict was", elem_id="fb-rating")
            note = gr.Textbox(label="Note (optional)", elem_id="fb-feedback-note")
            gr.Button("Send feedback", elem_id="fb-feedback-send").click(self.send, [rid, rating, label, note], status)
