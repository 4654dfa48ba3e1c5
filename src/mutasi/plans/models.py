"""Models of the plans stage."""
