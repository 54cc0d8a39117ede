"""Training sessions: a run's configuration, its state, and the store that keeps them.

Depends on :mod:`app.core` only; the web layer drives it.
"""
