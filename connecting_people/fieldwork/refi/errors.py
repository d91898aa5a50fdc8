"""The one error of the REFI-QDA exchange."""


class RefiError(Exception):
    """A file that cannot be read as REFI-QDA, with a message for the user. Nothing was written."""
