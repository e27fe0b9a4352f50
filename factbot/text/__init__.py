"""Stage 0, shared by every stage: words, stems and sentences of plain text (no storage, no models)."""
