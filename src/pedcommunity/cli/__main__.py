"""``python -m pedcommunity.cli``: the same as the ``pedcommunity`` command."""

import sys

from pedcommunity.cli import main

sys.exit(main())
