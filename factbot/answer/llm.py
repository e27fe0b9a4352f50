"""Stage 6b, optional LLM: build a LangChain chat model from a spec such as `ollama:llama3.1` or
`openai:gpt-4o-mini`. The provider packages are optional; without a spec factbot stays extractive.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from factbot.errors import ConfigError

if TYPE_CHECKING:
    from langchain_core.language_models.chat_models import BaseChatModel


def chat_model(spec: str) -> BaseChatModel:
    """A chat model for `provider:model`.

    `ollama:<model>` uses langchain-ollama (`OLLAMA_HOST` or http://127.0.0.1:11434);
    `openai:<model>` uses langchain-openai, with `OPENAI_BASE_URL` for any OpenAI-compatible server
    (llama.cpp, vLLM) and `OPENAI_API_KEY` (a placeholder is used for local servers).

    Raises:
        ConfigError: for an unknown provider or a provider package that is not installed.
    """
    provider, _, model = spec.partition(":")
    if not model:
        raise ConfigError(f"LLM spec {spec!r} must look like 'ollama:<model>' or 'openai:<model>'.")
    if provider == "ollama":
        try:
            from langchain_ollama import ChatOllama
        except ImportError as e:
            raise ConfigError("LLM 'ollama:…' needs the package langchain-ollama: pip install langchain-ollama") from e
        return ChatOllama(model=model, base_url=os.environ.get("OLLAMA_HOST") or None, temperature=0)
    if provider == "openai":
        try:
            from langchain_openai import ChatOpenAI
        except ImportError as e:
            raise ConfigError("LLM 'openai:…' needs the package langchain-openai: pip install langchain-openai") from e
        return ChatOpenAI(
            model=model,
            base_url=os.environ.get("OPENAI_BASE_URL") or None,
            api_key=os.environ.get("OPENAI_API_KEY") or "not-needed-for-local-servers",  # type: ignore[arg-type]
            temperature=0,
            timeout=60,
        )
    raise ConfigError(f"LLM provider {provider!r} is not supported; use 'ollama:<model>' or 'openai:<model>'.")
