"""Stage 6, verification: a claim → atomic parts → retrieved sentences → judged (entails / neutral /
contradicts) → cheap checks → a `Verdict` (`claims.ClaimVerifier` runs the steps in order).

Modules, in pipeline order: `splitting` (claim parts), `candidates` (given texts, heading filter),
`judges` (the models), `judged` (a candidate judged and checked), `checks` with `values`, `modality`
and `lexicon` (the consistency checks), `verdicts` (aggregation into a `Verdict`), `claims` (the pipeline).
"""
