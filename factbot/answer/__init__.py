"""Stage 4a, answers: a question plus evidence → an `Answer` with exact citations (extractive, or an optional
LLM whose quotes are checked); follow-up questions made standalone."""
