"""Stage 1, ingestion: source (file, folder, URL, JSONL) → `Article` → cleaned `Document` → `Chunk`s with offsets."""
