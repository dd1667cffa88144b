"""Errors a source raises when its data cannot be used; the message is shown to the user as is."""


class SourceError(Exception):
    """A payload that fails validation: names the item and the reason."""
