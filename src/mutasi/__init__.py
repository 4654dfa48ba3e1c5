"""Mutasi: plans the transfer and rotation of a regional government's civil servants."""

__version__ = "0.1.0"
