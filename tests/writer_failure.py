"""A field value that fails where a writer process loads it, never where the parent pickles it.

In a module of its own so that a writer process started by any method (spawn and forkserver
import it afresh) finds it by name.
"""


class FailsWhenLoaded:
    def __init__(self, message: str) -> None:
        self.message = message

    def __reduce__(self):
        return _fail, (self.message,)


def _fail(message: str):
    raise OSError(message)
