"""``python -m kg``: the command line."""

from kg.cli import app

if __name__ == "__main__":
    app()
