"""Build everything: ``python run_all.py`` (the README's build command runs it) — the same
command as ``monotowns build``, with the same options (``monotowns.publish.command``)."""

import sys

from monotowns.publish.command import run
from monotowns.publish.exits import leave

if __name__ == "__main__":
    leave(run(sys.argv[1:], "run_all.py"))
