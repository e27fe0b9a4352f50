"""factbot: index news articles, then ask questions with cited answers or check claims.

from factbot import FactBot
bot = FactBot(index_dir="index")
bot.ingest(["article.txt"])
bot.search("What did Stoltenberg demand?")
"""

from __future__ import annotations

import importlib
from typing import Any

# Public name → module. Imported on first use, so `factbot --help` does not load the pipeline.
_EXPORTS = {
    "Answer": "factbot.types",
    "Article": "factbot.types",
    "Chunk": "factbot.types",
    "Citation": "factbot.types",
    "ConfigError": "factbot.errors",
    "DecodeError": "factbot.errors",
    "Document": "factbot.types",
    "DocumentNotFoundError": "factbot.errors",
    "DocumentRecord": "factbot.types",
    "EmptyDocumentError": "factbot.errors",
    "Evidence": "factbot.types",
    "FactBot": "factbot.bot",
    "FactbotError": "factbot.errors",
    "FetchError": "factbot.errors",
    "IndexLockedError": "factbot.errors",
    "IndexStoreError": "factbot.errors",
    "IngestFailure": "factbot.types",
    "IngestReport": "factbot.types",
    "JudgedEvidence": "factbot.types",
    "Label": "factbot.types",
    "ModelLoadError": "factbot.errors",
    "QueryError": "factbot.errors",
    "SearchFilters": "factbot.types",
    "SearchHit": "factbot.types",
    "ShortAnswer": "factbot.types",
    "Sentence": "factbot.types",
    "Settings": "factbot.config",
    "SourceError": "factbot.errors",
    "TooLargeError": "factbot.errors",
    "UnsupportedSourceError": "factbot.errors",
    "Verdict": "factbot.types",
    "get_settings": "factbot.config",
}


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


__all__ = [
    "Answer",
    "Article",
    "Chunk",
    "Citation",
    "ConfigError",
    "DecodeError",
    "Document",
    "DocumentNotFoundError",
    "DocumentRecord",
    "EmptyDocumentError",
    "Evidence",
    "FactBot",
    "FactbotError",
    "FetchError",
    "IndexLockedError",
    "IndexStoreError",
    "IngestFailure",
    "IngestReport",
    "JudgedEvidence",
    "Label",
    "ModelLoadError",
    "QueryError",
    "SearchFilters",
    "SearchHit",
    "Sentence",
    "Settings",
    "ShortAnswer",
    "SourceError",
    "TooLargeError",
    "UnsupportedSourceError",
    "Verdict",
    "get_settings",
]
