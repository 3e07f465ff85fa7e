#!/usr/bin/env bash
# Save-to-browser times of `hyperox dev` on the starter app, per kind of
# change, against a plain `cargo build` + restart loop; see dev-loop.py.
#
#   bash benches/dev-loop.sh          # EDITS=20; COLD=1 adds new -> first 200 from an empty target
set -euo pipefail
cd "$(dirname "$0")/.."
exec python3 benches/dev-loop.py
