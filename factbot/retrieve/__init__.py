"""Stage 3, retrieval: a query (with filters and time words) → ranked chunks (hybrid dense + keyword search)
→ scored sentence `Evidence`."""
