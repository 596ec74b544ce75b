"""The desktop screens (PySide6). Only this package imports Qt; the domain code never does."""
