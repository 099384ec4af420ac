"""Reads of the judging app, split by subject."""
