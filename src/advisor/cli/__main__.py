"""``python -m advisor.cli`` runs the command line, as ``python -m advisor`` does."""

from advisor.cli import main

raise SystemExit(main())
