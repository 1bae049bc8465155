"""`python -m api` runs the stakegraph CLI."""

from api.cli import main

main()
