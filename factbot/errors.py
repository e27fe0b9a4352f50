"""Errors raised by factbot: one hierarchy, translated to each medium only by the interfaces.

FactbotError
├── SourceError              an article could not be read or yields no usable text
│   ├── FetchError           a URL could not be fetched (timeout, status, size, scheme)
│   ├── UnsupportedSourceError  the file type or input kind is not supported
│   ├── DecodeError          bytes that are binary or in an undetectable encoding
│   ├── TooLargeError        a file or download is over the configured size cap
│   └── EmptyDocumentError   nothing left after extraction and cleaning
├── ConfigError              settings are invalid or clash with an existing index
├── ModelLoadError           the embedding model could not be loaded
├── IndexStoreError          Chroma, the registry or the lexical index failed
├── IndexLockedError         another process or thread is writing to the index
├── DocumentNotFoundError    a document id that is not in the index
└── QueryError               an empty, oversized or otherwise unusable query
"""

from __future__ import annotations


class FactbotError(Exception):
    """Base class of every error factbot raises on purpose."""


class SourceError(FactbotError):
    """An article source could not be read into usable text."""


class FetchError(SourceError):
    """A URL could not be fetched."""


class UnsupportedSourceError(SourceError):
    """The file type or input kind is not supported."""


class DecodeError(SourceError):
    """The bytes are binary or in an encoding that cannot be detected."""


class TooLargeError(SourceError):
    """A file or a download is larger than the configured cap."""


class EmptyDocumentError(SourceError):
    """No text is left after extraction and cleaning."""


class ConfigError(FactbotError):
    """Settings are invalid, or clash with the index they are used on."""


class ModelLoadError(FactbotError):
    """The embedding model could not be loaded."""


class IndexStoreError(FactbotError):
    """Chroma, the document registry or the lexical index failed."""


class IndexLockedError(FactbotError):
    """Another process or thread holds the index's write lock (an ingest, removal or repair is running)."""


class DocumentNotFoundError(FactbotError):
    """The document id is not in the index."""


class QueryError(FactbotError):
    """The query text is empty, too long or otherwise unusable."""


def setting_name(path: str, value: str = "") -> str:
    """How a user changes the setting at `path` ("sources.max_bytes"), for error messages: the setting and its
    environment variable, with `value` if given: "sources.allow_private_urls
    (FACTBOT_SOURCES__ALLOW_PRIVATE_URLS=true)"."""
    env = "FACTBOT_" + path.upper().replace(".", "__")
    return f"{path} ({env}={value})" if value else f"{path} ({env})"
