"""kg: a knowledge-graph builder for international-politics news."""

__version__ = "0.1.0"
