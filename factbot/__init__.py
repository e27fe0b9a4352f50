"""factbot: index news articles, then ask questions with cited answers or check claims.

from factbot import FactBot
bot = FactBot(index_dir="index")
bot.ingest(["article.txt"])
bot.search("What did Stoltenberg demand?")
"""

from factbot.bot import FactBot
from factbot.config import Settings, get_settings
from factbot.errors import (
    ConfigError,
    DecodeError,
    DocumentNotFoundError,
    EmptyDocumentError,
    FactbotError,
    FetchError,
    IndexStoreError,
    ModelLoadError,
    QueryError,
    SourceError,
    TooLargeError,
    UnsupportedSourceError,
)
from factbot.types import (
    Answer,
    Article,
    Chunk,
    Citation,
    Document,
    DocumentRecord,
    Evidence,
    IngestFailure,
    IngestReport,
    SearchFilters,
    SearchHit,
    Sentence,
)

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
    "IndexStoreError",
    "IngestFailure",
    "IngestReport",
    "ModelLoadError",
    "QueryError",
    "SearchFilters",
    "SearchHit",
    "Sentence",
    "Settings",
    "SourceError",
    "TooLargeError",
    "UnsupportedSourceError",
    "get_settings",
]
