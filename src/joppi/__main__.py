"""`python -m joppi`: the `joppi` command with the interpreter that runs it."""

import sys

from joppi.cli import main

sys.exit(main())
