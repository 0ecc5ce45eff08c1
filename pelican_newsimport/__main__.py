"""``python -m pelican_newsimport``: the ``pelican-newsimport`` command."""

from .cli import main

if __name__ == "__main__":
    raise SystemExit(main())
