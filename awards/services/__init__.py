"""Services write: keyword-only functions, each atomic, each validating before it saves.

The package is split by subject; import from the submodule (awards.services.entries, ...).
"""
