"""Stage 7, checking a whole text: its check-worthy sentences, made stand-alone, each verified, as a report."""
