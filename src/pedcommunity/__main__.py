"""``python -m pedcommunity`` runs the command line."""

import sys

from pedcommunity.cli import main

sys.exit(main())
