"""arqam: who reported what figure on which day, from Arabic news.

The pure language core: no Prefect, no DuckDB, no file I/O beyond reading its own lexicons.
"""

__version__ = "0.1.0"
