"""Interface: factbot as a LangChain retriever, usable in any LangChain chain."""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from factbot.retrieve.retriever import as_filters


class FactbotRetriever(BaseRetriever):
    """Hybrid search over a factbot index; each result is a chunk with its offsets as metadata."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    bot: Any
    k: int = 4
    filters: Any = None
    as_of: Any = None  # what "this week" in a query counts back from (default today)

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        hits = self.bot.search(query, k=self.k, filters=self.filters, as_of=self.as_of)
        return [
            Document(
                page_content=h.chunk.text,
                id=h.chunk.chunk_id,
                metadata={
                    "doc_id": h.chunk.doc_id,
                    "chunk_id": h.chunk.chunk_id,
                    "title": h.chunk.title,
                    "source": h.chunk.source,
                    "published": h.chunk.published,
                    "start": h.chunk.start,
                    "end": h.chunk.end,
                    "score": h.score,
                },
            )
            for h in hits
        ]


def as_retriever(bot: Any, k: int = 4, filters: Any = None, as_of: Any = None) -> FactbotRetriever:
    """A `FactBot`'s index as a LangChain `BaseRetriever` (a Runnable) for any LangChain chain; it searches
    as `FactBot.search` does (time words and recency relative to `as_of`, default today).

    Raises:
        QueryError: filters given as a dict with an unknown key or a value of the wrong type.
    """
    return FactbotRetriever(bot=bot, k=k, filters=as_filters(filters), as_of=as_of)
