"""Stage 2, storage: the registry (SQLite: documents, chunks, sentences, FTS5 keyword index), the Chroma vector
index, the embedding model that fills it, the write lock, the write protocol (`IndexWriter`) and maintenance."""
