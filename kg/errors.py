"""The one exception the command line turns into a one-line message and exit code 2."""


class KgError(Exception):
    """A problem with the user's input or environment, stated in one line naming the culprit."""
