"""Stage 4b, verification: a claim → atomic parts → retrieved sentences → judged (entails / neutral /
contradicts) → cheap checks → a `Verdict` (`ClaimVerifier` runs the steps in order)."""
