"""`python -m faq answer|eval|check|tune`."""
from __future__ import annotations

import sys

from faq.cli import main

sys.exit(main())
