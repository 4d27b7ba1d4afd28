"""sverka: review English machine translation against its Russian original.

The engine (everything except ``sverka.tui``) never imports a UI library.
"""

__version__ = "0.1.0"
