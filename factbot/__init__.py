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
    Article,
    Chunk,
    Document,
    DocumentRecord,
    IngestFailure,
    IngestReport,
    SearchFilters,
    SearchHit,
    Sentence,
)

__all__ = [
    "Article",
    "Chunk",
    "ConfigError",
    "DecodeError",
    "Document",
    "DocumentNotFoundError",
    "DocumentRecord",
    "EmptyDocumentError",
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
