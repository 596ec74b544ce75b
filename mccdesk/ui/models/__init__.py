"""Qt item models: thin adapters over lists of the case book's dataclasses."""
