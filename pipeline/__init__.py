"""ogi-warehouse: acquire → read → parse → load → check Chinese OGI annual reports."""

__version__ = "0.1.0"
