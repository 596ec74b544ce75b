"""`python -m tests.support.deliver_writer DATA_DIR DROP`: one `mccdesk sync`, for the kill tests.

With MCCDESK_FAULT=<point> in its environment the process dies at that point of the delivery
(`mccdesk.storage.book.fault_point`), as if the power went or the task was killed.
"""

from __future__ import annotations

import sys

from mccdesk.cli import main

if __name__ == "__main__":
    sys.exit(main(["--data-dir", sys.argv[1], "--lang", "en", "sync", "--drop", sys.argv[2]]))
