"""`python -m geo.evaluate [options]`, the same as `python -m geo evaluate`."""

import sys

from geo.evaluate.cli import main

sys.exit(main())
